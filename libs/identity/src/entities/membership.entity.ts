import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Role } from '../vocabulary';
import { OrganisationEntity } from './organisation.entity';
import { UserEntity } from './user.entity';

/** A user's role in an organisation; platform admins hold the one role that belongs to no organisation. */
@Entity('memberships')
@Index('UQ_membership_org_role', ['userId', 'organisationId', 'role'], { unique: true, where: 'organisation_id IS NOT NULL' })
@Index('UQ_membership_platform_role', ['userId', 'role'], { unique: true, where: 'organisation_id IS NULL' })
@Check('CHK_membership_admin_has_no_org', `(role = 'admin') = (organisation_id IS NULL)`)
export class MembershipEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  organisationId: string | null;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: OrganisationEntity | null;

  @Column({ type: 'varchar', length: 20 })
  role: Role;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

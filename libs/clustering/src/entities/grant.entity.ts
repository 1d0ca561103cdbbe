import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { NUMBER_COLUMN } from '@mosaic/database';


export type GrantKind = 'direct' | 'lead_agreement' | 'sub_grant';

/** Money committed to an organisation: a direct grant, a cluster's lead agreement, or a member's sub-grant. */
@Entity('grants')
export class GrantEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ type: 'uuid' })
  callId: string;

  @Index()
  @Column({ type: 'uuid' })
  organisationId: string;

  @Index({ unique: true, where: 'application_id IS NOT NULL' })
  @Column({ type: 'uuid', nullable: true })
  applicationId: string | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  clusterId: string | null;

  @Column({ type: 'varchar', length: 16 })
  kind: GrantKind;

  @Column({ type: 'bigint', transformer: NUMBER_COLUMN })
  amountMinor: number;

  @Column({ type: 'char', length: 3 })
  currency: string;

  @Column({ type: 'varchar', length: 10, default: 'active' })
  status: 'active' | 'suspended' | 'closed';

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { RequirementKind, RequirementProfile } from '../policy/reporting-policy.types';

/**
 * pending: not yet delivered; submitted: waiting for its reviewer; returned: sent back for changes;
 * accepted: done; cancelled: dropped by a re-plan (never once submitted).
 */
export type RequirementStatus = 'pending' | 'submitted' | 'returned' | 'accepted' | 'cancelled';
export const OPEN_REQUIREMENT_STATUSES: RequirementStatus[] = ['pending', 'returned'];

/** Something a grantee must deliver or attend, with its due date in her time zone. */
@Entity('report_requirements')
@Index(['grantId', 'key'], { unique: true })
@Index(['status', 'dueDate'])
export class ReportRequirementEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  grantId: string;

  /** The plan's stable key (e.g. "narrative:4+1:end"). */
  @Column({ type: 'varchar', length: 80 })
  key: string;

  @Column({ type: 'varchar', length: 16 })
  kind: RequirementKind;

  @Column({ type: 'varchar', length: 16 })
  profile: RequirementProfile;

  @Column({ type: 'date' })
  periodStart: string;

  @Column({ type: 'date' })
  periodEnd: string;

  @Column({ type: 'date' })
  dueDate: string;

  /** The end of the due day where the organisation is, in UTC. */
  @Column({ type: 'timestamptz' })
  dueAt: Date;

  @Column({ type: 'varchar', length: 8 })
  reviewer: 'lead' | 'officer';

  @Column({ type: 'varchar', length: 10, default: 'pending' })
  status: RequirementStatus;

  /** Set when the escalation went out. */
  @Column({ type: 'timestamptz', nullable: true })
  overdueAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

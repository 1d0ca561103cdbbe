import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { ReportingPolicyDocument } from '../policy/reporting-policy.types';

/** One version of a funder's reporting policy; grants remember the version they were planned with. */
@Entity('reporting_policies')
@Index(['funderId', 'version'], { unique: true })
export class ReportingPolicyEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  funderId: string;

  @Column({ type: 'int' })
  version: number;

  @Column({ type: 'jsonb' })
  document: ReportingPolicyDocument;

  /** Null for the default the system seeded. */
  @Column({ type: 'uuid', nullable: true })
  createdByUserId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

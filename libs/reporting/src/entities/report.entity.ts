import { Column, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { NUMBER_COLUMN } from '@mosaic/database';

export type ReportStatus = 'draft' | 'submitted' | 'returned' | 'accepted';

export interface ReportAnswer {
  value?: string;
  /** A stored voice note, where the profile allows one. */
  fileId?: string;
  language?: string;
}

export interface FinancialLine {
  category: string;
  budgetMinor: number;
  spentMinor: number;
}

/** What a lead's consolidated report starts from: its members' accepted reports. */
export interface ConsolidatedMember {
  organisationId: string;
  name: string;
  amountMinor: number;
  spentMinor: number | null;
  peopleReached: number | null;
  reportStatus: string;
}

/** The grantee's answer to a requirement: narrative answers, spend by budget line, people reached. */
@Entity('reports')
export class ReportEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index({ unique: true })
  @Column({ type: 'uuid' })
  requirementId: string;

  @Index()
  @Column({ type: 'uuid' })
  grantId: string;

  @Column({ type: 'varchar', length: 10, default: 'draft' })
  status: ReportStatus;

  @Column({ type: 'varchar', length: 8 })
  language: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  answers: Record<string, ReportAnswer>;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  financialLines: FinancialLine[];

  @Column({ type: 'int', nullable: true })
  peopleReached: number | null;

  @Column({ type: 'bigint', nullable: true, transformer: NUMBER_COLUMN })
  totalSpentMinor: number | null;

  @Column({ type: 'jsonb', nullable: true })
  consolidatedMembers: ConsolidatedMember[] | null;

  @Column({ type: 'uuid' })
  createdByUserId: string;

  @Column({ type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  reviewedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  reviewedByUserId: string | null;

  @Column({ type: 'text', nullable: true })
  reviewComment: string | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}

import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { NUMBER_COLUMN } from '@mosaic/database';
import { Answer, ApplicationStatus, BudgetLine } from '../vocabulary';


@Entity('applications')
@Index('UQ_application_live_per_call', ['callId', 'organisationId'], { unique: true, where: `status <> 'withdrawn'` })
export class ApplicationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ type: 'uuid' })
  callId: string;

  @Index()
  @Column({ type: 'uuid' })
  organisationId: string;

  @Column({ type: 'uuid' })
  createdByUserId: string;

  @Index()
  @Column({ type: 'varchar', length: 12, default: ApplicationStatus.Draft })
  status: ApplicationStatus;

  /** Set from the amount; null until one is given. */
  @Column({ type: 'varchar', length: 8, nullable: true })
  tier: string | null;

  @Column({ type: 'bigint', nullable: true, transformer: NUMBER_COLUMN })
  requestedAmountMinor: number | null;

  @Column({ type: 'char', length: 3 })
  currency: string;

  /** { questionKey: { value, language } } */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  answers: Record<string, Answer>;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  budgetLines: BudgetLine[];

  /** The language the applicant worked in (for messages about this application). */
  @Column({ type: 'varchar', length: 8 })
  language: string;

  @Column({ type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  decisionFeedback: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  /** Optimistic concurrency: a write must name the version it read. */
  @VersionColumn({ default: 1 })
  version: number;
}

import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';

/** draft: the organisation rates itself; submitted: waiting for its mentor; validated: the mentor confirmed or adjusted it. */
export type AssessmentStatus = 'draft' | 'submitted' | 'validated';

@Entity('assessments')
@Index(['organisationId', 'createdAt'])
export class AssessmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  organisationId: string;

  @Column({ type: 'uuid' })
  frameworkId: string;

  @Column({ type: 'varchar', length: 10, default: 'draft' })
  status: AssessmentStatus;

  /** The assessment this one started from (answers copied forward). */
  @Column({ type: 'uuid', nullable: true })
  copiedFromId: string | null;

  @Column({ type: 'uuid' })
  createdByUserId: string;

  @Column({ type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  validatedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  validatedByUserId: string | null;

  /** Each domain's mean maturity at validation (1-4), kept so portfolio views can aggregate without the framework. */
  @Column({ type: 'jsonb', nullable: true })
  domainMaturity: Record<string, number> | null;

  /** The risk level the rules gave at validation. */
  @Column({ type: 'varchar', length: 6, nullable: true })
  riskLevel: 'low' | 'medium' | 'high' | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @VersionColumn()
  version: number;
}

/** One indicator of one assessment: the organisation's rating and the mentor's, both kept. */
@Entity('assessment_ratings')
@Index(['assessmentId', 'indicator'], { unique: true })
export class AssessmentRatingEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  assessmentId: string;

  @Column({ type: 'varchar', length: 12 })
  indicator: string;

  @Column({ type: 'varchar', length: 12, nullable: true })
  selfValue: string | null;

  @Column({ type: 'text', nullable: true })
  selfComment: string | null;

  @Column({ type: 'varchar', length: 12, nullable: true })
  mentorValue: string | null;

  @Column({ type: 'text', nullable: true })
  mentorComment: string | null;

  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  evidenceFileIds: string[];
}

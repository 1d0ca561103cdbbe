import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { NUMBER_COLUMN } from '@mosaic/database';
import { CallStatus, ClusteringPolicyTerms, RubricCriterion, Tier, Translations } from '../vocabulary';

export interface CallQuestionRef {
  questionKey: string;
  required: boolean;
}

@Entity('calls')
export class CallEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ type: 'uuid' })
  funderId: string;

  @Index()
  @Column({ type: 'varchar', length: 12, default: CallStatus.Draft })
  status: CallStatus;

  /** Per language; English is required so every reader has a fallback. */
  @Column({ type: 'jsonb' })
  title: Translations;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  description: Translations;

  @Column({ type: 'bigint', transformer: NUMBER_COLUMN })
  budgetMinor: number;

  @Column({ type: 'char', length: 3 })
  currency: string;

  @Column({ type: 'timestamptz' })
  opensAt: Date;

  @Column({ type: 'timestamptz' })
  closesAt: Date;

  /** The zone the window was set in; shown to applicants with the deadline. */
  @Column({ type: 'varchar', length: 64 })
  timeZone: string;

  @Column({ type: 'char', length: 2, array: true, default: () => "'{}'" })
  eligibleCountries: string[];

  @Column({ type: 'varchar', length: 40, array: true, default: () => "'{}'" })
  eligibleThemes: string[];

  @Column({ type: 'jsonb' })
  tiers: Tier[];

  /** USD per one unit of each currency, fixed on the call so tiers can always be recomputed. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  usdRates: Record<string, number>;

  /** Unregistered groups may apply; they can only be funded through a cluster. */
  @Column({ type: 'boolean', default: true })
  allowUnregistered: boolean;

  /** Question set per tier code, in order. */
  @Column({ type: 'jsonb' })
  questionSets: Record<string, CallQuestionRef[]>;

  @Column({ type: 'jsonb' })
  rubric: RubricCriterion[];

  /** How the clustering engine bundles this call's approved applications; null means DEFAULT_CLUSTERING_POLICY. */
  @Column({ type: 'jsonb', nullable: true })
  clusteringPolicy: ClusteringPolicyTerms | null;

  @Column({ type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn({ default: 1 })
  version: number;
}

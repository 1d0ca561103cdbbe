import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { DomainPair } from '../domain.types';

export type ClusteringRunStatus = 'queued' | 'running' | 'done' | 'failed';

/** One optimisation of a call's approved applications: the problem as it was, and the proposal. */
@Entity('clustering_runs')
export class ClusteringRunEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ type: 'uuid' })
  callId: string;

  @Column({ type: 'varchar', length: 10 })
  status: ClusteringRunStatus;

  @Column({ type: 'uuid' })
  requestedByUserId: string;

  /** 0-100, written by the worker at each phase (HiGHS blocks while it solves, so no finer steps). */
  @Column({ type: 'smallint', default: 0 })
  progress: number;

  @Column({ type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  locks: DomainPair[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  exclusions: DomainPair[];

  @Column({ type: 'int' })
  timeLimitMs: number;

  /** The domain problem exactly as solved, so the result can always be recomputed. */
  @Column({ type: 'jsonb' })
  problem: Record<string, unknown>;

  /** { status, objective, lowerBound, gap, elapsedMs, assignment, unassigned, clusters, reasons } */
  @Column({ type: 'jsonb', nullable: true })
  result: Record<string, unknown> | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  approvedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  approvedByUserId: string | null;

  @VersionColumn({ default: 1 })
  version: number;
}

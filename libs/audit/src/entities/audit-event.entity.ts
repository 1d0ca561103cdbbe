import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Append-only: a trigger (migration AddAuditEvents) makes PostgreSQL refuse UPDATE, DELETE and
 * TRUNCATE on this table, whoever asks.
 */
@Entity('audit_events')
@Index(['entityType', 'entityId'])
export class AuditEventEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @CreateDateColumn({ type: 'timestamptz' })
  occurredAt: Date;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  actorUserId: string | null;

  /** e.g. "organisation.updated", "membership.created". */
  @Column({ type: 'varchar', length: 80 })
  action: string;

  @Column({ type: 'varchar', length: 40 })
  entityType: string;

  @Column({ type: 'varchar', length: 64 })
  entityId: string;

  /** { field: { from, to } }; secrets are never recorded, only that they changed. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  changes: Record<string, { from?: unknown; to?: unknown }>;

  @Column({ type: 'varchar', length: 64, nullable: true })
  requestId: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ipAddress: string | null;
}

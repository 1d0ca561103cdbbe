import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { NUMBER_COLUMN } from '@mosaic/database';

export type GrantKind = 'direct' | 'lead_agreement' | 'sub_grant';
/** pending: awarded, not yet started (no plan); active: planned and running. */
export type GrantStatus = 'pending' | 'active' | 'suspended' | 'closed';

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

  @Column({ type: 'varchar', length: 10, default: 'pending' })
  status: GrantStatus;

  /** Set on activation from the reporting policy in force. */
  @Column({ type: 'varchar', length: 2, nullable: true })
  tier: string | null;

  @Column({ type: 'varchar', length: 6, nullable: true })
  riskLevel: 'low' | 'medium' | 'high' | null;

  /** Calendar dates in the organisation's time zone; the end date is the last day. */
  @Column({ type: 'date', nullable: true })
  startDate: string | null;

  @Column({ type: 'date', nullable: true })
  endDate: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  timeZone: string | null;

  /** Estimated hours of the grantee's time its current plan asks for (the burden the officer sees). */
  @Column({ type: 'numeric', precision: 6, scale: 1, nullable: true, transformer: NUMBER_COLUMN })
  burdenHours: number | null;

  /** The reporting policy version the current plan was made with. */
  @Column({ type: 'uuid', nullable: true })
  policyId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  activatedAt: Date | null;

  @VersionColumn({ default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

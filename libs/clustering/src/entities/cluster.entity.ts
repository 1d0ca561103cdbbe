import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { NUMBER_COLUMN } from '@mosaic/database';

/** 'reopened': a member withdrew and the cluster waits for re-optimisation. */
export type ClusterStatus = 'approved' | 'reopened' | 'active' | 'closed';

/** Small grants bundled under a lead partner, who holds the agreement and passes funds on. */
@Entity('clusters')
export class ClusterEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ type: 'uuid' })
  callId: string;

  @Column({ type: 'uuid' })
  runId: string;

  @Index()
  @Column({ type: 'uuid' })
  leadOrganisationId: string;

  @Column({ type: 'varchar', length: 10, default: 'approved' })
  status: ClusterStatus;

  @Column({ type: 'bigint', transformer: NUMBER_COLUMN })
  totalMinor: number;

  @Column({ type: 'bigint', transformer: NUMBER_COLUMN })
  feeMinor: number;

  /** The lead's rate when the cluster was approved: the fee follows the total when members leave or join. */
  @Column({ type: 'numeric', precision: 5, scale: 4, default: 0, transformer: NUMBER_COLUMN })
  feeRate: number;

  @Column({ type: 'char', length: 3 })
  currency: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

@Entity('cluster_members')
@Index(['applicationId'], { unique: true })
export class ClusterMemberEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ type: 'uuid' })
  clusterId: string;

  @Column({ type: 'uuid' })
  applicationId: string;

  @Column({ type: 'uuid' })
  organisationId: string;

  @Column({ type: 'bigint', transformer: NUMBER_COLUMN })
  amountMinor: number;

  @Column({ type: 'timestamptz', nullable: true })
  withdrawnAt: Date | null;
}

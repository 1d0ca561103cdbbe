import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { NUMBER_COLUMN } from '@mosaic/database';

/**
 * scheduled: not yet due; requestable: its conditions hold and the grantee may ask for it;
 * requested: waiting for release; released: paid out (recorded, never through a payment system).
 */
export type InstalmentStatus = 'scheduled' | 'requestable' | 'requested' | 'released';

@Entity('instalments')
@Index(['grantId', 'number'], { unique: true })
export class InstalmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  grantId: string;

  @Column({ type: 'smallint' })
  number: number;

  @Column({ type: 'bigint', transformer: NUMBER_COLUMN })
  amountMinor: number;

  @Column({ type: 'char', length: 3 })
  currency: string;

  @Column({ type: 'date' })
  dueDate: string;

  @Column({ type: 'varchar', length: 12, default: 'scheduled' })
  status: InstalmentStatus;

  /** What the grantee reported spent of the previous instalment when asking for this one. */
  @Column({ type: 'bigint', nullable: true, transformer: NUMBER_COLUMN })
  previousSpentMinor: number | null;

  @Column({ type: 'timestamptz', nullable: true })
  requestedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  releasedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  releasedByUserId: string | null;
}

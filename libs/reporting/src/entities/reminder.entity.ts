import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One reminder of one requirement, planned with it. PostgreSQL is the source of truth: a reminder
 * goes out when a worker moves it from pending to sent (one conditional update, in the same
 * transaction as its e-mails), so it goes out exactly once whoever runs it, however often.
 */
@Entity('reminders')
@Index(['requirementId', 'dueDate', 'offsetDays'], { unique: true })
@Index(['status', 'remindAt'])
export class ReminderEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  requirementId: string;

  /** The due date it reminds of: when a plan moves the date, new reminders follow; sent ones stay sent. */
  @Column({ type: 'date' })
  dueDate: string;

  /** Days relative to the due date. */
  @Column({ type: 'smallint' })
  offsetDays: number;

  @Column({ type: 'boolean', default: false })
  escalates: boolean;

  /** 09:00 on the day, where the organisation is. */
  @Column({ type: 'timestamptz' })
  remindAt: Date;

  /** skipped: a later reminder of the same requirement went out first (e.g. after an outage). */
  @Column({ type: 'varchar', length: 8, default: 'pending' })
  status: 'pending' | 'sent' | 'skipped';

  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;
}

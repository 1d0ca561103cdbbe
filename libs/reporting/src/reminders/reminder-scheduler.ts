import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '@mosaic/config';
import { JobName, JobProducer, jobId } from '@mosaic/queue';
import { ReminderEntity } from '../entities';

export const reminderJobId = (reminderId: string) => jobId('reminder', reminderId);

/** How many jobs one addBulk call carries. */
const BULK = 1_000;

/**
 * Puts reminders into Redis as delayed jobs, but only those due within the horizon: PostgreSQL
 * holds every reminder, Redis only the next few hours, and each sweep tops the window up. A flushed
 * Redis is therefore whole again after one sweep, and Redis memory does not grow with the portfolio.
 */
@Injectable()
export class ReminderScheduler {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly producer: JobProducer,
    private readonly config: AppConfig,
  ) {}

  /** Schedules the given reminders that fall within the horizon (deterministic ids: re-adding is a no-op). */
  async schedule(reminders: Pick<ReminderEntity, 'id' | 'remindAt'>[], now = new Date()): Promise<number> {
    const limit = now.getTime() + this.config.reminders.horizonMs;
    const due = reminders.filter((r) => r.remindAt.getTime() <= limit);
    for (let start = 0; start < due.length; start += BULK) {
      await this.producer.enqueueMany(
        JobName.SendReminder,
        due.slice(start, start + BULK).map((r) => ({ payload: { reminderId: r.id }, jobId: reminderJobId(r.id), delay: Math.max(0, r.remindAt.getTime() - now.getTime()) })),
      );
    }
    return due.length;
  }

  /** Every pending reminder up to the end of the horizon, oldest first: what Redis should hold. */
  async pendingWithinHorizon(now = new Date()): Promise<Pick<ReminderEntity, 'id' | 'remindAt'>[]> {
    const until = new Date(now.getTime() + this.config.reminders.horizonMs);
    const rows: { id: string; remind_at: Date }[] = await this.dataSource.query(
      `SELECT id, remind_at FROM reminders WHERE status = 'pending' AND remind_at <= $1 ORDER BY remind_at`,
      [until],
    );
    return rows.map((r) => ({ id: r.id, remindAt: new Date(r.remind_at) }));
  }
}

import { Clock } from '@mosaic/common';
import { AppConfig } from '@mosaic/config';
import { MosaicReminders } from './mosaic-services';
import { deletePrefixKeys } from './scratch';

export interface SweepRestore {
  horizonMs: number;
  keysDeleted: number;
  sweepMs: number;
  caughtUp: number;
  restored: number;
  /** Pending reminders with remindAt up to the clock's now + horizon, counted in PostgreSQL right after the sweep. */
  expected: number;
  inRedis: number;
}

/**
 * Reminders before `now` are marked sent, as they would have gone out by then (untimed): the
 * portfolio in its steady state at that instant, with nothing to catch up.
 */
export async function ageTo(mosaic: MosaicReminders, now: Date): Promise<number> {
  const [, marked] = await mosaic.dataSource.query(`UPDATE reminders SET status = 'sent', sent_at = remind_at WHERE status = 'pending' AND remind_at < $1`, [now]);
  return marked as number;
}

/**
 * Redis loses every key of the prefix (the bench's FLUSHALL); one real ReminderService.sweep(), at
 * its clock's instant, puts the horizon back.
 */
export async function measureSweepRestore(mosaic: MosaicReminders, redis: AppConfig['redis'], clock: Clock): Promise<SweepRestore> {
  const keysDeleted = await deletePrefixKeys(redis);
  const started = performance.now();
  const { caughtUp, scheduled } = await mosaic.service.sweep();
  const sweepMs = performance.now() - started;
  const [{ expected }] = await mosaic.dataSource.query(`SELECT count(*)::int AS expected FROM reminders WHERE status = 'pending' AND remind_at <= $1`, [
    new Date(clock.now().getTime() + mosaic.config.reminders.horizonMs),
  ]);
  return { horizonMs: mosaic.config.reminders.horizonMs, keysDeleted, sweepMs, caughtUp, restored: scheduled, expected, inRedis: await mosaic.reminderJobsInRedis() };
}

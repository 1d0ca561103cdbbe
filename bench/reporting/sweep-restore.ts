import { Clock } from '@mosaic/common';
import { AppConfig } from '@mosaic/config';
import { MosaicReminders } from './mosaic-services';
import { deletePrefixKeys } from '../support/scratch';

export interface SweepRestore {
  horizonMs: number;
  keysDeleted: number;
  sweepMs: number;
  caughtUp: number;
  restored: number;
  /**
   * Reminders due in (now, now + horizon], derived in SQL from the open requirements and their
   * policies' offsets before the sweep (PostgreSQL's time zones, not the app's code), plus pending rows already due.
   */
  expected: number;
  inRedis: number;
}

/**
 * The portfolio in its steady state at `now` (untimed): reminders before then went out (rows
 * written are marked sent) and earlier sweeps moved the watermark to `now`, so nothing is left to
 * catch up and the next sweep derives what comes after.
 */
export async function ageTo(mosaic: MosaicReminders, now: Date): Promise<number> {
  const [, marked] = await mosaic.dataSource.query(`UPDATE reminders SET status = 'sent', sent_at = remind_at WHERE status = 'pending' AND remind_at < $1`, [now]);
  await mosaic.dataSource.query(`UPDATE reminder_watermark SET materialised_until = greatest(materialised_until, $1) WHERE id = 1`, [now]);
  return marked as number;
}

/** Reminders that should be pending in (now, until], from requirements and policy offsets alone, plus pending rows already due. */
async function expectedPending(mosaic: MosaicReminders, now: Date, until: Date): Promise<number> {
  const [{ derived }] = await mosaic.dataSource.query(
    `SELECT count(*)::int AS derived
       FROM report_requirements r
       JOIN grants g ON g.id = r.grant_id
       JOIN reporting_policies p ON p.id = g.policy_id
      CROSS JOIN LATERAL jsonb_array_elements_text(p.document -> 'reminderOffsetsDays') AS o(days)
      WHERE r.status IN ('pending', 'returned')
        AND r.due_date BETWEEN ($1::timestamptz)::date - 40 AND ($2::timestamptz)::date + 40
        AND ((r.due_date + o.days::int) + time '09:00') AT TIME ZONE g.time_zone > $1
        AND ((r.due_date + o.days::int) + time '09:00') AT TIME ZONE g.time_zone <= $2`,
    [now, until],
  );
  const [{ due }] = await mosaic.dataSource.query(`SELECT count(*)::int AS due FROM reminders WHERE status = 'pending' AND remind_at <= $1`, [now]);
  return derived + due;
}

/**
 * Redis loses every key of the prefix (the bench's FLUSHALL); one real ReminderService.sweep(), at
 * its clock's instant, puts the horizon back.
 */
export async function measureSweepRestore(mosaic: MosaicReminders, redis: AppConfig['redis'], clock: Clock): Promise<SweepRestore> {
  const expected = await expectedPending(mosaic, clock.now(), new Date(clock.now().getTime() + mosaic.config.reminders.horizonMs));
  const keysDeleted = await deletePrefixKeys(redis);
  const started = performance.now();
  const { caughtUp, scheduled } = await mosaic.service.sweep();
  const sweepMs = performance.now() - started;
  return { horizonMs: mosaic.config.reminders.horizonMs, keysDeleted, sweepMs, caughtUp, restored: scheduled, expected, inRedis: await mosaic.reminderJobsInRedis() };
}

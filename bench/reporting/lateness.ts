import { Job, Worker } from 'bullmq';
import { bullConnection, QueueName } from '@mosaic/queue';
import { addDays, DEFAULT_REPORTING_POLICY, ReminderOutcome, ReminderProcessor } from '@mosaic/reporting';
import { MosaicReminders } from './mosaic-services';
import { percentile } from './stats';

/** Where @Processor keeps its worker options (@nestjs/bullmq does not export the key). */
const WORKER_METADATA = 'bullmq:worker_metadata';

export interface Lateness {
  reminders: number;
  sent: number;
  otherOutcomes: Record<string, number>;
  concurrency: number;
  /** Seconds from each reminder's remindAt to the end of its processing (claim + outbox write). */
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** A funder with an officer, a grantee with two members, a call and a few grants: what a reminder's e-mails need. */
async function createRecipients(mosaic: MosaicReminders, grants: number): Promise<string[]> {
  const q = (sql: string, params: unknown[] = []) => mosaic.dataSource.query(sql, params);
  const [funder] = await q(`INSERT INTO organisations (name, kind, country, time_zone, languages) VALUES ('Bench Fund', 'funder', 'GB', 'Europe/London', '{en}') RETURNING id`);
  const [grantee] = await q(`INSERT INTO organisations (name, kind, country, time_zone, languages, registered) VALUES ('Bench Group', 'grassroots', 'KE', 'Africa/Nairobi', '{sw,en}', true) RETURNING id`);
  for (const [email, organisation, role] of [
    ['officer@bench.test', funder.id, 'officer'],
    ['applicant@bench.test', grantee.id, 'applicant'],
    ['lead@bench.test', grantee.id, 'lead_partner'],
  ]) {
    const [user] = await q(`INSERT INTO users (email, name) VALUES ($1, $1) RETURNING id`, [email]);
    await q(`INSERT INTO memberships (user_id, organisation_id, role) VALUES ($1, $2, $3)`, [user.id, organisation, role]);
  }
  const [call] = await q(
    `INSERT INTO calls (funder_id, status, title, budget_minor, currency, opens_at, closes_at, time_zone, tiers, question_sets, rubric)
     VALUES ($1, 'published', '{"en": "Bench call"}', 100000000, 'USD', now(), now() + interval '30 days', 'Africa/Nairobi', '[]', '{}', '[]') RETURNING id`,
    [funder.id],
  );
  const rows: { id: string }[] = await q(
    `INSERT INTO grants (call_id, organisation_id, kind, amount_minor, currency, status, risk_level, start_date, end_date, time_zone, tier)
     SELECT $1, $2, 'direct', 300000, 'USD', 'active', 'medium', current_date, current_date + 364, 'Africa/Nairobi', 'T0' FROM generate_series(1, $3::int) RETURNING id`,
    [call.id, grantee.id, grants],
  );
  return rows.map((r) => r.id);
}

/**
 * Reminders due over the next `spreadMs` (real remindAt times, one pending requirement each, a
 * quarter of them escalating), scheduled by ReminderScheduler and processed by ReminderProcessor's
 * handler on a BullMQ worker with its concurrency: each is claimed and its e-mails written to the
 * outbox. Lateness is the end of that processing minus remindAt.
 */
export async function measureLateness(mosaic: MosaicReminders, count: number, spreadMs: number, leadMs = 5_000): Promise<Lateness> {
  const grantIds = await createRecipients(mosaic, 100);
  const dueDate = addDays(new Date().toISOString().slice(0, 10), 30);
  const offsets = DEFAULT_REPORTING_POLICY.reminderOffsetsDays;
  const firstAt = Date.now() + leadMs;
  const remindAt = Array.from({ length: count }, (_, i) => new Date(firstAt + Math.round((spreadMs * i) / count)));
  const inserted: { id: string; remind_at: Date }[] = await mosaic.dataSource.transaction(async (manager) => {
    const requirements: { id: string }[] = await manager.query(
      `INSERT INTO report_requirements (grant_id, key, kind, profile, period_start, period_end, due_date, due_at, reviewer)
       SELECT g, 'bench:' || n, 'narrative', '3+0', current_date, $3::date, $3::date, $3::date + 1, 'officer' FROM unnest($1::uuid[], $2::int[]) AS t(g, n) RETURNING id`,
      [Array.from({ length: count }, (_, i) => grantIds[i % grantIds.length]), Array.from({ length: count }, (_, i) => i), dueDate],
    );
    const offsetOf = (i: number) => offsets[i % offsets.length];
    return manager.query(
      `INSERT INTO reminders (requirement_id, due_date, offset_days, escalates, remind_at)
       SELECT r, $2::date, o, o = $5, a FROM unnest($1::uuid[], $3::smallint[], $4::timestamptz[]) AS t(r, o, a) RETURNING id, remind_at`,
      [requirements.map((r) => r.id), dueDate, remindAt.map((_, i) => offsetOf(i)), remindAt.map((d) => d.toISOString()), DEFAULT_REPORTING_POLICY.escalateAfterDays],
    );
  });
  const dueAt = new Map(inserted.map((r) => [r.id, new Date(r.remind_at).getTime()]));
  await mosaic.scheduler.schedule(inserted.map((r) => ({ id: r.id, remindAt: new Date(r.remind_at) })));

  const processor = new ReminderProcessor(mosaic.service);
  const { concurrency } = Reflect.getMetadata(WORKER_METADATA, ReminderProcessor) as { concurrency: number };
  const late: number[] = [];
  const outcomes: Record<string, number> = {};
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const worker = new Worker(
    QueueName.Reporting,
    async (job: Job) => {
      const outcome = (await processor.process(job)) as ReminderOutcome;
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      if (outcome === 'sent') late.push((Date.now() - dueAt.get(job.data.reminderId)!) / 1000);
      if (late.length + Object.entries(outcomes).filter(([k]) => k !== 'sent').reduce((s, [, n]) => s + n, 0) === count) finish();
    },
    { connection: bullConnection(mosaic.config.redis), prefix: mosaic.bullPrefix, concurrency },
  );
  try {
    await Promise.race([finished, new Promise((resolve) => setTimeout(resolve, leadMs + spreadMs + 60_000))]);
  } finally {
    await worker.close();
  }
  const { sent = 0, ...otherOutcomes } = outcomes;
  const sorted = [...late].sort((a, b) => a - b);
  return { reminders: count, sent, otherOutcomes, concurrency, p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), p99: percentile(sorted, 0.99), max: sorted[sorted.length - 1] ?? NaN };
}

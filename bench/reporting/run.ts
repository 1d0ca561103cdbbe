/**
 * Reporting benchmark: plain BullMQ on this machine (bulk-adding delayed no-op jobs, a worker
 * processing no-op jobs) beside Mosaic's reminders: first plans for a seeded portfolio of active
 * grants written and scheduled, reminder lateness under real processing, and one sweep restoring
 * Redis after its keys are deleted. Runs on a scratch database and Redis key prefix, both removed
 * at the end whatever happens.
 *
 *   npm run bench:reporting [-- --quick]
 */
import { DataSource } from 'typeorm';
import { AppConfig, loadConfig } from '@mosaic/config';
import { bullConnection } from '@mosaic/queue';
import { DEFAULT_GRANTS_PER_TRANSACTION, planFirstPlans, unplannedActiveGrantIds } from '@mosaic/reporting';
import { dataSourceOptions } from '@mosaic/schema';
import { measureLateness } from './lateness';
import { configWith, MosaicReminders, ShiftedClock } from './mosaic-services';
import { createPortfolio, PORTFOLIO_DESCRIPTION } from './portfolio';
import { BULK_CHUNK, measureRawBullmq } from './raw-bullmq';
import { createScratchDatabase, deletePrefixKeys, dropScratchDatabase, scratchNames } from '../support/scratch';
import { count, perSecond, rate, verdict } from './stats';
import { ageTo, measureSweepRestore, SweepRestore } from './sweep-restore';

const quick = process.argv.includes('--quick');
const GRANTS = quick ? 10_000 : 100_000;
const RAW_JOBS = quick ? 20_000 : 100_000;
const RAW_CONCURRENCY = 50;
const LATE_REMINDERS = quick ? 1_000 : 3_000;
const LATE_SPREAD_MS = quick ? 15_000 : 25_000;
const LATENESS_P99_TARGET_S = 5;
/** A wider horizon than the default, to see how a sweep's cost grows with what Redis must hold. */
const WIDE_HORIZON_MS = 30 * 24 * 3_600_000;
const SWEEP_AFTER_DAYS = 180;

const names = scratchNames('reporting');
const config: AppConfig = loadConfig({
  NODE_ENV: 'development',
  DATABASE_URL: names.databaseUrl,
  REDIS_URL: process.env.REDIS_URL,
  REDIS_PREFIX: names.redisPrefix,
  // A throwaway secret: nothing is signed, and the config would otherwise write one to STATE_DIR.
  APP_SECRET: 'bench-'.repeat(11),
  REMINDER_SWEEP_MS: process.env.REMINDER_SWEEP_MS,
  REMINDER_HORIZON_MS: process.env.REMINDER_HORIZON_MS,
});

const opened: { close: () => Promise<unknown> }[] = [];
let cleaned: Promise<void> | undefined;
/** Closes what was opened, deletes the prefix's keys and drops the database; runs once, on success, failure or a signal. */
function cleanUp(): Promise<void> {
  cleaned ??= (async () => {
    for (const resource of opened.reverse()) await resource.close().catch(() => undefined);
    await deletePrefixKeys(config.redis).catch((error: unknown) => console.error(`could not delete Redis keys ${config.redis.prefix}*:`, error));
    await dropScratchDatabase(names.database).catch((error: unknown) => console.error(`could not drop ${names.database}:`, error));
  })();
  return cleaned;
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void cleanUp().finally(() => process.exit(130)));

const row = (measure: string, result: string, target = '', outcome = '') => console.log(`${measure.padEnd(46)} ${result.padEnd(58)} ${target.padEnd(40)} ${outcome}`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const hours = (ms: number) => (ms >= 86_400_000 ? `${ms / 86_400_000} d` : `${ms / 3_600_000} h`);

async function main() {
  console.log(`Reporting benchmark${quick ? ' (--quick)' : ''}: ${count(GRANTS)} grants; database ${names.database}, Redis prefix ${names.redisPrefix}`);
  const raw = await measureRawBullmq(bullConnection(config.redis), `${config.redis.prefix}-raw`, RAW_JOBS, RAW_CONCURRENCY);

  await createScratchDatabase(config.databaseUrl);
  const dataSource = new DataSource(dataSourceOptions(config.databaseUrl));
  await dataSource.initialize();
  opened.push({ close: () => dataSource.destroy() });
  const seeding = performance.now();
  await createPortfolio(dataSource, GRANTS);
  const seedMs = performance.now() - seeding;
  const mosaic = new MosaicReminders(dataSource, config);
  opened.push(mosaic);

  // Planning and scheduling: from finding the unplanned grants to the last horizon job in Redis.
  const planning = performance.now();
  const grantIds = await unplannedActiveGrantIds(dataSource);
  let scheduled = 0;
  const plan = await planFirstPlans(dataSource, grantIds, {
    remindersUntil: new Date(Date.now() + config.reminders.horizonMs),
    afterCommit: async (reminders) => (scheduled += await mosaic.scheduler.schedule(reminders)),
  });
  const planMs = performance.now() - planning;
  const [{ pending, past }] = await dataSource.query(`SELECT count(*)::int AS pending, count(*) FILTER (WHERE remind_at < now())::int AS past FROM reminders WHERE status = 'pending'`);

  const lateMosaic = new MosaicReminders(dataSource, configWith(config, { prefix: `${config.redis.prefix}-lateness` }));
  opened.push(lateMosaic);
  const late = await measureLateness(lateMosaic, LATE_REMINDERS, LATE_SPREAD_MS);

  // The sweep runs SWEEP_AFTER_DAYS on, when the portfolio's reminders are dense; earlier ones count as sent.
  const clock = new ShiftedClock(SWEEP_AFTER_DAYS * 86_400_000);
  const aged = await ageTo(mosaic, clock.now());
  const later = new MosaicReminders(dataSource, config, clock);
  const wide = new MosaicReminders(dataSource, configWith(config, { horizonMs: WIDE_HORIZON_MS }), clock);
  opened.push(later, wide);
  const sweeps: SweepRestore[] = [await measureSweepRestore(later, config.redis, clock), await measureSweepRestore(wide, config.redis, clock)];

  const grantRate = perSecond(plan.planned, planMs);
  const halfRaw = raw.bulkAddPerSecond / 2;
  console.log();
  row('measure', 'result', 'target', 'verdict');
  row(`raw BullMQ: addBulk ${count(raw.jobs)} delayed no-op jobs`, `${rate(raw.bulkAddPerSecond)} (addBulk chunks of ${count(BULK_CHUNK)})`);
  row(`raw BullMQ: Worker on ${count(raw.jobs)} no-op jobs`, `${rate(raw.processPerSecond)} (concurrency ${RAW_CONCURRENCY})`);
  row(`Mosaic: plan + schedule ${count(GRANTS)} grants`, `${rate(grantRate)} grants (${seconds(planMs)})`, `>= ${rate(halfRaw)} (half raw addBulk)`, verdict(grantRate >= halfRaw));
  row('  rows written', `${count(plan.requirements)} requirements, ${count(plan.reminders)} reminders, ${count(plan.instalments)} instalments`);
  row(`  jobs scheduled (${hours(config.reminders.horizonMs)} horizon)`, `${count(scheduled)}; plan cache hits ${(plan.planCacheHitRate * 100).toFixed(1)}%; ${plan.failed.length} failed, ${plan.skipped} skipped`);
  row(
    `reminder lateness (${count(late.reminders)} over ${seconds(LATE_SPREAD_MS)})`,
    `p50 ${late.p50.toFixed(2)} s, p95 ${late.p95.toFixed(2)} s, p99 ${late.p99.toFixed(2)} s, max ${late.max.toFixed(2)} s`,
    `p99 < ${LATENESS_P99_TARGET_S} s`,
    verdict(late.p99 < LATENESS_P99_TARGET_S && late.sent === late.reminders),
  );
  row('  processed', `${count(late.sent)} sent${Object.entries(late.otherOutcomes).map(([k, n]) => `, ${n} ${k}`).join('')} (worker concurrency ${late.concurrency}, as ReminderProcessor)`);
  for (const sweep of sweeps) {
    const complete = sweep.inRedis >= sweep.expected && sweep.restored + sweep.caughtUp >= sweep.expected;
    row(
      `sweep after deleting the prefix's keys (${hours(sweep.horizonMs)})`,
      `${seconds(sweep.sweepMs)}: ${count(sweep.restored)} jobs re-added, ${count(sweep.caughtUp)} caught up; Redis holds ${count(sweep.inRedis)}`,
      `<= ${seconds(config.reminders.sweepMs)}, all ${count(sweep.expected)} in horizon`,
      verdict(sweep.sweepMs <= config.reminders.sweepMs && complete),
    );
  }
  row('peak RSS (maxRSS, whole run)', `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  console.log();
  console.log(`Portfolio: ${PORTFOLIO_DESCRIPTION}; seeded in ${seconds(seedMs)} (not timed). ${count(pending)} reminders pending in PostgreSQL, ${count(past)} of them already past.`);
  console.log(
    'Plan + schedule = wall time from listing the active grants without a plan to the last horizon job in Redis: planReports per grant (cached for identical inputs), ' +
      `INSERTs from unnest() of requirements, instalments and the reminders up to the watermark (later ones are derived by the sweep) in transactions of ${count(DEFAULT_GRANTS_PER_TRANSACTION)} grants (2 in flight), and ReminderScheduler.schedule after each commit.`,
  );
  console.log('Lateness = end of ReminderService.process (claim + outbox rows, committed) minus remindAt, on a worker with ReminderProcessor\'s handler and concurrency.');
  console.log(
    `Sweeps: the real ReminderService.sweep() with its clock ${SWEEP_AFTER_DAYS} days on (the ${count(aged)} reminders before then marked sent beforehand, untimed), ` +
      `after deleting every key of the run's prefix; the 30 d horizon only shows how a sweep grows with what Redis must hold. Sweep interval: ${seconds(config.reminders.sweepMs)}.`,
  );
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => cleanUp());

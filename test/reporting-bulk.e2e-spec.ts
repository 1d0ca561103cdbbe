import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { GrantEntity, GrantKind } from '@mosaic/clustering';
import { Clock } from '@mosaic/common';
import { AppConfig } from '@mosaic/config';
import { applyPlan, DEFAULT_REPORTING_POLICY, GrantRole, holdWatermark, planFirstPlans, planReports, ReminderMaterialiser, remindersFor } from '@mosaic/reporting';
import { dataSourceOptions } from '@mosaic/schema';
import { createTestDatabase } from './support/test-database';

interface GrantSpec {
  kind: GrantKind;
  amountMinor: number;
  currency: string;
  riskLevel: 'low' | 'medium' | 'high';
  startDate: string;
  endDate: string;
  timeZone: string;
}

/** Tiers T0-T3, every risk and role, zones with and without daylight saving or whole-hour offsets, short to long grants. */
const GRANTS: GrantSpec[] = [
  { kind: 'direct', amountMinor: 3_000_00, currency: 'USD', riskLevel: 'low', startDate: '2026-01-31', endDate: '2027-01-30', timeZone: 'Africa/Nairobi' },
  { kind: 'direct', amountMinor: 12_000_00, currency: 'EUR', riskLevel: 'medium', startDate: '2026-03-15', endDate: '2027-09-14', timeZone: 'Europe/London' },
  { kind: 'direct', amountMinor: 60_000_00, currency: 'USD', riskLevel: 'high', startDate: '2026-02-28', endDate: '2029-02-27', timeZone: 'America/St_Johns' },
  { kind: 'lead_agreement', amountMinor: 250_000_00, currency: 'USD', riskLevel: 'medium', startDate: '2026-10-01', endDate: '2028-09-30', timeZone: 'Pacific/Auckland' },
  { kind: 'lead_agreement', amountMinor: 40_000_00, currency: 'GBP', riskLevel: 'high', startDate: '2026-07-01', endDate: '2027-06-30', timeZone: 'Asia/Kathmandu' },
  { kind: 'sub_grant', amountMinor: 90_000_00, currency: 'USD', riskLevel: 'high', startDate: '2026-07-01', endDate: '2027-06-30', timeZone: 'America/Bogota' },
  { kind: 'sub_grant', amountMinor: 400_000_000, currency: 'KES', riskLevel: 'low', startDate: '2026-05-10', endDate: '2026-07-09', timeZone: 'Africa/Kinshasa' },
  // The same plan inputs as the first grant but another amount and zone: the planner's cache must not carry them over.
  { kind: 'direct', amountMinor: 4_321_07, currency: 'USD', riskLevel: 'low', startDate: '2026-01-31', endDate: '2027-01-30', timeZone: 'America/Los_Angeles' },
  { kind: 'direct', amountMinor: 0, currency: 'USD', riskLevel: 'medium', startDate: '2026-04-01', endDate: '2026-12-31', timeZone: 'Asia/Baghdad' },
];

const roleOf = (kind: GrantKind): GrantRole => (kind === 'sub_grant' ? 'member' : kind === 'lead_agreement' ? 'lead' : 'direct');

describe('bulk planner: first plans for many grants, row for row what applyPlan writes', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataSource: DataSource;
  let policyId: string;

  async function insertGrant(spec: GrantSpec): Promise<string> {
    const [row] = await dataSource.query(
      `INSERT INTO grants (call_id, organisation_id, kind, amount_minor, currency, status, risk_level, start_date, end_date, time_zone, policy_id, activated_at)
       VALUES ($1, $2, $3, $4, $5, 'active', $6, $7, $8, $9, $10, now()) RETURNING id`,
      [randomUUID(), randomUUID(), spec.kind, spec.amountMinor, spec.currency, spec.riskLevel, spec.startDate, spec.endDate, spec.timeZone, policyId],
    );
    return row.id as string;
  }

  /** What GrantService.plan does on activation: plan, record the tier, applyPlan. */
  async function planOneByOne(grantId: string) {
    await dataSource.transaction(async (manager) => {
      const grant = await manager.findOneByOrFail(GrantEntity, { id: grantId });
      const plan = planReports(DEFAULT_REPORTING_POLICY, {
        amountMinor: grant.amountMinor,
        currency: grant.currency,
        riskLevel: grant.riskLevel!,
        role: roleOf(grant.kind),
        startDate: grant.startDate!,
        endDate: grant.endDate!,
        timeZone: grant.timeZone!,
      });
      if (grant.tier !== plan.tier) await manager.update(GrantEntity, grant.id, { tier: plan.tier });
      await applyPlan(manager, grant, plan, DEFAULT_REPORTING_POLICY, grant.timeZone!);
    });
  }

  /** Everything a plan wrote for a grant, without ids and creation times. */
  async function written(grantId: string) {
    const [grant] = await dataSource.query(`SELECT tier FROM grants WHERE id = $1`, [grantId]);
    const requirements = await dataSource.query(
      `SELECT key, kind, profile, period_start::text, period_end::text, due_date::text, due_at, reviewer, status, overdue_at FROM report_requirements WHERE grant_id = $1 ORDER BY key`,
      [grantId],
    );
    const reminders = await dataSource.query(
      `SELECT r.key, m.due_date::text, m.offset_days, m.escalates, m.remind_at, m.status, m.sent_at
         FROM reminders m JOIN report_requirements r ON r.id = m.requirement_id WHERE r.grant_id = $1 ORDER BY r.key, m.offset_days`,
      [grantId],
    );
    const instalments = await dataSource.query(
      `SELECT number, amount_minor, currency, due_date::text, status, previous_spent_minor, requested_at, released_at, released_by_user_id FROM instalments WHERE grant_id = $1 ORDER BY number`,
      [grantId],
    );
    return { tier: grant.tier, requirements, reminders, instalments };
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = new DataSource(dataSourceOptions(database.url));
    await dataSource.initialize();
    const [policy] = await dataSource.query(`INSERT INTO reporting_policies (funder_id, version, document) VALUES ($1, 1, $2) RETURNING id`, [randomUUID(), DEFAULT_REPORTING_POLICY]);
    policyId = policy.id;
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('writes the same requirements, reminders, instalments and tiers as applyPlan, and returns every reminder', async () => {
    const pairs: { single: string; bulk: string }[] = [];
    for (const spec of GRANTS) pairs.push({ single: await insertGrant(spec), bulk: await insertGrant(spec) });
    for (const pair of pairs) await planOneByOne(pair.single);

    // Small transactions and two lanes, so the batching and the shared cache are exercised too.
    const result = await planFirstPlans(
      dataSource,
      pairs.map((p) => p.bulk),
      { grantsPerTransaction: 2, concurrency: 2 },
    );

    expect(result).toEqual(expect.objectContaining({ planned: GRANTS.length, skipped: 0, failed: [] }));
    expect(result.planCacheHitRate).toBeGreaterThan(0);
    for (const [index, pair] of pairs.entries()) {
      const single = await written(pair.single);
      expect({ grant: index, ...(await written(pair.bulk)) }).toEqual({ grant: index, ...single });
      expect(single.requirements.length).toBeGreaterThan(0);
    }
    const [counts] = await dataSource.query(
      `SELECT (SELECT count(*) FROM report_requirements r WHERE r.grant_id = ANY($1))::int AS requirements,
              (SELECT count(*) FROM reminders m JOIN report_requirements r ON r.id = m.requirement_id WHERE r.grant_id = ANY($1))::int AS reminders,
              (SELECT count(*) FROM instalments i WHERE i.grant_id = ANY($1))::int AS instalments`,
      [pairs.map((p) => p.bulk)],
    );
    expect(result).toEqual(expect.objectContaining(counts));

    const stored: { id: string; remind_at: Date }[] = await dataSource.query(
      `SELECT m.id, m.remind_at FROM reminders m JOIN report_requirements r ON r.id = m.requirement_id WHERE r.grant_id = ANY($1) ORDER BY m.id`,
      [pairs.map((p) => p.bulk)],
    );
    const returned = [...result.toSchedule].sort((a, b) => a.id.localeCompare(b.id));
    expect(returned).toEqual(stored.map((r) => ({ id: r.id, remindAt: r.remind_at })));
  });

  it('returns only reminders up to the given instant, hands each batch to afterCommit, and leaves planned or unplannable grants alone', async () => {
    const fresh = [await insertGrant(GRANTS[2]), await insertGrant(GRANTS[3])];
    const alreadyPlanned = await insertGrant(GRANTS[0]);
    await planOneByOne(alreadyPlanned);
    const before = await written(alreadyPlanned);
    const noRate = await insertGrant({ ...GRANTS[0], currency: 'XYZ' });
    const until = new Date('2027-01-01T00:00:00Z');
    const batches: number[] = [];

    const result = await planFirstPlans(dataSource, [...fresh, alreadyPlanned, noRate], { grantsPerTransaction: 1, remindersUntil: until, afterCommit: async (reminders) => batches.push(reminders.length) });

    expect(result).toEqual(expect.objectContaining({ planned: 2, skipped: 1, failed: [expect.objectContaining({ grantId: noRate, code: 'RATE_MISSING' })], toSchedule: [] }));
    const [{ count }] = await dataSource.query(
      `SELECT count(*)::int FROM reminders m JOIN report_requirements r ON r.id = m.requirement_id WHERE r.grant_id = ANY($1) AND m.remind_at <= $2`,
      [fresh, until],
    );
    expect(batches.reduce((a, b) => a + b, 0)).toBe(count);
    expect(batches).toHaveLength(4);
    expect(await dataSource.query(`SELECT 1 FROM report_requirements WHERE grant_id = $1`, [noRate])).toHaveLength(0);
    expect(await written(alreadyPlanned)).toEqual(before);
  });

  describe('reminders for a rolling window', () => {
    const HORIZON_MS = 6 * 3_600_000;
    const materialiserAt = (instant: string) =>
      new ReminderMaterialiser(dataSource, { reminders: { horizonMs: HORIZON_MS } } as AppConfig, { now: () => new Date(instant) } as Clock);
    const setWatermark = (instant: string) => dataSource.query(`UPDATE reminder_watermark SET materialised_until = $1 WHERE id = 1`, [instant]);

    /** Every reminder of the grant's open requirements, as planning them all at once would write them. */
    async function eagerReminders(grantId: string) {
      const requirements: { id: string; key: string; due_date: string; time_zone: string }[] = await dataSource.query(
        `SELECT r.id, r.key, r.due_date::text, g.time_zone FROM report_requirements r JOIN grants g ON g.id = r.grant_id WHERE r.grant_id = $1 AND r.status IN ('pending', 'returned')`,
        [grantId],
      );
      return requirements
        .flatMap((r) =>
          remindersFor(DEFAULT_REPORTING_POLICY, { id: r.id, dueDate: r.due_date }, r.time_zone).map((m) => ({ key: r.key, due_date: r.due_date, offset_days: m.offsetDays, escalates: m.escalates, remind_at: m.remindAt })),
        )
        .sort((a, b) => a.key.localeCompare(b.key) || a.offset_days! - b.offset_days!);
    }
    const storedReminders = async (grantId: string) =>
      dataSource.query(
        `SELECT r.key, m.due_date::text, m.offset_days, m.escalates, m.remind_at FROM reminders m JOIN report_requirements r ON r.id = m.requirement_id WHERE r.grant_id = $1 ORDER BY r.key, m.offset_days`,
        [grantId],
      );

    it('writes reminders up to the watermark, and the sweep derives the rest: together, every reminder exactly once', async () => {
      const mark = '2026-09-01T00:00:00.000Z';
      await setWatermark(mark);
      const pairs: { single: string; bulk: string }[] = [];
      for (const spec of GRANTS.slice(0, 7)) pairs.push({ single: await insertGrant(spec), bulk: await insertGrant(spec) });
      for (const pair of pairs) await planOneByOne(pair.single);
      await planFirstPlans(dataSource, pairs.map((p) => p.bulk), { grantsPerTransaction: 3 });

      for (const pair of pairs) {
        const stored: { remind_at: Date }[] = await storedReminders(pair.bulk);
        expect(stored.every((m) => m.remind_at <= new Date(mark))).toBe(true);
        expect(await storedReminders(pair.single)).toEqual(stored);
      }
      // Every grant in the database, the earlier tests' too: what is missing is what the sweep must write.
      let later = 0;
      for (const { id } of await dataSource.query(`SELECT id FROM grants`)) later += (await eagerReminders(id)).length - (await storedReminders(id)).length;
      expect(later).toBeGreaterThan(100);

      // A sweep in 2031, after every grant has ended: every reminder between then and now is derived.
      const written = await materialiserAt('2031-01-01T00:00:00Z').materialise();
      expect(written).toBe(later);
      for (const pair of pairs) {
        for (const grantId of [pair.single, pair.bulk]) expect(await storedReminders(grantId)).toEqual(await eagerReminders(grantId));
      }
      const [{ materialised_until }] = await dataSource.query(`SELECT materialised_until FROM reminder_watermark`);
      expect(materialised_until).toEqual(new Date(Date.parse('2031-01-01T00:00:00Z') + HORIZON_MS));
      // Idempotent: a second sweep at the same instant writes nothing.
      expect(await materialiserAt('2031-01-01T00:00:00Z').materialise()).toBe(0);
    });

    it('derives nothing for a requirement already delivered, and never loses one planned while the sweep runs', async () => {
      const mark = '2032-01-01T00:00:00.000Z';
      await setWatermark(mark);
      const grantId = await insertGrant({ ...GRANTS[0], startDate: '2031-01-01', endDate: '2031-12-31' });
      const requirement = (key: string, dueDate: string, status = 'pending') =>
        `INSERT INTO report_requirements (grant_id, key, kind, profile, period_start, period_end, due_date, due_at, reviewer, status)
         VALUES ('${grantId}', '${key}', 'narrative', '3+0', '2031-01-01', '2031-12-31', '${dueDate}', '${dueDate}T21:00:00Z', 'officer', '${status}')`;
      await dataSource.query(requirement('narrative:3+0:accepted', '2032-01-10', 'accepted'));

      // A plan holds the watermark while it writes a requirement due in nine days ...
      const planner = dataSource.createQueryRunner();
      await planner.connect();
      await planner.startTransaction();
      expect(await holdWatermark(planner.manager)).toEqual(new Date(mark));
      await planner.query(requirement('narrative:3+0:end', '2032-01-10'));
      // ... so a sweep that would move the mark past its reminders waits for it, then derives them.
      let swept = false;
      const sweep = materialiserAt('2032-01-10T12:00:00Z')
        .materialise()
        .finally(() => (swept = true));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(swept).toBe(false);
      await planner.commitTransaction();
      await planner.release();
      expect(await sweep).toBe(2);
      expect((await storedReminders(grantId)).map((m: { key: string; offset_days: number }) => `${m.key} ${m.offset_days}`)).toEqual(['narrative:3+0:end -3', 'narrative:3+0:end 0']);
    });
  });
});

import { randomFillSync } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { GrantKind } from '@mosaic/clustering';
import { ReminderEntity } from '../entities';
import { endOfDayUtc } from '../planning/civil-date';
import { GrantRole, PlannedInstalment, PlannedRequirement, planReports, PlanningError, tierOf, toUsdMinor } from '../planning/plan-reports';
import { ReportingPolicyDocument, RiskLevel } from '../policy/reporting-policy.types';
import { dueDatesReaching, holdWatermark, remindersFor } from '../reminders/reminder-window';

/**
 * First plans for many active grants at once: the rows applyPlan would write for a grant without a
 * plan (requirements, their reminders up to the watermark, instalments, the grant's tier), written a
 * batch of grants per transaction with one INSERT per table, instead of a round trip per row.
 */

export type ReminderToSchedule = Pick<ReminderEntity, 'id' | 'remindAt'>;

/** Measured with bench:reporting: fewer, larger statements; a batch still commits in well under a second. */
export const DEFAULT_GRANTS_PER_TRANSACTION = 5_000;

export interface BulkPlanOptions {
  /** Grants per transaction: bounds how long rows stay locked and how much one statement carries. */
  grantsPerTransaction?: number;
  /** Transactions in flight at once, so PostgreSQL writes one batch while the next is planned. */
  concurrency?: number;
  /** Reminders after this instant are not returned (the scheduler would not add them); all by default. */
  remindersUntil?: Date;
  /** Called after each batch commits, with that batch's reminders: the place to schedule them. */
  afterCommit?: (reminders: ReminderToSchedule[]) => Promise<unknown>;
}

export interface BulkPlanResult {
  planned: number;
  /** Not active, or already planned (applyPlan re-plans those): left untouched. */
  skipped: number;
  failed: { grantId: string; code: PlanningError['code']; message: string }[];
  requirements: number;
  reminders: number;
  instalments: number;
  /** Share of grants whose plan came from an identical grant's (same policy, tier, risk, role and dates). */
  planCacheHitRate: number;
  /** Only when no afterCommit is given; otherwise each batch's go to it. */
  toSchedule: ReminderToSchedule[];
}

interface GrantRow {
  id: string;
  kind: GrantKind;
  amount_minor: string;
  currency: string;
  risk_level: RiskLevel;
  start_date: string;
  end_date: string;
  time_zone: string;
  policy_id: string;
  tier: string | null;
}

/** What is written depends on the amount only through the tier and the instalment split. */
interface SharedPlan {
  tier: string;
  /** Estimated grantee hours: it depends on the requirements only. */
  burdenHours: number;
  requirements: PlannedRequirement[];
  instalments: PlannedInstalment[];
  /** Each requirement's deadline as an instant, per time zone (index for index with requirements). */
  dueAts: Map<string, string[]>;
}

const roleOf = (kind: GrantKind): GrantRole => (kind === 'sub_grant' ? 'member' : kind === 'lead_agreement' ? 'lead' : 'direct');

/** Columns of an INSERT from unnest(): rows added in column order, sent as one array per column. */
class Columns<Row extends unknown[]> {
  readonly values: unknown[][];
  constructor(readonly names: readonly string[]) {
    this.values = names.map(() => []);
  }
  add(...row: Row) {
    for (let i = 0; i < row.length; i++) this.values[i].push(row[i]);
  }
  get length() {
    return this.values[0].length;
  }
}

/**
 * RFC 9562 version 7 ids: a millisecond timestamp, then random bits. A batch's ids sit together in
 * the primary-key and requirement indexes, which halves index maintenance against random v4 ids.
 */
const randomPool = Buffer.alloc(16 * 4096);
let poolOffset = randomPool.length;
export function timeOrderedUuid(now = Date.now()): string {
  if (poolOffset === randomPool.length) {
    randomFillSync(randomPool);
    poolOffset = 0;
  }
  const bytes = randomPool.subarray(poolOffset, (poolOffset += 16));
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = (bytes[6] & 0x0f) | 0x70;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Plans and reminder times, computed once per distinct input: planning is pure, and luxon is most of its cost. */
class PlanCache {
  private readonly plans = new Map<string, SharedPlan>();
  private readonly dueAts = new Map<string, string>();
  private readonly reminderTimes = new Map<string, { offsetDays: number; escalates: boolean; remindAt: string }[]>();
  lookups = 0;
  hits = 0;

  plan(policy: ReportingPolicyDocument, policyId: string, grant: GrantRow): SharedPlan {
    const amountMinor = Number(grant.amount_minor);
    const role = roleOf(grant.kind);
    const tier = tierOf(policy, toUsdMinor(policy, amountMinor, grant.currency));
    const key = `${policyId}|${tier}|${grant.risk_level}|${role}|${grant.start_date}|${grant.end_date}`;
    this.lookups += 1;
    const cached = this.plans.get(key);
    if (cached) {
      this.hits += 1;
      return cached;
    }
    const plan = planReports(policy, { amountMinor, currency: grant.currency, riskLevel: grant.risk_level, role, startDate: grant.start_date, endDate: grant.end_date, timeZone: grant.time_zone });
    const shared = { tier: plan.tier, burdenHours: plan.burden.hours, requirements: plan.requirements, instalments: plan.instalments, dueAts: new Map() };
    this.plans.set(key, shared);
    return shared;
  }

  /** The plan's deadlines in a zone, computed once per plan and zone (and once per date and zone underneath). */
  dueAtsOf(plan: SharedPlan, timeZone: string): string[] {
    let values = plan.dueAts.get(timeZone);
    if (values === undefined) plan.dueAts.set(timeZone, (values = plan.requirements.map((r) => this.dueAt(r.dueDate, timeZone))));
    return values;
  }

  private dueAt(dueDate: string, timeZone: string): string {
    const key = `${dueDate}|${timeZone}`;
    let value = this.dueAts.get(key);
    if (value === undefined) this.dueAts.set(key, (value = endOfDayUtc(dueDate, timeZone).toISOString()));
    return value;
  }

  /** remindersFor itself, run once per due date and zone, so the times are the ones applyPlan writes. */
  reminders(policy: ReportingPolicyDocument, policyId: string, dueDate: string, timeZone: string) {
    const key = `${policyId}|${dueDate}|${timeZone}`;
    let value = this.reminderTimes.get(key);
    if (value === undefined) {
      value = remindersFor(policy, { id: '', dueDate }, timeZone).map((r) => ({ offsetDays: r.offsetDays!, escalates: r.escalates!, remindAt: r.remindAt!.toISOString() }));
      this.reminderTimes.set(key, value);
    }
    return value;
  }
}

const REQUIREMENT_COLUMNS = ['id', 'grant_id', 'key', 'kind', 'profile', 'period_start', 'period_end', 'due_date', 'due_at', 'reviewer'];
const REMINDER_COLUMNS = ['id', 'requirement_id', 'due_date', 'offset_days', 'escalates', 'remind_at'];
const INSTALMENT_COLUMNS = ['grant_id', 'number', 'amount_minor', 'currency', 'due_date', 'status'];

interface BatchRows {
  planned: number;
  failed: BulkPlanResult['failed'];
  tiers: Columns<[id: string, tier: string, burdenHours: number]>;
  requirements: Columns<[id: string, grantId: string, key: string, kind: string, profile: string, periodStart: string, periodEnd: string, dueDate: string, dueAt: string, reviewer: string]>;
  reminders: Columns<[id: string, requirementId: string, dueDate: string, offsetDays: number, escalates: boolean, remindAt: string]>;
  instalments: Columns<[grantId: string, number: number, amountMinor: number, currency: string, dueDate: string, status: string]>;
  toSchedule: ReminderToSchedule[];
}

function rowsFor(grants: GrantRow[], policies: Map<string, ReportingPolicyDocument>, cache: PlanCache, reminders: { writtenUntil: Date; scheduleUntil: number }): BatchRows {
  const rows: BatchRows = {
    planned: 0,
    failed: [],
    tiers: new Columns(['id', 'tier', 'burden_hours']),
    requirements: new Columns(REQUIREMENT_COLUMNS),
    reminders: new Columns(REMINDER_COLUMNS),
    instalments: new Columns(INSTALMENT_COLUMNS),
    toSchedule: [],
  };
  const now = Date.now();
  const writtenUntil = reminders.writtenUntil.getTime();
  // Past this due date no reminder reaches the watermark: most of a portfolio's, skipped unseen.
  const lastDueWritten = new Map([...policies].map(([id, policy]) => [id, dueDatesReaching(policy.reminderOffsetsDays, null, reminders.writtenUntil).last]));
  for (const grant of grants) {
    const policy = policies.get(grant.policy_id)!;
    let plan: SharedPlan;
    try {
      plan = cache.plan(policy, grant.policy_id, grant);
    } catch (error) {
      if (!(error instanceof PlanningError)) throw error;
      rows.failed.push({ grantId: grant.id, code: error.code, message: error.message });
      continue;
    }
    rows.planned += 1;
    rows.tiers.add(grant.id, plan.tier, plan.burdenHours);
    const dueAts = cache.dueAtsOf(plan, grant.time_zone);
    for (const [index, requirement] of plan.requirements.entries()) {
      const requirementId = timeOrderedUuid(now);
      const { key, kind, profile, periodStart, periodEnd, dueDate, reviewer } = requirement;
      rows.requirements.add(requirementId, grant.id, key, kind, profile, periodStart, periodEnd, dueDate, dueAts[index], reviewer);
      if (requirement.dueDate > lastDueWritten.get(grant.policy_id)!) continue;
      for (const reminder of cache.reminders(policy, grant.policy_id, requirement.dueDate, grant.time_zone)) {
        const remindAt = new Date(reminder.remindAt);
        if (remindAt.getTime() > writtenUntil) continue;
        const id = timeOrderedUuid(now);
        rows.reminders.add(id, requirementId, requirement.dueDate, reminder.offsetDays, reminder.escalates, reminder.remindAt);
        if (remindAt.getTime() <= reminders.scheduleUntil) rows.toSchedule.push({ id, remindAt });
      }
    }
    // As writeInstalments for a grant with none yet: equal shares, the first carries the remainder.
    const amountMinor = Number(grant.amount_minor);
    if (amountMinor <= 0) continue;
    const share = Math.floor(amountMinor / plan.instalments.length);
    plan.instalments.forEach((instalment, index) =>
      rows.instalments.add(
        grant.id,
        instalment.number,
        index === 0 ? amountMinor - share * (plan.instalments.length - 1) : share,
        grant.currency,
        instalment.dueDate,
        instalment.number === 1 ? 'requestable' : 'scheduled',
      ),
    );
  }
  return rows;
}

async function writeRows(manager: EntityManager, rows: BatchRows): Promise<void> {
  const { tiers, requirements: req, reminders: rem, instalments: ins } = rows;
  if (tiers.length) {
    await manager.query(
      // id = ANY() as well as the join: without it PostgreSQL hashes the whole grants table for every batch.
      `UPDATE grants g SET tier = t.tier, burden_hours = t.hours FROM unnest($1::uuid[], $2::varchar[], $3::numeric[]) AS t(id, tier, hours)
        WHERE g.id = ANY($1::uuid[]) AND g.id = t.id`,
      tiers.values,
    );
  }
  if (req.length) {
    await manager.query(
      `INSERT INTO report_requirements (${req.names.join(', ')})
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::varchar[], $4::varchar[], $5::varchar[], $6::date[], $7::date[], $8::date[], $9::timestamptz[], $10::varchar[])`,
      req.values,
    );
  }
  if (rem.length) {
    await manager.query(
      `INSERT INTO reminders (${rem.names.join(', ')})
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::date[], $4::smallint[], $5::boolean[], $6::timestamptz[])`,
      rem.values,
    );
  }
  if (ins.length) {
    await manager.query(
      `INSERT INTO instalments (${ins.names.join(', ')})
       SELECT * FROM unnest($1::uuid[], $2::smallint[], $3::bigint[], $4::char(3)[], $5::date[], $6::varchar[])`,
      ins.values,
    );
  }
}

/** Locks the batch's grants that are active and have no plan yet; the rest are skipped. */
async function lockUnplanned(manager: EntityManager, grantIds: string[]): Promise<GrantRow[]> {
  return manager.query(
    `SELECT g.id, g.kind, g.amount_minor, g.currency, g.risk_level, g.start_date::text AS start_date, g.end_date::text AS end_date, g.time_zone, g.policy_id, g.tier
       FROM grants g
      WHERE g.id = ANY($1::uuid[]) AND g.status = 'active'
        AND g.policy_id IS NOT NULL AND g.risk_level IS NOT NULL AND g.start_date IS NOT NULL AND g.end_date IS NOT NULL AND g.time_zone IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM report_requirements r WHERE r.grant_id = g.id)
        AND NOT EXISTS (SELECT 1 FROM instalments i WHERE i.grant_id = g.id)
      ORDER BY g.id
        FOR UPDATE OF g`,
    [grantIds],
  );
}

export interface BatchOutcome {
  planned: number;
  skipped: number;
  failed: BulkPlanResult['failed'];
  requirements: number;
  reminders: number;
  instalments: number;
  /** The reminders written that fall due by the scheduling limit. */
  toSchedule: ReminderToSchedule[];
}

/**
 * Writes first plans inside a caller's transaction: activation (one grant, or a lead agreement with
 * its members) and the bulk planner below both go through it, and keep its plan cache and policies.
 */
export class FirstPlanWriter {
  private readonly cache = new PlanCache();
  private readonly policies = new Map<string, ReportingPolicyDocument>();

  get planCacheHitRate(): number {
    return this.cache.lookups ? this.cache.hits / this.cache.lookups : 0;
  }

  async write(manager: EntityManager, grantIds: string[], scheduleUntil = Infinity): Promise<BatchOutcome> {
    // First, as applyPlan does: reminders are written up to the watermark, the sweep derives later ones.
    const writtenUntil = await holdWatermark(manager);
    const grants = await lockUnplanned(manager, grantIds);
    await this.loadPolicies(manager, grants);
    const known = grants.filter((g) => this.policies.has(g.policy_id));
    const rows = rowsFor(known, this.policies, this.cache, { writtenUntil, scheduleUntil });
    await writeRows(manager, rows);
    return {
      planned: rows.planned,
      skipped: grantIds.length - known.length,
      failed: rows.failed,
      requirements: rows.requirements.length,
      reminders: rows.reminders.length,
      instalments: rows.instalments.length,
      toSchedule: rows.toSchedule,
    };
  }

  private async loadPolicies(manager: EntityManager, grants: GrantRow[]) {
    const missing = [...new Set(grants.map((g) => g.policy_id))].filter((id) => !this.policies.has(id));
    if (!missing.length) return;
    const found: { id: string; document: ReportingPolicyDocument }[] = await manager.query(`SELECT id, document FROM reporting_policies WHERE id = ANY($1::uuid[])`, [missing]);
    for (const row of found) this.policies.set(row.id, row.document);
  }
}

/** Plans and writes first plans for the given grants, a bounded batch per transaction. */
export async function planFirstPlans(dataSource: DataSource, grantIds: string[], options: BulkPlanOptions = {}): Promise<BulkPlanResult> {
  const size = options.grantsPerTransaction ?? DEFAULT_GRANTS_PER_TRANSACTION;
  const scheduleUntil = options.remindersUntil?.getTime() ?? Infinity;
  const writer = new FirstPlanWriter();
  const result: BulkPlanResult = { planned: 0, skipped: 0, failed: [], requirements: 0, reminders: 0, instalments: 0, planCacheHitRate: 0, toSchedule: [] };

  const runBatch = async (batch: string[]) => {
    const outcome = await dataSource.transaction((manager) => writer.write(manager, batch, scheduleUntil));
    result.planned += outcome.planned;
    result.skipped += outcome.skipped;
    result.failed.push(...outcome.failed);
    result.requirements += outcome.requirements;
    result.reminders += outcome.reminders;
    result.instalments += outcome.instalments;
    if (options.afterCommit) await options.afterCommit(outcome.toSchedule);
    else result.toSchedule.push(...outcome.toSchedule);
  };

  const batches = Array.from({ length: Math.ceil(grantIds.length / size) }, (_, i) => grantIds.slice(i * size, (i + 1) * size));
  let next = 0;
  const lane = async () => {
    while (next < batches.length) await runBatch(batches[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 2, batches.length) }, lane));
  result.planCacheHitRate = writer.planCacheHitRate;
  return result;
}

/** Active grants without a plan yet, in id order. */
export async function unplannedActiveGrantIds(dataSource: DataSource): Promise<string[]> {
  const rows: { id: string }[] = await dataSource.query(
    `SELECT g.id FROM grants g WHERE g.status = 'active' AND NOT EXISTS (SELECT 1 FROM report_requirements r WHERE r.grant_id = g.id) ORDER BY g.id`,
  );
  return rows.map((r) => r.id);
}

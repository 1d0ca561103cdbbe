import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DEFAULT_RUBRIC, DEFAULT_TIERS } from '@mosaic/applications';
import { seededRandom } from '@mosaic/clustering';

export interface SeedShape {
  clusters: number;
  membersPerCluster: number;
  /** Clusters (and so grants) of the first call; the rest go to the second. */
  clustersInFirstCall: number;
}

export const DEFAULT_SHAPE: SeedShape = { clusters: 500, membersPerCluster: 19, clustersInFirstCall: 300 };

export interface SeededPortfolio {
  funderId: string;
  officerUserId: string;
  /** The first call holds clustersInFirstCall clusters, the second the rest. */
  callIds: [string, string];
  grantsByCall: [number, number];
  counts: Record<string, number>;
}

/** Column name, PostgreSQL element type, and optionally the SELECT expression over the unnest alias. */
type Column = [name: string, type: string, expression?: string];

/**
 * Set-based insert: one INSERT ... SELECT FROM unnest($1::t1[], $2::t2[], ...) per chunk of rows,
 * so a chunk is one statement and one round trip, whatever its size.
 */
async function bulkInsert(dataSource: DataSource, table: string, columns: Column[], rows: unknown[][], chunk = 5_000): Promise<number> {
  const aliases = columns.map((_, i) => `c${i}`);
  const sql =
    `INSERT INTO ${table} (${columns.map(([name]) => name).join(', ')}) ` +
    `SELECT ${columns.map(([, , expression], i) => (expression ? expression.replace(/\$value/g, aliases[i]) : aliases[i])).join(', ')} ` +
    `FROM unnest(${columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')}) AS t(${aliases.join(', ')})`;
  for (let start = 0; start < rows.length; start += chunk) {
    const slice = rows.slice(start, start + chunk);
    await dataSource.query(sql, columns.map((_, c) => slice.map((row) => row[c])));
  }
  return rows.length;
}

const COUNTRIES: [string, string, string[]][] = [
  ['KE', 'Africa/Nairobi', ['Nairobi', 'Kisumu', 'Mombasa', 'Garissa']],
  ['UG', 'Africa/Kampala', ['Kampala', 'Gulu', 'Arua']],
  ['CD', 'Africa/Kinshasa', ['Goma', 'Bukavu', 'Kinshasa', 'Beni']],
  ['NG', 'Africa/Lagos', ['Maiduguri', 'Jos', 'Abuja']],
  ['SS', 'Africa/Juba', ['Juba', 'Malakal']],
  ['ET', 'Africa/Addis_Ababa', ['Addis Ababa', 'Mekelle']],
  ['SO', 'Africa/Mogadishu', ['Mogadishu', 'Baidoa']],
  ['CO', 'America/Bogota', ['Bogotá', 'Quibdó', 'Tumaco', 'Cúcuta']],
  ['MX', 'America/Mexico_City', ['Ciudad Juárez', 'Oaxaca']],
  ['GT', 'America/Guatemala', ['Guatemala City', 'Quetzaltenango']],
  ['IQ', 'Asia/Baghdad', ['Mosul', 'Duhok', 'Sinjar']],
  ['NP', 'Asia/Kathmandu', ['Kathmandu', 'Nepalgunj']],
  ['UA', 'Europe/Kyiv', ['Kharkiv', 'Kherson', 'Mykolaiv']],
  ['MM', 'Asia/Yangon', ['Yangon', 'Myitkyina']],
];
const THEMES = ['survivor-support', 'psychosocial-support', 'legal-aid-justice', 'economic-empowerment', 'gbv-prevention', 'srhr', 'peacebuilding-mediation', 'advocacy-policy'];
const DAY = 86_400_000;
const isoDate = (date: Date) => date.toISOString().slice(0, 10);
function addMonths(date: Date, months: number): Date {
  const next = new Date(date);
  next.setUTCMonth(next.getUTCMonth() + months);
  return next;
}
function tierOf(usdMinor: number): string {
  const tier = DEFAULT_TIERS.find((t) => usdMinor >= t.minUsdMinor && usdMinor < t.maxUsdMinor);
  return tier?.code ?? DEFAULT_TIERS[DEFAULT_TIERS.length - 1].code;
}

/**
 * One funder with an officer, two calls, `clusters` clusters of `membersPerCluster` grassroots
 * members under their own lead partners; a lead agreement per cluster and a sub-grant per member
 * (USD, tiered), instalments (the due ones mostly released), report requirements past and future
 * (accepted, submitted, returned, overdue, due) and reports for the delivered ones.
 */
export async function seedPortfolio(dataSource: DataSource, shape: SeedShape = DEFAULT_SHAPE, seed = 7): Promise<SeededPortfolio> {
  // Seeded (mulberry32): the same portfolio on every run.
  const random = seededRandom(seed);
  const chance = (p: number) => random() < p;
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const now = new Date();
  const today = new Date(`${isoDate(now)}T00:00:00Z`);
  const counts: Record<string, number> = {};

  // Funder, officer, membership.
  const funderId = randomUUID();
  const officerUserId = randomUUID();
  await dataSource.query(
    `INSERT INTO organisations (id, name, kind, registered, org_identifier, country, city, languages, time_zone)
     VALUES ($1, 'Bench Fund for Survivors', 'funder', true, 'GB-CHC-1234567', 'GB', 'London', '{en}', 'Europe/London')`,
    [funderId],
  );
  await dataSource.query(`INSERT INTO users (id, email, name, preferred_language) VALUES ($1, 'officer@bench.invalid', 'Bench Officer', 'en')`, [officerUserId]);
  await dataSource.query(`INSERT INTO memberships (user_id, organisation_id, role) VALUES ($1, $2, 'officer')`, [officerUserId, funderId]);

  // Two calls of the funder.
  const callIds: [string, string] = [randomUUID(), randomUUID()];
  const callRows = callIds.map((id, i) => [
    id,
    JSON.stringify({ en: i === 0 ? 'Community responses to conflict-related sexual violence 2025' : 'Survivor-led recovery fund 2025', fr: i === 0 ? 'Réponses communautaires 2025' : 'Fonds de relèvement 2025' }),
    (i === 0 ? 60_000_000 : 40_000_000) * 100,
    isoDate(new Date(today.getTime() - (560 - i * 30) * DAY)),
    isoDate(new Date(today.getTime() - (500 - i * 30) * DAY)),
  ]);
  counts.calls = await bulkInsert(
    dataSource,
    'calls',
    [
      ['id', 'uuid'],
      ['title', 'jsonb'],
      ['budget_minor', 'bigint'],
      ['opens_at', 'timestamptz'],
      ['closes_at', 'timestamptz'],
      ['funder_id', 'uuid', `'${funderId}'::uuid`],
      ['status', 'text', `'closed'`],
      ['currency', 'text', `'USD'`],
      ['time_zone', 'text', `'UTC'`],
      ['eligible_countries', 'text', `'{${COUNTRIES.map(([code]) => code).join(',')}}'::char(2)[]`],
      ['tiers', 'text', `'${JSON.stringify(DEFAULT_TIERS)}'::jsonb`],
      ['question_sets', 'text', `'{}'::jsonb`],
      ['rubric', 'text', `'${JSON.stringify(DEFAULT_RUBRIC).replace(/'/g, "''")}'::jsonb`],
      ['published_at', 'text', 'c3'],
    ],
    callRows.map((row) => [...row, null, null, null, null, null, null, null, null, null]),
  );

  // Organisations: a lead partner per cluster, grassroots members (some at risk).
  type Org = { id: string; country: number; atRisk: boolean };
  const orgColumns: Column[] = [
    ['id', 'uuid'],
    ['name', 'varchar'],
    ['kind', 'varchar'],
    ['is_lead_partner', 'boolean'],
    ['registered', 'boolean'],
    ['at_risk', 'boolean'],
    ['risk_level', 'varchar'],
    ['maturity', 'smallint'],
    ['org_identifier', 'varchar'],
    ['country', 'char(2)'],
    ['city', 'varchar'],
    ['time_zone', 'varchar'],
    ['languages', 'text', 'string_to_array($value, \',\')::varchar(8)[]'],
    ['themes', 'text', 'string_to_array($value, \',\')::varchar(40)[]'],
  ];
  const orgRows: unknown[][] = [];
  const makeOrg = (lead: boolean, n: number, country: number): Org => {
    const [code, zone, cities] = COUNTRIES[country];
    const atRisk = chance(lead ? 0.02 : 0.08);
    const id = randomUUID();
    const themes = [...new Set([THEMES[int(0, THEMES.length - 1)], THEMES[int(0, THEMES.length - 1)]])].join(',');
    orgRows.push([
      id,
      lead ? `${cities[n % cities.length]} Women's Network ${n + 1}` : `Survivors' Collective ${n + 1} of ${cities[int(0, cities.length - 1)]}`,
      'grassroots',
      lead,
      lead || chance(0.6),
      atRisk,
      ['low', 'medium', 'high'][int(0, 2)],
      int(1, 4),
      lead || chance(0.3) ? `${code}-REG-${String(100000 + orgRows.length)}` : null,
      code,
      cities[int(0, cities.length - 1)],
      zone,
      code === 'CO' || code === 'MX' || code === 'GT' ? 'es' : code === 'CD' ? 'fr,sw' : code === 'UA' ? 'uk' : code === 'IQ' ? 'ar' : 'en,sw',
      themes,
    ]);
    return { id, country, atRisk };
  };
  const leads: Org[] = [];
  const members: Org[][] = [];
  for (let c = 0; c < shape.clusters; c++) {
    const country = c % COUNTRIES.length;
    leads.push(makeOrg(true, c, country));
    members.push(Array.from({ length: shape.membersPerCluster }, (_, m) => makeOrg(false, c * shape.membersPerCluster + m, chance(0.85) ? country : int(0, COUNTRIES.length - 1))));
  }
  counts.organisations = 1 + (await bulkInsert(dataSource, 'organisations', orgColumns, orgRows));

  // Clustering runs: per call a superseded run and the approved one the clusters come from.
  const runIds = callIds.map(() => [randomUUID(), randomUUID()]);
  counts.clustering_runs = await bulkInsert(
    dataSource,
    'clustering_runs',
    [
      ['id', 'uuid'],
      ['call_id', 'uuid'],
      ['approved_at', 'timestamptz'],
      ['status', 'varchar', `'done'`],
      ['requested_by_user_id', 'uuid', `'${officerUserId}'::uuid`],
      ['progress', 'smallint', '100'],
      ['time_limit_ms', 'int', '60000'],
      ['problem', 'text', `'{}'::jsonb`],
      ['result', 'text', `'{}'::jsonb`],
      ['finished_at', 'timestamptz', 'now()'],
    ],
    runIds.flatMap(([old, approved], i) => [
      [old, callIds[i], null, null, null, null, null, null, null, null],
      [approved, callIds[i], new Date(today.getTime() - 480 * DAY), null, null, null, null, null, null, null],
    ]),
  );

  // Clusters, members, grants, instalments, requirements, reports.
  const clusterRows: unknown[][] = [];
  const memberRows: unknown[][] = [];
  const grantRows: unknown[][] = [];
  const instalmentRows: unknown[][] = [];
  const requirementRows: unknown[][] = [];
  const reportRows: unknown[][] = [];
  const grantsByCall: [number, number] = [0, 0];

  const addGrant = (callIndex: number, org: Org, clusterId: string, kind: 'lead_agreement' | 'sub_grant', amountMinor: number, applicationId: string | null, start: Date, months: number) => {
    const id = randomUUID();
    const end = new Date(addMonths(start, months).getTime() - DAY);
    const awarded = new Date(start.getTime() - int(10, 40) * DAY + int(0, 86_399) * 1000);
    grantRows.push([id, callIds[callIndex], org.id, applicationId, clusterId, kind, amountMinor, tierOf(amountMinor), ['low', 'medium', 'high'][int(0, 2)], isoDate(start), isoDate(end), COUNTRIES[org.country][1], start, awarded]);
    grantsByCall[callIndex]++;

    // Instalments: 60/40 for a sub-grant, 40/30/30 for a lead agreement; the due ones mostly released.
    const shares = kind === 'sub_grant' ? [0.6, 0.4] : [0.4, 0.3, 0.3];
    let releasedMinor = 0;
    shares.forEach((share, n) => {
      const due = addMonths(start, Math.round((n * months) / shares.length));
      const amount = n === shares.length - 1 ? amountMinor - shares.slice(0, -1).reduce((sum, s) => sum + Math.round(amountMinor * s), 0) : Math.round(amountMinor * share);
      const status = due > today ? 'scheduled' : n === 0 || chance(0.85) ? 'released' : chance(0.5) ? 'requested' : 'requestable';
      if (status === 'released') releasedMinor += amount;
      instalmentRows.push([id, n + 1, amount, isoDate(due), status, status === 'released' ? new Date(due.getTime() + int(1, 10) * DAY) : null, status === 'requested' ? due : null]);
    });

    // Requirements: a check-in, mid-term and final narrative + financial (consolidated for leads).
    const mid = addMonths(start, Math.round(months / 2));
    const after = new Date(end.getTime() + 30 * DAY);
    const plan: [string, string, string, Date, Date, Date][] =
      kind === 'sub_grant'
        ? [
            ['check_in:3', 'check_in', 'call', start, addMonths(start, 3), addMonths(start, 3)],
            ['narrative:4+1:mid', 'narrative', '4+1', start, mid, new Date(mid.getTime() + 30 * DAY)],
            ['financial:mid', 'financial', 'expense_list', start, mid, new Date(mid.getTime() + 30 * DAY)],
            ['narrative:4+1:end', 'narrative', '4+1', mid, end, after],
            ['financial:end', 'financial', 'expense_list', mid, end, after],
          ]
        : [
            ['consolidated:mid', 'consolidated', '8+0', start, mid, new Date(mid.getTime() + 45 * DAY)],
            ['financial:mid', 'financial', 'interim', start, mid, new Date(mid.getTime() + 45 * DAY)],
            ['consolidated:end', 'consolidated', '8+0', mid, end, new Date(after.getTime() + 15 * DAY)],
            ['financial:end', 'financial', 'detailed', mid, end, new Date(after.getTime() + 15 * DAY)],
            ['visit:1', 'visit', 'on_site', start, addMonths(start, 6), addMonths(start, 6)],
          ];
    let spentSoFar = 0;
    for (const [key, requirementKind, profile, periodStart, periodEnd, due] of plan) {
      const requirementId = randomUUID();
      const past = due < now;
      const roll = random();
      const status = past ? (roll < 0.55 ? 'accepted' : roll < 0.67 ? 'submitted' : roll < 0.75 ? 'returned' : 'pending') : roll < 0.04 ? 'submitted' : 'pending';
      const dueAt = new Date(`${isoDate(due)}T21:00:00Z`);
      requirementRows.push([requirementId, id, key, requirementKind, profile, isoDate(periodStart), isoDate(periodEnd), isoDate(due), dueAt, kind === 'sub_grant' && requirementKind !== 'check_in' ? 'lead' : 'officer', status, past && status === 'pending' ? new Date(dueAt.getTime() + DAY) : null]);
      if (status !== 'pending') {
        const submittedAt = new Date(Math.min(now.getTime() - DAY, dueAt.getTime() - int(-20, 10) * DAY));
        if (requirementKind === 'financial' && status === 'accepted') spentSoFar = Math.min(releasedMinor, spentSoFar + Math.round(releasedMinor * (0.4 + random() * 0.5)));
        reportRows.push([
          requirementId,
          id,
          status,
          requirementKind === 'financial' && status === 'accepted' ? spentSoFar : null,
          requirementKind === 'narrative' || requirementKind === 'consolidated' ? int(20, 2_000) : null,
          submittedAt,
          status === 'submitted' ? null : new Date(submittedAt.getTime() + int(1, 15) * DAY),
          status === 'returned' ? 'Please add the receipts for the second month.' : null,
        ]);
      }
    }
  };

  for (let c = 0; c < shape.clusters; c++) {
    const callIndex = c < shape.clustersInFirstCall ? 0 : 1;
    const clusterId = randomUUID();
    const start = new Date(today.getTime() - int(30, 540) * DAY);
    const months = [12, 18, 24][int(0, 2)];
    let totalMinor = 0;
    const memberAmounts = members[c].map(() => int(10, 300) * 100_00);
    for (let m = 0; m < members[c].length; m++) {
      const applicationId = randomUUID();
      const withdrawn = chance(0.02);
      memberRows.push([clusterId, applicationId, members[c][m].id, memberAmounts[m], withdrawn ? new Date(start.getTime() + int(10, 100) * DAY) : null]);
      totalMinor += memberAmounts[m];
      addGrant(callIndex, members[c][m], clusterId, 'sub_grant', memberAmounts[m], applicationId, start, months);
    }
    const feeRate = [0.05, 0.07, 0.1, 0.12][int(0, 3)];
    const feeMinor = Math.round(totalMinor * feeRate);
    clusterRows.push([clusterId, callIds[callIndex], runIds[callIndex][1], leads[c].id, totalMinor, feeMinor, feeRate]);
    addGrant(callIndex, leads[c], clusterId, 'lead_agreement', totalMinor + feeMinor, null, start, months);
  }

  counts.clusters = await bulkInsert(
    dataSource,
    'clusters',
    [
      ['id', 'uuid'],
      ['call_id', 'uuid'],
      ['run_id', 'uuid'],
      ['lead_organisation_id', 'uuid'],
      ['total_minor', 'bigint'],
      ['fee_minor', 'bigint'],
      ['fee_rate', 'numeric'],
      ['status', 'varchar', `'active'`],
      ['currency', 'char(3)', `'USD'`],
    ],
    clusterRows.map((row) => [...row, null, null]),
  );
  counts.cluster_members = await bulkInsert(
    dataSource,
    'cluster_members',
    [
      ['cluster_id', 'uuid'],
      ['application_id', 'uuid'],
      ['organisation_id', 'uuid'],
      ['amount_minor', 'bigint'],
      ['withdrawn_at', 'timestamptz'],
    ],
    memberRows,
  );
  counts.grants = await bulkInsert(
    dataSource,
    'grants',
    [
      ['id', 'uuid'],
      ['call_id', 'uuid'],
      ['organisation_id', 'uuid'],
      ['application_id', 'uuid'],
      ['cluster_id', 'uuid'],
      ['kind', 'varchar'],
      ['amount_minor', 'bigint'],
      ['tier', 'varchar'],
      ['risk_level', 'varchar'],
      ['start_date', 'date'],
      ['end_date', 'date'],
      ['time_zone', 'varchar'],
      ['activated_at', 'timestamptz'],
      ['created_at', 'timestamptz'],
      ['currency', 'char(3)', `'USD'`],
      ['status', 'varchar', `'active'`],
    ],
    grantRows.map((row) => [...row, null, null]),
  );
  counts.instalments = await bulkInsert(
    dataSource,
    'instalments',
    [
      ['grant_id', 'uuid'],
      ['number', 'smallint'],
      ['amount_minor', 'bigint'],
      ['due_date', 'date'],
      ['status', 'varchar'],
      ['released_at', 'timestamptz'],
      ['requested_at', 'timestamptz'],
      ['currency', 'char(3)', `'USD'`],
      ['released_by_user_id', 'uuid', `CASE WHEN c4 = 'released' THEN '${officerUserId}'::uuid END`],
    ],
    instalmentRows.map((row) => [...row, null, null]),
  );
  counts.report_requirements = await bulkInsert(
    dataSource,
    'report_requirements',
    [
      ['id', 'uuid'],
      ['grant_id', 'uuid'],
      ['key', 'varchar'],
      ['kind', 'varchar'],
      ['profile', 'varchar'],
      ['period_start', 'date'],
      ['period_end', 'date'],
      ['due_date', 'date'],
      ['due_at', 'timestamptz'],
      ['reviewer', 'varchar'],
      ['status', 'varchar'],
      ['overdue_at', 'timestamptz'],
    ],
    requirementRows,
  );
  counts.reports = await bulkInsert(
    dataSource,
    'reports',
    [
      ['requirement_id', 'uuid'],
      ['grant_id', 'uuid'],
      ['status', 'varchar'],
      ['total_spent_minor', 'bigint'],
      ['people_reached', 'int'],
      ['submitted_at', 'timestamptz'],
      ['reviewed_at', 'timestamptz'],
      ['review_comment', 'text'],
      ['language', 'varchar', `'en'`],
      ['created_by_user_id', 'uuid', 'gen_random_uuid()'],
      ['reviewed_by_user_id', 'uuid', `CASE WHEN c6 IS NOT NULL THEN '${officerUserId}'::uuid END`],
      ['answers', 'text', `'{"q1":{"value":"We ran twelve listening circles."}}'::jsonb`],
      ['version', 'int', '1'],
    ],
    reportRows.map((row) => [...row, null, null, null, null, null]),
  );
  // Fresh statistics, as autovacuum would have gathered them on a live system.
  await dataSource.query('ANALYZE');
  return { funderId, officerUserId, callIds, grantsByCall, counts };
}

import { DataSource } from 'typeorm';
import { addDays, addMonths, DEFAULT_REPORTING_POLICY } from '@mosaic/reporting';
import { seededRandom } from '@mosaic/clustering';

const pick = <T>(random: () => number, weighted: [T, number][]): T => {
  let roll = random() * weighted.reduce((sum, [, weight]) => sum + weight, 0);
  for (const [value, weight] of weighted) if ((roll -= weight) < 0) return value;
  return weighted[weighted.length - 1][0];
};

/** Half-hour and 45-minute offsets, both hemispheres' daylight saving, and zones without it. */
const ZONES = ['Africa/Nairobi', 'Africa/Kinshasa', 'Africa/Lagos', 'America/Bogota', 'America/Mexico_City', 'Asia/Baghdad', 'Asia/Kathmandu', 'Asia/Kolkata', 'Europe/Kyiv', 'Pacific/Auckland'];
const CURRENCIES: [string, number][] = [['USD', 50], ['EUR', 15], ['KES', 15], ['UAH', 10], ['COP', 10]];
const KINDS: [string, number][] = [['direct', 60], ['sub_grant', 30], ['lead_agreement', 10]];
const RISKS: [string, number][] = [['low', 30], ['medium', 50], ['high', 20]];
const MONTHS: [number, number][] = [[6, 15], [12, 45], [18, 10], [24, 20], [36, 10]];

export const PORTFOLIO_DESCRIPTION =
  'seeded: 60% direct / 30% cluster members / 10% lead agreements; USD 1k-300k log-uniform in 5 currencies; risk 30/50/20% low/medium/high; 10 time zones; start in the next 1-120 days; 6-36 months';

/** Inserts `count` active grants without a plan, under one policy (the default); returns the policy id. */
export async function createPortfolio(dataSource: DataSource, count: number, seed = 1): Promise<string> {
  // Seeded (mulberry32): the same portfolio on every run.
  const random = seededRandom(seed);
  const [policy] = await dataSource.query(`INSERT INTO reporting_policies (funder_id, version, document) VALUES (gen_random_uuid(), 1, $1) RETURNING id`, [DEFAULT_REPORTING_POLICY]);
  const callId = crypto.randomUUID();
  const today = new Date().toISOString().slice(0, 10);
  const CHUNK = 10_000;
  for (let start = 0; start < count; start += CHUNK) {
    const columns: unknown[][] = [[], [], [], [], [], [], [], [], []];
    for (let i = start; i < Math.min(count, start + CHUNK); i++) {
      const currency = pick(random, CURRENCIES);
      const usd = Math.exp(Math.log(1_000) + random() * (Math.log(300_000) - Math.log(1_000)));
      const rate = currency === 'USD' ? 1 : DEFAULT_REPORTING_POLICY.usdRates[currency];
      const startDate = addDays(today, 1 + Math.floor(random() * 120));
      const row = [crypto.randomUUID(), pick(random, KINDS), Math.round(usd / rate) * 100, currency, pick(random, RISKS), startDate, addDays(addMonths(startDate, pick(random, MONTHS)), -1), ZONES[Math.floor(random() * ZONES.length)], policy.id];
      row.forEach((value, column) => columns[column].push(value));
    }
    await dataSource.query(
      `INSERT INTO grants (call_id, organisation_id, kind, amount_minor, currency, status, risk_level, start_date, end_date, time_zone, policy_id, activated_at)
       SELECT $10, o, k, a, c, 'active', r, s, e, z, p, now() FROM unnest($1::uuid[], $2::varchar[], $3::bigint[], $4::char(3)[], $5::varchar[], $6::date[], $7::date[], $8::varchar[], $9::uuid[]) AS t(o, k, a, c, r, s, e, z, p)`,
      [...columns, callId],
    );
  }
  return policy.id as string;
}

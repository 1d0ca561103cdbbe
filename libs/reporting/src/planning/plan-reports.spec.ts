import fc from 'fast-check';
import { DEFAULT_REPORTING_POLICY } from '../policy/default-policy';
import { policyProblems } from '../policy/policy.rules';
import { RISK_LEVELS, RiskLevel, TIER_CODES } from '../policy/reporting-policy.types';
import { addDays, atLocalTime, endOfDayUtc } from './civil-date';
import { GrantRole, GrantToPlan, planReports } from './plan-reports';

const policy = DEFAULT_REPORTING_POLICY;
const year = { startDate: '2027-01-01', endDate: '2027-12-31', timeZone: 'Africa/Nairobi', currency: 'USD', role: 'direct' as GrantRole };
/** One amount inside each tier, USD cents. */
const AMOUNT = { T0: 3_000_00, T1: 15_000_00, T2: 60_000_00, T3: 250_000_00 };

describe('planReports: the default table for a 12-month grant (PRODUCT.md)', () => {
  // tier, risk, requirements, instalments
  it.each([
    ['T0', 'low', 1, 1],
    ['T0', 'medium', 2, 1],
    ['T0', 'high', 3, 2],
    ['T1', 'low', 2, 1],
    ['T1', 'medium', 3, 2],
    ['T1', 'high', 5, 3],
    ['T2', 'low', 3, 2],
    ['T2', 'medium', 6, 3],
    ['T2', 'high', 8, 3],
    ['T3', 'low', 4, 2],
    ['T3', 'medium', 7, 3],
    ['T3', 'high', 9, 3],
  ] as const)('%s %s risk: %d requirements, %d instalments', (tier, riskLevel, requirements, instalments) => {
    const plan = planReports(policy, { ...year, amountMinor: AMOUNT[tier], riskLevel });
    expect(plan.tier).toBe(tier);
    expect(plan.requirements).toHaveLength(requirements);
    expect(plan.instalments).toHaveLength(instalments);
  });

  it('dates a T1 medium-risk grant: mid-term call, final reports 60 days after the end, first instalment in 10 working days', () => {
    const plan = planReports(policy, { ...year, amountMinor: AMOUNT.T1, riskLevel: 'medium' });
    expect(plan.requirements.map((r) => [r.key, r.dueDate, r.reviewer])).toEqual([
      ['check_in:call:every6:1', '2027-07-01', 'officer'],
      // 60 days after 31 December 2027 is the leap day.
      ['financial:summary:end', '2028-02-29', 'officer'],
      ['narrative:5+1:end', '2028-02-29', 'officer'],
    ]);
    // 1 Jan 2027 is a Friday: ten working days later is Friday 15 January.
    expect(plan.instalments).toEqual([
      { number: 1, dueDate: '2027-01-15', amountMinor: 7_500_00 },
      { number: 2, dueDate: '2027-07-03', amountMinor: 7_500_00 },
    ]);
  });

  it('splits instalments in whole minor units that add up exactly', () => {
    const plan = planReports(policy, { ...year, amountMinor: 10_000_01, riskLevel: 'high' });
    expect(plan.instalments.map((i) => i.amountMinor)).toEqual([3_333_35, 3_333_33, 3_333_33]);
  });

  it('gives a grant shorter than one period only its final requirements and one instalment', () => {
    const plan = planReports(policy, { ...year, endDate: '2027-05-31', amountMinor: AMOUNT.T2, riskLevel: 'medium' });
    expect(plan.requirements.map((r) => r.key)).toEqual(['financial:detailed:end', 'narrative:8+3:end']);
    expect(plan.instalments).toHaveLength(1);
  });

  it('adds periodic requirements and an instalment per extra year for longer grants', () => {
    const plan = planReports(policy, { ...year, endDate: '2028-12-31', amountMinor: AMOUNT.T1, riskLevel: 'low' });
    expect(plan.requirements.map((r) => [r.key, r.periodStart, r.periodEnd, r.dueDate])).toEqual([
      ['narrative:4+1:every12:1', '2027-01-01', '2027-12-31', '2028-01-30'],
      ['financial:summary:end', '2027-01-01', '2028-12-31', '2029-03-01'],
      ['narrative:4+1:end', '2027-01-01', '2028-12-31', '2029-03-01'],
    ]);
    expect(plan.instalments).toHaveLength(2);
  });

  it('clamps month ends and counts leap days: a grant from 31 August', () => {
    const plan = planReports(policy, { ...year, startDate: '2027-08-31', endDate: '2028-08-30', amountMinor: AMOUNT.T2, riskLevel: 'high' });
    const quarterly = plan.requirements.filter((r) => r.key.startsWith('financial:quarterly')).map((r) => [r.periodStart, r.periodEnd, r.dueDate]);
    expect(quarterly).toEqual([
      ['2027-08-31', '2027-11-29', '2027-12-29'],
      ['2027-11-30', '2028-02-28', '2028-03-29'],
      ['2028-02-29', '2028-05-30', '2028-06-29'],
    ]);
    // The final report is due 60 days after 30 August 2028.
    expect(plan.requirements.find((r) => r.key === 'narrative:8+3:end')!.dueDate).toBe('2028-10-29');
  });

  it('keeps due dates as days across daylight-saving changes; the deadline is the end of that day where the group is', () => {
    // Kyiv moves its clocks on 28 March 2027: a day still ends at local midnight.
    expect(endOfDayUtc('2027-03-27', 'Europe/Kyiv').toISOString()).toBe('2027-03-27T22:00:00.000Z');
    expect(endOfDayUtc('2027-03-28', 'Europe/Kyiv').toISOString()).toBe('2027-03-28T21:00:00.000Z');
    expect(atLocalTime('2027-10-31', 9, 'Europe/Kyiv').toISOString()).toBe('2027-10-31T07:00:00.000Z');
    expect(atLocalTime('2027-10-30', 9, 'Europe/Kyiv').toISOString()).toBe('2027-10-30T06:00:00.000Z');
  });

  it('sends cluster members to their lead, earlier, with at most the T1 profile; the lead consolidates', () => {
    const member = planReports(policy, { ...year, amountMinor: AMOUNT.T2, riskLevel: 'low', role: 'member' });
    expect(member.requirements.map((r) => [r.key, r.dueDate, r.reviewer])).toEqual([
      ['financial:summary:end', '2028-02-14', 'lead'],
      ['narrative:4+1:end', '2028-02-14', 'lead'],
    ]);
    const lead = planReports(policy, { ...year, amountMinor: AMOUNT.T1, riskLevel: 'low', role: 'lead' });
    expect(lead.requirements.map((r) => [r.kind, r.reviewer])).toEqual([
      ['consolidated', 'officer'],
      ['financial', 'officer'],
    ]);
  });

  it('refuses a period that ends before it starts, and an amount in a currency without a rate', () => {
    expect(() => planReports(policy, { ...year, endDate: '2026-12-31', amountMinor: 1, riskLevel: 'low' })).toThrow('ends before it starts');
    expect(() => planReports(policy, { ...year, currency: 'XAF', amountMinor: 1, riskLevel: 'low' })).toThrow('no USD rate for XAF');
  });

  it('converts other currencies to USD for the tier', () => {
    // KES 1,000,000 at 0.0077 = USD 7,700: tier T1.
    expect(planReports(policy, { ...year, currency: 'KES', amountMinor: 1_000_000_00, riskLevel: 'low' }).tier).toBe('T1');
  });
});

describe('planReports: properties', () => {
  const date = fc.integer({ min: 0, max: 3650 }).map((days) => addDays('2026-01-01', days));
  const grant = fc.record({
    amountMinor: fc.integer({ min: 100_00, max: 2_000_000_00 }),
    riskLevel: fc.constantFrom(...RISK_LEVELS),
    role: fc.constantFrom<GrantRole>('direct', 'lead', 'member'),
    startDate: date,
    lengthDays: fc.integer({ min: 0, max: 5 * 366 }),
    timeZone: fc.constantFrom('Africa/Nairobi', 'Europe/Kyiv', 'America/Bogota', 'Asia/Baghdad', 'Africa/Lubumbashi'),
  });
  const toGrant = (g: { amountMinor: number; riskLevel: RiskLevel; role: GrantRole; startDate: string; lengthDays: number; timeZone: string }): GrantToPlan => ({
    amountMinor: g.amountMinor,
    currency: 'USD',
    riskLevel: g.riskLevel,
    role: g.role,
    startDate: g.startDate,
    endDate: addDays(g.startDate, g.lengthDays),
    timeZone: g.timeZone,
  });

  it('never dates a requirement before the start, always has a final one, and pays the whole amount', () => {
    fc.assert(
      fc.property(grant, (g) => {
        const input = toGrant(g);
        const plan = planReports(policy, input);
        expect(plan.requirements.every((r) => r.dueDate >= input.startDate)).toBe(true);
        expect(plan.requirements.some((r) => r.key.endsWith(':end'))).toBe(true);
        expect(plan.instalments.reduce((sum, i) => sum + i.amountMinor, 0)).toBe(input.amountMinor);
        expect(new Set(plan.requirements.map((r) => r.key)).size).toBe(plan.requirements.length);
      }),
    );
  });

  it('is monotone: a larger or riskier grant of the same length never owes fewer requirements', () => {
    fc.assert(
      fc.property(grant, fc.integer({ min: 0, max: 2_000_000_00 }), fc.constantFrom(...RISK_LEVELS), (g, more, riskier) => {
        const input = toGrant(g);
        const base = planReports(policy, input).requirements.length;
        const larger = planReports(policy, { ...input, amountMinor: input.amountMinor + more }).requirements.length;
        expect(larger).toBeGreaterThanOrEqual(base);
        if (RISK_LEVELS.indexOf(riskier) >= RISK_LEVELS.indexOf(input.riskLevel)) {
          expect(planReports(policy, { ...input, riskLevel: riskier }).requirements.length).toBeGreaterThanOrEqual(base);
        }
      }),
    );
  });

  it('keeps every 12-month grantee grant of the default policy under the burden cap', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TIER_CODES), fc.constantFrom(...RISK_LEVELS), fc.constantFrom<GrantRole>('direct', 'member'), fc.integer({ min: 0, max: 1_000_000_00 }), (tier, riskLevel, role, extra) => {
        const floor = Math.max(policy.tiers.find((t) => t.code === tier)!.minUsdMinor, policy.burden.smallestGrantUsdMinor);
        const plan = planReports(policy, { ...year, amountMinor: floor + extra, riskLevel, role });
        expect(plan.burden.percentOfGrant).toBeLessThan(policy.burden.maxPercent);
      }),
    );
  });

  it('the default policy passes its own checks', () => {
    expect(policyProblems(policy)).toEqual([]);
  });
});

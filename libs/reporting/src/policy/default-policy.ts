import { PolicyCell, ReportingPolicyDocument, RequirementRule } from './reporting-policy.types';

const end = { at: 'end' } as const;
const every = (months: number) => ({ at: 'every', months }) as const;
const narrative = (profile: RequirementRule['profile'], schedule: RequirementRule['schedule'] = end): RequirementRule => ({ kind: 'narrative', profile, schedule });
const financial = (profile: RequirementRule['profile'], schedule: RequirementRule['schedule'] = end): RequirementRule => ({ kind: 'financial', profile, schedule });
const checkIn = (schedule: RequirementRule['schedule']): RequirementRule => ({ kind: 'check_in', profile: 'call', schedule });
const visits = (count: number): RequirementRule => ({ kind: 'visit', profile: 'on_site', schedule: { at: 'perYear', count } });
const withInstalments = financial('interim', { at: 'instalment' });
const cell = (instalments: number, ...requirements: RequirementRule[]): PolicyCell => ({ instalments, requirements });

/**
 * The default table of PRODUCT.md ("Proportionate reporting"), read for a 12-month grant; longer
 * grants repeat the periodic items (annual for low risk, six-monthly or quarterly as the cell says)
 * and get one more instalment per extra year. Hours are our estimates of a small group's time
 * (research/proportionate-reporting.md §3: reporting should cost under 10% of a small grant).
 */
const T2 = {
  low: cell(2, narrative('8+3'), financial('detailed'), narrative('5+1', every(12)), withInstalments),
  medium: cell(3, narrative('8+3'), financial('detailed'), narrative('5+1', every(6)), withInstalments, visits(1)),
  high: cell(3, narrative('8+3'), financial('detailed'), narrative('5+1', every(6)), financial('quarterly', every(3)), visits(2)),
};
const audit: RequirementRule = { kind: 'audit', profile: 'external', schedule: end };

export const DEFAULT_REPORTING_POLICY: ReportingPolicyDocument = {
  defaultRiskLevel: 'medium',
  tiers: [
    { code: 'T0', minUsdMinor: 0, maxUsdMinor: 5_000_00 },
    { code: 'T1', minUsdMinor: 5_000_00, maxUsdMinor: 25_000_00 },
    { code: 'T2', minUsdMinor: 25_000_00, maxUsdMinor: 100_000_00 },
    { code: 'T3', minUsdMinor: 100_000_00, maxUsdMinor: null },
  ],
  cells: {
    T0: {
      low: cell(1, narrative('3+0'), narrative('3+0', every(12))),
      medium: cell(1, narrative('3+0'), financial('expense_list'), narrative('3+0', every(12))),
      high: cell(2, narrative('4+1'), financial('expense_list'), checkIn(every(6))),
    },
    T1: {
      low: cell(1, narrative('4+1'), financial('summary'), narrative('4+1', every(12))),
      medium: cell(2, narrative('5+1'), financial('summary'), checkIn(every(6)), narrative('5+1', every(12))),
      high: cell(3, narrative('8+0'), financial('detailed'), narrative('5+1', every(6)), withInstalments),
    },
    T2,
    T3: {
      low: { ...T2.low, requirements: [...T2.low.requirements, audit] },
      medium: { ...T2.medium, requirements: [...T2.medium.requirements, audit] },
      high: { ...T2.high, requirements: [...T2.high.requirements, audit] },
    },
  },
  periodMonths: { low: 12, medium: 6, high: 3 },
  finalDueDays: 60,
  periodicDueDays: 30,
  memberLeadDays: 15,
  firstInstalmentWorkingDays: 10,
  nextInstalmentSpentPercent: 70,
  reallocationTolerancePercent: 20,
  reminderOffsetsDays: [-14, -3, 0, 7],
  escalateAfterDays: 7,
  burden: {
    maxPercent: 10,
    warnPercent: 5,
    hourlyRateUsdMinor: 6_00,
    smallestGrantUsdMinor: 500_00,
    hours: {
      narrative: { '3+0': 2, '4+1': 4, '5+1': 5, '8+0': 8, '8+3': 12 },
      consolidated: { '3+0': 4, '4+1': 6, '5+1': 8, '8+0': 12, '8+3': 16 },
      financial: { expense_list: 1.5, summary: 3, interim: 4, quarterly: 4, detailed: 8 },
      check_in: { call: 1.5 },
      visit: { on_site: 4 },
      audit: { external: 24 },
    },
  },
  usdRates: { EUR: 1.08, GBP: 1.27, KES: 0.0077, COP: 0.00025, IQD: 0.00076, UAH: 0.024, CDF: 0.00035 },
};

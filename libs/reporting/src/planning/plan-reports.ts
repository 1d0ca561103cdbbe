import { PolicyCell, ReportingPolicyDocument, RequirementKind, RequirementProfile, RequirementRule, RiskLevel, TierCode, TIER_CODES } from '../policy/reporting-policy.types';
import { addDays, addMonths, addWorkingDays, CivilDate, daysBetween, monthsCovered } from './civil-date';

/** Where the grant sits: a direct grant, a cluster's lead agreement, or a member's sub-grant. */
export type GrantRole = 'direct' | 'lead' | 'member';

export interface GrantToPlan {
  amountMinor: number;
  currency: string;
  riskLevel: RiskLevel;
  role: GrantRole;
  startDate: CivilDate;
  /** The last day of the grant. */
  endDate: CivilDate;
  timeZone: string;
}

export interface PlannedRequirement {
  /** Stable across re-plans of the same grant: how an extension finds what it moves. */
  key: string;
  kind: RequirementKind;
  profile: RequirementProfile;
  periodStart: CivilDate;
  periodEnd: CivilDate;
  dueDate: CivilDate;
  /** Who accepts it: the lead partner for cluster members, the officer otherwise. */
  reviewer: 'lead' | 'officer';
}

export interface PlannedInstalment {
  number: number;
  dueDate: CivilDate;
  amountMinor: number;
}

export interface Burden {
  hours: number;
  costUsdMinor: number;
  percentOfGrant: number;
  level: 'ok' | 'warning' | 'over';
}

export interface ReportingPlan {
  tier: TierCode;
  requirements: PlannedRequirement[];
  instalments: PlannedInstalment[];
  burden: Burden;
}

export class PlanningError extends Error {
  constructor(
    readonly code: 'RATE_MISSING' | 'INVALID_PERIOD',
    message: string,
  ) {
    super(message);
  }
}

export function toUsdMinor(policy: ReportingPolicyDocument, amountMinor: number, currency: string): number {
  if (currency === 'USD') return amountMinor;
  const rate = policy.usdRates[currency];
  if (!(rate > 0)) throw new PlanningError('RATE_MISSING', `The policy has no USD rate for ${currency}`);
  return Math.round(amountMinor * rate);
}

export function tierOf(policy: ReportingPolicyDocument, usdMinor: number): TierCode {
  const tier = policy.tiers.find((t) => usdMinor >= t.minUsdMinor && (t.maxUsdMinor === null || usdMinor < t.maxUsdMinor));
  return (tier ?? policy.tiers[policy.tiers.length - 1]).code;
}

/** Members of a cluster are small: they report with the T0/T1 profiles, whatever their amount. */
function cellFor(policy: ReportingPolicyDocument, tier: TierCode, risk: RiskLevel, role: GrantRole): PolicyCell {
  const capped = role === 'member' && TIER_CODES.indexOf(tier) > 1 ? 'T1' : tier;
  return policy.cells[capped][risk];
}

/** The hours a requirement is estimated to take the grantee. */
export const hoursFor = (policy: ReportingPolicyDocument, kind: RequirementKind, profile: RequirementProfile): number => policy.burden.hours[kind]?.[profile] ?? 0;

export function burdenOf(policy: ReportingPolicyDocument, requirements: Pick<PlannedRequirement, 'kind' | 'profile'>[], amountUsdMinor: number): Burden {
  const hours = requirements.reduce((sum, r) => sum + hoursFor(policy, r.kind, r.profile), 0);
  const costUsdMinor = Math.round(hours * policy.burden.hourlyRateUsdMinor);
  const percentOfGrant = amountUsdMinor > 0 ? Math.round((costUsdMinor / amountUsdMinor) * 10_000) / 100 : Infinity;
  const level = percentOfGrant >= policy.burden.maxPercent ? 'over' : percentOfGrant >= policy.burden.warnPercent ? 'warning' : 'ok';
  return { hours, costUsdMinor, percentOfGrant, level };
}

/**
 * What a grant owes and when, under a policy: requirements with due dates (calendar days in the
 * organisation's time zone), instalments, and the estimated burden. Pure and deterministic.
 */
export function planReports(policy: ReportingPolicyDocument, grant: GrantToPlan): ReportingPlan {
  if (daysBetween(grant.startDate, grant.endDate) < 0) throw new PlanningError('INVALID_PERIOD', 'The grant ends before it starts');
  const amountUsdMinor = toUsdMinor(policy, grant.amountMinor, grant.currency);
  const tier = tierOf(policy, amountUsdMinor);
  const cell = cellFor(policy, tier, grant.riskLevel, grant.role);
  const months = monthsCovered(grant.startDate, grant.endDate);
  // A grant shorter than one period of its risk level gets only its final requirements, paid at once.
  const short = months < policy.periodMonths[grant.riskLevel] - 1e-9;
  const extraYears = Math.max(0, Math.ceil(months / 12 - 1e-9) - 1);
  const instalmentCount = short ? 1 : cell.instalments + extraYears;
  const instalmentDates = instalmentSchedule(policy, grant, instalmentCount);
  const rules = short ? cell.requirements.filter((r) => r.schedule.at === 'end') : cell.requirements;
  const requirements = rules
    .flatMap((rule) => place(policy, grant, rule, months, instalmentDates))
    .map((requirement) => adjustForRole(policy, grant.role, requirement))
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.key.localeCompare(b.key));
  return {
    tier,
    requirements,
    instalments: splitAmount(grant.amountMinor, instalmentDates),
    burden: burdenOf(policy, requirements, amountUsdMinor),
  };
}

function instalmentSchedule(policy: ReportingPolicyDocument, grant: GrantToPlan, count: number): CivilDate[] {
  const days = daysBetween(grant.startDate, grant.endDate) + 1;
  return Array.from({ length: count }, (_, index) =>
    index === 0 ? addWorkingDays(grant.startDate, policy.firstInstalmentWorkingDays) : addDays(grant.startDate, Math.round((days * index) / count)),
  );
}

/** Equal shares in minor units; the first carries the remainder so the total is exact. */
function splitAmount(amountMinor: number, dates: CivilDate[]): PlannedInstalment[] {
  const share = Math.floor(amountMinor / dates.length);
  return dates.map((dueDate, index) => ({ number: index + 1, dueDate, amountMinor: index === 0 ? amountMinor - share * (dates.length - 1) : share }));
}

type Placed = Omit<PlannedRequirement, 'reviewer'>;

function place(policy: ReportingPolicyDocument, grant: GrantToPlan, rule: RequirementRule, months: number, instalments: CivilDate[]): Placed[] {
  const base = `${rule.kind}:${rule.profile}`;
  const isAppointment = rule.kind === 'check_in' || rule.kind === 'visit';
  const schedule = rule.schedule;
  switch (schedule.at) {
    case 'end':
      return [{ key: `${base}:end`, kind: rule.kind, profile: rule.profile, periodStart: grant.startDate, periodEnd: grant.endDate, dueDate: addDays(grant.endDate, policy.finalDueDays) }];
    case 'every': {
      const placed: Placed[] = [];
      for (let k = 1; ; k++) {
        const boundary = addMonths(grant.startDate, k * schedule.months);
        if (daysBetween(boundary, grant.endDate) < 0) break;
        const periodEnd = addDays(boundary, -1);
        placed.push({
          key: `${base}:every${schedule.months}:${k}`,
          kind: rule.kind,
          profile: rule.profile,
          periodStart: addMonths(grant.startDate, (k - 1) * schedule.months),
          periodEnd,
          // A call or visit happens at the boundary; a report covers the period just ended.
          dueDate: isAppointment ? boundary : addDays(periodEnd, policy.periodicDueDays),
        });
      }
      return placed;
    }
    case 'perYear': {
      const total = schedule.count * Math.max(1, Math.ceil(months / 12 - 1e-9));
      const days = daysBetween(grant.startDate, grant.endDate) + 1;
      return Array.from({ length: total }, (_, index) => {
        const date = addDays(grant.startDate, Math.round((days * (index + 1)) / (total + 1)));
        return { key: `${base}:perYear:${index + 1}`, kind: rule.kind, profile: rule.profile, periodStart: grant.startDate, periodEnd: grant.endDate, dueDate: date };
      });
    }
    case 'instalment':
      // The report that goes with each request for an instalment after the first.
      return instalments.slice(1).map((date, index) => ({
        key: `${base}:instalment:${index + 2}`,
        kind: rule.kind,
        profile: rule.profile,
        periodStart: index === 0 ? grant.startDate : instalments[index],
        periodEnd: addDays(date, -1),
        dueDate: date,
      }));
  }
}

/**
 * Members report to their lead a little before the lead's consolidated report is due; the lead's
 * narrative reports are consolidated ones.
 */
function adjustForRole(policy: ReportingPolicyDocument, role: GrantRole, requirement: Placed): PlannedRequirement {
  if (role === 'member') {
    const isReport = requirement.kind !== 'check_in' && requirement.kind !== 'visit';
    return { ...requirement, dueDate: isReport ? addDays(requirement.dueDate, -policy.memberLeadDays) : requirement.dueDate, reviewer: 'lead' };
  }
  if (role === 'lead' && requirement.kind === 'narrative') {
    return { ...requirement, kind: 'consolidated', key: requirement.key.replace(/^narrative/, 'consolidated'), reviewer: 'officer' };
  }
  return { ...requirement, reviewer: 'officer' };
}

import { burdenOf, GrantRole, planReports } from '../planning/plan-reports';
import { ReportingPolicyDocument, RISK_LEVELS, RiskLevel, TIER_CODES, TierCode } from './reporting-policy.types';

export interface PolicyProblem {
  field: string;
  message: string;
}

export interface BurdenFigure {
  tier: TierCode;
  riskLevel: RiskLevel;
  role: GrantRole;
  amountUsdMinor: number;
  hours: number;
  percentOfGrant: number;
  level: 'ok' | 'warning' | 'over';
}

/** The 12-month reference grant the burden check plans for each cell: the tier's smallest amount. */
const REFERENCE_PERIOD = { startDate: '2027-01-01', endDate: '2027-12-31', timeZone: 'UTC' };

/**
 * The burden of every cell, for its smallest grant over 12 months: what the grantee's time would
 * cost, against the grant. A policy with any cell at or over the cap is refused.
 */
export function burdenTable(policy: ReportingPolicyDocument): BurdenFigure[] {
  return policy.tiers.flatMap((tier) =>
    RISK_LEVELS.flatMap((riskLevel) =>
      (['direct', 'member', 'lead'] as GrantRole[]).map((role) => {
        const amountUsdMinor = Math.max(tier.minUsdMinor, policy.burden.smallestGrantUsdMinor);
        const plan = planReports(policy, { ...REFERENCE_PERIOD, amountMinor: amountUsdMinor, currency: 'USD', riskLevel, role });
        const burden = burdenOf(policy, plan.requirements, amountUsdMinor);
        return { tier: tier.code, riskLevel, role, amountUsdMinor, hours: burden.hours, percentOfGrant: burden.percentOfGrant, level: burden.level };
      }),
    ),
  );
}

/** Everything wrong with a policy document, each naming its field; empty when it may be saved. */
export function policyProblems(policy: ReportingPolicyDocument): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const codes = policy.tiers.map((t) => t.code);
  if (codes.join() !== TIER_CODES.join()) problems.push({ field: 'tiers', message: `tiers must be ${TIER_CODES.join(', ')} in that order` });
  policy.tiers.forEach((tier, index) => {
    const expectedMin = index === 0 ? 0 : policy.tiers[index - 1].maxUsdMinor;
    if (tier.minUsdMinor !== expectedMin) problems.push({ field: `tiers.${index}.minUsdMinor`, message: 'tiers must follow each other without gaps, from 0' });
    const last = index === policy.tiers.length - 1;
    if (last !== (tier.maxUsdMinor === null)) problems.push({ field: `tiers.${index}.maxUsdMinor`, message: 'only the last tier is open-ended' });
    if (tier.maxUsdMinor !== null && tier.maxUsdMinor <= tier.minUsdMinor) problems.push({ field: `tiers.${index}.maxUsdMinor`, message: 'must be above the minimum' });
  });
  for (const tier of TIER_CODES) {
    for (const risk of RISK_LEVELS) {
      const cell = policy.cells[tier]?.[risk];
      const field = `cells.${tier}.${risk}`;
      if (!cell) {
        problems.push({ field, message: 'missing' });
        continue;
      }
      if (!cell.requirements.some((r) => r.schedule.at === 'end')) problems.push({ field, message: 'every cell needs at least one final requirement' });
      cell.requirements.forEach((rule, index) => {
        if (policy.burden.hours[rule.kind]?.[rule.profile] === undefined) {
          problems.push({ field: `${field}.requirements.${index}`, message: `no estimated hours for ${rule.kind} ${rule.profile} (burden.hours)` });
        }
        const lead = rule.kind === 'narrative' ? policy.burden.hours.consolidated?.[rule.profile] : 0;
        if (lead === undefined) problems.push({ field: `${field}.requirements.${index}`, message: `no estimated hours for consolidated ${rule.profile} (burden.hours)` });
      });
    }
  }
  const offsets = policy.reminderOffsetsDays;
  if (offsets.some((offset, index) => index > 0 && offset <= offsets[index - 1])) problems.push({ field: 'reminderOffsetsDays', message: 'must be in increasing order, without repeats' });
  if (!offsets.includes(policy.escalateAfterDays)) problems.push({ field: 'escalateAfterDays', message: 'must be one of the reminder offsets (the reminder that escalates)' });
  if (policy.escalateAfterDays <= 0) problems.push({ field: 'escalateAfterDays', message: 'escalation comes after the due date (a positive number of days)' });
  if (policy.burden.warnPercent >= policy.burden.maxPercent) problems.push({ field: 'burden.warnPercent', message: 'must be below burden.maxPercent' });
  if (problems.length) return problems;

  // Leads consolidate on their members' behalf and are paid a fee for it: the cap protects grantees.
  for (const figure of burdenTable(policy).filter((f) => f.role !== 'lead')) {
    if (figure.level === 'over') {
      problems.push({
        field: `cells.${figure.tier}.${figure.riskLevel}`,
        message: `a ${figure.role} grant of USD ${(figure.amountUsdMinor / 100).toFixed(0)} over 12 months would cost ${figure.hours} hours, ${figure.percentOfGrant}% of the grant (the cap is ${policy.burden.maxPercent}%)`,
      });
    }
  }
  return problems;
}

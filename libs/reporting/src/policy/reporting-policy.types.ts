/** Proportionate reporting as data: what each grant owes, by tier, risk and place in a cluster. */
export type RiskLevel = 'low' | 'medium' | 'high';
export const RISK_LEVELS: RiskLevel[] = ['low', 'medium', 'high'];

export type TierCode = 'T0' | 'T1' | 'T2' | 'T3';
export const TIER_CODES: TierCode[] = ['T0', 'T1', 'T2', 'T3'];

export type RequirementKind = 'narrative' | 'financial' | 'check_in' | 'visit' | 'audit' | 'consolidated';

/** Narrative profiles: subsets of the Grand Bargain "8+3" template (core questions + optional ones). */
export type NarrativeProfile = '3+0' | '4+1' | '5+1' | '8+0' | '8+3';
export type FinancialProfile = 'expense_list' | 'summary' | 'interim' | 'quarterly' | 'detailed';
export type RequirementProfile = NarrativeProfile | FinancialProfile | 'call' | 'remote' | 'on_site' | 'external';

/**
 * When an item falls due:
 * - end: after the grant ends (final reports, audit);
 * - every: at each boundary of a period of this many months strictly inside the grant;
 * - perYear: this many times per started year, spread evenly (visits);
 * - instalment: with each request for an instalment after the first.
 */
export type Schedule = { at: 'end' } | { at: 'every'; months: number } | { at: 'perYear'; count: number } | { at: 'instalment' };

export interface RequirementRule {
  kind: RequirementKind;
  profile: RequirementProfile;
  schedule: Schedule;
}

/** One cell of the table: what a 12-month grant of this tier and risk owes, and how it scales. */
export interface PolicyCell {
  instalments: number;
  requirements: RequirementRule[];
}

export interface PolicyTier {
  code: TierCode;
  /** Inclusive lower bound, USD cents. */
  minUsdMinor: number;
  /** Exclusive upper bound, USD cents; null for the last tier. */
  maxUsdMinor: number | null;
}

export interface ReportingPolicyDocument {
  tiers: PolicyTier[];
  /** Until an organisation has a validated capacity assessment (the mentoring tracker), its risk is this. */
  defaultRiskLevel: RiskLevel;
  /** The table: tier x risk. Cluster members use their tier's cell (at most T1) and report to the lead. */
  cells: Record<TierCode, Record<RiskLevel, PolicyCell>>;
  /** A grant shorter than this (months, by risk) gets only its final requirements and one instalment. */
  periodMonths: Record<RiskLevel, number>;
  finalDueDays: number;
  periodicDueDays: number;
  /** Members' reports fall due this many days before the lead's consolidated report. */
  memberLeadDays: number;
  /** The first instalment is due this many working days after activation. */
  firstInstalmentWorkingDays: number;
  /** The next instalment may be requested once this share of the previous one is reported spent. */
  nextInstalmentSpentPercent: number;
  /** Spend may move between budget lines by up to this share of a line without approval. */
  reallocationTolerancePercent: number;
  /** Days relative to the due date; the last positive one escalates. */
  reminderOffsetsDays: number[];
  escalateAfterDays: number;
  burden: BurdenSettings;
  /** USD per unit of other currencies, for tiers and the burden check. */
  usdRates: Record<string, number>;
}

export interface BurdenSettings {
  /** A policy whose grants would cost the grantee more than this share of the grant is refused. */
  maxPercent: number;
  warnPercent: number;
  /** The grantee's time, valued at a local hourly rate (USD cents). */
  hourlyRateUsdMinor: number;
  /** Estimated hours per requirement, by kind and profile. */
  hours: Partial<Record<RequirementKind, Partial<Record<RequirementProfile, number>>>>;
  /** The smallest grant the burden check considers for the first tier (USD cents). */
  smallestGrantUsdMinor: number;
}

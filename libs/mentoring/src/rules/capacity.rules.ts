import { CapacityFramework, Domain, DomainCode, Maturity } from '../frameworks/framework.types';

/** One indicator's rating: the organisation's own, and the mentor's validated value where given. */
export interface Rating {
  indicator: string;
  selfValue: string | null;
  mentorValue: string | null;
}

export type PseaBand = 'low' | 'medium' | 'full';
export type RiskLevel = 'low' | 'medium' | 'high';

/**
 * The funder-editable thresholds behind risk and lead-partner eligibility. Defaults follow the
 * research (capacity-frameworks.md §8): full safeguarding capacity with no standard absent, key
 * governance and finance indicators at "expanding" or better, data protection likewise, and an
 * audit or independent review.
 */
export interface CapacityRules {
  lowRisk: { pseaBand: PseaBand; minDomainLevel: Maturity; domains: DomainCode[] };
  highRisk: { pseaBands: PseaBand[]; keyIndicatorAtMost: Maturity };
  leadPartner: {
    pseaBand: PseaBand;
    noPseaAbsent: boolean;
    keyIndicatorsMin: Partial<Record<DomainCode, Maturity>>;
    domainMin: Partial<Record<DomainCode, Maturity>>;
    auditIndicator: string;
    auditMin: Maturity;
  };
}

export const DEFAULT_CAPACITY_RULES: CapacityRules = {
  lowRisk: { pseaBand: 'full', minDomainLevel: 3, domains: ['data-protection', 'governance', 'financial-management'] },
  highRisk: { pseaBands: ['low'], keyIndicatorAtMost: 1 },
  leadPartner: {
    pseaBand: 'full',
    noPseaAbsent: true,
    keyIndicatorsMin: { governance: 3, 'financial-management': 3 },
    domainMin: { 'data-protection': 3 },
    auditIndicator: 'FIN7',
    auditMin: 3,
  },
};

/** The value that counts: the mentor's once she has validated, the organisation's own until then. */
export const effectiveValue = (rating: Rating): string | null => rating.mentorValue ?? rating.selfValue;

function levelOf(framework: CapacityFramework, domain: Domain, value: string | null) {
  const scale = framework.scales.find((s) => s.code === domain.scale);
  return scale?.levels.find((l) => l.value === value) ?? null;
}

export interface DomainScore {
  domain: DomainCode;
  rated: number;
  total: number;
  /** Mean maturity of the rated indicators, one decimal; null before any rating. */
  maturity: number | null;
  /** The whole level reached (the mean rounded down). */
  level: Maturity | null;
  /** Sum of external points and its band, for domains with a banding (PSEA). */
  points?: number;
  band?: PseaBand | null;
}

/** Each domain's maturity from the ratings, and the PSEA band where the domain has one. */
export function domainScores(framework: CapacityFramework, ratings: Rating[]): DomainScore[] {
  const byIndicator = new Map(ratings.map((r) => [r.indicator, r]));
  return framework.domains.map((domain) => {
    const levels = domain.indicators.map((indicator) => levelOf(framework, domain, effectiveValue(byIndicator.get(indicator.code) ?? { indicator: indicator.code, selfValue: null, mentorValue: null })));
    const rated = levels.filter((l): l is NonNullable<typeof l> => l !== null);
    const maturity = rated.length ? Math.round((rated.reduce((sum, l) => sum + l.maturity, 0) / rated.length) * 10) / 10 : null;
    const score: DomainScore = { domain: domain.code, rated: rated.length, total: domain.indicators.length, maturity, level: maturity === null ? null : (Math.floor(maturity) as Maturity) };
    if (domain.banding) {
      const points = rated.reduce((sum, l) => sum + (l.points ?? 0), 0);
      // A band needs every standard rated (as UNICEF computes it).
      const band = rated.length === domain.indicators.length ? (domain.banding.bands.find((b) => points >= b.min && (b.max === null || points <= b.max))?.code ?? null) : null;
      Object.assign(score, { points, band });
    }
    return score;
  });
}

function indicatorLevel(framework: CapacityFramework, ratings: Map<string, Rating>, domainCode: DomainCode, code: string): Maturity | null {
  const domain = framework.domains.find((d) => d.code === domainCode)!;
  return levelOf(framework, domain, effectiveValue(ratings.get(code) ?? { indicator: code, selfValue: null, mentorValue: null }))?.maturity ?? null;
}

/** Risk from capacity: low when safeguarding is full and the core domains are established; high when safeguarding is low or a key indicator is nascent. */
export function riskLevelFrom(framework: CapacityFramework, ratings: Rating[], rules: CapacityRules = DEFAULT_CAPACITY_RULES): RiskLevel {
  const scores = domainScores(framework, ratings);
  const byIndicator = new Map(ratings.map((r) => [r.indicator, r]));
  const psea = scores.find((s) => s.domain === 'safeguarding-psea');
  const keyLevels = framework.domains.flatMap((d) => d.indicators.filter((i) => i.key).map((i) => indicatorLevel(framework, byIndicator, d.code, i.code)));
  if ((psea?.band && rules.highRisk.pseaBands.includes(psea.band)) || keyLevels.some((level) => level !== null && level <= rules.highRisk.keyIndicatorAtMost)) return 'high';
  const established = rules.lowRisk.domains.every((code) => (scores.find((s) => s.domain === code)?.level ?? 0) >= rules.lowRisk.minDomainLevel);
  if (psea?.band === rules.lowRisk.pseaBand && established) return 'low';
  return 'medium';
}

export interface UnmetCondition {
  domain: DomainCode;
  indicator?: string;
  condition: 'psea-band' | 'psea-absent' | 'key-indicator' | 'domain-level' | 'audit';
  need: string;
  have: string;
}

/** Whether an organisation may lead a cluster, and every condition it does not meet yet (so the plan can target them). */
export function leadEligibility(framework: CapacityFramework, ratings: Rating[], rules: CapacityRules = DEFAULT_CAPACITY_RULES): { eligible: boolean; unmet: UnmetCondition[] } {
  const scores = domainScores(framework, ratings);
  const byIndicator = new Map(ratings.map((r) => [r.indicator, r]));
  const unmet: UnmetCondition[] = [];
  const lead = rules.leadPartner;
  const psea = scores.find((s) => s.domain === 'safeguarding-psea');
  if (psea?.band !== lead.pseaBand) unmet.push({ domain: 'safeguarding-psea', condition: 'psea-band', need: lead.pseaBand, have: psea?.band ?? 'not rated' });
  if (lead.noPseaAbsent) {
    const domain = framework.domains.find((d) => d.code === 'safeguarding-psea');
    for (const indicator of domain?.indicators ?? []) {
      if (effectiveValue(byIndicator.get(indicator.code) ?? { indicator: indicator.code, selfValue: null, mentorValue: null }) === 'absent') {
        unmet.push({ domain: 'safeguarding-psea', indicator: indicator.code, condition: 'psea-absent', need: 'progressing or adequate', have: 'absent' });
      }
    }
  }
  for (const [code, min] of Object.entries(lead.keyIndicatorsMin) as [DomainCode, Maturity][]) {
    const domain = framework.domains.find((d) => d.code === code);
    for (const indicator of domain?.indicators.filter((i) => i.key) ?? []) {
      const level = indicatorLevel(framework, byIndicator, code, indicator.code);
      if (level === null || level < min) unmet.push({ domain: code, indicator: indicator.code, condition: 'key-indicator', need: `${min}`, have: level === null ? 'not rated' : `${level}` });
    }
  }
  for (const [code, min] of Object.entries(lead.domainMin) as [DomainCode, Maturity][]) {
    const level = scores.find((s) => s.domain === code)?.level ?? null;
    if (level === null || level < min) unmet.push({ domain: code, condition: 'domain-level', need: `${min}`, have: level === null ? 'not rated' : `${level}` });
  }
  const audit = indicatorLevel(framework, byIndicator, 'financial-management', lead.auditIndicator);
  if (audit === null || audit < lead.auditMin) unmet.push({ domain: 'financial-management', indicator: lead.auditIndicator, condition: 'audit', need: `${lead.auditMin}`, have: audit === null ? 'not rated' : `${audit}` });
  // The same indicator may fail two ways (key and audit): say it once per condition.
  return { eligible: unmet.length === 0, unmet };
}

/** The domains that say how much oversight a member needs (exit planning does not). */
const OVERSIGHT_DOMAINS: DomainCode[] = ['safeguarding-psea', 'data-protection', 'governance', 'financial-management'];

/** One overall maturity for clustering: the mean of the core domains, rounded; null before any is rated. */
export function overallMaturity(scores: DomainScore[]): Maturity | null {
  const rated = scores.filter((s) => OVERSIGHT_DOMAINS.includes(s.domain) && s.maturity !== null).map((s) => s.maturity!);
  if (!rated.length) return null;
  return Math.min(4, Math.max(1, Math.round(rated.reduce((sum, m) => sum + m, 0) / rated.length))) as Maturity;
}

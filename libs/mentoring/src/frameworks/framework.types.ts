/** Capacity frameworks as data: domains, indicators, rating scales and their mapping to one maturity scale. */
export const LANGUAGES = ['en', 'fr', 'es', 'ar', 'uk', 'sw'] as const;
export type Translations = Record<(typeof LANGUAGES)[number], string>;

export type DomainCode = 'safeguarding-psea' | 'data-protection' | 'governance' | 'financial-management' | 'exit-legacy';
export const DOMAIN_CODES: DomainCode[] = ['safeguarding-psea', 'data-protection', 'governance', 'financial-management', 'exit-legacy'];

/** Mosaic's one internal maturity scale (after SCAT): 1 nascent, 2 emerging, 3 expanding, 4 mature. */
export type Maturity = 1 | 2 | 3 | 4;

/** How an indicator is rated: the maturity scale itself, or an external scale mapped onto it. */
export interface RatingScale {
  code: string;
  title: Translations;
  levels: { value: string; label: Translations; maturity: Maturity; points?: number }[];
  /** Where the scale comes from (title and section). */
  source: string;
}

export interface Indicator {
  /** Stable across versions, e.g. "PSEA1", "DP10", "GOV3", "FIN2", "EX9". */
  code: string;
  /** Plain language, our own paraphrase. */
  text: Translations;
  /** What a mentor can look at (documents, practices), one example per entry. */
  evidence: Translations[];
  /** The framework and section it paraphrases. */
  source: string;
  /** Key indicators decide lead-partner eligibility (every key indicator must reach the policy's level). */
  key: boolean;
}

/** A banding of a domain's ratings into an external verdict (UNICEF's PSEA bands: sum over the standards). */
export interface DomainBanding {
  method: 'sum-of-points';
  bands: { min: number; max: number | null; code: 'low' | 'medium' | 'full'; label: Translations }[];
  source: string;
}

export interface Domain {
  code: DomainCode;
  title: Translations;
  /** The scale indicators of this domain are rated on (its levels map onto maturity). */
  scale: string;
  indicators: Indicator[];
  banding?: DomainBanding;
}

export interface CapacityFramework {
  code: string;
  version: number;
  title: Translations;
  maturityLevels: { value: Maturity; label: Translations }[];
  scales: RatingScale[];
  domains: Domain[];
}

export enum CallStatus {
  Draft = 'draft',
  Published = 'published',
  Closed = 'closed',
}

export enum ApplicationStatus {
  Draft = 'draft',
  Submitted = 'submitted',
  InReview = 'in_review',
  Approved = 'approved',
  Declined = 'declined',
  Withdrawn = 'withdrawn',
}

export enum QuestionType {
  ShortText = 'short_text',
  LongText = 'long_text',
  Number = 'number',
  Money = 'money',
  SingleChoice = 'single_choice',
  MultiChoice = 'multi_choice',
  YesNo = 'yes_no',
  Date = 'date',
  File = 'file',
  VoiceNote = 'voice_note',
}

/** Budget categories of the simple budget (PRODUCT.md, applications). */
export const BUDGET_CATEGORIES = [
  'staff',
  'volunteer_costs',
  'travel',
  'mobile_data_communication',
  'survivor_support',
  'core_costs',
] as const;
export type BudgetCategory = (typeof BUDGET_CATEGORIES)[number];

export enum ReviewPanel {
  Staff = 'staff',
  External = 'external',
  SurvivorPanel = 'survivor_panel',
  PeerPanel = 'peer_panel',
}

export type Translations = Record<string, string>;

export interface Tier {
  code: string;
  /** Inclusive lower bound, in USD cents. */
  minUsdMinor: number;
  /** Exclusive upper bound, in USD cents (the last tier's bound is inclusive). */
  maxUsdMinor: number;
}

/** Defaults from the brief: T0 < 5k, T1 5k-25k, T2 25k-100k (USD equivalent). */
export const DEFAULT_TIERS: Tier[] = [
  { code: 'T0', minUsdMinor: 0, maxUsdMinor: 5_000_00 },
  { code: 'T1', minUsdMinor: 5_000_00, maxUsdMinor: 25_000_00 },
  { code: 'T2', minUsdMinor: 25_000_00, maxUsdMinor: 100_000_00 },
];

export interface RubricCriterion {
  key: string;
  weight: number;
  labels: Translations;
}

export const DEFAULT_RUBRIC: RubricCriterion[] = [
  { key: 'relevance', weight: 3, labels: { en: 'Relevance to survivors’ needs', fr: 'Pertinence pour les besoins des survivantes' } },
  { key: 'survivor_voice', weight: 3, labels: { en: 'Survivors shaped the idea', fr: 'Les survivantes ont façonné l’idée' } },
  { key: 'feasibility', weight: 2, labels: { en: 'Feasibility', fr: 'Faisabilité' } },
  { key: 'value', weight: 2, labels: { en: 'Value for money', fr: 'Rapport coût-efficacité' } },
];

export interface BudgetLine {
  category: BudgetCategory;
  amountMinor: number;
  note?: string;
}

export interface Answer {
  value: string | number | boolean | string[] | null;
  /** The language the answer is written in (answers may be in any language). */
  language?: string;
}

/** The call's clustering policy: the terms of the published model a funder may set. */
export interface ClusteringPolicyTerms {
  minClusterTotal: number;
  maxMembersPerCluster: number;
  requireSharedLanguage: boolean;
  requireCountryServed: boolean;
  weights: { distance: number; language: number; theme: number; fee: number };
  unassignedPenalty: number;
}

export const DEFAULT_CLUSTERING_POLICY: ClusteringPolicyTerms = {
  minClusterTotal: 1_500_000,
  maxMembersPerCluster: 30,
  requireSharedLanguage: true,
  requireCountryServed: true,
  weights: { distance: 1, language: 1, theme: 1, fee: 1 },
  unassignedPenalty: 1000,
};

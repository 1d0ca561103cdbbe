import { NarrativeProfile, RequirementKind, RequirementProfile } from '../policy/reporting-policy.types';
import { FinancialLine } from '../entities';

/**
 * The narrative question bank, in the shape of the Grand Bargain "8+3" harmonised template: eight
 * core questions and a menu of optional ones, asked in subsets that grow with the grant. The wording
 * is ours, in plain language (research/proportionate-reporting.md §2: the template's own text was
 * not verified), translated in libs/i18n/locales under reportQuestion.*.
 */
export const CORE_QUESTIONS = ['context', 'progress', 'activities', 'monitoring', 'participation', 'coordination', 'challenges', 'learning'] as const;
export const OPTIONAL_QUESTIONS = ['safeguarding', 'sustainability', 'partnership'] as const;
export type ReportQuestion = (typeof CORE_QUESTIONS)[number] | (typeof OPTIONAL_QUESTIONS)[number];

const SUBSETS: Record<NarrativeProfile, ReportQuestion[]> = {
  '3+0': ['progress', 'activities', 'learning'],
  '4+1': ['context', 'progress', 'activities', 'challenges', 'safeguarding'],
  '5+1': ['context', 'progress', 'activities', 'participation', 'challenges', 'safeguarding'],
  '8+0': [...CORE_QUESTIONS],
  '8+3': [...CORE_QUESTIONS, ...OPTIONAL_QUESTIONS],
};

/** What a report of this kind asks: narrative questions, spend by budget line, people reached. */
export function reportShape(kind: RequirementKind, profile: RequirementProfile) {
  const narrative = kind === 'narrative' || kind === 'consolidated';
  return {
    questions: narrative ? SUBSETS[profile as NarrativeProfile] ?? [] : [],
    financial: kind === 'financial',
    peopleReached: narrative,
    /** Calls, visits and audits are recorded by the reviewer, not written by the grantee. */
    written: narrative || kind === 'financial',
  };
}

export interface LineProblem {
  line: string;
  message: string;
}

/**
 * Spending may move between budget lines without approval up to the tolerance: a line may go over
 * its budget by at most that share of it. Lines never budgeted take nothing.
 */
export function reallocationProblems(lines: FinancialLine[], tolerancePercent: number, formatAmount: (minor: number) => string = String): LineProblem[] {
  return lines.flatMap((line) => {
    const allowed = Math.floor(line.budgetMinor * (1 + tolerancePercent / 100));
    if (line.spentMinor <= allowed) return [];
    const over = line.budgetMinor ? Math.round(((line.spentMinor - line.budgetMinor) / line.budgetMinor) * 100) : Infinity;
    return [
      {
        line: line.category,
        message: `${line.category}: ${formatAmount(line.spentMinor)} spent against ${formatAmount(line.budgetMinor)} budgeted${Number.isFinite(over) ? `, ${over}% over` : ''}; up to ${tolerancePercent}% may move between lines without approval, so ask your officer first`,
      },
    ];
  });
}

/** The next instalment may be asked for once enough of the last one is reported spent. */
export function spentEnough(previousAmountMinor: number, spentMinor: number, thresholdPercent: number): boolean {
  return spentMinor * 100 >= previousAmountMinor * thresholdPercent;
}

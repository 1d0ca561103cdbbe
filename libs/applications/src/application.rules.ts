import { toUsdMinor } from './money.rules';
import { Answer, ApplicationStatus, BudgetLine, QuestionType, Tier } from './vocabulary';

/** What the submission rules need to know of a call. */
export interface CallTerms {
  status: string;
  currency: string;
  budgetMinor: number;
  opensAt: Date;
  closesAt: Date;
  tiers: Tier[];
  usdRates: Record<string, number>;
  eligibleCountries: string[];
  allowUnregistered: boolean;
}

export interface QuestionTerms {
  key: string;
  type: QuestionType;
  required: boolean;
  wordLimit: number | null;
  optionValues: string[];
}

export interface ApplicantTerms {
  country: string;
  registered: boolean;
}

export interface DraftTerms {
  requestedAmountMinor: number | null;
  currency: string;
  answers: Record<string, Answer>;
  budgetLines: BudgetLine[];
}

export interface Problem {
  field: string;
  code: string;
  params?: Record<string, string | number>;
}

/** The tier an amount falls in, by its USD equivalent; null when outside every tier. */
export function tierFor(amountMinor: number, currency: string, call: Pick<CallTerms, 'tiers' | 'usdRates'>): Tier | null {
  const usd = toUsdMinor(amountMinor, currency, call.usdRates);
  if (usd === null || amountMinor <= 0) return null;
  const last = call.tiers[call.tiers.length - 1];
  return call.tiers.find((tier) => usd >= tier.minUsdMinor && (usd < tier.maxUsdMinor || (tier === last && usd === tier.maxUsdMinor))) ?? null;
}

export const wordCount = (text: string) => (text.trim() ? text.trim().split(/\s+/u).length : 0);

const isBlank = (answer: Answer | undefined) =>
  !answer || answer.value === null || answer.value === '' || (Array.isArray(answer.value) && answer.value.length === 0);

/** One answer's problem, if any (shape only; "required" is checked at submission). */
export function answerProblem(question: QuestionTerms, answer: Answer | undefined): Problem | null {
  if (isBlank(answer)) return null;
  const value = answer!.value;
  const field = `answers.${question.key}`;
  switch (question.type) {
    case QuestionType.ShortText:
    case QuestionType.LongText:
      if (typeof value !== 'string') return { field, code: 'ANSWER_NOT_TEXT' };
      if (question.type === QuestionType.ShortText && value.length > 300) return { field, code: 'ANSWER_TOO_LONG', params: { max: 300 } };
      if (question.wordLimit && wordCount(value) > question.wordLimit) {
        return { field, code: 'TOO_MANY_WORDS', params: { max: question.wordLimit, count: wordCount(value) } };
      }
      if (value.length > 20_000) return { field, code: 'ANSWER_TOO_LONG', params: { max: 20_000 } };
      return null;
    case QuestionType.Number:
    case QuestionType.Money:
      return typeof value === 'number' && Number.isFinite(value) && value >= 0 && Number.isInteger(value) ? null : { field, code: 'ANSWER_NOT_A_NUMBER' };
    case QuestionType.YesNo:
      return typeof value === 'boolean' ? null : { field, code: 'ANSWER_NOT_YES_NO' };
    case QuestionType.SingleChoice:
      return typeof value === 'string' && question.optionValues.includes(value) ? null : { field, code: 'ANSWER_NOT_AN_OPTION' };
    case QuestionType.MultiChoice:
      return Array.isArray(value) && value.every((v) => question.optionValues.includes(v)) ? null : { field, code: 'ANSWER_NOT_AN_OPTION' };
    case QuestionType.Date:
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)) ? null : { field, code: 'ANSWER_NOT_A_DATE' };
    case QuestionType.File:
    case QuestionType.VoiceNote:
      // The value is the id of a stored file, checked against the application's files by the service.
      return typeof value === 'string' && /^[0-9a-f-]{36}$/.test(value) ? null : { field, code: 'ANSWER_NOT_A_FILE' };
  }
}

/** Everything that stops a submission; an empty list means it may be submitted. */
export function submissionProblems(
  call: CallTerms,
  questions: QuestionTerms[],
  applicant: ApplicantTerms,
  draft: DraftTerms,
  now: Date,
): Problem[] {
  const problems: Problem[] = [];
  if (call.status !== 'published' || now < call.opensAt) problems.push({ field: 'call', code: 'CALL_NOT_OPEN' });
  else if (now >= call.closesAt) problems.push({ field: 'call', code: 'CALL_CLOSED' });

  if (call.eligibleCountries.length && !call.eligibleCountries.includes(applicant.country)) {
    problems.push({ field: 'organisation.country', code: 'COUNTRY_NOT_ELIGIBLE', params: { country: applicant.country } });
  }
  if (!applicant.registered && !call.allowUnregistered) {
    problems.push({ field: 'organisation.registered', code: 'REGISTRATION_REQUIRED' });
  }

  const amount = draft.requestedAmountMinor;
  if (amount === null || amount <= 0) {
    problems.push({ field: 'requestedAmount', code: 'AMOUNT_MISSING' });
  } else {
    if (draft.currency !== call.currency) problems.push({ field: 'currency', code: 'CURRENCY_MISMATCH', params: { currency: call.currency } });
    if (amount > call.budgetMinor) problems.push({ field: 'requestedAmount', code: 'AMOUNT_OVER_CALL_BUDGET' });
    else if (!tierFor(amount, draft.currency, call)) problems.push({ field: 'requestedAmount', code: 'AMOUNT_OUTSIDE_TIERS' });
    const budgetTotal = draft.budgetLines.reduce((sum, line) => sum + line.amountMinor, 0);
    if (draft.budgetLines.length === 0) problems.push({ field: 'budgetLines', code: 'BUDGET_MISSING' });
    else if (budgetTotal !== amount) {
      problems.push({ field: 'budgetLines', code: 'BUDGET_DOES_NOT_ADD_UP', params: { total: budgetTotal, amount } });
    }
  }

  for (const question of questions) {
    const answer = draft.answers[question.key];
    if (question.required && isBlank(answer)) problems.push({ field: `answers.${question.key}`, code: 'ANSWER_REQUIRED' });
    const shape = answerProblem(question, answer);
    if (shape) problems.push(shape);
  }
  return problems;
}

const TRANSITIONS: Record<ApplicationStatus, ApplicationStatus[]> = {
  [ApplicationStatus.Draft]: [ApplicationStatus.Submitted, ApplicationStatus.Withdrawn],
  [ApplicationStatus.Submitted]: [ApplicationStatus.InReview, ApplicationStatus.Approved, ApplicationStatus.Declined, ApplicationStatus.Withdrawn],
  [ApplicationStatus.InReview]: [ApplicationStatus.Approved, ApplicationStatus.Declined, ApplicationStatus.Withdrawn],
  [ApplicationStatus.Approved]: [ApplicationStatus.Withdrawn],
  [ApplicationStatus.Declined]: [],
  [ApplicationStatus.Withdrawn]: [],
};

export const canMoveTo = (from: ApplicationStatus, to: ApplicationStatus) => TRANSITIONS[from].includes(to);

/** Weighted mean of the reviewers' scores per rubric criterion (1-5), or null with no reviews. */
export function aggregateScore(rubric: { key: string; weight: number }[], reviews: Record<string, number>[]): number | null {
  if (reviews.length === 0) return null;
  const totalWeight = rubric.reduce((sum, c) => sum + c.weight, 0);
  if (totalWeight === 0) return null;
  const perReview = reviews.map((scores) => rubric.reduce((sum, c) => sum + c.weight * (scores[c.key] ?? 0), 0) / totalWeight);
  return Math.round((perReview.reduce((a, b) => a + b, 0) / reviews.length) * 100) / 100;
}

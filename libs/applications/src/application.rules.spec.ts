import fc from 'fast-check';
import { aggregateScore, answerProblem, CallTerms, canMoveTo, QuestionTerms, submissionProblems, tierFor, wordCount } from './application.rules';
import { formatMoney, minorDigits, parseMoney, toUsdMinor } from './money.rules';
import { ApplicationStatus, DEFAULT_TIERS, QuestionType } from './vocabulary';

const NOW = new Date('2027-02-01T12:00:00Z');
const CALL: CallTerms = {
  status: 'published',
  currency: 'USD',
  budgetMinor: 50_000_00,
  opensAt: new Date('2027-01-01T00:00:00Z'),
  closesAt: new Date('2027-03-01T00:00:00Z'),
  tiers: DEFAULT_TIERS,
  usdRates: { EUR: 1.1, KES: 0.0077, JPY: 0.0067 },
  eligibleCountries: ['CD', 'KE'],
  allowUnregistered: true,
};
const text = (key: string, wordLimit: number | null = null, required = true): QuestionTerms => ({ key, type: QuestionType.LongText, required, wordLimit, optionValues: [] });
const QUESTIONS = [text('who_you_are', 80), text('for_whom', 100)];
const COMPLETE = {
  requestedAmountMinor: 3_000_00,
  currency: 'USD',
  answers: { who_you_are: { value: 'Eight volunteers.' }, for_whom: { value: 'Forty women.' } },
  budgetLines: [{ category: 'travel' as const, amountMinor: 1_000_00 }, { category: 'core_costs' as const, amountMinor: 2_000_00 }],
};
const codes = (problems: { field: string; code: string }[]) => problems.map((p) => `${p.field}:${p.code}`);

describe(tierFor.name, () => {
  it.each([
    [1, 'USD', 'T0'],
    [4_999_99, 'USD', 'T0'],
    [5_000_00, 'USD', 'T1'],
    [24_999_99, 'USD', 'T1'],
    [25_000_00, 'USD', 'T2'],
    [100_000_00, 'USD', 'T2'],
    [100_000_01, 'USD', null],
    [0, 'USD', null],
    // 4,545.45 EUR x 1.1 = 4,999.99 USD: still micro; 4,545.46 EUR crosses to small.
    [4_545_45, 'EUR', 'T0'],
    [4_545_46, 'EUR', 'T1'],
    // Kenyan shillings: 600,000 KES x 0.0077 = 4,620 USD.
    [600_000_00, 'KES', 'T0'],
    // Yen has no minor unit: 1,000,000 JPY x 0.0067 = 6,700 USD.
    [1_000_000, 'JPY', 'T1'],
    [1_000_00, 'GBP', null],
  ])('%i %s is %s', (amount, currency, tier) => {
    expect(tierFor(amount, currency, CALL)?.code ?? null).toBe(tier);
  });

  it('never places a larger amount in a lower tier (property)', () => {
    const order = (code: string | undefined) => (code ? Number(code.slice(1)) : 99);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000_00 }), fc.integer({ min: 1, max: 100_000_00 }), (a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        expect(order(tierFor(low, 'USD', CALL)?.code)).toBeLessThanOrEqual(order(tierFor(high, 'USD', CALL)?.code));
      }),
    );
  });
});

describe(submissionProblems.name, () => {
  const applicant = { country: 'CD', registered: false };

  it('has none for a complete, eligible application in the window', () => {
    expect(submissionProblems(CALL, QUESTIONS, applicant, COMPLETE, NOW)).toEqual([]);
  });

  it.each([
    ['before the window', { now: new Date('2026-12-31T23:59:59Z') }, ['call:CALL_NOT_OPEN']],
    ['at the closing instant', { now: CALL.closesAt }, ['call:CALL_CLOSED']],
    ['a draft call', { call: { ...CALL, status: 'draft' } }, ['call:CALL_NOT_OPEN']],
    ['another country', { applicant: { country: 'CO', registered: true } }, ['organisation.country:COUNTRY_NOT_ELIGIBLE']],
    ['unregistered when the call needs registration', { call: { ...CALL, allowUnregistered: false } }, ['organisation.registered:REGISTRATION_REQUIRED']],
    ['no amount', { draft: { ...COMPLETE, requestedAmountMinor: null } }, ['requestedAmount:AMOUNT_MISSING']],
    ['over the call budget', { draft: { ...COMPLETE, requestedAmountMinor: 60_000_00, budgetLines: [{ category: 'travel' as const, amountMinor: 60_000_00 }] } }, ['requestedAmount:AMOUNT_OVER_CALL_BUDGET']],
    ['a budget that does not add up', { draft: { ...COMPLETE, budgetLines: [{ category: 'travel' as const, amountMinor: 1 }] } }, ['budgetLines:BUDGET_DOES_NOT_ADD_UP']],
    ['no budget', { draft: { ...COMPLETE, budgetLines: [] } }, ['budgetLines:BUDGET_MISSING']],
    ['a missing required answer', { draft: { ...COMPLETE, answers: { who_you_are: { value: 'x' } } } }, ['answers.for_whom:ANSWER_REQUIRED']],
    ['a blank required answer', { draft: { ...COMPLETE, answers: { ...COMPLETE.answers, for_whom: { value: '' } } } }, ['answers.for_whom:ANSWER_REQUIRED']],
    ['too many words', { draft: { ...COMPLETE, answers: { ...COMPLETE.answers, who_you_are: { value: 'word '.repeat(81) } } } }, ['answers.who_you_are:TOO_MANY_WORDS']],
  ])('refuses %s', (_label, change, expected) => {
    const input = { call: CALL, applicant, draft: COMPLETE, now: NOW, ...change } as { call: CallTerms; applicant: typeof applicant; draft: typeof COMPLETE; now: Date };
    expect(codes(submissionProblems(input.call, QUESTIONS, input.applicant, input.draft, input.now))).toEqual(expected);
  });
});

describe(answerProblem.name, () => {
  const question = (type: QuestionType, optionValues: string[] = []): QuestionTerms => ({ key: 'q', type, required: true, wordLimit: null, optionValues });
  it.each([
    [QuestionType.YesNo, true, null],
    [QuestionType.YesNo, 'yes', 'ANSWER_NOT_YES_NO'],
    [QuestionType.Number, 12, null],
    [QuestionType.Number, -1, 'ANSWER_NOT_A_NUMBER'],
    [QuestionType.Money, 1.5, 'ANSWER_NOT_A_NUMBER'],
    [QuestionType.Date, '2027-02-30', null],
    [QuestionType.Date, 'tomorrow', 'ANSWER_NOT_A_DATE'],
    [QuestionType.SingleChoice, 'b', null],
    [QuestionType.SingleChoice, 'z', 'ANSWER_NOT_AN_OPTION'],
    [QuestionType.MultiChoice, ['a', 'b'], null],
    [QuestionType.MultiChoice, ['a', 'z'], 'ANSWER_NOT_AN_OPTION'],
    [QuestionType.File, '0b8a3c8e-7c1e-4c1b-9a55-1d2e3f4a5b6c', null],
    [QuestionType.VoiceNote, '../etc/passwd', 'ANSWER_NOT_A_FILE'],
    [QuestionType.ShortText, 'x'.repeat(301), 'ANSWER_TOO_LONG'],
    [QuestionType.LongText, 42, 'ANSWER_NOT_TEXT'],
  ])('%s %j: %s', (type, value, expected) => {
    expect(answerProblem(question(type, ['a', 'b']), { value: value as never })?.code ?? null).toBe(expected);
  });
});

describe('words, money, status, scores', () => {
  it('counts words the way people do', () => {
    expect(wordCount('  Huit  bénévoles\nà Uvira ')).toBe(4);
    expect(wordCount('')).toBe(0);
  });

  it('reads and writes amounts in minor units', () => {
    expect(minorDigits('USD')).toBe(2);
    expect(minorDigits('JPY')).toBe(0);
    expect(minorDigits('KWD')).toBe(3);
    expect(parseMoney('3 000,50', 'USD')).toBe(3_000_50);
    expect(parseMoney('2500', 'JPY')).toBe(2500);
    expect(parseMoney('1.234', 'USD')).toBeNull();
    expect(parseMoney('abc', 'USD')).toBeNull();
    expect(toUsdMinor(100_00, 'EUR', { EUR: 1.1 })).toBe(110_00);
    expect(formatMoney(3_000_00, 'USD', 'en')).toBe('$3,000.00');
  });

  it('allows only the documented status changes', () => {
    expect(canMoveTo(ApplicationStatus.Draft, ApplicationStatus.Submitted)).toBe(true);
    expect(canMoveTo(ApplicationStatus.Declined, ApplicationStatus.Withdrawn)).toBe(false);
    expect(canMoveTo(ApplicationStatus.Approved, ApplicationStatus.Draft)).toBe(false);
  });

  it('weights rubric scores and averages reviewers', () => {
    const rubric = [{ key: 'a', weight: 3 }, { key: 'b', weight: 1 }];
    expect(aggregateScore(rubric, [])).toBeNull();
    expect(aggregateScore(rubric, [{ a: 5, b: 1 }])).toBe(4);
    expect(aggregateScore(rubric, [{ a: 5, b: 1 }, { a: 1, b: 5 }])).toBe(3);
  });
});

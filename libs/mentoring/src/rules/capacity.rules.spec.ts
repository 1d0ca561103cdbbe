import { CapacityFramework, Domain, DomainCode, Translations } from '../frameworks/framework.types';
import { domainScores, leadEligibility, overallMaturity, Rating, riskLevelFrom } from './capacity.rules';

const t = (text: string): Translations => ({ en: text, fr: text, es: text, ar: text, uk: text, sw: text });
const indicator = (code: string, key = false) => ({ code, text: t(code), evidence: [t('e')], source: 's', key });
const domain = (code: DomainCode, scale: string, indicators: ReturnType<typeof indicator>[]): Domain => ({ code, title: t(code), scale, indicators });

/** A small framework with the real scales and banding, and a few indicators per domain. */
const framework: CapacityFramework = {
  code: 'test',
  version: 1,
  title: t('test'),
  maturityLevels: [1, 2, 3, 4].map((value) => ({ value: value as 1 | 2 | 3 | 4, label: t(String(value)) })),
  scales: [
    { code: 'maturity', title: t('m'), source: 's', levels: ['1', '2', '3', '4'].map((value) => ({ value, label: t(value), maturity: Number(value) as 1 | 2 | 3 | 4 })) },
    {
      code: 'psea',
      title: t('p'),
      source: 's',
      levels: [
        { value: 'absent', label: t('a'), maturity: 1, points: 1 },
        { value: 'progressing', label: t('p'), maturity: 2, points: 2 },
        { value: 'adequate', label: t('d'), maturity: 4, points: 3 },
      ],
    },
  ],
  domains: [
    {
      ...domain('safeguarding-psea', 'psea', ['PSEA1', 'PSEA2', 'PSEA3', 'PSEA4', 'PSEA5', 'PSEA6'].map((c) => indicator(c, true))),
      banding: {
        method: 'sum-of-points',
        source: 's',
        bands: [
          { min: 0, max: 8, code: 'low', label: t('low') },
          { min: 9, max: 14, code: 'medium', label: t('medium') },
          { min: 15, max: null, code: 'full', label: t('full') },
        ],
      },
    },
    domain('data-protection', 'maturity', [indicator('DP1', true), indicator('DP2')]),
    domain('governance', 'maturity', [indicator('GOV1', true), indicator('GOV2')]),
    domain('financial-management', 'maturity', [indicator('FIN1', true), indicator('FIN7')]),
    domain('exit-legacy', 'maturity', [indicator('EX1')]),
  ],
};

const psea = (...values: string[]): Rating[] => values.map((value, index) => ({ indicator: `PSEA${index + 1}`, selfValue: value, mentorValue: null }));
const rate = (values: Record<string, string>): Rating[] => Object.entries(values).map(([indicator, value]) => ({ indicator, selfValue: value, mentorValue: null }));
const strong = rate({ DP1: '3', DP2: '3', GOV1: '3', GOV2: '4', FIN1: '4', FIN7: '3', EX1: '1' });

describe('capacity rules', () => {
  it.each([
    // sum of six standards -> UNICEF band
    [['absent', 'absent', 'absent', 'absent', 'progressing', 'progressing'], 8, 'low'],
    [['absent', 'absent', 'absent', 'progressing', 'progressing', 'progressing'], 9, 'medium'],
    [['progressing', 'progressing', 'progressing', 'progressing', 'adequate', 'adequate'], 14, 'medium'],
    [['progressing', 'progressing', 'progressing', 'adequate', 'adequate', 'adequate'], 15, 'full'],
  ])('bands PSEA ratings %j: %d points, %s capacity', (values, points, band) => {
    const score = domainScores(framework, psea(...values)).find((s) => s.domain === 'safeguarding-psea');
    expect(score).toEqual(expect.objectContaining({ points, band }));
  });

  it('gives no band until every standard is rated, and maps PSEA ratings onto the maturity scale', () => {
    const score = domainScores(framework, psea('adequate', 'adequate')).find((s) => s.domain === 'safeguarding-psea')!;
    expect(score).toEqual(expect.objectContaining({ rated: 2, total: 6, maturity: 4, level: 4, band: null }));
  });

  it('takes the mentor’s validated value over the organisation’s own', () => {
    const ratings: Rating[] = [{ indicator: 'DP1', selfValue: '4', mentorValue: '2' }, { indicator: 'DP2', selfValue: '3', mentorValue: null }];
    expect(domainScores(framework, ratings).find((s) => s.domain === 'data-protection')).toEqual(expect.objectContaining({ maturity: 2.5, level: 2 }));
  });

  it.each([
    ['full safeguarding, established core domains', [...psea('adequate', 'adequate', 'adequate', 'adequate', 'adequate', 'progressing'), ...strong], 'low'],
    ['medium safeguarding', [...psea('progressing', 'progressing', 'progressing', 'progressing', 'adequate', 'adequate'), ...strong], 'medium'],
    ['low safeguarding', [...psea('absent', 'absent', 'absent', 'absent', 'progressing', 'progressing'), ...strong], 'high'],
    ['a nascent key indicator', [...psea('adequate', 'adequate', 'adequate', 'adequate', 'adequate', 'adequate'), ...strong, ...rate({ FIN1: '1' })], 'high'],
    ['nothing rated yet', [], 'medium'],
  ])('risk with %s: %s', (_case, ratings, risk) => {
    // Later entries for the same indicator win, as a fresh rating would.
    const latest = [...new Map((ratings as Rating[]).map((r) => [r.indicator, r])).values()];
    expect(riskLevelFrom(framework, latest)).toBe(risk);
  });

  it('finds an organisation eligible to lead when every condition holds', () => {
    expect(leadEligibility(framework, [...psea('adequate', 'adequate', 'adequate', 'adequate', 'adequate', 'progressing'), ...strong])).toEqual({ eligible: true, unmet: [] });
  });

  it('names every unmet condition, so the mentoring plan can aim at them', () => {
    const ratings = [...psea('adequate', 'adequate', 'adequate', 'adequate', 'adequate', 'absent'), ...rate({ DP1: '2', DP2: '2', GOV1: '3', FIN1: '2', FIN7: '1' })];
    const result = leadEligibility(framework, ratings);
    expect(result.eligible).toBe(false);
    // Five adequate standards make 16 points, a full band: the absent one still bars the lead role.
    expect(result.unmet.map((u) => `${u.condition}:${u.indicator ?? u.domain}:${u.have}`)).toEqual([
      'psea-absent:PSEA6:absent',
      'key-indicator:FIN1:2',
      'domain-level:data-protection:2',
      'audit:FIN7:1',
    ]);
  });

  it.each([
    ['nothing rated', [], null],
    ['emerging core domains', rate({ DP1: '2', DP2: '2', GOV1: '2', GOV2: '2', FIN1: '2', FIN7: '2', EX1: '4' }), 2],
    // Safeguarding 4, data protection 3, governance 3.5, finance 3.5: a mean of 3.5 rounds up.
    ['full safeguarding, established elsewhere', [...psea('adequate', 'adequate', 'adequate', 'adequate', 'adequate', 'adequate'), ...strong], 4],
  ])('gives one overall maturity for clustering: %s', (_case, ratings, expected) => {
    expect(overallMaturity(domainScores(framework, ratings as Rating[]))).toBe(expected);
  });
});

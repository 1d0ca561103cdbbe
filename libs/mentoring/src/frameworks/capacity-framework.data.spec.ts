import { CAPACITY_FRAMEWORK } from './capacity-framework.data';
import { DOMAIN_CODES, Indicator, LANGUAGES, Translations } from './framework.types';

const framework = CAPACITY_FRAMEWORK;
const domain = (code: string) => framework.domains.find((d) => d.code === code)!;
const indicators = framework.domains.flatMap((d) => d.indicators);
const range = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);

/** Every Translations object anywhere in the framework, with a path for the failure message. */
function allTranslations(value: unknown, path = 'framework'): [string, Translations][] {
  if (Array.isArray(value)) return value.flatMap((item, i) => allTranslations(item, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  const keys = Object.keys(value);
  if (keys.includes('en')) return [[path, value as Translations]];
  return keys.flatMap((key) => allTranslations((value as Record<string, unknown>)[key], `${path}.${key}`));
}

/** The UNICEF band for a sum of points, read from the framework's own banding (a test helper, not the rule). */
function bandFor(points: number) {
  const bands = domain('safeguarding-psea').banding!.bands;
  const matching = bands.filter((b) => points >= b.min && (b.max === null || points <= b.max));
  if (matching.length !== 1) throw new Error(`${points} points fall in ${matching.length} bands`);
  return matching[0].code;
}

/** A simple keyword check, in the six languages, for wording that asks for case files or survivors' identities. */
const CASE_FILE = /case files?|dossiers? individuels?|expediente|ملفات? الحال|особов\S* справ|faili (la|ya) kesi/i;
const SURVIVOR = /survivor|survivant|sobreviviente|الناجي|ناجيات|ناجين|постраждал|manusura/i;
const IDENTITY = /\bnames?\b|identit|identif|\bnoms?\b|nombres?|اسم|أسماء|هوي|ім[’']я|імена|прізвищ|особу|\bjina\b|majina|utambulish/i;
const touchesSurvivorIdentity = (text: string) => CASE_FILE.test(text) || (SURVIVOR.test(text) && IDENTITY.test(text));
const textsOf = (indicator: Indicator) => [indicator.text, ...indicator.evidence].flatMap((t) => LANGUAGES.map((lang) => t[lang]));

describe('capacity framework seed data', () => {
  it('is mosaic-capacity version 1 with the four SCAT maturity levels', () => {
    expect(framework.code).toBe('mosaic-capacity');
    expect(framework.version).toBe(1);
    expect(framework.maturityLevels.map((l) => [l.value, l.label.en])).toEqual([
      [1, 'Nascent'],
      [2, 'Emerging'],
      [3, 'Expanding'],
      [4, 'Mature'],
    ]);
  });

  it('has the five domains in order, each rated on a scale that exists', () => {
    expect(framework.domains.map((d) => d.code)).toEqual(['safeguarding-psea', 'data-protection', 'governance', 'financial-management', 'exit-legacy']);
    expect(framework.domains.map((d) => d.code)).toEqual(DOMAIN_CODES);
    expect(framework.domains.map((d) => d.scale)).toEqual(['psea', 'maturity', 'maturity', 'maturity', 'maturity']);
    for (const d of framework.domains) expect(framework.scales.map((s) => s.code)).toContain(d.scale);
  });

  it('has exactly the indicator codes of the issue, unique', () => {
    expect(domain('safeguarding-psea').indicators.map((i) => i.code)).toEqual(range('PSEA', 6));
    expect(domain('data-protection').indicators.map((i) => i.code)).toEqual(range('DP', 11));
    expect(domain('governance').indicators.map((i) => i.code)).toEqual(range('GOV', 6));
    expect(domain('financial-management').indicators.map((i) => i.code)).toEqual(range('FIN', 7));
    expect(domain('exit-legacy').indicators.map((i) => i.code)).toEqual(range('EX', 9));
    expect(new Set(indicators.map((i) => i.code)).size).toBe(indicators.length);
    expect(indicators).toHaveLength(39);
  });

  it('marks the key indicators that decide lead-partner eligibility', () => {
    const keys = (code: string) => domain(code).indicators.filter((i) => i.key).map((i) => i.code);
    expect(keys('safeguarding-psea')).toEqual(range('PSEA', 6));
    expect(keys('data-protection')).toEqual(['DP1', 'DP7', 'DP8', 'DP10', 'DP11']);
    expect(keys('governance')).toEqual(['GOV1', 'GOV2', 'GOV3', 'GOV4']);
    expect(keys('financial-management')).toEqual(['FIN1', 'FIN2', 'FIN3', 'FIN4', 'FIN7']);
    expect(keys('exit-legacy')).toEqual([]);
  });

  it('translates every text into all six languages', () => {
    const translations = allTranslations(framework);
    // title, 4 maturity labels, 2 scale titles, 4 + 3 level labels, 5 domain titles, 3 band labels, 39 texts, evidence
    expect(translations.length).toBeGreaterThan(1 + 4 + 2 + 7 + 5 + 3 + 39 * 3);
    for (const [path, t] of translations) {
      expect({ path, languages: Object.keys(t).sort() }).toEqual({ path, languages: [...LANGUAGES].sort() });
      for (const lang of LANGUAGES) expect({ path, lang, empty: !(typeof t[lang] === 'string' && t[lang].trim().length > 0) }).toEqual({ path, lang, empty: false });
    }
  });

  it('gives every indicator 2 to 4 evidence examples, a source, and a short text', () => {
    for (const indicator of indicators) {
      expect({ code: indicator.code, evidence: indicator.evidence.length >= 2 && indicator.evidence.length <= 4 }).toEqual({ code: indicator.code, evidence: true });
      expect({ code: indicator.code, source: indicator.source.trim().length > 10 }).toEqual({ code: indicator.code, source: true });
      // one or two short sentences, our own paraphrase
      const sentences = indicator.text.en.split(/[.!?](?:\s|$)/).filter((s) => s.trim()).length;
      expect({ code: indicator.code, sentences: sentences <= 2, short: indicator.text.en.length <= 280 }).toEqual({ code: indicator.code, sentences: true, short: true });
      for (const e of indicator.evidence) expect({ code: indicator.code, evidence: e.en, short: e.en.length <= 100 }).toEqual({ code: indicator.code, evidence: e.en, short: true });
    }
  });

  it('cites the UN Protocol and the UNICEF core standard of the same number for each PSEA standard', () => {
    domain('safeguarding-psea').indicators.forEach((indicator, i) => {
      expect(indicator.source).toMatch(/UN Protocol on SEA allegations involving implementing partners \(2018\)/);
      expect(indicator.source).toContain(`core standard ${i + 1}`);
    });
  });

  it('maps the maturity scale onto itself and the UNICEF PSEA rating onto maturity with its points', () => {
    const scale = (code: string) => framework.scales.find((s) => s.code === code)!;
    expect(scale('maturity').levels.map((l) => [l.value, l.maturity])).toEqual([
      ['1', 1],
      ['2', 2],
      ['3', 3],
      ['4', 4],
    ]);
    expect(scale('psea').levels.map((l) => [l.value, l.points, l.maturity])).toEqual([
      ['absent', 1, 1],
      ['progressing', 2, 2],
      ['adequate', 3, 4],
    ]);
    for (const s of framework.scales) expect(s.source.length).toBeGreaterThan(10);
  });

  it('bands the sum over the six PSEA standards as UNICEF does: 8 or less low, 9-14 medium, 15 or more full', () => {
    const banding = domain('safeguarding-psea').banding!;
    expect(banding.method).toBe('sum-of-points');
    expect(banding.source).toMatch(/UNICEF/);
    expect([6, 8, 9, 14, 15, 18].map(bandFor)).toEqual(['low', 'low', 'medium', 'medium', 'full', 'full']);
    // exactly one band for every possible sum (6 to 18)
    for (let points = 6; points <= 18; points++) expect(() => bandFor(points)).not.toThrow();
    const points = (value: string) => framework.scales.find((s) => s.code === 'psea')!.levels.find((l) => l.value === value)!.points!;
    expect(bandFor(6 * points('adequate'))).toBe('full');
    expect(bandFor(5 * points('adequate') + points('absent'))).toBe('full');
    expect(bandFor(6 * points('progressing'))).toBe('medium');
    expect(bandFor(6 * points('absent'))).toBe('low');
    // no band for the other domains
    expect(framework.domains.filter((d) => d.banding).map((d) => d.code)).toEqual(['safeguarding-psea']);
  });

  it('never asks for survivors’ identities or case files, except DP10 saying they never leave the case file', () => {
    // the check itself catches what it is meant to catch
    expect(touchesSurvivorIdentity('Show the mentor the names of survivors')).toBe(true);
    expect(touchesSurvivorIdentity('Une copie du dossier individuel')).toBe(true);
    expect(touchesSurvivorIdentity('أسماء الناجيات')).toBe(true);
    expect(touchesSurvivorIdentity('A locked cabinet for paper records')).toBe(false);

    const flagged = indicators.filter((i) => i.code !== 'DP10').flatMap((i) => textsOf(i).filter(touchesSurvivorIdentity).map((text) => `${i.code}: ${text}`));
    expect(flagged).toEqual([]);

    const dp10 = indicators.find((i) => i.code === 'DP10')!;
    expect(dp10.text.en).toMatch(/never identifiable outside the case file/);
    expect(dp10.evidence.map((e) => e.en)).toContain('Case files in a locked cabinet; reports to funders show only counts');
  });
});

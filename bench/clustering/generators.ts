import { AssignmentProblem, ClusteringProblem, seededRandom } from '@mosaic/clustering';

/**
 * Countries as the published samples use them (/work/shared/clustering/sample-*.json): the bounding box
 * of the sample applications' coordinates and the languages they name. Partners take the countries in
 * this order (partner i's home is COUNTRIES[i % 7], as in every sample).
 */
const COUNTRIES = [
  { code: 'CD', lat: [-4.9, 1.1], lon: [14.7, 29.8], languages: ['fr', 'sw', 'ln'] },
  { code: 'KE', lat: [-4.5, 1.1], lon: [34.2, 40.3], languages: ['sw', 'en'] },
  { code: 'CO', lat: [2.9, 8.5], lon: [-77.1, -71.9], languages: ['es'] },
  { code: 'IQ', lat: [32.7, 37.4], lon: [42.4, 45.0], languages: ['ar', 'ku'] },
  { code: 'UA', lat: [45.9, 50.9], lon: [23.5, 36.8], languages: ['uk', 'ru'] },
  { code: 'SY', lat: [32.9, 36.8], lon: [35.7, 39.5], languages: ['ar', 'ku'] },
  { code: 'RW', lat: [-3.1, -1.4], lon: [29.1, 30.6], languages: ['rw', 'fr', 'en'] },
];
const THEMES = ['survivor-support', 'psychosocial-support', 'legal-aid-justice', 'economic-empowerment', 'gbv-prevention', 'srhr', 'peacebuilding-mediation', 'advocacy-policy', 'documentation-accountability', 'child-protection', 'lgbtiq-inclusion', 'early-warning'];

/**
 * A seeded domain instance shaped like the three published samples. Every parameter below was read off
 * their 490 applications and 31 partners (counts, ranges and quantiles; `sample-stats.ts` prints them,
 * for the samples and for this generator side by side):
 * - applications come from the partners' home countries only, uniformly, at a uniform point of the
 *   country's box; 1-2 of its languages, 1-3 of 12 themes (about 2), maturity 1-4 and registered 50/50;
 * - amounts (minor units, multiples of 100) are a mixture: 70% uniform in 50k-550k, 30% log-uniform in
 *   0.8M-5M (the samples' log10 histogram has two humps, split at ~0.8M; median ~440k, mean ~0.94M,
 *   q90 2.4M-2.9M, max ~5M);
 * - partner i lives in COUNTRIES[i % 7], serves a second country with probability 0.26 (8 of 31),
 *   speaks all the home languages and English with probability 0.5 (9 of 17 where not native),
 *   covers 3-7 themes;
 * - maxMembers = n/m x U(0.8, 1.7) (sample ratios 0.80-1.71, mean 1.28), maxTotal = 900,000 x maxMembers
 *   (exact in every sample), oversightHours = maxMembers x U(22, 35.5) (samples 21.8-35.3),
 *   feeRate U(0.05, 0.12) to 3 decimals (samples 0.050-0.116);
 * - policy exactly as in the samples.
 * The previous generator (5 countries without RW/SY, partners speaking a subset of the languages,
 * maxMembers 8-30 and maxTotal 5M-15M whatever the size, 150-550 hours, fees 0.03-0.08, amounts uniform
 * 50k-2.5M) made capacity far scarcer than in the samples (see `sample-stats.ts`).
 */
export function domainInstance(applications: number, partners: number, seed: number): ClusteringProblem {
  const random = seededRandom(seed);
  const uniform = (low: number, high: number) => low + random() * (high - low);
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
  const some = <T>(list: T[], min: number, max: number) => [...list].sort(() => random() - 0.5).slice(0, min + Math.floor(random() * (max - min + 1)));
  const coordinate = (range: number[]) => Math.round(uniform(range[0], range[1]) * 10_000) / 10_000;
  const homes = COUNTRIES.slice(0, Math.min(COUNTRIES.length, partners));
  const perPartner = applications / Math.max(1, partners);
  return {
    currency: 'USD',
    policy: { minClusterTotal: 1_500_000, maxMembersPerCluster: 30, requireSharedLanguage: true, requireCountryServed: true, weights: { distance: 1, language: 1, theme: 1, fee: 1 }, unassignedPenalty: 1000 },
    applications: Array.from({ length: applications }, (_, index) => {
      const country = pick(homes);
      const amount = random() < 0.7 ? uniform(50_000, 550_000) : 800_000 * 6.25 ** random();
      return {
        id: `app-${index + 1}`,
        amount: Math.round(amount / 100) * 100,
        country: country.code,
        lat: coordinate(country.lat),
        lon: coordinate(country.lon),
        languages: some(country.languages, 1, Math.min(2, country.languages.length)),
        themes: some(THEMES, 1, 3),
        maturity: (1 + Math.floor(random() * 4)) as 1 | 2 | 3 | 4,
        registered: random() < 0.5,
      };
    }),
    partners: Array.from({ length: partners }, (_, index) => {
      const country = COUNTRIES[index % COUNTRIES.length];
      const second = random() < 0.26 ? pick(COUNTRIES.filter((c) => c !== country)) : undefined;
      const english = !country.languages.includes('en') && random() < 0.5;
      const maxMembers = Math.max(2, Math.round(perPartner * uniform(0.8, 1.7)));
      return {
        id: `lead-${index + 1}`,
        countries: second ? [country.code, second.code] : [country.code],
        lat: coordinate(country.lat),
        lon: coordinate(country.lon),
        languages: english ? [...country.languages, 'en'] : [...country.languages],
        themes: some(THEMES, 3, 7),
        maxMembers,
        maxTotal: 900_000 * maxMembers,
        oversightHours: Math.round(maxMembers * uniform(22, 35.5)),
        feeRate: Math.round(uniform(0.05, 0.12) * 1000) / 1000,
      };
    }),
    locks: [],
    exclusions: [],
  };
}

/**
 * Generalised assignment instances of types C, D and E (Chu and Beasley 1997; Yagiura, Ibaraki and
 * Glover 2004): every item must be placed, every pair is a candidate.
 */
export function gapInstance(type: 'C' | 'D' | 'E', agents: number, items: number, seed: number): AssignmentProblem {
  const random = seededRandom(seed);
  const uniform = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  const a: number[][] = [];
  const c: number[][] = [];
  for (let i = 0; i < agents; i++) {
    a.push([]);
    c.push([]);
    for (let j = 0; j < items; j++) {
      if (type === 'C') {
        a[i].push(uniform(5, 25));
        c[i].push(uniform(10, 50));
      } else if (type === 'D') {
        const load = uniform(1, 100);
        a[i].push(load);
        c[i].push(111 - load + uniform(-10, 10));
      } else {
        const load = 1 - 10 * Math.log(1 - random());
        a[i].push(Math.round(load));
        c[i].push(Math.round(1000 / load - 10 * random()));
      }
    }
  }
  const capacities = a.map((row) => {
    const share = Math.floor((0.8 * row.reduce((s, v) => s + v, 0)) / agents);
    return type === 'E' ? Math.max(share, Math.max(...row)) : share;
  });
  return fromMatrices(c, a, capacities);
}

function fromMatrices(cost: number[][], load: number[][], capacities: number[]): AssignmentProblem {
  const agents = capacities.map((capacity, i) => ({ id: `a${i}`, capacity }));
  const items = cost[0].map((_, j) => ({ id: `j${j}` }));
  const pairs = agents.flatMap((agent, i) => items.map((item, j) => ({ agent: agent.id, item: item.id, cost: cost[i][j], load: load[i][j] })));
  return { kind: 'assignment', requireAll: true, agents, items, pairs };
}

/** OR-Library GAP text: number of problems, then for each "m n", the cost matrix, the resource matrix, the capacities. */
export function readOrLibraryGap(text: string): AssignmentProblem[] {
  const numbers = text.trim().split(/\s+/).map(Number);
  let position = 0;
  const next = () => {
    if (position >= numbers.length) throw new Error('OR-Library GAP file ends early');
    return numbers[position++];
  };
  const count = next();
  return Array.from({ length: count }, () => {
    const m = next();
    const n = next();
    const matrix = () => Array.from({ length: m }, () => Array.from({ length: n }, next));
    const cost = matrix();
    const load = matrix();
    const capacities = Array.from({ length: m }, next);
    return fromMatrices(cost, load, capacities);
  });
}

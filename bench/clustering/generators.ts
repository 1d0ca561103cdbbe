import { AssignmentProblem, ClusteringProblem, seededRandom } from '@mosaic/clustering';

const COUNTRIES = [
  { code: 'CD', lat: -1.7, lon: 29.2, languages: ['fr', 'sw', 'ln'] },
  { code: 'KE', lat: -0.5, lon: 36.5, languages: ['sw', 'en'] },
  { code: 'CO', lat: 4.6, lon: -74.1, languages: ['es'] },
  { code: 'IQ', lat: 36.2, lon: 43.1, languages: ['ar', 'ku'] },
  { code: 'UA', lat: 49.0, lon: 32.0, languages: ['uk', 'ru'] },
];
const THEMES = ['survivor-support', 'psychosocial-support', 'legal-aid-justice', 'economic-empowerment', 'gbv-prevention', 'srhr', 'peacebuilding-mediation', 'advocacy-policy', 'documentation-accountability', 'child-protection', 'lgbtiq-inclusion', 'early-warning'];

/** A seeded domain instance shaped like the samples: capacity is short in some countries. */
export function domainInstance(applications: number, partners: number, seed: number): ClusteringProblem {
  const random = seededRandom(seed);
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
  const some = <T>(list: T[], min: number, max: number) => [...list].sort(() => random() - 0.5).slice(0, min + Math.floor(random() * (max - min + 1)));
  const near = (value: number, spread: number) => Math.round((value + (random() - 0.5) * spread) * 10_000) / 10_000;
  return {
    currency: 'USD',
    policy: { minClusterTotal: 1_500_000, maxMembersPerCluster: 30, requireSharedLanguage: true, requireCountryServed: true, weights: { distance: 1, language: 1, theme: 1, fee: 1 }, unassignedPenalty: 1000 },
    applications: Array.from({ length: applications }, (_, index) => {
      const country = pick(COUNTRIES);
      return {
        id: `app-${index + 1}`,
        amount: 50_000 + Math.floor(random() * 2_450_000),
        country: country.code,
        lat: near(country.lat, 6),
        lon: near(country.lon, 6),
        languages: some(country.languages, 1, 2),
        themes: some(THEMES, 1, 3),
        maturity: (1 + Math.floor(random() * 4)) as 1 | 2 | 3 | 4,
        registered: random() < 0.5,
      };
    }),
    partners: Array.from({ length: partners }, (_, index) => {
      const country = COUNTRIES[index % COUNTRIES.length];
      return {
        id: `lead-${index + 1}`,
        countries: random() < 0.2 ? [country.code, pick(COUNTRIES).code] : [country.code],
        lat: near(country.lat, 4),
        lon: near(country.lon, 4),
        languages: some(country.languages, 1, country.languages.length),
        themes: some(THEMES, 3, 7),
        maxMembers: 8 + Math.floor(random() * 23),
        maxTotal: 5_000_000 + Math.floor(random() * 10_000_000),
        oversightHours: 150 + Math.floor(random() * 400),
        feeRate: Math.round((0.03 + random() * 0.05) * 1000) / 1000,
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

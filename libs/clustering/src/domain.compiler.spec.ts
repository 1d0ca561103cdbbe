import { solveAssignment } from './assignment.solver';
import { compileDomain, explain, haversineKm, pairFactors } from './domain.compiler';
import { ClusteringApplication, ClusteringProblem, LeadPartnerProfile } from './domain.types';
import { parseProblem, ProblemError } from './problem-validation';

const application = (id: string, overrides: Partial<ClusteringApplication> = {}): ClusteringApplication => ({
  id,
  amount: 400_000,
  country: 'CD',
  lat: -1.68,
  lon: 29.22,
  languages: ['fr', 'sw'],
  themes: ['survivor-support', 'legal-aid-justice'],
  maturity: 2,
  ...overrides,
});
const partner = (id: string, overrides: Partial<LeadPartnerProfile> = {}): LeadPartnerProfile => ({
  id,
  countries: ['CD'],
  lat: -2.5,
  lon: 28.86,
  languages: ['fr'],
  themes: ['survivor-support'],
  maxMembers: 10,
  maxTotal: 10_000_000,
  oversightHours: 300,
  feeRate: 0.07,
  ...overrides,
});
const problem = (applications: ClusteringApplication[], partners: LeadPartnerProfile[], extra: Partial<ClusteringProblem> = {}): ClusteringProblem => ({
  currency: 'USD',
  policy: { minClusterTotal: 500_000, maxMembersPerCluster: 30, requireSharedLanguage: true, requireCountryServed: true, weights: { distance: 1, language: 1, theme: 1, fee: 1 }, unassignedPenalty: 1000 },
  applications,
  partners,
  ...extra,
});

describe('the clustering model', () => {
  it('measures great-circle distance with the mean Earth radius', () => {
    // Goma to Bukavu, about 101 km.
    expect(haversineKm(-1.6792, 29.2228, -2.5083, 28.8608)).toBeCloseTo(100.6, 0);
    expect(haversineKm(0, 0, 0, 180)).toBeCloseTo(Math.PI * 6371.0088, 6);
  });

  it('computes cost and load term by term, as published', () => {
    const app = application('a');
    const lead = partner('p');
    const d = haversineKm(app.lat, app.lon, lead.lat, lead.lon);
    const factors = pairFactors(problem([app], [lead]), app, lead);
    expect(factors.terms).toEqual({ distance: d / 100, language: 0, theme: 10 * (1 - 1 / 2), fee: (0.07 * 4000) / 100 });
    expect(factors.cost).toBeCloseTo(d / 100 + 5 + 2.8, 12);
    expect(factors.load).toBeCloseTo(30 * (1 + d / 1000), 12);
  });

  it('keeps only pairs where the partner serves the country and shares a language (when the policy says so), less exclusions', () => {
    const compiled = compileDomain(
      problem(
        [application('a'), application('b', { country: 'KE' }), application('c', { languages: ['sw'] })],
        [partner('p'), partner('q', { languages: ['fr', 'sw'] })],
        { exclusions: [{ application: 'a', partner: 'q' }] },
      ),
    );
    expect(compiled.pairs.map((p) => `${p.item}-${p.agent}`)).toEqual(['a-p', 'c-q']);
    expect(compiled.agents[0]).toEqual({ id: 'p', capacity: 300, maxItems: 10, maxAmount: 10_000_000, minTotal: 500_000 });
  });
});

describe(explain.name, () => {
  it('places nothing without partners, and says why for each application', async () => {
    const domain = problem([application('a'), application('b')], []);
    const result = await solveAssignment(compileDomain(domain), { timeLimitMs: 1000 });
    expect(result).toEqual(expect.objectContaining({ status: 'optimal', objective: 2000, unassigned: ['a', 'b'] }));
    expect(explain(domain, result).unplaced).toEqual([
      { application: 'a', reasons: [{ code: 'NO_PARTNER_SERVES_COUNTRY', detail: 'CD' }] },
      { application: 'b', reasons: [{ code: 'NO_PARTNER_SERVES_COUNTRY', detail: 'CD' }] },
    ]);
  });

  it('names the missing shared language, and the limit of a full partner', async () => {
    const domain = problem(
      [application('a'), application('b'), application('c', { languages: ['ar'] })],
      [partner('p', { maxMembers: 1 })],
    );
    domain.policy.minClusterTotal = 300_000;
    const result = await solveAssignment(compileDomain(domain), { timeLimitMs: 1000 });
    const { clusters, unplaced } = explain(domain, result);
    expect(clusters).toHaveLength(1);
    expect(clusters[0]).toEqual(expect.objectContaining({ partner: 'p', totalAmount: 400_000 + 0, fee: 28_000, passThroughShare: 0.93 }));
    const reasons = Object.fromEntries(unplaced.map((u) => [u.application, u.reasons]));
    expect(reasons.c).toEqual([{ code: 'NO_SHARED_LANGUAGE', detail: 'ar' }]);
    const full = Object.values(reasons).flat().find((r) => r.code === 'PARTNER_FULL');
    expect(full).toEqual({ code: 'PARTNER_FULL', partner: 'p', limit: 'maxMembers' });
  });
});

describe(parseProblem.name, () => {
  it.each([
    [{ kind: 'assignment', agents: [{ id: 'a', capacity: 'ten' }], items: [], pairs: [] }, '/agents/0/capacity'],
    [{ kind: 'assignment', agents: [{ id: 'a', capacity: 1 }], items: [{ id: 'j' }], pairs: [{ agent: 'x', item: 'j', cost: 1, load: 1 }] }, '/pairs/0/agent'],
    [{ kind: 'assignment', agents: [{ id: 'a', capacity: 1 }, { id: 'a', capacity: 2 }], items: [], pairs: [] }, '/agents/1/id'],
    [{ currency: 'USD', policy: {}, applications: [], partners: [] }, '/policy'],
    [[1, 2], '/'],
  ])('names the field at fault: %#', (input, field) => {
    expect(() => parseProblem(input)).toThrow(ProblemError);
    try {
      parseProblem(input);
    } catch (error) {
      expect((error as ProblemError).field).toBe(field);
    }
  });

  it('names the limit that contradictory pins break', () => {
    const domain = problem([application('a'), application('b')], [partner('p', { maxMembers: 1 })], {
      locks: [
        { application: 'a', partner: 'p' },
        { application: 'b', partner: 'p' },
      ],
    });
    expect(() => parseProblem(domain)).toThrow(/partners\/p\/maxMembers: 2 applications are pinned, more than 1/);
    expect(() => parseProblem({ ...domain, locks: [{ application: 'a', partner: 'nobody' }] })).toThrow(/not a candidate pair/);
  });
});

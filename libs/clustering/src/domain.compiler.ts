import { minorDigits } from '@mosaic/applications';
import { AssignmentProblem, AssignmentResult, Pair } from './assignment.types';
import { ClusteringApplication, ClusteringProblem, LeadPartnerProfile } from './domain.types';

export const EARTH_RADIUS_KM = 6371.0088;
/** Oversight hours a member needs, by maturity (PRODUCT.md, "Clustering: the model"). */
export const BASE_HOURS: Record<number, number> = { 1: 40, 2: 30, 3: 20, 4: 10 };

export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

export interface PairFactors {
  distanceKm: number;
  sharedLanguages: string[];
  themeOverlap: number;
  feeRate: number;
  /** Each term of the cost, as the model defines it. */
  terms: { distance: number; language: number; theme: number; fee: number };
  cost: number;
  load: number;
}

/** The published model for one pair, term by term. */
export function pairFactors(problem: ClusteringProblem, application: ClusteringApplication, partner: LeadPartnerProfile): PairFactors {
  const w = problem.policy.weights;
  const distanceKm = haversineKm(application.lat, application.lon, partner.lat, partner.lon);
  const sharedLanguages = application.languages.filter((l) => partner.languages.includes(l));
  const sharedThemes = application.themes.filter((t) => partner.themes.includes(t)).length;
  // An application naming no theme has nothing to mismatch.
  const themeOverlap = application.themes.length ? sharedThemes / application.themes.length : 1;
  const amountMajor = application.amount / 10 ** minorDigits(problem.currency);
  const terms = {
    distance: (w.distance * distanceKm) / 100,
    language: w.language * 10 * (sharedLanguages.length ? 0 : 1),
    theme: w.theme * 10 * (1 - themeOverlap),
    fee: (w.fee * partner.feeRate * amountMajor) / 100,
  };
  return {
    distanceKm,
    sharedLanguages,
    themeOverlap,
    feeRate: partner.feeRate,
    terms,
    cost: terms.distance + terms.language + terms.theme + terms.fee,
    load: BASE_HOURS[application.maturity] * (1 + distanceKm / 1000),
  };
}

export type PairRefusal = 'COUNTRY_NOT_SERVED' | 'NO_SHARED_LANGUAGE' | 'EXCLUDED';

/** Why a partner is not a candidate for an application, or null when it is. */
export function pairRefusal(problem: ClusteringProblem, application: ClusteringApplication, partner: LeadPartnerProfile): PairRefusal | null {
  if (problem.policy.requireCountryServed && !partner.countries.includes(application.country)) return 'COUNTRY_NOT_SERVED';
  if (problem.policy.requireSharedLanguage && !application.languages.some((l) => partner.languages.includes(l))) return 'NO_SHARED_LANGUAGE';
  if ((problem.exclusions ?? []).some((e) => e.application === application.id && e.partner === partner.id)) return 'EXCLUDED';
  return null;
}

/** Domain form to the generic form: agents are partners, items are applications. */
export function compileDomain(problem: ClusteringProblem): AssignmentProblem {
  const pairs: Pair[] = [];
  for (const application of problem.applications) {
    for (const partner of problem.partners) {
      if (pairRefusal(problem, application, partner)) continue;
      const factors = pairFactors(problem, application, partner);
      pairs.push({ agent: partner.id, item: application.id, cost: factors.cost, load: factors.load });
    }
  }
  return {
    kind: 'assignment',
    agents: problem.partners.map((p) => ({
      id: p.id,
      capacity: p.oversightHours,
      maxItems: Math.min(p.maxMembers, problem.policy.maxMembersPerCluster),
      maxAmount: p.maxTotal,
      minTotal: p.openCluster ? undefined : problem.policy.minClusterTotal,
    })),
    items: problem.applications.map((a) => ({ id: a.id, amount: a.amount })),
    pairs,
    unassignedPenalty: problem.policy.unassignedPenalty,
    pins: (problem.locks ?? []).map((l) => ({ agent: l.partner, item: l.application })),
    exclusions: (problem.exclusions ?? []).map((e) => ({ agent: e.partner, item: e.application })),
  };
}

export interface ClusterProposal {
  partner: string;
  members: { application: string; amount: number; cost: number; factors: Omit<PairFactors, 'cost' | 'load'> & { load: number } }[];
  totalAmount: number;
  load: number;
  /** The lead partner's fee on the cluster (feeRate x total), minor units. */
  fee: number;
  /** Share of the cluster's money that reaches the members. */
  passThroughShare: number;
  limits: { maxMembers: number; maxTotal: number; oversightHours: number; minTotal: number };
}

export interface UnplacedReason {
  code: 'NO_PARTNER_SERVES_COUNTRY' | 'NO_SHARED_LANGUAGE' | 'ALL_CANDIDATES_EXCLUDED' | 'PARTNER_FULL' | 'CHEAPER_UNPLACED';
  partner?: string;
  /** Which limit the partner would break: oversight hours, members, total amount, or the minimum cluster total. */
  limit?: 'oversightHours' | 'maxMembers' | 'maxTotal' | 'minClusterTotal';
  detail?: string;
}

/** Clusters with their factors, and the reasons every unplaced application was left out. */
export function explain(problem: ClusteringProblem, result: AssignmentResult) {
  const compiled = compileDomain(problem);
  const agents = new Map(compiled.agents.map((a) => [a.id, a]));
  const applications = new Map(problem.applications.map((a) => [a.id, a]));
  const clusters: ClusterProposal[] = problem.partners
    .map((partner) => {
      const members = problem.applications
        .filter((a) => result.assignment[a.id] === partner.id)
        .map((application) => {
          const { cost, ...factors } = pairFactors(problem, application, partner);
          return { application: application.id, amount: application.amount, cost, factors };
        });
      const totalAmount = members.reduce((sum, m) => sum + m.amount, 0);
      const fee = Math.round(totalAmount * partner.feeRate);
      const agent = agents.get(partner.id)!;
      return {
        partner: partner.id,
        members,
        totalAmount,
        load: members.reduce((sum, m) => sum + m.factors.load, 0),
        fee,
        passThroughShare: totalAmount ? (totalAmount - fee) / totalAmount : 0,
        limits: { maxMembers: agent.maxItems!, maxTotal: partner.maxTotal, oversightHours: partner.oversightHours, minTotal: agent.minTotal ?? 0 },
      };
    })
    .filter((cluster) => cluster.members.length > 0);

  const usage = new Map(clusters.map((c) => [c.partner, c]));
  const unplaced = result.unassigned.map((id) => {
    const application = applications.get(id)!;
    const refusals = problem.partners.map((partner) => ({ partner, refusal: pairRefusal(problem, application, partner) }));
    const candidates = refusals.filter((r) => !r.refusal).map((r) => r.partner);
    const reasons: UnplacedReason[] = [];
    if (!refusals.some((r) => r.refusal !== 'COUNTRY_NOT_SERVED')) {
      reasons.push({ code: 'NO_PARTNER_SERVES_COUNTRY', detail: application.country });
    } else if (!refusals.some((r) => r.refusal === null || r.refusal === 'EXCLUDED')) {
      reasons.push({ code: 'NO_SHARED_LANGUAGE', detail: application.languages.join(', ') });
    } else if (candidates.length === 0) {
      reasons.push({ code: 'ALL_CANDIDATES_EXCLUDED' });
    }
    for (const partner of candidates) {
      const factors = pairFactors(problem, application, partner);
      const cluster = usage.get(partner.id);
      const agent = agents.get(partner.id)!;
      const load = (cluster?.load ?? 0) + factors.load;
      const members = (cluster?.members.length ?? 0) + 1;
      const total = (cluster?.totalAmount ?? 0) + application.amount;
      if (load > partner.oversightHours) reasons.push({ code: 'PARTNER_FULL', partner: partner.id, limit: 'oversightHours' });
      else if (members > agent.maxItems!) reasons.push({ code: 'PARTNER_FULL', partner: partner.id, limit: 'maxMembers' });
      else if (total > partner.maxTotal) reasons.push({ code: 'PARTNER_FULL', partner: partner.id, limit: 'maxTotal' });
      else if (!cluster && total < (agent.minTotal ?? 0)) reasons.push({ code: 'PARTNER_FULL', partner: partner.id, limit: 'minClusterTotal', detail: 'too small alone to open a cluster' });
      else reasons.push({ code: 'CHEAPER_UNPLACED', partner: partner.id, detail: `placing it would cost ${factors.cost.toFixed(2)} against a penalty of ${problem.policy.unassignedPenalty}, or displace others` });
    }
    return { application: id, reasons };
  });
  return { clusters, unplaced };
}

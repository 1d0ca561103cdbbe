import { ClusteringProblem, ClusterProposal, DomainPair, UnplacedReason } from '@mosaic/clustering';

export interface OrganisationLabel {
  name: string;
  country: string;
}

/** Unplaced applications shown on the page; the rest are counted (the API has them all). */
export const UNPLACED_SHOWN = 200;

const pairValue = (pair: DomainPair) => `${pair.application}:${pair.partner}`;

/** Reads pin and exclusion checkboxes ("application:partner") from a posted form. */
export function pairsFromForm(value: unknown): DomainPair[] {
  const values = (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((v): v is string => typeof v === 'string');
  return values
    .map((v) => v.split(':'))
    .filter((parts) => parts.length === 2 && parts.every((p) => /^[0-9a-f-]{36}$/.test(p)))
    .map(([application, partner]) => ({ application, partner }));
}

/**
 * The proposal as an officer reads it: each cluster with its lead and members by name, what is
 * pinned, what is new, and the reasons each unplaced application was left out.
 */
export function proposalView(
  problem: ClusteringProblem,
  result: { clusters?: ClusterProposal[]; reasons?: Record<string, UnplacedReason[]>; unassigned?: string[] },
  names: { applications: Map<string, OrganisationLabel>; partners: Map<string, OrganisationLabel> },
  officerPins: { locks: DomainPair[]; exclusions: DomainPair[] },
) {
  const pinnedByOfficer = new Set(officerPins.locks.map(pairValue));
  const pinnedAll = new Set((problem.locks ?? []).map(pairValue));
  const label = (map: Map<string, OrganisationLabel>, id: string) => map.get(id) ?? { name: id, country: '' };
  const clusters = (result.clusters ?? []).map((cluster) => ({
    ...cluster,
    lead: label(names.partners, cluster.partner),
    feeRatePercent: (problem.partners.find((p) => p.id === cluster.partner)?.feeRate ?? 0) * 100,
    passThroughPercent: Math.round(cluster.passThroughShare * 1000) / 10,
    loadRounded: Math.round(cluster.load),
    members: cluster.members.map((member) => {
      const pair = pairValue({ application: member.application, partner: cluster.partner });
      return {
        ...member,
        organisation: label(names.applications, member.application),
        pair,
        // Members of an approved cluster are pinned by the system; the officer's own pins can be lifted.
        alreadyClustered: pinnedAll.has(pair) && !pinnedByOfficer.has(pair),
        pinned: pinnedByOfficer.has(pair),
        distanceKm: Math.round(member.factors.distanceKm),
        themePercent: Math.round(member.factors.themeOverlap * 100),
      };
    }),
  }));
  const candidatesOf = (application: string) =>
    problem.partners.filter((partner) => (result.reasons?.[application] ?? []).some((r) => r.partner === partner.id)).map((p) => ({ id: p.id, name: label(names.partners, p.id).name }));
  const unassigned = result.unassigned ?? [];
  const unplaced = unassigned.slice(0, UNPLACED_SHOWN).map((application) => ({
    application,
    organisation: label(names.applications, application),
    amount: problem.applications.find((a) => a.id === application)?.amount ?? 0,
    reasons: (result.reasons?.[application] ?? []).map((reason) => ({
      ...reason,
      // One message per limit reads better in every language than a limit name slotted into a sentence.
      key: reason.limit ? `reason.${reason.code}.${reason.limit}` : `reason.${reason.code}`,
      partnerName: reason.partner ? label(names.partners, reason.partner).name : undefined,
    })),
    candidates: candidatesOf(application),
  }));
  return {
    clusters,
    unplaced,
    unplacedHidden: Math.max(0, unassigned.length - UNPLACED_SHOWN),
    exclusions: officerPins.exclusions.map((pair) => ({ pair: pairValue(pair), organisation: label(names.applications, pair.application), lead: label(names.partners, pair.partner) })),
  };
}

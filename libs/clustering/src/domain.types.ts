/** The domain form: approved applications, lead-partner profiles and the call's clustering policy. */
export interface ClusteringPolicy {
  minClusterTotal: number;
  maxMembersPerCluster: number;
  requireSharedLanguage: boolean;
  requireCountryServed: boolean;
  weights: { distance: number; language: number; theme: number; fee: number };
  unassignedPenalty: number;
}

export interface ClusteringApplication {
  id: string;
  /** Minor units of the problem's currency. */
  amount: number;
  country: string;
  lat: number;
  lon: number;
  languages: string[];
  themes: string[];
  /** 1 nascent ... 4 mature: how much oversight the group needs. */
  maturity: 1 | 2 | 3 | 4;
  registered?: boolean;
}

export interface LeadPartnerProfile {
  id: string;
  countries: string[];
  lat: number;
  lon: number;
  languages: string[];
  themes: string[];
  maxMembers: number;
  maxTotal: number;
  oversightHours: number;
  feeRate: number;
  /**
   * Already holds an approved cluster in this call (its members come pinned): the minimum cluster
   * total was met when it opened and does not apply again when a member leaves. Absent in a fresh run.
   */
  openCluster?: boolean;
}

export interface DomainPair {
  application: string;
  partner: string;
}

export interface ClusteringProblem {
  kind?: 'domain';
  currency: string;
  policy: ClusteringPolicy;
  applications: ClusteringApplication[];
  partners: LeadPartnerProfile[];
  locks?: DomainPair[];
  exclusions?: DomainPair[];
}

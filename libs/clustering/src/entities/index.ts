import { ClusterEntity, ClusterMemberEntity } from './cluster.entity';
import { ClusteringRunEntity } from './clustering-run.entity';
import { GrantEntity } from './grant.entity';
import { LeadPartnerProfileEntity } from './lead-partner-profile.entity';

export type { ClusterStatus } from './cluster.entity';
export type { ClusteringRunStatus } from './clustering-run.entity';
export type { GrantKind, GrantStatus } from './grant.entity';
export { ClusterEntity, ClusteringRunEntity, ClusterMemberEntity, GrantEntity, LeadPartnerProfileEntity };

export const CLUSTERING_ENTITIES = [LeadPartnerProfileEntity, ClusteringRunEntity, ClusterEntity, ClusterMemberEntity, GrantEntity];

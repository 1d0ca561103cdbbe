import { MembershipEntity } from './membership.entity';
import { MentorAssignmentEntity } from './mentor-assignment.entity';
import { OneTimeTokenEntity } from './one-time-token.entity';
import { OrganisationEntity } from './organisation.entity';
import { SessionEntity } from './session.entity';
import { UserEntity } from './user.entity';

export type { OneTimeTokenPurpose } from './one-time-token.entity';
export type { SessionKind } from './session.entity';
export { MembershipEntity, MentorAssignmentEntity, OneTimeTokenEntity, OrganisationEntity, SessionEntity, UserEntity };

export const IDENTITY_ENTITIES = [
  OrganisationEntity,
  UserEntity,
  MembershipEntity,
  SessionEntity,
  OneTimeTokenEntity,
  MentorAssignmentEntity,
];

import { AuthContext, holdsRoleIn, isAdmin, organisationsWhere } from './auth-context';
import { OrganisationKind, Role, ROLES } from './vocabulary';

/** Which organisations a caller may read. */
export interface OrganisationScope {
  all: boolean;
  /** Organisations read by membership or mentor assignment. */
  ids: string[];
  /** Officers see the grassroots and lead-partner organisations (never another funder). */
  nonFunders: boolean;
}

export function organisationScope(auth: AuthContext, mentoredOrganisationIds: string[]): OrganisationScope {
  if (isAdmin(auth)) return { all: true, ids: [], nonFunders: true };
  const own = organisationsWhere(auth, ...ROLES);
  return {
    all: false,
    ids: [...new Set([...own, ...mentoredOrganisationIds])],
    nonFunders: organisationsWhere(auth, Role.Officer).length > 0,
  };
}

export function canReadOrganisation(scope: OrganisationScope, organisation: { id: string; kind: OrganisationKind }) {
  return scope.all || scope.ids.includes(organisation.id) || (scope.nonFunders && organisation.kind !== OrganisationKind.Funder);
}

/** Roles that act for an organisation (as opposed to reviewing or mentoring it). */
const STAFF_ROLES = [Role.Applicant, Role.LeadPartner, Role.Officer];

/** Edit the profile, see colleagues: admins and the organisation's own staff. */
export function canManageOrganisation(auth: AuthContext, organisationId: string): boolean {
  return isAdmin(auth) || holdsRoleIn(auth, organisationId, ...STAFF_ROLES);
}

/**
 * Invite a colleague: admins anyone but admins; staff only into their own organisation and only into
 * a role they hold themselves (no escalation); a funder's officers also bring in reviewers and mentors.
 */
export function canInvite(auth: AuthContext, organisationId: string, role: Role, kind: OrganisationKind): boolean {
  if (role === Role.Admin) return false;
  const fitsKind = kind === OrganisationKind.Funder
    ? [Role.Officer, Role.Reviewer, Role.Mentor, Role.Board].includes(role)
    : [Role.Applicant, Role.LeadPartner].includes(role);
  if (!fitsKind) return false;
  if (isAdmin(auth)) return true;
  if (STAFF_ROLES.includes(role) && holdsRoleIn(auth, organisationId, role)) return true;
  return (role === Role.Reviewer || role === Role.Mentor || role === Role.Board) && holdsRoleIn(auth, organisationId, Role.Officer);
}

/** Assign a mentor: admins, or an officer of the funder the mentor works for. */
export function canAssignMentor(auth: AuthContext, mentorFunderIds: string[]): boolean {
  if (isAdmin(auth)) return true;
  const officerOf = organisationsWhere(auth, Role.Officer);
  return mentorFunderIds.some((id) => officerOf.includes(id));
}

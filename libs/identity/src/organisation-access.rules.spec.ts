import { AuthContext } from './auth-context';
import { canAssignMentor, canInvite, canManageOrganisation, canReadOrganisation, organisationScope } from './organisation-access.rules';
import { OrganisationKind, Role } from './vocabulary';

const FUNDER = 'funder-a';
const OTHER_FUNDER = 'funder-b';
const GROUP = 'group-1';
const OTHER_GROUP = 'group-2';

function caller(...memberships: [string | null, Role][]): AuthContext {
  return {
    userId: 'u',
    email: 'u@example.test',
    name: 'U',
    language: null,
    sessionId: 's',
    memberships: memberships.map(([organisationId, role]) => ({ organisationId, role })),
  };
}

const applicant = caller([GROUP, Role.Applicant]);
const officer = caller([FUNDER, Role.Officer]);
const mentor = caller([FUNDER, Role.Mentor]);
const reviewer = caller([FUNDER, Role.Reviewer]);
const admin = caller([null, Role.Admin]);
const funderOrg = (id: string) => ({ id, kind: OrganisationKind.Funder });
const groupOrg = (id: string) => ({ id, kind: OrganisationKind.Grassroots });

describe('organisation access rules', () => {
  describe(canReadOrganisation.name, () => {
    it.each([
      ['applicant', applicant, [], groupOrg(GROUP), true],
      ['applicant', applicant, [], groupOrg(OTHER_GROUP), false],
      ['applicant', applicant, [], funderOrg(FUNDER), false],
      ['officer', officer, [], funderOrg(FUNDER), true],
      ['officer', officer, [], funderOrg(OTHER_FUNDER), false],
      ['officer', officer, [], groupOrg(OTHER_GROUP), true],
      ['mentor (assigned)', mentor, [GROUP], groupOrg(GROUP), true],
      ['mentor (not assigned)', mentor, [GROUP], groupOrg(OTHER_GROUP), false],
      ['reviewer', reviewer, [], groupOrg(GROUP), false],
      ['reviewer', reviewer, [], funderOrg(FUNDER), true],
      ['admin', admin, [], funderOrg(OTHER_FUNDER), true],
    ] as const)('%s reading %j: %s', (_who, auth, mentored, organisation, expected) => {
      expect(canReadOrganisation(organisationScope(auth, [...mentored]), organisation)).toBe(expected);
    });
  });

  describe(canManageOrganisation.name, () => {
    it.each([
      [applicant, GROUP, true],
      [applicant, OTHER_GROUP, false],
      [officer, FUNDER, true],
      [officer, GROUP, false],
      [mentor, FUNDER, false],
      [reviewer, FUNDER, false],
      [admin, OTHER_GROUP, true],
    ])('%#', (auth, organisationId, expected) => {
      expect(canManageOrganisation(auth, organisationId)).toBe(expected);
    });
  });

  describe(canInvite.name, () => {
    it.each([
      ['applicant invites applicant to own group', applicant, GROUP, Role.Applicant, OrganisationKind.Grassroots, true],
      ['applicant cannot escalate to lead partner', applicant, GROUP, Role.LeadPartner, OrganisationKind.Grassroots, false],
      ['applicant cannot invite into another group', applicant, OTHER_GROUP, Role.Applicant, OrganisationKind.Grassroots, false],
      ['officer invites officer', officer, FUNDER, Role.Officer, OrganisationKind.Funder, true],
      ['officer invites reviewer', officer, FUNDER, Role.Reviewer, OrganisationKind.Funder, true],
      ['officer invites mentor', officer, FUNDER, Role.Mentor, OrganisationKind.Funder, true],
      ['officer cannot invite into another funder', officer, OTHER_FUNDER, Role.Reviewer, OrganisationKind.Funder, false],
      ['nobody invites an applicant into a funder', admin, FUNDER, Role.Applicant, OrganisationKind.Funder, false],
      ['nobody invites an officer into a group', admin, GROUP, Role.Officer, OrganisationKind.Grassroots, false],
      ['nobody invites an admin', admin, GROUP, Role.Admin, OrganisationKind.Grassroots, false],
      ['mentor cannot invite', mentor, FUNDER, Role.Mentor, OrganisationKind.Funder, false],
      ['admin invites a lead partner', admin, GROUP, Role.LeadPartner, OrganisationKind.Grassroots, true],
    ])('%s', (_label, auth, organisationId, role, kind, expected) => {
      expect(canInvite(auth, organisationId, role, kind)).toBe(expected);
    });
  });

  describe(canAssignMentor.name, () => {
    it('lets an officer of the mentor’s funder, or an admin, assign', () => {
      expect(canAssignMentor(officer, [FUNDER])).toBe(true);
      expect(canAssignMentor(officer, [OTHER_FUNDER])).toBe(false);
      expect(canAssignMentor(applicant, [FUNDER])).toBe(false);
      expect(canAssignMentor(admin, [OTHER_FUNDER])).toBe(true);
    });
  });
});

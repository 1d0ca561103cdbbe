import { hmac, MembershipEntity, Role, SessionService } from '@mosaic/identity';
import { DEFAULT_CAPACITY_RULES } from '@mosaic/mentoring';
import { DEFAULT_REPORTING_POLICY } from '@mosaic/reporting';
import { CallFactory, T0_ANSWERS, T0_BUDGET } from './factories/call.factory';
import { createWorld, UserFactory, World } from './factories/identity.factory';
import { listRoutes } from './support/routes';
import { createTestApp, TestContext } from './support/test-app';

type Caller = 'anonymous' | 'applicant' | 'lead_partner' | 'officer' | 'reviewer' | 'mentor' | 'board' | 'admin';
const CALLERS: Caller[] = ['anonymous', 'applicant', 'lead_partner', 'officer', 'reviewer', 'mentor', 'board', 'admin'];

interface Cell {
  path: string;
  body?: object;
  /** Use a fresh token (for routes that revoke the caller's own). */
  freshToken?: boolean;
}

/** Calls and applications in known states, made once through the API. */
interface Fixtures {
  callId: string;
  otherCallId: string;
  /** The applicant organisation's submitted application (in review), with the reviewer's declared assignment. */
  submittedId: string;
  reviewId: string;
  /** The applicant organisation's draft on the other call. */
  draftId: string;
  /** The lead partner organisation's draft (to withdraw). */
  leadDraftId: string;
}
let fixtures: Fixtures;

interface Row {
  route: string;
  channel: 'api' | 'web';
  /** Builds the request so that an allowed caller would succeed on her own data. */
  cell: (world: World, caller: Caller, context: TestContext) => Promise<Cell> | Cell;
  /** Expected status per caller; anything else fails. */
  expect: Record<Caller, number>;
}

const all = (status: number) => Object.fromEntries(CALLERS.map((caller) => [caller, status])) as Record<Caller, number>;
const signedIn = (status: number) => ({ ...all(status), anonymous: 401 });
const only = (allowed: Partial<Record<Caller, number>>) => ({ ...all(403), anonymous: 401, ...allowed });

/** The caller's own organisation (for admins and reviewers, a grassroots one). */
function ownOrganisation(world: World, caller: Caller) {
  const o = world.organisations;
  return { applicant: o.grassroots, lead_partner: o.lead, officer: o.funder, reviewer: o.funder, mentor: o.funder, board: o.funder, admin: o.grassroots, anonymous: o.grassroots }[caller];
}

const ROWS: Row[] = [
  { route: 'GET /health/live', channel: 'api', cell: () => ({ path: '/health/live' }), expect: all(200) },
  { route: 'GET /health/ready', channel: 'api', cell: () => ({ path: '/health/ready' }), expect: all(200) },
  {
    route: 'POST /api/auth/login',
    channel: 'api',
    cell: (world) => ({ path: '/api/auth/login', body: { email: world.users.applicant.email, password: 'factory-password-1' } }),
    expect: all(200),
  },
  { route: 'POST /api/auth/logout', channel: 'api', cell: () => ({ path: '/api/auth/logout', freshToken: true }), expect: signedIn(204) },
  { route: 'GET /api/auth/me', channel: 'api', cell: () => ({ path: '/api/auth/me' }), expect: signedIn(200) },
  {
    route: 'POST /api/auth/password-reset',
    channel: 'api',
    cell: () => ({ path: '/api/auth/password-reset', body: { email: 'nobody@example.test' } }),
    expect: all(202),
  },
  {
    route: 'POST /api/auth/password-reset/confirm',
    channel: 'api',
    cell: () => ({ path: '/api/auth/password-reset/confirm', body: { token: 'not-a-real-token-123', password: 'a-long-password' } }),
    expect: all(410),
  },
  {
    route: 'POST /api/auth/invitations/accept',
    channel: 'api',
    cell: () => ({ path: '/api/auth/invitations/accept', body: { token: 'not-a-real-token-123', name: 'X', password: 'a-long-password' } }),
    expect: all(410),
  },
  { route: 'GET /api/organisations', channel: 'api', cell: () => ({ path: '/api/organisations' }), expect: signedIn(200) },
  {
    route: 'GET /api/organisations/:id',
    channel: 'api',
    cell: (world, caller) => ({ path: `/api/organisations/${ownOrganisation(world, caller).id}` }),
    expect: signedIn(200),
  },
  {
    route: 'POST /api/organisations',
    channel: 'api',
    cell: () => ({ path: '/api/organisations', body: { name: 'New Group', kind: 'grassroots', country: 'UA', languages: ['uk'], timeZone: 'Europe/Kyiv' } }),
    expect: only({ admin: 201 }),
  },
  {
    route: 'PATCH /api/organisations/:id',
    channel: 'api',
    cell: (world, caller) => ({ path: `/api/organisations/${ownOrganisation(world, caller).id}`, body: { city: 'Updated' } }),
    expect: only({ applicant: 200, lead_partner: 200, officer: 200, admin: 200 }),
  },
  {
    route: 'GET /api/organisations/:id/memberships',
    channel: 'api',
    cell: (world, caller) => ({ path: `/api/organisations/${ownOrganisation(world, caller).id}/memberships` }),
    expect: only({ applicant: 200, lead_partner: 200, officer: 200, admin: 200 }),
  },
  {
    route: 'POST /api/organisations/:id/invitations',
    channel: 'api',
    cell: (world, caller) => ({
      path: `/api/organisations/${ownOrganisation(world, caller).id}/invitations`,
      body: { email: `invitee-${caller}@example.test`, role: caller === 'officer' ? Role.Officer : caller === 'lead_partner' ? Role.LeadPartner : Role.Applicant },
    }),
    expect: only({ applicant: 201, lead_partner: 201, officer: 201, admin: 201 }),
  },
  {
    route: 'DELETE /api/organisations/:id/memberships/:membershipId',
    channel: 'api',
    cell: async (world, _caller, context) => {
      const member = await UserFactory.create(context.dataSource, []);
      const membership = await context.dataSource
        .getRepository(MembershipEntity)
        .save({ userId: member.id, organisationId: world.organisations.grassroots.id, role: Role.Applicant });
      return { path: `/api/organisations/${world.organisations.grassroots.id}/memberships/${membership.id}` };
    },
    expect: only({ admin: 204 }),
  },
  {
    route: 'POST /api/organisations/:id/mentors',
    channel: 'api',
    cell: (world) => ({ path: `/api/organisations/${world.organisations.otherGrassroots.id}/mentors`, body: { mentorUserId: world.users.mentor.id } }),
    expect: only({ officer: 200, admin: 200 }),
  },
  { route: 'GET /api/admin/audit-events', channel: 'api', cell: () => ({ path: '/api/admin/audit-events' }), expect: only({ admin: 200 }) },
  // Calls: open ones are public; the funder's officers (and admins) manage them.
  { route: 'GET /api/calls', channel: 'api', cell: () => ({ path: '/api/calls' }), expect: all(200) },
  { route: 'GET /api/calls/:id', channel: 'api', cell: () => ({ path: `/api/calls/${fixtures.callId}` }), expect: all(200) },
  {
    route: 'POST /api/calls',
    channel: 'api',
    cell: (world) => ({ path: '/api/calls', body: CallFactory.build({ funderId: world.organisations.funder.id }) }),
    expect: only({ officer: 201, admin: 201 }),
  },
  {
    route: 'PATCH /api/calls/:id',
    channel: 'api',
    cell: async (world, _caller, context) => ({ path: `/api/calls/${await draftCall(world, context)}`, body: { version: 1, budgetMinor: 7_000_00 } }),
    expect: only({ officer: 200, admin: 200 }),
  },
  {
    route: 'POST /api/calls/:id/publish',
    channel: 'api',
    cell: async (world, _caller, context) => ({ path: `/api/calls/${await draftCall(world, context)}/publish` }),
    expect: only({ officer: 200, admin: 200 }),
  },
  // Applications: the applying organisation, then the funder's officers; nobody else.
  {
    route: 'POST /api/calls/:id/applications',
    channel: 'api',
    cell: () => ({ path: `/api/calls/${fixtures.callId}/applications`, body: {} }),
    expect: only({ applicant: 201, lead_partner: 201 }),
  },
  { route: 'GET /api/applications', channel: 'api', cell: () => ({ path: '/api/applications' }), expect: signedIn(200) },
  {
    route: 'GET /api/applications/:id',
    channel: 'api',
    cell: () => ({ path: `/api/applications/${fixtures.submittedId}` }),
    expect: { anonymous: 401, applicant: 200, lead_partner: 404, officer: 200, reviewer: 404, mentor: 404, board: 404, admin: 200 },
  },
  {
    route: 'GET /api/applications/:id/history',
    channel: 'api',
    cell: () => ({ path: `/api/applications/${fixtures.submittedId}/history` }),
    expect: { anonymous: 401, applicant: 200, lead_partner: 404, officer: 200, reviewer: 404, mentor: 404, board: 404, admin: 200 },
  },
  {
    route: 'PATCH /api/applications/:id',
    channel: 'api',
    cell: async (_world, _caller, context) => {
      const [row] = await context.dataSource.query('SELECT version FROM applications WHERE id = $1', [fixtures.draftId]);
      return { path: `/api/applications/${fixtures.draftId}`, body: { version: row.version, answers: { for_whom: { value: 'Women in Uvira', language: 'en' } } } };
    },
    expect: { ...only({ applicant: 200 }), lead_partner: 404 },
  },
  {
    route: 'POST /api/applications/:id/submit',
    channel: 'api',
    cell: () => ({ path: `/api/applications/${fixtures.submittedId}/submit` }),
    expect: { ...only({ applicant: 200 }), lead_partner: 404 },
  },
  {
    route: 'POST /api/applications/:id/withdraw',
    channel: 'api',
    cell: () => ({ path: `/api/applications/${fixtures.leadDraftId}/withdraw` }),
    expect: { ...only({ lead_partner: 200 }), applicant: 404 },
  },
  {
    route: 'POST /api/applications/:id/reviews',
    channel: 'api',
    cell: (world) => ({ path: `/api/applications/${fixtures.submittedId}/reviews`, body: { reviewerUserId: world.users.reviewer.id, panel: 'staff' } }),
    expect: only({ officer: 201, admin: 201 }),
  },
  {
    route: 'GET /api/applications/:id/reviews',
    channel: 'api',
    cell: () => ({ path: `/api/applications/${fixtures.submittedId}/reviews` }),
    expect: only({ officer: 200, admin: 200 }),
  },
  {
    route: 'POST /api/applications/:id/files',
    channel: 'api',
    // The draft is T0: no file question, so the applicant's well-formed upload is refused as such (400), others never get that far.
    cell: () => ({ path: `/api/applications/${fixtures.draftId}/files`, body: { questionKey: 'registration_document' } }),
    expect: { ...only({ applicant: 400 }), lead_partner: 404 },
  },
  {
    route: 'GET /api/applications/:id/files/:fileId',
    channel: 'api',
    cell: () => ({ path: `/api/applications/${fixtures.submittedId}/files/00000000-0000-4000-8000-000000000000` }),
    // The reviewer declared no conflict, so she may read its files; the file id is unknown to everyone.
    expect: { anonymous: 401, applicant: 404, lead_partner: 404, officer: 404, reviewer: 404, mentor: 404, board: 404, admin: 404 },
  },
  // Clustering: lead partners describe themselves; officers run and approve; leads see their clusters.
  {
    route: 'PUT /api/lead-partners/:organisationId/profile',
    channel: 'api',
    cell: (world) => ({
      path: `/api/lead-partners/${world.organisations.lead.id}/profile`,
      body: { countriesServed: ['KE'], maxMembers: 5, maxTotalMinor: 10_000_00, currency: 'USD', oversightHours: 100, feeRate: 0.05 },
    }),
    expect: only({ lead_partner: 200, officer: 200, admin: 200 }),
  },
  {
    route: 'POST /api/calls/:id/clustering-runs',
    channel: 'api',
    cell: () => ({ path: `/api/calls/${fixtures.callId}/clustering-runs`, body: { timeLimitMs: 500 } }),
    expect: only({ officer: 202, admin: 202 }),
  },
  {
    route: 'GET /api/clustering-runs/:id',
    channel: 'api',
    cell: async (_world, _caller, context) => {
      const [run] = await context.dataSource.query('SELECT id FROM clustering_runs ORDER BY created_at LIMIT 1');
      return { path: `/api/clustering-runs/${run.id}` };
    },
    expect: only({ officer: 200, admin: 200 }),
  },
  {
    route: 'POST /api/clustering-runs/:id/approve',
    channel: 'api',
    // No worker runs in this file: the run is still queued, so allowed callers get 409, the others never get that far.
    cell: async (_world, _caller, context) => {
      const [run] = await context.dataSource.query('SELECT id, version FROM clustering_runs ORDER BY created_at LIMIT 1');
      return { path: `/api/clustering-runs/${run.id}/approve`, body: { version: run.version } };
    },
    expect: only({ officer: 409, admin: 409 }),
  },
  { route: 'GET /api/clusters', channel: 'api', cell: () => ({ path: '/api/clusters' }), expect: only({ lead_partner: 200, officer: 200, admin: 200 }) },
  { route: 'GET /api/calls/:id/clustering-runs', channel: 'api', cell: () => ({ path: `/api/calls/${fixtures.callId}/clustering-runs` }), expect: only({ officer: 200, admin: 200 }) },
  {
    route: 'GET /api/clusters/:id',
    channel: 'api',
    cell: async (world, _caller, context) => ({ path: `/api/clusters/${await leadCluster(world, context)}` }),
    expect: only({ lead_partner: 200, officer: 200, admin: 200 }),
  },
  // Reporting: officers own the policy and start grants; grantees, leads and officers read the grants in their scope.
  { route: 'GET /api/reporting/policy', channel: 'api', cell: () => ({ path: '/api/reporting/policy' }), expect: { ...only({ officer: 200 }), admin: 400 } },
  { route: 'PUT /api/reporting/policy', channel: 'api', cell: () => ({ path: '/api/reporting/policy', body: DEFAULT_REPORTING_POLICY }), expect: { ...only({ officer: 200 }), admin: 400 } },
  {
    route: 'POST /api/reporting/preview',
    channel: 'api',
    cell: () => ({ path: '/api/reporting/preview', body: { amount: 300_000, currency: 'USD', riskLevel: 'low', clustered: false, startDate: '2027-01-01', endDate: '2027-12-31', timeZone: 'UTC' } }),
    // An admin works for no funder: she names one (funderId).
    expect: { ...only({ officer: 200 }), admin: 400 },
  },
  {
    route: 'POST /api/applications/:id/grant',
    channel: 'api',
    // The fixture application is in review, not approved: allowed callers get that far and no further.
    cell: () => ({ path: `/api/applications/${fixtures.submittedId}/grant` }),
    expect: only({ officer: 409, admin: 409 }),
  },
  { route: 'GET /api/grants', channel: 'api', cell: () => ({ path: '/api/grants' }), expect: only({ applicant: 200, lead_partner: 200, officer: 200, admin: 200 }) },
  {
    route: 'GET /api/grants/:id',
    channel: 'api',
    cell: async (world, _caller, context) => ({ path: `/api/grants/${await applicantGrant(world, context)}` }),
    expect: { ...only({ applicant: 200, officer: 200, admin: 200 }), lead_partner: 404 },
  },
  {
    route: 'POST /api/grants/:id/activate',
    channel: 'api',
    cell: async (world, _caller, context) => ({ path: `/api/grants/${await applicantGrant(world, context)}/activate`, body: { startDate: '2027-01-01', endDate: '2027-12-31' } }),
    // The officer starts it; by the admin's turn it has started.
    expect: only({ officer: 200, admin: 409 }),
  },
  {
    route: 'PATCH /api/grants/:id',
    channel: 'api',
    cell: async (world, _caller, context) => {
      const id = await applicantGrant(world, context);
      const [grant] = await context.dataSource.query('SELECT version FROM grants WHERE id = $1', [id]);
      return { path: `/api/grants/${id}`, body: { version: grant.version, endDate: '2028-06-30' } };
    },
    expect: only({ officer: 200, admin: 200 }),
  },
  // Reports and instalments of that grant (started by the row above).
  {
    route: 'GET /api/requirements/:id/report',
    channel: 'api',
    cell: async (world, _caller, context) => ({ path: `/api/requirements/${await applicantRequirement(world, context)}/report` }),
    expect: { ...only({ applicant: 200, officer: 200, admin: 200 }), lead_partner: 404 },
  },
  {
    route: 'PUT /api/requirements/:id/report',
    channel: 'api',
    cell: async (world, _caller, context) => {
      const id = await applicantRequirement(world, context);
      const [report] = await context.dataSource.query('SELECT version FROM reports WHERE requirement_id = $1', [id]);
      return { path: `/api/requirements/${id}/report`, body: { ...(report ? { version: report.version } : {}), answers: [{ question: 'progress', value: 'Going well.' }] } };
    },
    expect: { ...only({ applicant: 200 }), lead_partner: 404 },
  },
  {
    route: 'POST /api/requirements/:id/report/voice-notes',
    channel: 'api',
    // No file attached: the grantee is told to send one.
    cell: async (world, _caller, context) => ({ path: `/api/requirements/${await applicantRequirement(world, context)}/report/voice-notes`, body: { question: 'learning' } }),
    expect: { ...only({ applicant: 400 }), lead_partner: 404 },
  },
  {
    route: 'GET /api/requirements/:id/report/files/:fileId',
    channel: 'api',
    cell: async (world, _caller, context) => ({ path: `/api/requirements/${await applicantRequirement(world, context)}/report/files/00000000-0000-4000-8000-000000000000` }),
    expect: { ...only({ applicant: 404, officer: 404, admin: 404 }), lead_partner: 404 },
  },
  {
    route: 'POST /api/requirements/:id/report/submit',
    channel: 'api',
    // Two of the three questions are unanswered.
    cell: async (world, _caller, context) => ({ path: `/api/requirements/${await applicantRequirement(world, context)}/report/submit` }),
    expect: { ...only({ applicant: 422 }), lead_partner: 404 },
  },
  {
    route: 'POST /api/requirements/:id/review',
    channel: 'api',
    cell: async (world, _caller, context) => ({ path: `/api/requirements/${await applicantRequirement(world, context)}/review`, body: { decision: 'accept' } }),
    expect: { ...only({ officer: 409, admin: 409 }), lead_partner: 404 },
  },
  {
    route: 'POST /api/instalments/:id/request',
    channel: 'api',
    cell: async (world, _caller, context) => ({ path: `/api/instalments/${await applicantInstalment(world, context)}/request`, body: { previousSpentMinor: 0 } }),
    expect: { ...only({ applicant: 200 }), lead_partner: 404 },
  },
  {
    route: 'POST /api/instalments/:id/release',
    channel: 'api',
    cell: async (world, _caller, context) => ({ path: `/api/instalments/${await applicantInstalment(world, context)}/release` }),
    // The officer releases it; by the admin's turn it is released.
    expect: { ...only({ officer: 200, admin: 409 }), lead_partner: 404 },
  },
  { route: 'GET /api/instalments/releases.csv', channel: 'api', cell: () => ({ path: '/api/instalments/releases.csv' }), expect: only({ lead_partner: 200, officer: 200, admin: 200 }) },
  // Mentoring: the organisation and its assigned mentor write; officers read scores, never unshared notes.
  { route: 'GET /api/mentoring/frameworks', channel: 'api', cell: () => ({ path: '/api/mentoring/frameworks' }), expect: signedIn(200) },
  { route: 'GET /api/mentoring/rules', channel: 'api', cell: () => ({ path: '/api/mentoring/rules' }), expect: only({ officer: 200, mentor: 200, admin: 200 }) },
  { route: 'PUT /api/mentoring/rules', channel: 'api', cell: () => ({ path: '/api/mentoring/rules', body: DEFAULT_CAPACITY_RULES }), expect: only({ officer: 200 }) },
  {
    route: 'POST /api/organisations/:id/assessments',
    channel: 'api',
    cell: (world) => ({ path: `/api/organisations/${world.organisations.grassroots.id}/assessments` }),
    // The applicant starts it; by the mentor's turn one is open.
    expect: { ...only({ applicant: 201, mentor: 409 }), lead_partner: 404 },
  },
  {
    route: 'GET /api/organisations/:id/assessments',
    channel: 'api',
    cell: (world) => ({ path: `/api/organisations/${world.organisations.grassroots.id}/assessments` }),
    expect: { ...only({ applicant: 200, officer: 200, mentor: 200, admin: 200 }), lead_partner: 404 },
  },
  {
    route: 'GET /api/assessments/:id',
    channel: 'api',
    cell: async (world, _caller, context) => ({ path: `/api/assessments/${await assessmentOf(world, context)}` }),
    expect: { ...only({ applicant: 200, officer: 200, mentor: 200, admin: 200 }), lead_partner: 404 },
  },
  {
    route: 'PUT /api/assessments/:id/ratings',
    channel: 'api',
    cell: async (world, _caller, context) => {
      const id = await assessmentOf(world, context);
      const [row] = await context.dataSource.query('SELECT version FROM assessments WHERE id = $1', [id]);
      return { path: `/api/assessments/${id}/ratings`, body: { version: row?.version ?? 1, ratings: [{ indicator: 'DP1', value: '3' }] } };
    },
    expect: { ...only({ applicant: 200, mentor: 200 }), lead_partner: 404 },
  },
  {
    route: 'POST /api/assessments/:id/evidence',
    channel: 'api',
    // No file attached.
    cell: async (world, _caller, context) => ({ path: `/api/assessments/${await assessmentOf(world, context)}/evidence`, body: { indicator: 'PSEA1' } }),
    expect: { ...only({ applicant: 400, mentor: 400 }), lead_partner: 404 },
  },
  {
    route: 'GET /api/assessments/:id/evidence/:fileId',
    channel: 'api',
    cell: async (world, _caller, context) => ({ path: `/api/assessments/${await assessmentOf(world, context)}/evidence/00000000-0000-4000-8000-000000000000` }),
    expect: { ...only({ applicant: 404, officer: 404, mentor: 404, admin: 404 }), lead_partner: 404 },
  },
  {
    route: 'POST /api/assessments/:id/submit',
    channel: 'api',
    cell: async (world, _caller, context) => ({ path: `/api/assessments/${await assessmentOf(world, context)}/submit` }),
    expect: { ...only({ applicant: 422 }), lead_partner: 404 },
  },
  {
    route: 'POST /api/assessments/:id/validate',
    channel: 'api',
    cell: async (world, _caller, context) => ({ path: `/api/assessments/${await assessmentOf(world, context)}/validate` }),
    expect: only({ mentor: 422 }),
  },
  {
    route: 'POST /api/organisations/:id/sessions',
    channel: 'api',
    cell: (world) => ({ path: `/api/organisations/${world.organisations.grassroots.id}/sessions`, body: { heldOn: '2027-01-20', durationMinutes: 45, mode: 'phone', topics: [], notes: 'Private words.' } }),
    expect: only({ mentor: 201 }),
  },
  {
    route: 'GET /api/organisations/:id/sessions',
    channel: 'api',
    cell: (world) => ({ path: `/api/organisations/${world.organisations.grassroots.id}/sessions` }),
    expect: { ...only({ applicant: 200, officer: 200, mentor: 200, admin: 200 }), lead_partner: 404 },
  },
  {
    route: 'PATCH /api/sessions/:id/sharing',
    channel: 'api',
    cell: async (world, _caller, context) => ({ path: `/api/sessions/${await sessionOf(world, context)}/sharing`, body: { sharedWithFunder: false } }),
    expect: { ...only({ applicant: 200 }), lead_partner: 404 },
  },
  {
    route: 'GET /api/organisations/:id/actions',
    channel: 'api',
    cell: (world) => ({ path: `/api/organisations/${world.organisations.grassroots.id}/actions` }),
    expect: { ...only({ applicant: 200, officer: 200, mentor: 200, admin: 200 }), lead_partner: 404 },
  },
  {
    route: 'PATCH /api/actions/:id',
    channel: 'api',
    cell: async (world, _caller, context) => {
      const id = await actionOf(world, context);
      const [row] = await context.dataSource.query('SELECT version FROM action_items WHERE id = $1', [id]);
      return { path: `/api/actions/${id}`, body: { version: row.version, status: 'done' } };
    },
    expect: { ...only({ applicant: 200, mentor: 200 }), lead_partner: 404 },
  },
  {
    route: 'POST /api/organisations/:id/graduations',
    channel: 'api',
    cell: (world) => ({ path: `/api/organisations/${world.organisations.grassroots.id}/graduations`, body: { rationale: 'Ready to lead, we think.' } }),
    expect: only({ mentor: 422 }),
  },
  { route: 'GET /api/graduations', channel: 'api', cell: () => ({ path: '/api/graduations' }), expect: only({ officer: 200, admin: 200 }) },
  {
    route: 'POST /api/graduations/:id/decision',
    channel: 'api',
    cell: async (world, _caller, context) => ({ path: `/api/graduations/${await graduationOf(world, context)}/decision`, body: { decision: 'decline', comment: 'Not yet.' } }),
    // Declined by the officer; the admin comes too late.
    expect: only({ officer: 200, admin: 409 }),
  },
  // Portfolio: open data for a funder's officers; an organisation, or an officer, marks it at risk.
  {
    route: 'GET /api/portfolio/exports/360giving',
    channel: 'api',
    cell: () => ({ path: `/api/portfolio/exports/360giving?callId=${fixtures.callId}` }),
    // A donor's board members read the funder's open data too.
    expect: only({ officer: 200, board: 200, admin: 200 }),
  },
  {
    route: 'GET /api/portfolio/exports/iati',
    channel: 'api',
    cell: async (world, _caller, context) => ({ path: `/api/portfolio/exports/iati?clusterId=${await leadCluster(world, context)}` }),
    // The cluster is written directly, without a lead agreement: allowed callers reach it and get 409, the others never get that far.
    expect: only({ officer: 409, board: 409, admin: 409 }),
  },
  {
    route: 'PUT /api/organisations/:id/at-risk',
    channel: 'api',
    cell: (world) => ({ path: `/api/organisations/${world.organisations.grassroots.id}/at-risk`, body: { atRisk: false } }),
    // The lead partner does not see another group's record.
    expect: { ...only({ applicant: 200, officer: 200, admin: 200 }), lead_partner: 404 },
  },
  // Reviews: only the assigned reviewer, and only after her declaration.
  { route: 'GET /api/reviews', channel: 'api', cell: () => ({ path: '/api/reviews' }), expect: only({ reviewer: 200 }) },
  { route: 'GET /api/reviews/:id', channel: 'api', cell: () => ({ path: `/api/reviews/${fixtures.reviewId}` }), expect: only({ reviewer: 200 }) },
  {
    route: 'POST /api/reviews/:id/declaration',
    channel: 'api',
    cell: () => ({ path: `/api/reviews/${fixtures.reviewId}/declaration`, body: { hasConflict: false } }),
    expect: only({ reviewer: 200 }),
  },
  {
    route: 'POST /api/reviews/:id/scores',
    channel: 'api',
    cell: () => ({ path: `/api/reviews/${fixtures.reviewId}/scores`, body: { scores: { relevance: 4, survivor_voice: 4, feasibility: 4, value: 4 } } }),
    expect: only({ reviewer: 200 }),
  },
  {
    route: 'POST /api/auth/sign-in-link',
    channel: 'api',
    cell: (_world, caller) => ({ path: '/api/auth/sign-in-link', body: { email: `link-${caller}@example.test` } }),
    expect: all(202),
  },
  {
    route: 'POST /api/auth/sign-in-link/confirm',
    channel: 'api',
    cell: () => ({ path: '/api/auth/sign-in-link/confirm', body: { token: 'not-a-real-token-123' } }),
    expect: all(410),
  },
  // Pages: the session cookie is the credential; signed-out visitors are sent to the sign-in page.
  { route: 'GET /', channel: 'web', cell: () => ({ path: '/' }), expect: { ...all(200), anonymous: 303 } },
  { route: 'GET /login', channel: 'web', cell: () => ({ path: '/login' }), expect: all(200) },
  { route: 'GET /password/forgot', channel: 'web', cell: () => ({ path: '/password/forgot' }), expect: all(200) },
  { route: 'GET /password/reset', channel: 'web', cell: () => ({ path: '/password/reset?token=x' }), expect: all(200) },
  { route: 'GET /invitations/accept', channel: 'web', cell: () => ({ path: '/invitations/accept?token=x' }), expect: all(200) },
  // Page forms (sent with a valid CSRF token; without one every form is refused, see below).
  { route: 'POST /login', channel: 'web', cell: () => ({ path: '/login', body: {} }), expect: all(400) },
  { route: 'POST /logout', channel: 'web', cell: () => ({ path: '/logout', body: {}, freshToken: true }), expect: all(303) },
  { route: 'POST /password/forgot', channel: 'web', cell: () => ({ path: '/password/forgot', body: {} }), expect: all(400) },
  { route: 'POST /password/reset', channel: 'web', cell: () => ({ path: '/password/reset', body: {} }), expect: all(400) },
  { route: 'POST /invitations/accept', channel: 'web', cell: () => ({ path: '/invitations/accept', body: {} }), expect: all(400) },
  { route: 'GET /calls', channel: 'web', cell: () => ({ path: '/calls' }), expect: all(200) },
  { route: 'GET /calls/:id', channel: 'web', cell: () => ({ path: `/calls/${fixtures.callId}` }), expect: all(200) },
  {
    route: 'GET /calls/:id/apply',
    channel: 'web',
    cell: () => ({ path: `/calls/${fixtures.callId}/apply` }),
    // The applicant and the lead partner already have a live application: they are sent to it.
    expect: { ...all(200), applicant: 303, lead_partner: 303 },
  },
  {
    route: 'POST /calls/:id/apply',
    channel: 'web',
    cell: () => ({ path: `/calls/${fixtures.otherCallId}/apply`, body: { organisationName: 'Matrix Group', country: 'KE', registered: 'no' } }),
    expect: { anonymous: 303, applicant: 303, lead_partner: 303, officer: 403, reviewer: 403, mentor: 403, board: 403, admin: 403 },
  },
  { route: 'GET /sign-in-link', channel: 'web', cell: () => ({ path: '/sign-in-link?next=/applications' }), expect: all(200) },
  { route: 'POST /sign-in-link', channel: 'web', cell: () => ({ path: '/sign-in-link', body: { email: 'not an address' } }), expect: all(400) },
  { route: 'GET /sign-in', channel: 'web', cell: () => ({ path: '/sign-in?token=x&next=/' }), expect: all(200) },
  { route: 'POST /sign-in', channel: 'web', cell: () => ({ path: '/sign-in', body: { token: 'not-a-real-token-123' } }), expect: all(410) },
  { route: 'GET /applications', channel: 'web', cell: () => ({ path: '/applications' }), expect: { ...all(200), anonymous: 303 } },
  {
    route: 'GET /applications/:id',
    channel: 'web',
    cell: () => ({ path: `/applications/${fixtures.submittedId}` }),
    // Officers and admins are sent to the officer's view of it.
    expect: { anonymous: 303, applicant: 200, lead_partner: 404, officer: 303, reviewer: 404, mentor: 404, board: 404, admin: 303 },
  },
  {
    route: 'GET /applications/:id/steps/:step',
    channel: 'web',
    cell: () => ({ path: `/applications/${fixtures.draftId}/steps/1` }),
    expect: { anonymous: 303, applicant: 200, lead_partner: 404, officer: 404, reviewer: 404, mentor: 404, board: 404, admin: 303 },
  },
  {
    route: 'POST /applications/:id/steps/:step',
    channel: 'web',
    cell: async (_world, _caller, context) => {
      const [row] = await context.dataSource.query('SELECT version FROM applications WHERE id = $1', [fixtures.draftId]);
      return { path: `/applications/${fixtures.draftId}/steps/1`, body: { version: String(row.version), value: 'We are eight volunteers.', answerLanguage: 'en' } };
    },
    expect: { anonymous: 303, applicant: 303, lead_partner: 404, officer: 404, reviewer: 404, mentor: 404, board: 404, admin: 403 },
  },
  {
    route: 'POST /applications/:id/steps/:step/file',
    channel: 'web',
    // Without a file nothing is stored: allowed callers move on (the applicant to the next step).
    cell: () => ({ path: `/applications/${fixtures.draftId}/steps/1/file`, body: { action: 'next' } }),
    expect: { anonymous: 303, applicant: 303, lead_partner: 404, officer: 404, reviewer: 404, mentor: 404, board: 404, admin: 303 },
  },
  {
    route: 'POST /applications/:id/submit',
    channel: 'web',
    cell: () => ({ path: `/applications/${fixtures.submittedId}/submit`, body: {} }),
    expect: { anonymous: 303, applicant: 303, lead_partner: 404, officer: 403, reviewer: 404, mentor: 404, board: 404, admin: 403 },
  },
  {
    route: 'POST /applications/:id/withdraw',
    channel: 'web',
    cell: () => ({ path: `/applications/${fixtures.leadDraftId}/withdraw`, body: {} }),
    expect: { anonymous: 303, applicant: 404, lead_partner: 303, officer: 403, reviewer: 404, mentor: 404, board: 404, admin: 403 },
  },
  { route: 'GET /reviews', channel: 'web', cell: () => ({ path: '/reviews' }), expect: { ...only({ reviewer: 200 }), anonymous: 303 } },
  { route: 'GET /reviews/:id', channel: 'web', cell: () => ({ path: `/reviews/${fixtures.reviewId}` }), expect: { ...only({ reviewer: 200 }), anonymous: 303 } },
  {
    route: 'POST /reviews/:id/declaration',
    channel: 'web',
    cell: () => ({ path: `/reviews/${fixtures.reviewId}/declaration`, body: { conflict: 'no' } }),
    expect: { ...only({ reviewer: 303 }), anonymous: 303 },
  },
  {
    route: 'POST /reviews/:id/scores',
    channel: 'web',
    cell: () => ({ path: `/reviews/${fixtures.reviewId}/scores`, body: { score_relevance: '3', score_survivor_voice: '3', score_feasibility: '3', score_value: '3' } }),
    expect: { ...only({ reviewer: 200 }), anonymous: 303 },
  },
  { route: 'GET /officer/applications', channel: 'web', cell: () => ({ path: '/officer/applications' }), expect: { ...only({ officer: 200, admin: 200 }), anonymous: 303 } },
  {
    route: 'GET /officer/applications/:id',
    channel: 'web',
    cell: () => ({ path: `/officer/applications/${fixtures.submittedId}` }),
    expect: { ...only({ officer: 200, admin: 200 }), anonymous: 303 },
  },
  {
    route: 'POST /officer/applications/:id/reviewers',
    channel: 'web',
    cell: (world) => ({ path: `/officer/applications/${fixtures.submittedId}/reviewers`, body: { reviewerUserId: world.users.reviewer.id, panel: 'staff' } }),
    expect: { ...only({ officer: 303, admin: 303 }), anonymous: 303 },
  },
  {
    route: 'POST /officer/applications/:id/decision',
    channel: 'web',
    cell: () => ({ path: `/officer/applications/${fixtures.submittedId}/decision`, body: { decision: 'approve', feedback: 'Well done.' } }),
    expect: { ...only({ officer: 303, admin: 303 }), anonymous: 303 },
  },
  // Clustering pages.
  { route: 'GET /officer/clustering', channel: 'web', cell: () => ({ path: '/officer/clustering' }), expect: { ...only({ officer: 200, admin: 200 }), anonymous: 303 } },
  {
    route: 'GET /officer/calls/:id/clustering',
    channel: 'web',
    cell: () => ({ path: `/officer/calls/${fixtures.callId}/clustering` }),
    expect: { ...only({ officer: 200, admin: 200 }), anonymous: 303 },
  },
  {
    route: 'POST /officer/calls/:id/clustering-runs',
    channel: 'web',
    cell: () => ({ path: `/officer/calls/${fixtures.callId}/clustering-runs`, body: { timeLimitSeconds: '1' } }),
    expect: { ...only({ officer: 303, admin: 303 }), anonymous: 303 },
  },
  {
    route: 'GET /officer/clustering-runs/:id',
    channel: 'web',
    cell: async (_world, _caller, context) => ({ path: `/officer/clustering-runs/${await firstRun(context)}` }),
    expect: { ...only({ officer: 200, admin: 200 }), anonymous: 303 },
  },
  {
    route: 'POST /officer/clustering-runs/:id/rerun',
    channel: 'web',
    cell: async (_world, _caller, context) => ({ path: `/officer/clustering-runs/${await firstRun(context)}/rerun`, body: { timeLimitSeconds: '1' } }),
    expect: { ...only({ officer: 303, admin: 303 }), anonymous: 303 },
  },
  {
    route: 'POST /officer/clustering-runs/:id/approve',
    channel: 'web',
    // No worker runs in this file: the run is still queued.
    cell: async (_world, _caller, context) => ({ path: `/officer/clustering-runs/${await firstRun(context)}/approve`, body: { version: '1' } }),
    expect: { ...only({ officer: 409, admin: 409 }), anonymous: 303 },
  },
  { route: 'GET /clusters', channel: 'web', cell: () => ({ path: '/clusters' }), expect: { ...only({ lead_partner: 200, officer: 200, board: 200, admin: 200 }), anonymous: 303 } },
  {
    route: 'GET /clusters/:id',
    channel: 'web',
    cell: async (world, _caller, context) => ({ path: `/clusters/${await leadCluster(world, context)}` }),
    expect: { ...only({ lead_partner: 200, officer: 200, board: 200, admin: 200 }), anonymous: 303 },
  },
  // Reporting pages, on the grant the API rows started (its first instalment is released by now).
  { route: 'GET /grants', channel: 'web', cell: () => ({ path: '/grants' }), expect: { ...only({ applicant: 200, lead_partner: 200, officer: 200, admin: 200 }), anonymous: 303 } },
  {
    route: 'GET /grants/:id',
    channel: 'web',
    cell: async (world, _caller, context) => ({ path: `/grants/${await applicantGrant(world, context)}` }),
    expect: { ...only({ applicant: 200, officer: 200, admin: 200 }), lead_partner: 404, anonymous: 303 },
  },
  {
    route: 'POST /grants/:id/activate',
    channel: 'web',
    // Already started: the page says so.
    cell: async (world, _caller, context) => ({ path: `/grants/${await applicantGrant(world, context)}/activate`, body: { startDate: '2027-01-01' } }),
    expect: { ...only({ officer: 409, admin: 409 }), anonymous: 303 },
  },
  {
    route: 'POST /grants/:id/update',
    channel: 'web',
    cell: async (world, _caller, context) => {
      const id = await applicantGrant(world, context);
      const [grant] = await context.dataSource.query('SELECT version FROM grants WHERE id = $1', [id]);
      return { path: `/grants/${id}/update`, body: { version: String(grant.version), endDate: '2028-09-30' } };
    },
    expect: { ...only({ officer: 303, admin: 303 }), anonymous: 303 },
  },
  {
    route: 'GET /reports/:id',
    channel: 'web',
    cell: async (world, _caller, context) => ({ path: `/reports/${await applicantRequirement(world, context)}` }),
    expect: { ...only({ applicant: 200, officer: 200, admin: 200 }), lead_partner: 404, anonymous: 303 },
  },
  {
    route: 'POST /reports/:id',
    channel: 'web',
    cell: async (world, _caller, context) => ({ path: `/reports/${await applicantRequirement(world, context)}`, body: { answer_progress: 'Going well.', action: 'save' } }),
    expect: { ...only({ applicant: 303 }), lead_partner: 404, anonymous: 303 },
  },
  {
    route: 'POST /reports/:id/voice',
    channel: 'web',
    // No recording attached: the form says so.
    cell: async (world, _caller, context) => ({ path: `/reports/${await applicantRequirement(world, context)}/voice?question=learning`, body: {} }),
    expect: { ...only({ applicant: 400 }), lead_partner: 404, anonymous: 303 },
  },
  {
    route: 'POST /reports/:id/review',
    channel: 'web',
    // Not sent yet: nothing to review.
    cell: async (world, _caller, context) => ({ path: `/reports/${await applicantRequirement(world, context)}/review`, body: { decision: 'accept' } }),
    expect: { ...only({ officer: 409, admin: 409 }), lead_partner: 404, anonymous: 303 },
  },
  {
    route: 'POST /instalments/:id/request',
    channel: 'web',
    cell: async (world, _caller, context) => ({ path: `/instalments/${await applicantInstalment(world, context)}/request`, body: { previousSpent: '100' } }),
    expect: { ...only({ applicant: 409 }), lead_partner: 404, anonymous: 303 },
  },
  {
    route: 'POST /instalments/:id/release',
    channel: 'web',
    cell: async (world, _caller, context) => ({ path: `/instalments/${await applicantInstalment(world, context)}/release`, body: {} }),
    expect: { ...only({ officer: 409, admin: 409 }), lead_partner: 404, anonymous: 303 },
  },
  { route: 'GET /lead/members', channel: 'web', cell: () => ({ path: '/lead/members' }), expect: { ...only({ lead_partner: 200 }), anonymous: 303 } },
  { route: 'GET /officer/reporting', channel: 'web', cell: () => ({ path: '/officer/reporting' }), expect: { ...only({ officer: 200, admin: 200 }), anonymous: 303 } },
  // Mentoring pages, on the records the mentoring API rows made.
  { route: 'GET /mentor/caseload', channel: 'web', cell: () => ({ path: '/mentor/caseload' }), expect: { ...only({ mentor: 200 }), anonymous: 303 } },
  {
    route: 'GET /capacity/:id',
    channel: 'web',
    cell: (world) => ({ path: `/capacity/${world.organisations.grassroots.id}` }),
    expect: { ...only({ applicant: 200, officer: 200, mentor: 200, admin: 200 }), lead_partner: 404, anonymous: 303 },
  },
  {
    route: 'POST /capacity/:id/assessments',
    channel: 'web',
    // One is open: both are sent to it.
    cell: (world) => ({ path: `/capacity/${world.organisations.grassroots.id}/assessments`, body: {} }),
    expect: { ...only({ applicant: 303, mentor: 303 }), lead_partner: 404, anonymous: 303 },
  },
  {
    route: 'GET /assessments/:id',
    channel: 'web',
    cell: async (world, _caller, context) => ({ path: `/assessments/${await assessmentOf(world, context)}` }),
    expect: { ...only({ applicant: 200, officer: 200, mentor: 200, admin: 200 }), lead_partner: 404, anonymous: 303 },
  },
  {
    route: 'POST /assessments/:id/ratings',
    channel: 'web',
    cell: async (world, _caller, context) => {
      const id = await assessmentOf(world, context);
      const [row] = await context.dataSource.query('SELECT version FROM assessments WHERE id = $1', [id]);
      return { path: `/assessments/${id}/ratings?domain=data-protection`, body: { version: String(row?.version ?? 1), rating_DP1: '3' } };
    },
    expect: { ...only({ applicant: 303, mentor: 303 }), lead_partner: 404, anonymous: 303 },
  },
  {
    route: 'POST /assessments/:id/submit',
    channel: 'web',
    cell: async (world, _caller, context) => ({ path: `/assessments/${await assessmentOf(world, context)}/submit`, body: {} }),
    expect: { ...only({ applicant: 422 }), lead_partner: 404, anonymous: 303 },
  },
  {
    route: 'POST /assessments/:id/validate',
    channel: 'web',
    cell: async (world, _caller, context) => ({ path: `/assessments/${await assessmentOf(world, context)}/validate`, body: {} }),
    expect: { ...only({ mentor: 422 }), anonymous: 303 },
  },
  {
    route: 'POST /capacity/:id/sessions',
    channel: 'web',
    cell: (world) => ({ path: `/capacity/${world.organisations.grassroots.id}/sessions`, body: { heldOn: '2027-01-21', durationMinutes: '30', mode: 'video', topics: 'governance' } }),
    expect: { ...only({ mentor: 303 }), anonymous: 303 },
  },
  {
    route: 'POST /sessions/:id/sharing',
    channel: 'web',
    cell: async (world, _caller, context) => ({ path: `/sessions/${await sessionOf(world, context)}/sharing`, body: { shared: 'no' } }),
    expect: { ...only({ applicant: 303 }), lead_partner: 404, anonymous: 303 },
  },
  {
    route: 'POST /actions/:id',
    channel: 'web',
    cell: async (world, _caller, context) => {
      const id = await actionOf(world, context);
      const [row] = await context.dataSource.query('SELECT version FROM action_items WHERE id = $1', [id]);
      return { path: `/actions/${id}`, body: { version: String(row.version), status: 'open' } };
    },
    expect: { ...only({ applicant: 303, mentor: 303 }), lead_partner: 404, anonymous: 303 },
  },
  {
    route: 'POST /capacity/:id/graduation',
    channel: 'web',
    cell: (world) => ({ path: `/capacity/${world.organisations.grassroots.id}/graduation`, body: { rationale: 'Ready, we believe.' } }),
    expect: { ...only({ mentor: 422 }), anonymous: 303 },
  },
  { route: 'GET /portfolio', channel: 'web', cell: () => ({ path: '/portfolio' }), expect: { ...only({ officer: 200, board: 200, admin: 200 }), anonymous: 303 } },
  {
    route: 'GET /portfolio/exports/360giving',
    channel: 'web',
    cell: () => ({ path: `/portfolio/exports/360giving?callId=${fixtures.callId}&format=csv` }),
    expect: { ...only({ officer: 200, board: 200, admin: 200 }), anonymous: 303 },
  },
  {
    route: 'GET /portfolio/exports/iati',
    channel: 'web',
    // The matrix's cluster has no lead agreement: nothing to export.
    cell: async (world, _caller, context) => ({ path: `/portfolio/exports/iati?clusterId=${await leadCluster(world, context)}` }),
    expect: { ...only({ officer: 409, board: 409, admin: 409 }), anonymous: 303 },
  },
  { route: 'GET /portfolio/export.csv', channel: 'web', cell: () => ({ path: '/portfolio/export.csv?table=clusters' }), expect: { ...only({ officer: 200, board: 200, admin: 200 }), anonymous: 303 } },
  { route: 'GET /officer/capacity', channel: 'web', cell: () => ({ path: '/officer/capacity' }), expect: { ...only({ officer: 200, admin: 200 }), anonymous: 303 } },
  {
    route: 'POST /capacity/:id/mentors',
    channel: 'web',
    cell: (world) => ({ path: `/capacity/${world.organisations.otherGrassroots.id}/mentors`, body: { mentorUserId: world.users.mentor.id } }),
    expect: { ...only({ officer: 303, admin: 303 }), anonymous: 303 },
  },
  {
    route: 'POST /graduations/:id',
    channel: 'web',
    // Already declined through the API.
    cell: async (world, _caller, context) => ({ path: `/graduations/${await graduationOf(world, context)}`, body: { decision: 'approve' } }),
    expect: { ...only({ officer: 409, admin: 409 }), anonymous: 303 },
  },
  // Last: it ends the review (the officer's page decided it already: the same decision again is a no-op).
  {
    route: 'POST /api/applications/:id/decision',
    channel: 'api',
    cell: () => ({ path: `/api/applications/${fixtures.submittedId}/decision`, body: { decision: 'approve', feedback: 'Well done.' } }),
    expect: only({ officer: 200, admin: 200 }),
  },
];

async function firstRun(context: TestContext): Promise<string> {
  const [run] = await context.dataSource.query('SELECT id FROM clustering_runs ORDER BY created_at LIMIT 1');
  // The CSRF check below runs before any row has queued a run; the route is what matters there.
  return (run?.id as string | undefined) ?? '00000000-0000-4000-8000-000000000000';
}

let applicantGrantId: string | undefined;
/** A pending direct grant of the applicant's organisation on the funder's call, written directly. */
async function applicantGrant(world: World, context: TestContext): Promise<string> {
  if (!applicantGrantId) {
    const [grant] = await context.dataSource.query(
      `INSERT INTO grants (call_id, organisation_id, kind, amount_minor, currency, status) VALUES ($1, $2, 'direct', 300000, 'USD', 'pending') RETURNING id`,
      [fixtures.callId, world.organisations.grassroots.id],
    );
    applicantGrantId = grant.id as string;
  }
  return applicantGrantId!;
}

async function applicantRequirement(world: World, context: TestContext): Promise<string> {
  const grantId = await applicantGrant(world, context);
  const [requirement] = await context.dataSource.query(`SELECT id FROM report_requirements WHERE grant_id = $1 AND key = 'narrative:3+0:end'`, [grantId]);
  // Before the grant starts (the CSRF check), any id will do.
  return (requirement?.id as string | undefined) ?? '00000000-0000-4000-8000-000000000000';
}

async function applicantInstalment(world: World, context: TestContext): Promise<string> {
  const [instalment] = await context.dataSource.query('SELECT id FROM instalments WHERE grant_id = $1 AND number = 1', [await applicantGrant(world, context)]);
  return (instalment?.id as string | undefined) ?? '00000000-0000-4000-8000-000000000000';
}

async function assessmentOf(world: World, context: TestContext): Promise<string> {
  const [row] = await context.dataSource.query('SELECT id FROM assessments WHERE organisation_id = $1 ORDER BY created_at LIMIT 1', [world.organisations.grassroots.id]);
  return (row?.id as string | undefined) ?? '00000000-0000-4000-8000-000000000000';
}

/** A session with one agreed action, written directly for the grassroots group and its mentor. */
let mentoringSessionId: string | undefined;
async function sessionOf(world: World, context: TestContext): Promise<string> {
  if (!mentoringSessionId) {
    const [session] = await context.dataSource.query(
      `INSERT INTO mentoring_sessions (organisation_id, mentor_user_id, held_on, duration_minutes, mode) VALUES ($1, $2, '2027-01-10', 30, 'video') RETURNING id`,
      [world.organisations.grassroots.id, world.users.mentor.id],
    );
    mentoringSessionId = session.id as string;
    await context.dataSource.query(`INSERT INTO action_items (organisation_id, session_id, title, owner, due_date, created_by_user_id, version) VALUES ($1, $2, 'Write the policy', 'organisation', '2027-02-01', $3, 1)`, [
      world.organisations.grassroots.id,
      mentoringSessionId,
      world.users.mentor.id,
    ]);
  }
  return mentoringSessionId!;
}

async function actionOf(world: World, context: TestContext): Promise<string> {
  const [action] = await context.dataSource.query('SELECT id FROM action_items WHERE session_id = $1', [await sessionOf(world, context)]);
  return action.id as string;
}

let graduationId: string | undefined;
async function graduationOf(world: World, context: TestContext): Promise<string> {
  if (!graduationId) {
    const [graduation] = await context.dataSource.query(
      `INSERT INTO graduations (organisation_id, assessment_id, recommended_by_user_id, rationale) VALUES ($1, $2, $3, 'Seeded for the matrix') RETURNING id`,
      [world.organisations.grassroots.id, await assessmentOf(world, context), world.users.mentor.id],
    );
    graduationId = graduation.id as string;
  }
  return graduationId!;
}

let leadClusterId: string | undefined;
/** A cluster led by the lead partner on the funder's call, written directly (no worker runs here). */
async function leadCluster(world: World, context: TestContext): Promise<string> {
  if (!leadClusterId) {
    const [cluster] = await context.dataSource.query(
      `INSERT INTO clusters (call_id, run_id, lead_organisation_id, total_minor, fee_minor, fee_rate, currency) VALUES ($1, $2, $3, 0, 0, 0.07, 'USD') RETURNING id`,
      [fixtures.callId, await firstRun(context), world.organisations.lead.id],
    );
    leadClusterId = cluster.id as string;
  }
  return leadClusterId!;
}

async function draftCall(world: World, context: TestContext): Promise<string> {
  const created = await context.http().post('/api/calls').set('Authorization', `Bearer ${world.tokens.officer}`).send(CallFactory.build()).expect(201);
  return created.body.id as string;
}

async function createFixtures(world: World, context: TestContext): Promise<Fixtures> {
  const bearer = (token: string) => `Bearer ${token}`;
  const callId = (await CallFactory.publish(context, world.tokens.officer)).id;
  const otherCallId = (await CallFactory.publish(context, world.tokens.officer)).id;
  const started = await context.http().post(`/api/calls/${callId}/applications`).set('Authorization', bearer(world.tokens.applicant)).send({}).expect(201);
  await context
    .http()
    .patch(`/api/applications/${started.body.id}`)
    .set('Authorization', bearer(world.tokens.applicant))
    .send({ version: started.body.version, requestedAmountMinor: 3_000_00, answers: T0_ANSWERS, budgetLines: T0_BUDGET })
    .expect(200);
  await context.http().post(`/api/applications/${started.body.id}/submit`).set('Authorization', bearer(world.tokens.applicant)).expect(200);
  const review = await context
    .http()
    .post(`/api/applications/${started.body.id}/reviews`)
    .set('Authorization', bearer(world.tokens.officer))
    .send({ reviewerUserId: world.users.reviewer.id, panel: 'peer_panel' })
    .expect(201);
  await context.http().post(`/api/reviews/${review.body.id}/declaration`).set('Authorization', bearer(world.tokens.reviewer)).send({ hasConflict: false }).expect(200);
  const draft = await context.http().post(`/api/calls/${otherCallId}/applications`).set('Authorization', bearer(world.tokens.applicant)).send({}).expect(201);
  const leadDraft = await context.http().post(`/api/calls/${otherCallId}/applications`).set('Authorization', bearer(world.tokens.lead_partner)).send({}).expect(201);
  return { callId, otherCallId, submittedId: started.body.id, reviewId: review.body.id, draftId: draft.body.id, leadDraftId: leadDraft.body.id };
}

describe('route x role authorisation matrix', () => {
  let context: TestContext;
  let world: World;
  const webTokens: Partial<Record<Caller, string>> = {};

  beforeAll(async () => {
    context = await createTestApp({ LOGIN_MAX_ATTEMPTS_PER_ADDRESS: '1000' });
    world = await createWorld(context);
    fixtures = await createFixtures(world, context);
    const sessions = context.app.get(SessionService);
    for (const caller of CALLERS.filter((c) => c !== 'anonymous')) {
      webTokens[caller] = (await sessions.issue(world.users[caller as keyof World['users']].id, 'web')).token;
    }
  });
  afterAll(() => context.close());

  it('covers every route the api serves, and only those', () => {
    expect(ROWS.map((row) => row.route).sort()).toEqual(listRoutes(context.app));
  });

  it('never shows a session’s notes to a funder’s officer, by API or page, unless the organisation shares them', async () => {
    const organisationId = world.organisations.grassroots.id;
    const logged = await context
      .http()
      .post(`/api/organisations/${organisationId}/sessions`)
      .set('Authorization', `Bearer ${world.tokens.mentor}`)
      .send({ heldOn: '2027-02-02', durationMinutes: 30, mode: 'phone', topics: [], notes: 'Words for the group and its mentor only.' })
      .expect(201);
    const bearer = (token: string) => `Bearer ${token}`;
    const read = async (caller: Caller) => {
      const api = await context.http().get(`/api/organisations/${organisationId}/sessions`).set('Authorization', bearer(world.tokens[caller as keyof World['tokens']]));
      const page = await context.http().get(`/capacity/${organisationId}`).set('Cookie', `mosaic_session=${webTokens[caller]}`).set('Accept', 'text/html');
      const session = Array.isArray(api.body) ? (api.body as { id: string; notes: string | null }[]).find((s) => s.id === logged.body.id) : undefined;
      return { status: api.status, notes: session?.notes ?? null, page: page.text.includes('Words for the group and its mentor only.') };
    };
    expect(await read('officer')).toEqual({ status: 200, notes: null, page: false });
    expect(await read('mentor')).toEqual({ status: 200, notes: 'Words for the group and its mentor only.', page: true });
    expect(await read('applicant')).toEqual({ status: 200, notes: 'Words for the group and its mentor only.', page: true });
    expect((await read('reviewer')).status).toBe(403);
    expect((await read('lead_partner')).status).toBe(404);
  });

  it('refuses every page form posted without a valid CSRF token, whoever sends it', async () => {
    for (const row of ROWS.filter((r) => r.channel === 'web' && !r.route.startsWith('GET'))) {
      const cell = await row.cell(world, 'applicant', context);
      const response = await context
        .http()
        .post(cell.path)
        .set('Cookie', `mosaic_session=${webTokens.applicant}; mosaic_csrf=some-seed-without-its-token`)
        .set('Accept', 'text/html')
        .type('form')
        .send({ ...cell.body, _csrf: 'forged' });
      expect({ route: row.route, status: response.status }).toEqual({ route: row.route, status: 403 });
    }
  });

  describe.each(ROWS)('$route', (row) => {
    it.each(CALLERS)('as %s', async (caller) => {
      const cell = await row.cell(world, caller, context);
      const [method] = row.route.split(' ');
      let request = context.http()[method.toLowerCase() as 'get'](cell.path);
      const csrfSeed = 'matrix-csrf-seed-0123456789';
      const webCookies = (session?: string) => [`mosaic_csrf=${csrfSeed}`, ...(session ? [`mosaic_session=${session}`] : [])].join('; ');
      const body = cell.body && row.channel === 'web' && method !== 'GET' ? { ...cell.body, _csrf: hmac(context.config.appSecret, `csrf|${csrfSeed}`) } : cell.body;
      if (caller !== 'anonymous') {
        if (row.channel === 'web') {
          const session = cell.freshToken ? (await context.app.get(SessionService).issue(world.users[caller].id, 'web')).token : webTokens[caller];
          request = request.set('Cookie', webCookies(session)).set('Accept', 'text/html');
        } else {
          const token = cell.freshToken
            ? (await context.app.get(SessionService).issue(world.users[caller].id, 'api')).token
            : world.tokens[caller];
          request = request.set('Authorization', `Bearer ${token}`);
        }
      } else if (row.channel === 'web') {
        request = request.set('Cookie', webCookies()).set('Accept', 'text/html');
      }
      if (body) request = row.channel === 'web' ? request.type('form').send(body) : request.send(body);
      const response = await request;
      expect({ caller, status: response.status }).toEqual({ caller, status: row.expect[caller] });
      if (row.channel === 'api' && response.status === 401) expect(response.body.code).toBe('UNAUTHENTICATED');
      if (row.channel === 'api' && response.status === 403) expect(response.body.code).toMatch(/^FORBIDDEN/);
      if (row.channel === 'web' && response.status === 303 && caller === 'anonymous' && !['POST /logout', 'GET /'].includes(row.route)) expect(response.headers.location).toMatch(/^\/sign-in-link/);
    });
  });
});

import { CAPACITY_FRAMEWORK } from '@mosaic/mentoring';
import { CallFactory } from './factories/call.factory';
import { createWorld, World } from './factories/identity.factory';
import { createTestApp, TestContext } from './support/test-app';
import { asBearer } from './support/bearer';

/** Every indicator rated: full safeguarding capacity, established governance, finance and data protection. */
function strongRatings() {
  return CAPACITY_FRAMEWORK.domains.flatMap((domain) =>
    domain.indicators.map((indicator, index) => ({
      indicator: indicator.code,
      value: domain.scale === 'psea' ? (index === 5 ? 'progressing' : 'adequate') : domain.code === 'exit-legacy' ? '2' : '3',
    })),
  );
}

describe('mentoring: assessments, sessions and graduation', () => {
  let context: TestContext;
  let world: World;
  let assessmentId: string;
  let grantId: string;
  const as = (token: string) => asBearer(context, token);
  const org = () => world.organisations.grassroots.id;

  beforeAll(async () => {
    context = await createTestApp({ LOGIN_MAX_ATTEMPTS_PER_ADDRESS: '1000', FILE_MAX_BYTES: '3000' });
    world = await createWorld(context);
    // A running grant, planned at the policy's default risk (medium), to see the assessment lighten it.
    const call = await CallFactory.publish(context, world.tokens.officer);
    const [grant] = await context.dataSource.query(`INSERT INTO grants (call_id, organisation_id, kind, amount_minor, currency, status) VALUES ($1, $2, 'direct', 1500000, 'USD', 'pending') RETURNING id`, [call.id, org()]);
    grantId = grant.id;
    await as(world.tokens.officer).post(`/api/grants/${grantId}/activate`, { startDate: '2027-01-01', endDate: '2027-12-31' }).expect(200);
  });
  afterAll(() => context.close());

  it('lists the framework with its five domains, indicators and the mapping onto maturity', async () => {
    const [framework] = (await as(world.tokens.applicant).get('/api/mentoring/frameworks').expect(200)).body;
    expect(framework.domains.map((d: { code: string }) => d.code)).toEqual(['safeguarding-psea', 'data-protection', 'governance', 'financial-management', 'exit-legacy']);
    expect(framework.domains[1].indicators.map((i: { code: string }) => i.code)).toEqual(['DP1', 'DP2', 'DP3', 'DP4', 'DP5', 'DP6', 'DP7', 'DP8', 'DP9', 'DP10', 'DP11']);
    expect(framework.scales.find((s: { code: string }) => s.code === 'psea').levels.find((l: { value: string }) => l.value === 'absent').maturity).toBe(1);
    expect(framework.domains[0].indicators[0].text.sw).toEqual(expect.any(String));
  });

  it('lets the organisation rate itself, refusing values outside the scale and changing nothing', async () => {
    const started = await as(world.tokens.applicant).post(`/api/organisations/${org()}/assessments`).expect(201);
    assessmentId = started.body.id;
    const outside = await as(world.tokens.applicant).put(`/api/assessments/${assessmentId}/ratings`, { version: started.body.version, ratings: [{ indicator: 'DP1', value: '3' }, { indicator: 'PSEA1', value: '5' }] }).expect(422);
    expect(outside.body).toEqual(expect.objectContaining({ code: 'RATING_OUTSIDE_SCALE', details: { indicator: 'PSEA1', allowed: ['absent', 'progressing', 'adequate'] } }));
    expect((await as(world.tokens.applicant).get(`/api/assessments/${assessmentId}`).expect(200)).body.ratings).toEqual([]);
    const early = await as(world.tokens.applicant).post(`/api/assessments/${assessmentId}/submit`).expect(422);
    expect(early.body.code).toBe('RATINGS_MISSING');
    const rated = await as(world.tokens.applicant).put(`/api/assessments/${assessmentId}/ratings`, { version: started.body.version, ratings: strongRatings() }).expect(200);
    await as(world.tokens.applicant).put(`/api/assessments/${assessmentId}/ratings`, { version: started.body.version, ratings: [{ indicator: 'DP1', value: '4' }] }).expect(409);
    expect(rated.body.version).toBe(started.body.version + 1);
  });

  it('takes evidence files within the limit and of an accepted type', async () => {
    const upload = (bytes: Buffer, name: string) =>
      context.http().post(`/api/assessments/${assessmentId}/evidence`).set('Authorization', `Bearer ${world.tokens.applicant}`).field('indicator', 'PSEA1').attach('file', bytes, name);
    await upload(Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(200)]), 'policy.pdf').expect(201);
    expect((await upload(Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(4000)]), 'big.pdf').expect(413)).body.code).toBe('FILE_TOO_LARGE');
    expect((await upload(Buffer.from('MZ not a document'), 'tool.exe').expect(415)).body.code).toBe('UNSUPPORTED_FILE_TYPE');
    const ratings = (await as(world.tokens.applicant).get(`/api/assessments/${assessmentId}`).expect(200)).body.ratings;
    expect(ratings.find((r: { indicator: string }) => r.indicator === 'PSEA1').evidenceFileIds).toHaveLength(1);
  });

  it('has the assigned mentor validate, adjusting with a comment; the lower risk lightens the running grant', async () => {
    await as(world.tokens.applicant).post(`/api/assessments/${assessmentId}/submit`).expect(200);
    const current = (await as(world.tokens.mentor).get(`/api/assessments/${assessmentId}`).expect(200)).body;
    const silent = await as(world.tokens.mentor).put(`/api/assessments/${assessmentId}/ratings`, { version: current.version, ratings: [{ indicator: 'EX1', value: '1' }] }).expect(422);
    expect(silent.body).toEqual(expect.objectContaining({ code: 'COMMENT_REQUIRED', details: { indicator: 'EX1' } }));
    await as(world.tokens.mentor).put(`/api/assessments/${assessmentId}/ratings`, { version: current.version, ratings: [{ indicator: 'EX1', value: '1', comment: 'No exit date agreed yet.' }] }).expect(200);
    const kept = (await as(world.tokens.mentor).get(`/api/assessments/${assessmentId}`).expect(200)).body.ratings.find((r: { indicator: string }) => r.indicator === 'EX1');
    expect(kept).toEqual(expect.objectContaining({ selfValue: '2', mentorValue: '1', mentorComment: 'No exit date agreed yet.' }));
    // Another funder's officer may read scores but never validate; the applicant cannot validate her own.
    await as(world.tokens.applicant).post(`/api/assessments/${assessmentId}/validate`).expect(403);
    const validated = await as(world.tokens.mentor).post(`/api/assessments/${assessmentId}/validate`).expect(200);
    expect(validated.body).toEqual(expect.objectContaining({ riskLevel: 'low', replannedGrants: [expect.objectContaining({ grantId })] }));
    // Clustering reads the group's maturity from now on (oversight hours depend on it).
    expect(await context.dataSource.query('SELECT risk_level, maturity FROM organisations WHERE id = $1', [org()])).toEqual([{ risk_level: 'low', maturity: 3 }]);
    // Each domain's maturity is kept with the assessment, for the portfolio's capacity view.
    const [stored] = await context.dataSource.query('SELECT domain_maturity FROM assessments WHERE id = $1', [assessmentId]);
    expect(stored.domain_maturity).toEqual({ 'safeguarding-psea': 3.7, 'data-protection': 3, governance: 3, 'financial-management': 3, 'exit-legacy': 1.9 });
    const grant = (await as(world.tokens.officer).get(`/api/grants/${grantId}`).expect(200)).body;
    expect(grant.riskLevel).toBe('low');
    // T1 low risk: a final 4+1 narrative and an income and expense summary; the medium-risk check-in call is cancelled.
    expect(grant.requirements.filter((r: { status: string }) => r.status !== 'cancelled').map((r: { key: string }) => r.key)).toEqual(['financial:summary:end', 'narrative:4+1:end']);
  });

  it('starts a re-assessment from the last validated answers', async () => {
    const again = await as(world.tokens.mentor).post(`/api/organisations/${org()}/assessments`).expect(201);
    const ratings = (await as(world.tokens.mentor).get(`/api/assessments/${again.body.id}`).expect(200)).body.ratings;
    expect(ratings).toHaveLength(39);
    expect(ratings.find((r: { indicator: string }) => r.indicator === 'EX1')).toEqual(expect.objectContaining({ selfValue: '1', mentorValue: null }));
    await as(world.tokens.otherApplicant).get(`/api/assessments/${again.body.id}`).expect(404);
  });

  it('keeps session notes from funders unless the organisation shares them', async () => {
    const logged = await as(world.tokens.mentor)
      .post(`/api/organisations/${org()}/sessions`, {
        heldOn: '2027-01-20',
        durationMinutes: 60,
        mode: 'phone',
        topics: [{ domain: 'data-protection', indicator: 'DP11' }],
        notes: 'The board worries about the cost of a lockable cabinet.',
        actions: [
          { title: 'Board adopts the data protection policy', owner: 'organisation', dueDate: '2027-02-28', domain: 'data-protection', indicator: 'DP11' },
          { title: 'Send a policy template in Swahili', owner: 'mentor', dueDate: '2027-01-27' },
        ],
      })
      .expect(201);
    expect(logged.body.actions).toHaveLength(2);
    const stored = await context.dataSource.query('SELECT notes_encrypted FROM mentoring_sessions WHERE id = $1', [logged.body.id]);
    expect(stored[0].notes_encrypted).not.toContain('cabinet');
    expect((await as(world.tokens.officer).get(`/api/organisations/${org()}/sessions`).expect(200)).body[0]).toEqual(expect.objectContaining({ notes: null, hasNotes: true }));
    expect((await as(world.tokens.applicant).get(`/api/organisations/${org()}/sessions`).expect(200)).body[0].notes).toBe('The board worries about the cost of a lockable cabinet.');
    await as(world.tokens.mentor).patch(`/api/sessions/${logged.body.id}/sharing`, { sharedWithFunder: true }).expect(403);
    await as(world.tokens.applicant).patch(`/api/sessions/${logged.body.id}/sharing`, { sharedWithFunder: true }).expect(200);
    expect((await as(world.tokens.officer).get(`/api/organisations/${org()}/sessions`).expect(200)).body[0].notes).toBe('The board worries about the cost of a lockable cabinet.');
    const [action] = (await as(world.tokens.applicant).get(`/api/organisations/${org()}/actions`).expect(200)).body;
    await as(world.tokens.applicant).patch(`/api/actions/${action.id}`, { version: action.version, status: 'done' }).expect(200);
    await as(world.tokens.applicant).patch(`/api/actions/${action.id}`, { version: action.version, status: 'open' }).expect(409);
  });

  it('graduates the organisation to lead partner once the mentor recommends it and an officer approves', async () => {
    await as(world.tokens.applicant).post(`/api/organisations/${org()}/graduations`, { rationale: 'Ready to lead a cluster.' }).expect(403);
    const recommended = await as(world.tokens.mentor).post(`/api/organisations/${org()}/graduations`, { rationale: 'Safeguarding in place; finance and governance established.' }).expect(201);
    await as(world.tokens.mentor).post(`/api/organisations/${org()}/graduations`, { rationale: 'Once more, with feeling.' }).expect(409);
    expect((await as(world.tokens.officer).get('/api/graduations').expect(200)).body.map((g: { id: string }) => g.id)).toEqual([recommended.body.id]);
    await as(world.tokens.officer).post(`/api/graduations/${recommended.body.id}/decision`, { decision: 'approve' }).expect(200);
    const [organisation] = await context.dataSource.query('SELECT is_lead_partner, risk_level FROM organisations WHERE id = $1', [org()]);
    expect(organisation).toEqual({ is_lead_partner: true, risk_level: 'low' });
    expect(await context.dataSource.query('SELECT countries_served FROM lead_partner_profiles WHERE organisation_id = $1', [org()])).toEqual([{ countries_served: ['KE'] }]);
    expect(await context.dataSource.query(`SELECT role FROM memberships WHERE user_id = $1 ORDER BY role`, [world.users.applicant.id])).toEqual([{ role: 'applicant' }, { role: 'lead_partner' }]);
    await as(world.tokens.officer).post(`/api/graduations/${recommended.body.id}/decision`, { decision: 'decline' }).expect(409);
  });

  it('tells a mentor plainly that an organisation is not hers, and says why one cannot graduate yet', async () => {
    await as(world.tokens.mentor).post(`/api/organisations/${world.organisations.otherGrassroots.id}/assessments`).expect(403);
    await as(world.tokens.mentor).post(`/api/organisations/${world.organisations.otherGrassroots.id}/sessions`, { heldOn: '2027-01-20', durationMinutes: 30, mode: 'video', topics: [] }).expect(403);
    await context.dataSource.query('INSERT INTO mentor_assignments (mentor_user_id, organisation_id) VALUES ($1, $2)', [world.users.mentor.id, world.organisations.otherGrassroots.id]);
    const refused = await as(world.tokens.mentor).post(`/api/organisations/${world.organisations.otherGrassroots.id}/graduations`, { rationale: 'Too early, surely.' }).expect(422);
    expect(refused.body.code).toBe('NO_VALIDATED_ASSESSMENT');
  });

  it('lets a funder make its own rules stricter, and reads every verdict through them', async () => {
    const defaults = (await as(world.tokens.officer).get('/api/mentoring/rules').expect(200)).body;
    expect(defaults.leadPartner).toEqual(expect.objectContaining({ pseaBand: 'full', auditIndicator: 'FIN7', domainMin: { 'data-protection': 3 } }));
    const unknown = await as(world.tokens.officer).put('/api/mentoring/rules', { ...defaults, leadPartner: { ...defaults.leadPartner, auditIndicator: 'FIN99' } }).expect(422);
    expect(unknown.body.code).toBe('UNKNOWN_INDICATOR');
    await as(world.tokens.mentor).put('/api/mentoring/rules', defaults).expect(403);
    await as(world.tokens.officer).put('/api/mentoring/rules', { ...defaults, leadPartner: { ...defaults.leadPartner, domainMin: { 'data-protection': 4 } } }).expect(200);
    const history = (await as(world.tokens.officer).get(`/api/organisations/${org()}/assessments`).expect(200)).body;
    const validated = history.find((a: { status: string }) => a.status === 'validated');
    expect(validated.eligibility.unmet).toEqual([expect.objectContaining({ condition: 'domain-level', domain: 'data-protection', need: '4', have: '3' })]);
    // Another funder keeps the defaults.
    const elsewhere = (await as(world.tokens.otherOfficer).get(`/api/organisations/${org()}/assessments`).expect(200)).body;
    expect(elsewhere.find((a: { status: string }) => a.status === 'validated').eligibility.eligible).toBe(true);
  });
});

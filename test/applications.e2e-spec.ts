import { AuditEventEntity } from '@mosaic/audit';
import { OutboundEmailEntity } from '@mosaic/mail';
import { CallFactory, T0_ANSWERS, T0_BUDGET } from './factories/call.factory';
import { Role } from '@mosaic/identity';
import { createWorld, loginAs, UserFactory, World } from './factories/identity.factory';
import { createTestApp, TestContext } from './support/test-app';
import { asBearer } from './support/bearer';

describe('applications: apply, review with conflict declarations, decide', () => {
  let context: TestContext;
  let world: World;
  let callId: string;
  const as = (token: string) => asBearer(context, token);

  beforeAll(async () => {
    context = await createTestApp({ LOGIN_MAX_ATTEMPTS_PER_ADDRESS: '1000' });
    world = await createWorld(context);
    callId = (await CallFactory.publish(context, world.tokens.officer)).id;
  });
  afterAll(() => context.close());

  it('lists open calls publicly, and drafts only to their funder', async () => {
    const draft = await as(world.tokens.officer).post('/api/calls', CallFactory.build({ title: { en: 'Draft call' } })).expect(201);
    const anonymous = await context.http().get('/api/calls').expect(200);
    expect(anonymous.body.map((c: { id: string }) => c.id)).toEqual([callId]);
    const officer = await as(world.tokens.officer).get('/api/calls').expect(200);
    expect(officer.body.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining([callId, draft.body.id]));
    const otherOfficer = await as(world.tokens.otherOfficer).get('/api/calls').expect(200);
    expect(otherOfficer.body.map((c: { id: string }) => c.id)).toEqual([callId]);
    await context.http().get(`/api/calls/${draft.body.id}`).expect(404);
    await as(world.tokens.otherOfficer).patch(`/api/calls/${draft.body.id}`, { version: 1, budgetMinor: 1 }).expect(404);
  });

  it('refuses a call whose terms do not hold, naming them', async () => {
    const bad = await as(world.tokens.officer).post('/api/calls', CallFactory.build({ currency: 'XYZ', closesAt: '2020-01-01T00:00:00Z' })).expect(422);
    expect(bad.body.code).toBe('CALL_TERMS_INVALID');
    expect(bad.body.message).toMatch(/currency XYZ/);
    expect(bad.body.message).toMatch(/closesAt must be after opensAt/);
  });

  it('keeps a published call’s terms fixed', async () => {
    const call = await as(world.tokens.officer).get(`/api/calls/${callId}`).expect(200);
    const refused = await as(world.tokens.officer).patch(`/api/calls/${callId}`, { version: call.body.version, budgetMinor: 5 }).expect(409);
    expect(refused.body.code).toBe('CALL_PUBLISHED');
    await as(world.tokens.officer).patch(`/api/calls/${callId}`, { version: call.body.version, description: { en: 'Updated.' } }).expect(200);
  });

  describe('the applicant’s journey', () => {
    let applicationId: string;
    let version: number;

    it('starts a draft for her organisation; starting again returns the same draft', async () => {
      const started = await as(world.tokens.applicant).post(`/api/calls/${callId}/applications`, { language: 'fr' }).expect(201);
      expect(started.body).toEqual(expect.objectContaining({ status: 'draft', organisationId: world.organisations.grassroots.id, currency: 'USD', language: 'fr', version: 1 }));
      applicationId = started.body.id;
      version = started.body.version;
      const again = await as(world.tokens.applicant).post(`/api/calls/${callId}/applications`, {}).expect(201);
      expect(again.body.id).toBe(applicationId);
    });

    it('saves each step with the version it read; a stale write is refused and changes nothing', async () => {
      const saved = await as(world.tokens.applicant)
        .patch(`/api/applications/${applicationId}`, { version, requestedAmountMinor: 3_000_00, answers: { who_you_are: T0_ANSWERS.who_you_are } })
        .expect(200);
      expect(saved.body).toEqual(expect.objectContaining({ tier: 'T0', requestedAmountMinor: 3_000_00, version: version + 1 }));
      const stale = await as(world.tokens.applicant)
        .patch(`/api/applications/${applicationId}`, { version, answers: { for_whom: { value: 'lost?' } } })
        .expect(409);
      expect(stale.body.code).toBe('STALE_VERSION');
      const current = await as(world.tokens.applicant).get(`/api/applications/${applicationId}`).expect(200);
      expect(current.body.application.answers.for_whom).toBeUndefined();
      expect(current.body.application.answers.who_you_are).toEqual(T0_ANSWERS.who_you_are);
      version = current.body.application.version;
    });

    it('refuses answers that do not fit, keeping the saved ones', async () => {
      const tooLong = await as(world.tokens.applicant)
        .patch(`/api/applications/${applicationId}`, { version, answers: { reach_safely: { value: 'mot '.repeat(61) } } })
        .expect(400);
      expect(tooLong.body.details.problems).toEqual([{ field: 'answers.reach_safely', code: 'TOO_MANY_WORDS', params: { max: 60, count: 61 } }]);
      const unknown = await as(world.tokens.applicant).patch(`/api/applications/${applicationId}`, { version, answers: { favourite_colour: { value: 'red' } } }).expect(400);
      expect(unknown.body.details.problems[0].code).toBe('UNKNOWN_QUESTION');
      const category = await as(world.tokens.applicant)
        .patch(`/api/applications/${applicationId}`, { version, budgetLines: [{ category: 'yachts', amountMinor: 1 }] })
        .expect(400);
      expect(category.body.code).toBe('VALIDATION_FAILED');
      const current = await as(world.tokens.applicant).get(`/api/applications/${applicationId}`).expect(200);
      expect(current.body.application.version).toBe(version);
    });

    it('lists what stops the submission, then submits once complete', async () => {
      const incomplete = await as(world.tokens.applicant).post(`/api/applications/${applicationId}/submit`).expect(422);
      const codes = incomplete.body.details.problems.map((p: { field: string; code: string }) => `${p.field}:${p.code}`);
      expect(codes).toEqual(expect.arrayContaining(['budgetLines:BUDGET_MISSING', 'answers.for_whom:ANSWER_REQUIRED']));

      const wrongBudget = await as(world.tokens.applicant)
        .patch(`/api/applications/${applicationId}`, { version, answers: T0_ANSWERS, budgetLines: [{ category: 'travel', amountMinor: 100 }] })
        .expect(200);
      version = wrongBudget.body.version;
      const notAddingUp = await as(world.tokens.applicant).post(`/api/applications/${applicationId}/submit`).expect(422);
      expect(notAddingUp.body.details.problems).toEqual([{ field: 'budgetLines', code: 'BUDGET_DOES_NOT_ADD_UP', params: { total: 100, amount: 3_000_00 } }]);

      version = (await as(world.tokens.applicant).patch(`/api/applications/${applicationId}`, { version, budgetLines: T0_BUDGET }).expect(200)).body.version;
      const submitted = await as(world.tokens.applicant).post(`/api/applications/${applicationId}/submit`).expect(200);
      expect(submitted.body.status).toBe('submitted');
      const twice = await as(world.tokens.applicant).post(`/api/applications/${applicationId}/submit`).expect(200);
      expect(twice.body).toEqual(submitted.body);

      const emails = await context.dataSource.getRepository(OutboundEmailEntity).findBy({ toAddress: world.users.applicant.email, template: 'application-submitted' });
      expect(emails).toHaveLength(1);
      expect(emails[0].subject).toMatch(/^Nous avons reçu votre demande/);
    });

    it('is read-only once submitted', async () => {
      const edit = await as(world.tokens.applicant).patch(`/api/applications/${applicationId}`, { version: version + 1, answers: { for_whom: { value: 'x' } } }).expect(409);
      expect(edit.body.code).toBe('APPLICATION_NOT_EDITABLE');
    });

    it('stays closed to other applicants, other funders and reviewers without an assignment', async () => {
      await as(world.tokens.otherApplicant).get(`/api/applications/${applicationId}`).expect(404);
      await as(world.tokens.otherOfficer).get(`/api/applications/${applicationId}`).expect(404);
      await as(world.tokens.reviewer).get(`/api/applications/${applicationId}`).expect(404);
      await as(world.tokens.mentor).get(`/api/applications/${applicationId}`).expect(404);
      await as(world.tokens.officer).get(`/api/applications/${applicationId}`).expect(200);
    });

    it('opens to a reviewer only after she declares no conflict; a declared conflict keeps it closed', async () => {
      const assignment = await as(world.tokens.officer)
        .post(`/api/applications/${applicationId}/reviews`, { reviewerUserId: world.users.reviewer.id, panel: 'survivor_panel' })
        .expect(201);
      const reviewId = assignment.body.id as string;
      const mine = await as(world.tokens.reviewer).get('/api/reviews').expect(200);
      expect(mine.body.map((r: { id: string }) => r.id)).toEqual([reviewId]);
      expect(JSON.stringify(mine.body)).not.toContain('survivantes');

      const closed = await as(world.tokens.reviewer).get(`/api/reviews/${reviewId}`).expect(403);
      expect(closed.body.code).toBe('CONFLICT_DECLARATION_REQUIRED');
      await as(world.tokens.reviewer).post(`/api/reviews/${reviewId}/scores`, { scores: { relevance: 5 } }).expect(403);

      await as(world.tokens.reviewer).post(`/api/reviews/${reviewId}/declaration`, { hasConflict: false }).expect(200);
      const open = await as(world.tokens.reviewer).get(`/api/reviews/${reviewId}`).expect(200);
      expect(open.body.application.answers.for_whom.value).toBe(T0_ANSWERS.for_whom.value);

      const bad = await as(world.tokens.reviewer).post(`/api/reviews/${reviewId}/scores`, { scores: { relevance: 6 } }).expect(400);
      expect(bad.body.code).toBe('SCORES_INVALID');
      await as(world.tokens.reviewer)
        .post(`/api/reviews/${reviewId}/scores`, { scores: { relevance: 5, survivor_voice: 5, feasibility: 3, value: 4 }, comment: 'Strong.' })
        .expect(200);

      // A second reviewer declares a conflict: blocked, recorded and audited.
      const second = await context.dataSource.query(`SELECT id FROM users WHERE id = $1`, [world.users.reviewer.id]);
      expect(second).toHaveLength(1);
      const audit = await context.dataSource.getRepository(AuditEventEntity).findBy({ entityId: reviewId });
      expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['review.assigned', 'review.no_conflict_declared', 'review.scored']));
    });

    it('gives the officer the weighted aggregate, then her decision reaches the applicant in French', async () => {
      const summary = await as(world.tokens.officer).get(`/api/applications/${applicationId}/reviews`).expect(200);
      // (3*5 + 3*5 + 2*3 + 2*4) / 10 = 4.4
      expect(summary.body.aggregate).toBe(4.4);
      expect(summary.body.reviews[0]).toEqual(expect.objectContaining({ conflict: 'none', panel: 'survivor_panel' }));

      await as(world.tokens.otherOfficer).post(`/api/applications/${applicationId}/decision`, { decision: 'approve', feedback: 'x' }).expect(404);
      const decided = await as(world.tokens.officer)
        .post(`/api/applications/${applicationId}/decision`, { decision: 'approve', feedback: 'Bravo : un projet clair et mené par les survivantes.' })
        .expect(200);
      expect(decided.body.status).toBe('approved');

      const seen = await as(world.tokens.applicant).get(`/api/applications/${applicationId}`).expect(200);
      expect(seen.body.application).toEqual(expect.objectContaining({ status: 'approved', decisionFeedback: 'Bravo : un projet clair et mené par les survivantes.' }));
      const history = await as(world.tokens.applicant).get(`/api/applications/${applicationId}/history`).expect(200);
      expect(history.body.map((e: { toStatus: string }) => e.toStatus)).toEqual(['draft', 'submitted', 'in_review', 'approved']);
      const email = await context.dataSource.getRepository(OutboundEmailEntity).findOneByOrFail({ toAddress: world.users.applicant.email, template: 'application-approved' });
      expect(email.subject).toMatch(/^Bonne nouvelle/);
      expect(email.textBody).toContain('Bravo : un projet clair');
    });
  });

  it('creates a first-time applicant’s organisation from her first answers, via a sign-in link', async () => {
    await context.http().post('/api/auth/sign-in-link').send({ email: 'coordinatrice@example.org', language: 'fr', next: `/calls/${callId}/apply` }).expect(202);
    const email = await context.dataSource.getRepository(OutboundEmailEntity).findOneByOrFail({ toAddress: 'coordinatrice@example.org' });
    expect(email.subject).toBe('Votre lien de connexion à Mosaic');
    const token = /token=([A-Za-z0-9_-]+)/.exec(email.textBody ?? '')?.[1];
    const signedIn = await context.http().post('/api/auth/sign-in-link/confirm').send({ token }).expect(200);
    await context.http().post('/api/auth/sign-in-link/confirm').send({ token }).expect(410);
    const bearer = signedIn.body.accessToken as string;

    const started = await as(bearer)
      .post(`/api/calls/${callId}/applications`, { language: 'fr', organisation: { name: 'Femmes Debout Uvira', country: 'cd', registered: false } })
      .expect(201);
    const organisation = await as(bearer).get(`/api/organisations/${started.body.organisationId}`).expect(200);
    expect(organisation.body).toEqual(expect.objectContaining({ name: 'Femmes Debout Uvira', country: 'CD', registered: false, languages: ['fr'] }));
    // The membership is there on her next request: the profile is reused, not asked again.
    const me = await as(bearer).get('/api/auth/me').expect(200);
    expect(me.body.memberships).toEqual([{ organisationId: started.body.organisationId, role: 'applicant' }]);
  });

  it('keeps the application closed to a reviewer who declares a conflict, and records it', async () => {
    const secondReviewer = await UserFactory.create(context.dataSource, [{ organisation: world.organisations.funder, role: Role.Reviewer }]);
    const token = await loginAs(context, secondReviewer.email);
    const started = await as(world.tokens.otherApplicant).post(`/api/calls/${callId}/applications`, {}).expect(201);
    await as(world.tokens.otherApplicant)
      .patch(`/api/applications/${started.body.id}`, { version: started.body.version, requestedAmountMinor: 3_000_00, answers: T0_ANSWERS, budgetLines: T0_BUDGET })
      .expect(200);
    await as(world.tokens.otherApplicant).post(`/api/applications/${started.body.id}/submit`).expect(200);
    const assignment = await as(world.tokens.officer).post(`/api/applications/${started.body.id}/reviews`, { reviewerUserId: secondReviewer.id, panel: 'peer_panel' }).expect(201);
    await as(token).post(`/api/reviews/${assignment.body.id}/declaration`, { hasConflict: true, statement: 'My sister leads this group.' }).expect(200);
    const closed = await as(token).get(`/api/reviews/${assignment.body.id}`).expect(403);
    expect(closed.body.code).toBe('CONFLICT_DECLARED');
    await as(token).post(`/api/reviews/${assignment.body.id}/scores`, { scores: { relevance: 5, survivor_voice: 5, feasibility: 5, value: 5 } }).expect(403);
    const changedMind = await as(token).post(`/api/reviews/${assignment.body.id}/declaration`, { hasConflict: false }).expect(409);
    expect(changedMind.body.code).toBe('CONFLICT_ALREADY_DECLARED');
    const audit = await context.dataSource.getRepository(AuditEventEntity).findOneByOrFail({ entityId: assignment.body.id, action: 'review.conflict_declared' });
    expect(audit.actorUserId).toBe(secondReviewer.id);
    const summary = await as(world.tokens.officer).get(`/api/applications/${started.body.id}/reviews`).expect(200);
    expect(summary.body.reviews[0].conflict).toBe('declared');
  });

  it('refuses a submission after the window closed, keeping the draft', async () => {
    const lateCall = await CallFactory.publish(context, world.tokens.officer);
    const started = await as(world.tokens.applicant).post(`/api/calls/${lateCall.id}/applications`, {}).expect(201);
    const saved = await as(world.tokens.applicant)
      .patch(`/api/applications/${started.body.id}`, { version: started.body.version, requestedAmountMinor: 3_000_00, answers: T0_ANSWERS, budgetLines: T0_BUDGET })
      .expect(200);
    await context.dataSource.query(`UPDATE calls SET closes_at = now() - interval '1 minute' WHERE id = $1`, [lateCall.id]);
    const refused = await as(world.tokens.applicant).post(`/api/applications/${started.body.id}/submit`).expect(422);
    expect(refused.body.details.problems).toEqual([{ field: 'call', code: 'CALL_CLOSED' }]);
    const kept = await as(world.tokens.applicant).get(`/api/applications/${started.body.id}`).expect(200);
    expect(kept.body.application).toEqual(expect.objectContaining({ status: 'draft', version: saved.body.version, answers: saved.body.answers }));
  });

  it('does not let funders’ staff apply', async () => {
    const refused = await as(world.tokens.officer).post(`/api/calls/${callId}/applications`, { organisation: { name: 'Officer Group', country: 'KE', registered: true } }).expect(403);
    expect(refused.body.code).toBe('FORBIDDEN');
  });

  it('withdraws, and a withdrawn application cannot be submitted', async () => {
    const started = await as(world.tokens.lead_partner).post(`/api/calls/${callId}/applications`, {}).expect(201);
    await as(world.tokens.lead_partner).post(`/api/applications/${started.body.id}/withdraw`).expect(200);
    const refused = await as(world.tokens.lead_partner).post(`/api/applications/${started.body.id}/submit`).expect(409);
    expect(refused.body.code).toBe('APPLICATION_WITHDRAWN');
  });
});

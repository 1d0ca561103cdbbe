import { TestingModule } from '@nestjs/testing';
import { CallFactory, T0_ANSWERS, T0_BUDGET } from './factories/call.factory';
import { createWorld, World } from './factories/identity.factory';
import { waitFor } from './support/smtp-sink';
import { createTestApp, TestContext } from './support/test-app';
import { startTestWorker } from './support/test-worker';
import { asBearer } from './support/bearer';

/**
 * Reports end to end through the API: members report to their lead, who accepts or returns; the
 * lead's consolidated report starts from them; the officer accepts; instalments follow.
 */
describe('reports and instalments', () => {
  let context: TestContext;
  let worker: TestingModule;
  let world: World;
  let callId: string;
  let agreement: { id: string };
  let members: { id: string; organisationId: string }[];
  const as = (token: string) => asBearer(context, token);
  const requirementOf = async (grantId: string, key: string) => {
    const grant = (await as(world.tokens.officer).get(`/api/grants/${grantId}`).expect(200)).body;
    return grant.requirements.find((r: { key: string }) => r.key === key) as { id: string; status: string };
  };

  async function approvedApplication(token: string) {
    const started = await as(token).post(`/api/calls/${callId}/applications`).expect(201);
    await as(token).patch(`/api/applications/${started.body.id}`, { version: started.body.version, requestedAmountMinor: 3_000_00, answers: T0_ANSWERS, budgetLines: T0_BUDGET }).expect(200);
    await as(token).post(`/api/applications/${started.body.id}/submit`).expect(200);
    await as(world.tokens.officer).post(`/api/applications/${started.body.id}/decision`, { decision: 'approve', feedback: 'Yes.' }).expect(200);
  }

  beforeAll(async () => {
    context = await createTestApp({ LOGIN_MAX_ATTEMPTS_PER_ADDRESS: '1000', FILE_MAX_BYTES: '2000' });
    worker = await startTestWorker(context.config);
    world = await createWorld(context);
    await context.dataSource.query(`UPDATE organisations SET languages = '{es,sw}' WHERE id = $1`, [world.organisations.otherGrassroots.id]);
    const call = await CallFactory.publish(context, world.tokens.officer);
    callId = call.id;
    await as(world.tokens.officer)
      .patch(`/api/calls/${callId}`, { version: call.version, clusteringPolicy: { minClusterTotal: 2_000_00, maxMembersPerCluster: 30, requireSharedLanguage: true, requireCountryServed: true, weights: { distance: 1, language: 1, theme: 1, fee: 1 }, unassignedPenalty: 1000 } })
      .expect(200);
    await as(world.tokens.lead_partner)
      .put(`/api/lead-partners/${world.organisations.lead.id}/profile`, { countriesServed: ['KE', 'CD'], maxMembers: 10, maxTotalMinor: 50_000_00, currency: 'USD', oversightHours: 200, feeRate: 0.07 })
      .expect(200);
    await approvedApplication(world.tokens.applicant);
    await approvedApplication(world.tokens.otherApplicant);
    const started = await as(world.tokens.officer).post(`/api/calls/${callId}/clustering-runs`, { timeLimitMs: 2000 }).expect(202);
    let run = started.body;
    await waitFor(async () => {
      run = (await as(world.tokens.officer).get(`/api/clustering-runs/${run.id}`).expect(200)).body;
      return run.status === 'done';
    });
    await as(world.tokens.officer).post(`/api/clustering-runs/${run.id}/approve`, { version: run.version }).expect(201);
    const grants = (await as(world.tokens.officer).get('/api/grants').expect(200)).body;
    agreement = grants.find((g: { kind: string }) => g.kind === 'lead_agreement');
    members = grants.filter((g: { kind: string }) => g.kind === 'sub_grant');
    expect(members).toHaveLength(2);
    // A riskier agreement: an interim financial report goes with each instalment request.
    await as(world.tokens.officer).post(`/api/grants/${agreement.id}/activate`, { startDate: '2027-01-01', endDate: '2027-12-31' }).expect(200);
    const fresh = (await as(world.tokens.officer).get(`/api/grants/${agreement.id}`).expect(200)).body;
    await as(world.tokens.officer).patch(`/api/grants/${agreement.id}`, { version: fresh.version, riskLevel: 'high' }).expect(200);
  });
  afterAll(async () => {
    await worker.close();
    await context.close();
  });

  it('members write to their lead, who returns one with a comment and accepts it once corrected', async () => {
    const member = members.find((m) => m.organisationId === world.organisations.otherGrassroots.id)!;
    const requirement = await requirementOf(member.id, 'narrative:3+0:end');
    const opened = (await as(world.tokens.otherApplicant).get(`/api/requirements/${requirement.id}/report`).expect(200)).body;
    expect(opened.form.questions).toEqual(['progress', 'activities', 'learning']);
    expect(opened.form.voiceAllowed).toBe(true);
    expect(opened.requirement.reviewer).toBe('lead');
    expect(opened.canWrite).toBe(true);

    const answers = [
      { question: 'progress', value: 'Acompañamos a 25 sobrevivientes.', language: 'es' },
      { question: 'activities', value: 'Círculos de apoyo semanales.', language: 'es' },
    ];
    const draft = await as(world.tokens.otherApplicant).put(`/api/requirements/${requirement.id}/report`, { answers, peopleReached: 25, language: 'es' }).expect(200);
    const incomplete = await as(world.tokens.otherApplicant).post(`/api/requirements/${requirement.id}/report/submit`).expect(422);
    expect(incomplete.body).toEqual(expect.objectContaining({ code: 'ANSWERS_MISSING', details: { questions: ['learning'] } }));
    // A voice note answers the last question; one over the size limit is refused and nothing is lost.
    const tooLarge = await context
      .http()
      .post(`/api/requirements/${requirement.id}/report/voice-notes`)
      .set('Authorization', `Bearer ${world.tokens.otherApplicant}`)
      .field('question', 'learning')
      .attach('file', Buffer.concat([Buffer.from('OggS'), Buffer.alloc(5000)]), 'nota.ogg')
      .expect(413);
    expect(tooLarge.body.code).toBe('FILE_TOO_LARGE');
    expect((await as(world.tokens.otherApplicant).get(`/api/requirements/${requirement.id}/report`).expect(200)).body.report.answers).toEqual(draft.body.answers);
    const voice = await context
      .http()
      .post(`/api/requirements/${requirement.id}/report/voice-notes`)
      .set('Authorization', `Bearer ${world.tokens.otherApplicant}`)
      .field('question', 'learning')
      .attach('file', Buffer.concat([Buffer.from('OggS'), Buffer.alloc(500)]), 'nota.ogg')
      .expect(201);
    expect(voice.body.answers.learning.fileId).toEqual(expect.any(String));
    await as(world.tokens.otherApplicant).post(`/api/requirements/${requirement.id}/report/submit`).expect(200);
    await as(world.tokens.otherApplicant).put(`/api/requirements/${requirement.id}/report`, { version: voice.body.version + 1, peopleReached: 30 }).expect(409);

    // The officer is not this report's reviewer: the lead partner is.
    await as(world.tokens.officer).post(`/api/requirements/${requirement.id}/review`, { decision: 'accept' }).expect(403);
    await as(world.tokens.lead_partner).post(`/api/requirements/${requirement.id}/review`, { decision: 'return' }).expect(400);
    await as(world.tokens.lead_partner).post(`/api/requirements/${requirement.id}/review`, { decision: 'return', comment: 'Add how survivors shaped the circles.' }).expect(200);
    const returned = (await as(world.tokens.otherApplicant).get(`/api/requirements/${requirement.id}/report`).expect(200)).body;
    expect(returned.report).toEqual(expect.objectContaining({ status: 'returned', reviewComment: 'Add how survivors shaped the circles.' }));
    await as(world.tokens.otherApplicant)
      .put(`/api/requirements/${requirement.id}/report`, { version: returned.report.version, answers: [{ question: 'activities', value: 'Círculos de apoyo semanales, con horarios elegidos por ellas.' }] })
      .expect(200);
    await as(world.tokens.otherApplicant).post(`/api/requirements/${requirement.id}/report/submit`).expect(200);
    await as(world.tokens.lead_partner).post(`/api/requirements/${requirement.id}/review`, { decision: 'accept' }).expect(200);
    // Accepted is final.
    const after = (await as(world.tokens.otherApplicant).get(`/api/requirements/${requirement.id}/report`).expect(200)).body;
    await as(world.tokens.otherApplicant).put(`/api/requirements/${requirement.id}/report`, { version: after.report.version, peopleReached: 31 }).expect(409);
    expect(after.canWrite).toBe(false);
  });

  it('checks spend against the budget lines, naming a line over the reallocation tolerance', async () => {
    const member = members.find((m) => m.organisationId === world.organisations.grassroots.id)!;
    const requirement = await requirementOf(member.id, 'financial:expense_list:end');
    const opened = (await as(world.tokens.applicant).get(`/api/requirements/${requirement.id}/report`).expect(200)).body;
    const [first, second] = opened.form.budgetLines as { category: string; budgetMinor: number }[];
    const over = await as(world.tokens.applicant)
      .put(`/api/requirements/${requirement.id}/report`, { financialLines: [{ category: first.category, spentMinor: Math.round(first.budgetMinor * 1.5) }, { category: second.category, spentMinor: 0 }] })
      .expect(200);
    const refused = await as(world.tokens.applicant).post(`/api/requirements/${requirement.id}/report/submit`).expect(422);
    expect(refused.body.code).toBe('REALLOCATION_OVER_TOLERANCE');
    expect(refused.body.message).toMatch(new RegExp(`^${first.category}: .* 50% over; up to 20% may move between lines`));
    const stranger = await as(world.tokens.applicant).put(`/api/requirements/${requirement.id}/report`, { version: over.body.version, financialLines: [{ category: 'weapons', spentMinor: 1 }] }).expect(400);
    expect(stranger.body).toEqual(expect.objectContaining({ code: 'UNKNOWN_BUDGET_LINE', details: { lines: ['weapons'] } }));
    await as(world.tokens.applicant)
      .put(`/api/requirements/${requirement.id}/report`, { version: over.body.version, financialLines: [{ category: first.category, spentMinor: Math.round(first.budgetMinor * 1.2) }, { category: second.category, spentMinor: second.budgetMinor }] })
      .expect(200);
    await as(world.tokens.applicant).post(`/api/requirements/${requirement.id}/report/submit`).expect(200);
  });

  it('starts the lead’s consolidated report from its members’ accepted reports; the officer accepts it', async () => {
    const requirement = await requirementOf(agreement.id, 'consolidated:5+1:every6:1');
    const opened = (await as(world.tokens.lead_partner).get(`/api/requirements/${requirement.id}/report`).expect(200)).body;
    expect(opened.requirement.reviewer).toBe('officer');
    const byName = Object.fromEntries(opened.form.consolidatedMembers.map((m: { name: string; peopleReached: number | null; reportStatus: string }) => [m.name, [m.peopleReached, m.reportStatus]]));
    expect(byName).toEqual({ 'Grassroots One': [null, 'submitted'], 'Grassroots Two': [25, 'accepted'] });
    const answers = ['context', 'progress', 'activities', 'participation', 'challenges', 'safeguarding'].map((question) => ({ question, value: `On ${question}: two groups, one report.` }));
    await as(world.tokens.lead_partner).put(`/api/requirements/${requirement.id}/report`, { answers, peopleReached: 25 }).expect(200);
    await as(world.tokens.lead_partner).post(`/api/requirements/${requirement.id}/report/submit`).expect(200);
    await as(world.tokens.officer).post(`/api/requirements/${requirement.id}/review`, { decision: 'accept' }).expect(200);
    await as(world.tokens.officer).post(`/api/requirements/${requirement.id}/review`, { decision: 'accept' }).expect(409);
  });

  it('opens the next instalment once its report is accepted and 70% is spent; releases go to a CSV', async () => {
    let grant = (await as(world.tokens.officer).get(`/api/grants/${agreement.id}`).expect(200)).body;
    const [first, second] = grant.instalments;
    expect([first.status, second.status]).toEqual(['requestable', 'scheduled']);
    await as(world.tokens.lead_partner).post(`/api/instalments/${first.id}/release`).expect(403);
    await as(world.tokens.officer).post(`/api/instalments/${first.id}/release`).expect(200);
    await as(world.tokens.officer).post(`/api/instalments/${first.id}/release`).expect(409);
    await as(world.tokens.lead_partner).post(`/api/instalments/${second.id}/request`, { previousSpentMinor: first.amountMinor }).expect(409);

    // The interim financial report that goes with the second instalment.
    const interim = await requirementOf(agreement.id, 'financial:interim:instalment:2');
    const form = (await as(world.tokens.lead_partner).get(`/api/requirements/${interim.id}/report`).expect(200)).body.form;
    expect(form.budgetLines.map((l: { category: string }) => l.category)).toEqual(['sub_grants', 'lead_fee']);
    await as(world.tokens.lead_partner).put(`/api/requirements/${interim.id}/report`, { financialLines: form.budgetLines.map((l: { category: string; budgetMinor: number }) => ({ category: l.category, spentMinor: Math.floor(l.budgetMinor / 3) })) }).expect(200);
    await as(world.tokens.lead_partner).post(`/api/requirements/${interim.id}/report/submit`).expect(200);
    await as(world.tokens.officer).post(`/api/requirements/${interim.id}/review`, { decision: 'accept' }).expect(200);
    grant = (await as(world.tokens.officer).get(`/api/grants/${agreement.id}`).expect(200)).body;
    expect(grant.instalments[1].status).toBe('requestable');

    const low = await as(world.tokens.lead_partner).post(`/api/instalments/${second.id}/request`, { previousSpentMinor: Math.floor(first.amountMinor * 0.69) }).expect(422);
    expect(low.body).toEqual(expect.objectContaining({ code: 'SPEND_BELOW_THRESHOLD', details: expect.objectContaining({ thresholdPercent: 70 }) }));
    await as(world.tokens.lead_partner).post(`/api/instalments/${second.id}/request`, { previousSpentMinor: Math.ceil(first.amountMinor * 0.7) }).expect(200);
    await as(world.tokens.officer).post(`/api/instalments/${second.id}/release`).expect(200);

    const csv = await as(world.tokens.officer).get('/api/instalments/releases.csv').expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const rows = csv.text.trim().split('\r\n');
    expect(rows[0]).toBe('released_at,grant_id,kind,organisation,instalment,amount,currency,released_by');
    expect(rows.slice(1).map((row) => row.split(',').slice(1, 7))).toEqual([
      [agreement.id, 'lead_agreement', '"Lead Partner"', '1', (first.amountMinor / 100).toFixed(2), 'USD'],
      [agreement.id, 'lead_agreement', '"Lead Partner"', '2', (second.amountMinor / 100).toFixed(2), 'USD'],
    ]);
    await as(world.tokens.otherOfficer).get('/api/instalments/releases.csv').expect(200, 'released_at,grant_id,kind,organisation,instalment,amount,currency,released_by\r\n');
  });
});

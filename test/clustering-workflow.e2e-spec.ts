import { TestingModule } from '@nestjs/testing';
import { GrantEntity } from '@mosaic/clustering';
import { CallFactory, T0_ANSWERS, T0_BUDGET } from './factories/call.factory';
import { createWorld, World } from './factories/identity.factory';
import { waitFor } from './support/smtp-sink';
import { createTestApp, TestContext } from './support/test-app';
import { startTestWorker } from './support/test-worker';

describe('clustering workflow: run, explain, approve once', () => {
  let context: TestContext;
  let worker: TestingModule;
  let world: World;
  let callId: string;
  const as = (token: string) => ({
    get: (path: string) => context.http().get(path).set('Authorization', `Bearer ${token}`),
    post: (path: string, body: object = {}) => context.http().post(path).set('Authorization', `Bearer ${token}`).send(body),
    put: (path: string, body: object) => context.http().put(path).set('Authorization', `Bearer ${token}`).send(body),
    patch: (path: string, body: object) => context.http().patch(path).set('Authorization', `Bearer ${token}`).send(body),
  });

  async function approvedApplication(token: string): Promise<string> {
    const started = await as(token).post(`/api/calls/${callId}/applications`).expect(201);
    await as(token).patch(`/api/applications/${started.body.id}`, { version: started.body.version, requestedAmountMinor: 3_000_00, answers: T0_ANSWERS, budgetLines: T0_BUDGET }).expect(200);
    await as(token).post(`/api/applications/${started.body.id}/submit`).expect(200);
    await as(world.tokens.officer).post(`/api/applications/${started.body.id}/decision`, { decision: 'approve', feedback: 'Yes.' }).expect(200);
    return started.body.id as string;
  }

  async function finishedRun(body: object = {}) {
    const started = await as(world.tokens.officer).post(`/api/calls/${callId}/clustering-runs`, { timeLimitMs: 2000, ...body }).expect(202);
    let run = started.body;
    await waitFor(async () => {
      run = (await as(world.tokens.officer).get(`/api/clustering-runs/${started.body.id}`).expect(200)).body;
      return run.status === 'done' || run.status === 'failed';
    }, 30_000);
    return run;
  }

  beforeAll(async () => {
    context = await createTestApp({ LOGIN_MAX_ATTEMPTS_PER_ADDRESS: '1000' });
    worker = await startTestWorker(context.config);
    world = await createWorld(context);
    callId = (await CallFactory.publish(context, world.tokens.officer)).id;
    await context.dataSource.query(`UPDATE calls SET clustering_policy = $1 WHERE id = $2`, [
      JSON.stringify({ minClusterTotal: 2_000_00, maxMembersPerCluster: 30, requireSharedLanguage: true, requireCountryServed: true, weights: { distance: 1, language: 1, theme: 1, fee: 1 }, unassignedPenalty: 1000 }),
      callId,
    ]);
    await as(world.tokens.lead_partner)
      .put(`/api/lead-partners/${world.organisations.lead.id}/profile`, { countriesServed: ['KE', 'CD'], maxMembers: 10, maxTotalMinor: 50_000_00, currency: 'USD', oversightHours: 200, feeRate: 0.07 })
      .expect(200);
  });
  afterAll(async () => {
    await worker.close();
    await context.close();
  });

  it('proposes clusters in the worker, with the factors of each member and the reasons for each unplaced application', async () => {
    const kenyan = await approvedApplication(world.tokens.applicant);
    const congolese = await approvedApplication(world.tokens.otherApplicant);
    const run = await finishedRun();
    expect(run.status).toBe('done');
    expect(run.result).toEqual(expect.objectContaining({ status: 'optimal', assignment: { [kenyan]: world.organisations.lead.id }, unassigned: [congolese] }));
    const [cluster] = run.result.clusters;
    expect(cluster).toEqual(expect.objectContaining({ partner: world.organisations.lead.id, totalAmount: 3_000_00, fee: 21_000, passThroughShare: 0.93 }));
    expect(cluster.members[0].factors).toEqual(expect.objectContaining({ sharedLanguages: ['sw', 'en'], distanceKm: 0 }));
    // The Congolese group writes in French; the lead partner works in Swahili and English.
    expect(run.result.reasons[congolese]).toEqual([{ code: 'NO_SHARED_LANGUAGE', detail: 'fr' }]);
  });

  it('re-runs with an exclusion, and refuses pins that name unknown pairs', async () => {
    const [kenyan] = Object.keys((await finishedRun()).result.assignment);
    const excluded = await finishedRun({ exclusions: [{ application: kenyan, partner: world.organisations.lead.id }] });
    expect(excluded.result.assignment).toEqual({});
    const bad = await as(world.tokens.officer).post(`/api/calls/${callId}/clustering-runs`, { locks: [{ application: kenyan, partner: world.organisations.grassroots.id }] }).expect(422);
    expect(bad.body.code).toBe('UNKNOWN_PARTNER');
  });

  it('approves once: two officers approving the same proposal, one wins and the other gets 409', async () => {
    const run = await finishedRun();
    const [first, second] = await Promise.all([
      as(world.tokens.officer).post(`/api/clustering-runs/${run.id}/approve`, { version: run.version }),
      as(world.tokens.admin).post(`/api/clustering-runs/${run.id}/approve`, { version: run.version }),
    ]);
    expect([first.status, second.status].sort()).toEqual([201, 409]);
    const grants = await context.dataSource.getRepository(GrantEntity).find({ order: { kind: 'ASC' } });
    expect(grants.map((g) => `${g.kind}:${g.organisationId}:${g.amountMinor}`)).toEqual([
      `lead_agreement:${world.organisations.lead.id}:300000`,
      `sub_grant:${world.organisations.grassroots.id}:300000`,
    ]);
    const leadView = await as(world.tokens.lead_partner).get('/api/clusters').expect(200);
    expect(leadView.body).toHaveLength(1);
    expect(leadView.body[0].members[0].organisationId).toBe(world.organisations.grassroots.id);
    await as(world.tokens.otherOfficer).get('/api/clusters').expect(200, []);
    // Clustered applications are not offered again.
    const next = await finishedRun();
    expect(next.problem.applications.map((a: { id: string }) => a.id)).not.toContain(Object.keys(run.result.assignment)[0]);
  });
});

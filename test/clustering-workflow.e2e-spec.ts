import { TestingModule } from '@nestjs/testing';
import { GrantEntity } from '@mosaic/clustering';
import { CallFactory, T0_ANSWERS, T0_BUDGET } from './factories/call.factory';
import { createWorld, World } from './factories/identity.factory';
import { waitFor } from './support/smtp-sink';
import { createTestApp, TestContext } from './support/test-app';
import { startTestWorker } from './support/test-worker';
import { asBearer } from './support/bearer';

const POLICY = { minClusterTotal: 1_500_000, maxMembersPerCluster: 30, requireSharedLanguage: true, requireCountryServed: true, weights: { distance: 1, language: 1, theme: 1, fee: 1 }, unassignedPenalty: 1000 };

describe('clustering workflow: run, explain, approve once', () => {
  let context: TestContext;
  let worker: TestingModule;
  let world: World;
  let callId: string;
  const as = (token: string) => asBearer(context, token);

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
    const call = (await as(world.tokens.officer).get(`/api/calls/${callId}`).expect(200)).body;
    // A published call's clustering policy may still change: it is the funder's, not the applicants'.
    await as(world.tokens.officer)
      .patch(`/api/calls/${callId}`, { version: call.version, clusteringPolicy: { ...POLICY, minClusterTotal: 2_000_00 } })
      .expect(200);
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
    // Clustered applications come back only pinned where they are; their lead's minimum was met when the cluster opened.
    const next = await finishedRun();
    const [clustered] = Object.keys(run.result.assignment);
    expect(next.problem.locks).toEqual([{ application: clustered, partner: world.organisations.lead.id }]);
    expect(next.problem.partners[0].openCluster).toBe(true);
    const repinned = await as(world.tokens.officer).post(`/api/calls/${callId}/clustering-runs`, { locks: [{ application: clustered, partner: world.organisations.lead.id }] }).expect(422);
    expect(repinned.body.code).toBe('ALREADY_CLUSTERED');
  });

  it('extends the open cluster, re-opens it when a member withdraws, and refills it with the others pinned', async () => {
    const [cluster] = (await as(world.tokens.officer).get(`/api/clusters?callId=${callId}`).expect(200)).body;
    const [kenyan] = cluster.members.map((m: { applicationId: string }) => m.applicationId);
    // The Congolese group now also works in Swahili: it becomes a candidate and joins the same cluster.
    await context.dataSource.query(`UPDATE organisations SET languages = '{fr,sw}' WHERE id = $1`, [world.organisations.otherGrassroots.id]);
    const joined = await finishedRun();
    expect(joined.result.clusters[0].members.map((m: { application: string }) => m.application).sort()).toHaveLength(2);
    await as(world.tokens.officer).post(`/api/clustering-runs/${joined.id}/approve`, { version: joined.version }).expect(201);
    let detail = (await as(world.tokens.lead_partner).get(`/api/clusters/${cluster.id}`).expect(200)).body;
    expect(detail).toEqual(expect.objectContaining({ status: 'approved', totalMinor: 6_000_00, feeMinor: 42_000 }));
    expect(detail.grants.find((g: { kind: string }) => g.kind === 'lead_agreement').amountMinor).toBe(6_000_00);

    await as(world.tokens.applicant).post(`/api/applications/${kenyan}/withdraw`).expect(200);
    detail = (await as(world.tokens.officer).get(`/api/clusters/${cluster.id}`).expect(200)).body;
    expect(detail).toEqual(expect.objectContaining({ status: 'reopened', totalMinor: 3_000_00, feeMinor: 21_000 }));
    expect(detail.members.find((m: { applicationId: string }) => m.applicationId === kenyan).withdrawnAt).toEqual(expect.any(String));
    expect(detail.grants.find((g: { applicationId: string }) => g.applicationId === kenyan).status).toBe('closed');
    expect(detail.grants.find((g: { kind: string }) => g.kind === 'lead_agreement').amountMinor).toBe(3_000_00);
    const audit = await context.dataSource.query(`SELECT action FROM audit_events WHERE entity_id = $1 ORDER BY occurred_at`, [cluster.id]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['cluster.approved', 'cluster.extended', 'cluster.member_withdrawn']);

    // The group applies again; the re-run keeps the remaining member pinned and fills the freed place.
    const again = await approvedApplication(world.tokens.applicant);
    const [first, second] = [await finishedRun(), await finishedRun()];
    const remaining = detail.members.find((m: { applicationId: string }) => m.applicationId !== kenyan).applicationId;
    expect(first.problem.locks).toEqual([{ application: remaining, partner: world.organisations.lead.id }]);
    expect(first.result.assignment).toEqual({ [remaining]: world.organisations.lead.id, [again]: world.organisations.lead.id });
    await as(world.tokens.officer).post(`/api/clustering-runs/${first.id}/approve`, { version: first.version }).expect(201);
    detail = (await as(world.tokens.officer).get(`/api/clusters/${cluster.id}`).expect(200)).body;
    expect(detail).toEqual(expect.objectContaining({ status: 'approved', totalMinor: 6_000_00 }));
    // A proposal computed before that approval would place the same application twice.
    const stale = await as(world.tokens.officer).post(`/api/clustering-runs/${second.id}/approve`, { version: second.version }).expect(409);
    expect(stale.body).toEqual(expect.objectContaining({ code: 'PROPOSAL_OUTDATED', details: { applications: [again] } }));
    expect((await as(world.tokens.officer).get(`/api/clustering-runs/${second.id}`).expect(200)).body.approvedAt).toBeNull();
  });

  it('refuses pins that together break a limit, naming it, and lists runs without their payload', async () => {
    await as(world.tokens.lead_partner)
      .put(`/api/lead-partners/${world.organisations.lead.id}/profile`, { countriesServed: ['KE', 'CD'], maxMembers: 1, maxTotalMinor: 50_000_00, currency: 'USD', oversightHours: 200, feeRate: 0.07 })
      .expect(200);
    const refused = await as(world.tokens.officer).post(`/api/calls/${callId}/clustering-runs`, {}).expect(422);
    expect(refused.body).toEqual(
      expect.objectContaining({ code: 'PINS_BREAK_LIMIT', message: 'These pins cannot all hold: 2 applications are pinned, more than 1', details: { field: `partners/${world.organisations.lead.id}/maxMembers` } }),
    );
    const runs = (await as(world.tokens.officer).get(`/api/calls/${callId}/clustering-runs`).expect(200)).body;
    expect(runs.length).toBeGreaterThan(3);
    expect(runs[0]).toEqual(expect.objectContaining({ status: 'done', progress: 100 }));
    expect(runs[0]).not.toHaveProperty('problem');
    await as(world.tokens.otherOfficer).get(`/api/calls/${callId}/clustering-runs`).expect(404);
  });

  it('validates the clustering policy and leaves the call unchanged', async () => {
    const before = (await as(world.tokens.officer).get(`/api/calls/${callId}`).expect(200)).body;
    const bad = await as(world.tokens.officer).patch(`/api/calls/${callId}`, { version: before.version, clusteringPolicy: { ...POLICY, weights: { distance: -1, language: 1, theme: 1 } } }).expect(400);
    expect(JSON.stringify(bad.body.details)).toMatch(/weights/);
    expect((await as(world.tokens.officer).get(`/api/calls/${callId}`).expect(200)).body).toEqual(before);
  });
});

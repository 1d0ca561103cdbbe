import { TestingModule } from '@nestjs/testing';
import { seedDemoData } from '@mosaic/demo-seed';
import { waitFor } from './support/smtp-sink';
import { createTestApp, TestContext } from './support/test-app';
import { startTestWorker } from './support/test-worker';

/** `npm start` seeds this demo: it must load once, and let the officer cluster its approved applications. */
describe('demo data', () => {
  let context: TestContext;
  let worker: TestingModule;
  const password = 'demo-password-for-tests';

  beforeAll(async () => {
    context = await createTestApp({ LOGIN_MAX_ATTEMPTS_PER_ADDRESS: '1000' });
    worker = await startTestWorker(context.config);
  });
  afterAll(async () => {
    await worker.close();
    await context.close();
  });

  it('loads once, and the officer can cluster the approved applications, with the Iraqi group explained', async () => {
    expect(await seedDemoData(context.dataSource, password)).toBe(true);
    expect(await seedDemoData(context.dataSource, password)).toBe(false);
    const login = await context.http().post('/api/auth/login').send({ email: 'officer@demo.mosaic.test', password }).expect(200);
    const officer = (path: string) => context.http().get(path).set('Authorization', `Bearer ${login.body.accessToken}`);
    const call = (await officer('/api/calls').expect(200)).body.find((c: { status: string }) => c.status === 'published');
    const started = await context.http().post(`/api/calls/${call.id}/clustering-runs`).set('Authorization', `Bearer ${login.body.accessToken}`).send({ timeLimitMs: 5000 }).expect(202);
    let run = started.body;
    await waitFor(async () => {
      run = (await officer(`/api/clustering-runs/${run.id}`).expect(200)).body;
      return run.status === 'done' || run.status === 'failed';
    }, 30_000);
    expect(run.result.status).toBe('optimal');
    const names = new Map(
      (await context.dataSource.query(`SELECT a.id, o.name FROM applications a JOIN organisations o ON o.id = a.organisation_id`)).map((r: { id: string; name: string }) => [r.id, r.name]),
    );
    expect(run.result.clusters).toHaveLength(3);
    expect(run.result.unassigned.map((id: string) => names.get(id))).toEqual(['Nisaa Sinjar Initiative']);
    expect(run.result.reasons[run.result.unassigned[0]]).toEqual([{ code: 'NO_PARTNER_SERVES_COUNTRY', detail: 'IQ' }]);
  });

  it('has last year’s grants running, with a report waiting for the lead partner and one already accepted', async () => {
    const login = await context.http().post('/api/auth/login').send({ email: 'lead1@demo.mosaic.test', password }).expect(200);
    const grants = (await context.http().get('/api/grants').set('Authorization', `Bearer ${login.body.accessToken}`).expect(200)).body;
    expect(grants.map((g: { kind: string; status: string }) => `${g.kind} ${g.status}`).sort()).toEqual(['lead_agreement active', 'sub_grant active', 'sub_grant active']);
    const statuses = await context.dataSource.query(`SELECT r.status, count(*)::int AS n FROM reports r GROUP BY r.status ORDER BY r.status`);
    expect(statuses).toEqual([
      { status: 'accepted', n: 1 },
      { status: 'submitted', n: 1 },
    ]);
    expect(await context.dataSource.query(`SELECT count(*)::int AS n FROM reminders WHERE status = 'pending' AND remind_at < now()`)).toEqual([{ n: 0 }]);
  });

  it('has the mentor’s Kisumu group assessed a month ago, with a session and an overdue action', async () => {
    const login = await context.http().post('/api/auth/login').send({ email: 'mentor@demo.mosaic.test', password }).expect(200);
    const [kisumu] = await context.dataSource.query(`SELECT id, risk_level, maturity FROM organisations WHERE name = 'Kisumu Survivors Circle'`);
    // Two key indicators the mentor rated nascent make the risk high until they are fixed.
    expect(kisumu).toEqual(expect.objectContaining({ risk_level: 'high', maturity: 2 }));
    const history = (await context.http().get(`/api/organisations/${kisumu.id}/assessments`).set('Authorization', `Bearer ${login.body.accessToken}`).expect(200)).body;
    expect(history).toEqual([expect.objectContaining({ status: 'validated', riskLevel: 'high', eligibility: expect.objectContaining({ eligible: false }) })]);
    const actions = (await context.http().get(`/api/organisations/${kisumu.id}/actions`).set('Authorization', `Bearer ${login.body.accessToken}`).expect(200)).body;
    expect(actions).toHaveLength(2);
  });
});

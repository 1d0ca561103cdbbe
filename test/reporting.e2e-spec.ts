import { TestingModule } from '@nestjs/testing';
import { OutboundEmailEntity } from '@mosaic/mail';
import { addDays, ReminderEntity, todayIn } from '@mosaic/reporting';
import { CallFactory, T0_ANSWERS, T0_BUDGET } from './factories/call.factory';
import { createWorld, World } from './factories/identity.factory';
import { waitFor } from './support/smtp-sink';
import { createTestApp, TestContext } from './support/test-app';
import { startTestWorker } from './support/test-worker';
import { asBearer } from './support/bearer';

describe('grants, plans and reminders', () => {
  let context: TestContext;
  let worker: TestingModule;
  let world: World;
  let callId: string;
  const as = (token: string) => asBearer(context, token);
  const today = () => todayIn('Africa/Nairobi', new Date());

  /** An approved application of the (registered) grassroots group, made into a pending direct grant. */
  async function directGrant(amountMinor = 3_000_00): Promise<string> {
    const started = await as(world.tokens.applicant).post(`/api/calls/${callId}/applications`).expect(201);
    await as(world.tokens.applicant).patch(`/api/applications/${started.body.id}`, { version: started.body.version, requestedAmountMinor: 3_000_00, answers: T0_ANSWERS, budgetLines: T0_BUDGET }).expect(200);
    await as(world.tokens.applicant).post(`/api/applications/${started.body.id}/submit`).expect(200);
    await as(world.tokens.officer).post(`/api/applications/${started.body.id}/decision`, { decision: 'approve', feedback: 'Yes.' }).expect(200);
    const grant = await as(world.tokens.officer).post(`/api/applications/${started.body.id}/grant`).expect(201);
    expect(grant.body).toEqual(expect.objectContaining({ kind: 'direct', status: 'pending', amountMinor: 3_000_00 }));
    // A larger grant without a larger application form (the T1 form asks more).
    if (amountMinor !== 3_000_00) await context.dataSource.query(`UPDATE grants SET amount_minor = $1 WHERE id = $2`, [amountMinor, grant.body.id]);
    // One live application per group and call: withdraw-free reuse needs the grant to exist first.
    await context.dataSource.query(`UPDATE applications SET status = 'withdrawn' WHERE id = $1`, [started.body.id]);
    return grant.body.id as string;
  }

  beforeAll(async () => {
    context = await createTestApp({ LOGIN_MAX_ATTEMPTS_PER_ADDRESS: '1000', REMINDER_SWEEP_MS: '300' });
    worker = await startTestWorker(context.config);
    world = await createWorld(context);
    await context.dataSource.query(`UPDATE organisations SET registered = true WHERE id = $1`, [world.organisations.grassroots.id]);
    callId = (await CallFactory.publish(context, world.tokens.officer)).id;
  });
  afterAll(async () => {
    await worker.close();
    await context.close();
  });

  it('previews the plan of a hypothetical grant under the funder’s policy', async () => {
    const preview = await as(world.tokens.officer)
      .post('/api/reporting/preview', { amount: 15_000_00, currency: 'USD', riskLevel: 'medium', clustered: false, startDate: '2027-01-01', endDate: '2027-12-31', timeZone: 'Africa/Nairobi' })
      .expect(200);
    expect(preview.body).toEqual({
      policyVersion: 1,
      tier: 'T1',
      requirements: [
        expect.objectContaining({ kind: 'check_in', profile: 'call', dueDate: '2027-07-01' }),
        expect.objectContaining({ kind: 'financial', profile: 'summary', dueDate: '2028-02-29' }),
        expect.objectContaining({ kind: 'narrative', profile: '5+1', dueDate: '2028-02-29' }),
      ],
      instalments: [
        { number: 1, dueDate: '2027-01-15', amount: 7_500_00 },
        { number: 2, dueDate: '2027-07-03', amount: 7_500_00 },
      ],
      burden: { hours: 9.5, percentOfGrant: 0.38, level: 'ok' },
    });
    const bad = await as(world.tokens.officer).post('/api/reporting/preview', { amount: -1, currency: 'usd', riskLevel: 'huge', clustered: 'no', startDate: '2027-02-30', endDate: 'x', timeZone: 'Mars/Olympus' }).expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    await as(world.tokens.applicant).post('/api/reporting/preview', { amount: 1 }).expect(403);
  });

  it('refuses a policy that breaks the burden cap, with the figures, and keeps the version in force', async () => {
    const current = (await as(world.tokens.officer).get('/api/reporting/policy').expect(200)).body;
    expect(current.version).toBe(1);
    const { id: _id, funderId: _funderId, version: _version, createdAt: _createdAt, createdByUserId: _by, burden: _burden, document } = current;
    const heavy = { ...document, burden: { ...document.burden, hourlyRateUsdMinor: 20_00 } };
    const refused = await as(world.tokens.officer).put('/api/reporting/policy', heavy).expect(422);
    expect(refused.body.code).toBe('POLICY_INVALID');
    expect(refused.body.details.burden).toEqual(expect.arrayContaining([expect.objectContaining({ tier: 'T0', riskLevel: 'high', role: 'direct', level: 'over' })]));
    expect(refused.body.message).toMatch(/% of the grant \(the cap is 10%\)/);
    expect((await as(world.tokens.officer).get('/api/reporting/policy').expect(200)).body.version).toBe(1);
    const lighter = await as(world.tokens.officer).put('/api/reporting/policy', { ...document, finalDueDays: 45 }).expect(200);
    expect(lighter.body.version).toBe(2);
    await as(world.tokens.officer).put('/api/reporting/policy', { ...document, surprise: true }).expect(400);
  });

  it('activates a grant with a plan, and a late start sends only the escalation, once', async () => {
    const grantId = await directGrant();
    // Ended 70 days ago: the final report (due 45 days after the end under policy v2) is overdue by 25 days.
    const activated = await as(world.tokens.officer).post(`/api/grants/${grantId}/activate`, { startDate: addDays(today(), -400), endDate: addDays(today(), -70) }).expect(200);
    // Eleven months, T0, medium risk: a 3+0 final report (2 h) and an expense list (1.5 h).
    expect(activated.body.grants[0]).toEqual(expect.objectContaining({ status: 'active', tier: 'T0', riskLevel: 'medium', burdenHours: 3.5 }));
    const detail = (await as(world.tokens.applicant).get(`/api/grants/${grantId}`).expect(200)).body;
    // Eleven months: shorter than a year, so no annual report; the final narrative and the expense list.
    expect(detail.requirements.map((r: { key: string }) => r.key)).toEqual(['financial:expense_list:end', 'narrative:3+0:end']);
    expect(detail.instalments[0]).toEqual(expect.objectContaining({ number: 1, status: 'requestable', amountMinor: 3_000_00 }));
    expect(detail.burden).toEqual(expect.objectContaining({ level: 'ok' }));

    const reminders = context.dataSource.getRepository(ReminderEntity);
    await waitFor(async () => (await reminders.countBy({ status: 'pending' })) === 0, 20_000);
    const sent = await reminders.findBy({ status: 'sent' });
    // One per requirement: the latest that fell due (the escalation), none of the earlier ones.
    expect(sent.map((r) => r.offsetDays)).toEqual([7, 7]);
    expect(await reminders.countBy({ status: 'skipped' })).toBe(6);
    const emails = await context.dataSource.getRepository(OutboundEmailEntity).findBy({ template: 'report-escalation' });
    expect(emails.map((e) => e.toAddress)).toEqual([world.users.officer.email, world.users.officer.email]);
    expect(await context.dataSource.getRepository(OutboundEmailEntity).countBy({ template: 'report-overdue', toAddress: world.users.applicant.email })).toBe(2);
    await as(world.tokens.otherApplicant).get(`/api/grants/${grantId}`).expect(404);
  });

  it('re-plans an extension and a risk change, moving only what is not yet delivered', async () => {
    const grantId = await directGrant(20_000_00);
    await as(world.tokens.officer).post(`/api/grants/${grantId}/activate`, { startDate: '2027-01-01', endDate: '2027-12-31' }).expect(200);
    let grant = (await as(world.tokens.officer).get(`/api/grants/${grantId}`).expect(200)).body;
    expect(grant.requirements).toHaveLength(3);
    // A delivered requirement never moves.
    await context.dataSource.query(`UPDATE report_requirements SET status = 'accepted' WHERE grant_id = $1 AND key = 'check_in:call:every6:1'`, [grantId]);
    const extended = await as(world.tokens.officer).patch(`/api/grants/${grantId}`, { version: grant.version, endDate: '2028-06-30', riskLevel: 'high' }).expect(200);
    // Medium to high risk changes every final requirement: the old ones are cancelled, never deleted.
    expect(extended.body).toEqual(expect.objectContaining({ added: 7, moved: 0, cancelled: 2 }));
    grant = (await as(world.tokens.officer).get(`/api/grants/${grantId}`).expect(200)).body;
    const byKey = Object.fromEntries(grant.requirements.map((r: { key: string; status: string; dueDate: string }) => [r.key, `${r.status} ${r.dueDate}`]));
    // Policy version 2 (above) asks for final reports 45 days after the end.
    expect(byKey).toEqual({
      'check_in:call:every6:1': 'accepted 2027-07-01',
      // 30 days after each six-month period; an interim report with each of the four instalments after the first.
      'narrative:5+1:every6:1': 'pending 2027-07-30',
      'narrative:5+1:every6:2': 'pending 2028-01-30',
      'financial:interim:instalment:2': 'pending 2027-05-18',
      'financial:interim:instalment:3': 'pending 2027-10-02',
      'financial:interim:instalment:4': 'pending 2028-02-15',
      'financial:summary:end': 'cancelled 2028-02-14',
      'narrative:5+1:end': 'cancelled 2028-02-14',
      'financial:detailed:end': 'pending 2028-08-14',
      'narrative:8+0:end': 'pending 2028-08-14',
    });
    // Extending again moves what is still pending, and keeps the same requirements.
    const again = await as(world.tokens.officer).patch(`/api/grants/${grantId}`, { version: grant.version, endDate: '2028-07-31' }).expect(200);
    expect(again.body).toEqual(expect.objectContaining({ added: expect.any(Number), cancelled: expect.any(Number), moved: expect.any(Number) }));
    expect(again.body.moved).toBeGreaterThan(0);
    grant = (await as(world.tokens.officer).get(`/api/grants/${grantId}`).expect(200)).body;
    await as(world.tokens.officer).patch(`/api/grants/${grantId}`, { version: 1, endDate: '2028-07-31' }).expect(409);
    await as(world.tokens.applicant).patch(`/api/grants/${grantId}`, { version: grant.version, endDate: '2028-07-31' }).expect(403);
  });
});

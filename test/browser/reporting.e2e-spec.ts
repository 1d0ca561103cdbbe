import { AddressInfo } from 'node:net';
import { TestingModule } from '@nestjs/testing';
import { Browser, Page } from 'playwright-core';
import { addDays, todayIn } from '@mosaic/reporting';
import { CallFactory, T0_ANSWERS, T0_BUDGET } from '../factories/call.factory';
import { createWorld, FACTORY_PASSWORD, World } from '../factories/identity.factory';
import { launchBrowser } from '../support/browser';
import { waitFor } from '../support/smtp-sink';
import { createTestApp, TestContext } from '../support/test-app';
import { startTestWorker } from '../support/test-worker';
import { asBearer } from '../support/bearer';

/**
 * Journey 4 without JavaScript: a Spanish-speaking member reports on her phone, her lead partner
 * accepts it and files the cluster's consolidated report, the officer accepts that, and the next
 * instalment of the lead agreement opens.
 */
describe('browser: report, consolidate, accept, next instalment', () => {
  let context: TestContext;
  let worker: TestingModule;
  let world: World;
  let browser: Browser;
  let base: string;
  let agreementId: string;

  const api = (token: string) => asBearer(context, token);
  async function approvedApplication(token: string, callId: string) {
    const started = await api(token).post(`/api/calls/${callId}/applications`).expect(201);
    await api(token).patch(`/api/applications/${started.body.id}`, { version: started.body.version, requestedAmountMinor: 3_000_00, answers: T0_ANSWERS, budgetLines: T0_BUDGET }).expect(200);
    await api(token).post(`/api/applications/${started.body.id}/submit`).expect(200);
    await api(world.tokens.officer).post(`/api/applications/${started.body.id}/decision`, { decision: 'approve', feedback: 'Yes.' }).expect(200);
  }
  async function signIn(page: Page, email: string) {
    await page.goto(`${base}/login`);
    await page.locator('#email').fill(email);
    await page.locator('#password').fill(FACTORY_PASSWORD);
    await page.locator('button[type=submit]').click();
  }

  beforeAll(async () => {
    context = await createTestApp({ LOGIN_MAX_ATTEMPTS_PER_ADDRESS: '1000' });
    await context.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(context.app.getHttpServer().address() as AddressInfo).port}`;
    worker = await startTestWorker(context.config);
    world = await createWorld(context);
    await context.dataSource.query(`UPDATE organisations SET languages = '{es,sw}' WHERE id = $1`, [world.organisations.otherGrassroots.id]);
    await context.dataSource.query(`UPDATE users SET preferred_language = 'es' WHERE id = $1`, [world.users.otherApplicant.id]);
    const call = await CallFactory.publish(context, world.tokens.officer);
    await api(world.tokens.officer)
      .patch(`/api/calls/${call.id}`, { version: call.version, clusteringPolicy: { minClusterTotal: 2_000_00, maxMembersPerCluster: 30, requireSharedLanguage: true, requireCountryServed: true, weights: { distance: 1, language: 1, theme: 1, fee: 1 }, unassignedPenalty: 1000 } })
      .expect(200);
    await api(world.tokens.lead_partner)
      .put(`/api/lead-partners/${world.organisations.lead.id}/profile`, { countriesServed: ['KE', 'CD'], maxMembers: 10, maxTotalMinor: 50_000_00, currency: 'USD', oversightHours: 200, feeRate: 0.07 })
      .expect(200);
    await approvedApplication(world.tokens.applicant, call.id);
    await approvedApplication(world.tokens.otherApplicant, call.id);
    let run = (await api(world.tokens.officer).post(`/api/calls/${call.id}/clustering-runs`, { timeLimitMs: 2000 }).expect(202)).body;
    await waitFor(async () => (run = (await api(world.tokens.officer).get(`/api/clustering-runs/${run.id}`).expect(200)).body).status === 'done');
    await api(world.tokens.officer).post(`/api/clustering-runs/${run.id}/approve`, { version: run.version }).expect(201);
    const grants = (await api(world.tokens.officer).get('/api/grants').expect(200)).body as { id: string; kind: string }[];
    agreementId = grants.find((g) => g.kind === 'lead_agreement')!.id;
    // Two years, started 400 days ago: the first annual reports are due now; the third instalment waits on the consolidated one.
    const today = todayIn('Africa/Nairobi', new Date());
    await api(world.tokens.officer).post(`/api/grants/${agreementId}/activate`, { startDate: addDays(today, -400), endDate: addDays(today, 329) }).expect(200);
    const agreement = (await api(world.tokens.officer).get(`/api/grants/${agreementId}`).expect(200)).body;
    const [first, second] = agreement.instalments;
    await api(world.tokens.officer).post(`/api/instalments/${first.id}/release`).expect(200);
    await api(world.tokens.lead_partner).post(`/api/instalments/${second.id}/request`, { previousSpentMinor: first.amountMinor }).expect(200);
    await api(world.tokens.officer).post(`/api/instalments/${second.id}/release`).expect(200);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await worker.close();
    await context.close();
  });

  it('the member reports in Spanish, the lead consolidates, the officer accepts, the next instalment opens', async () => {
    // 1. The Spanish-speaking member, on a small phone.
    const phone = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 640 }, locale: 'es-CO' });
    const member = await phone.newPage();
    await signIn(member, world.users.otherApplicant.email);
    await member.goto(`${base}/grants`);
    expect(await member.getAttribute('html', 'lang')).toBe('es');
    await member.locator('ul.due a').first().click();
    await member.locator('#answer_progress').fill('Acompañamos a 25 sobrevivientes a la clínica y al juzgado.');
    await member.locator('#answer_activities').fill('Círculos de apoyo cada semana, con horarios elegidos por ellas.');
    await member.locator('#answer_learning').fill('Las reuniones por la mañana son más seguras.');
    await member.locator('#peopleReached').fill('25');
    expect(await member.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    await member.locator('button[value=submit]').click();
    await member.waitForURL(/sent=1/);
    await member.locator('.status', { hasText: /./ }).first().waitFor();

    // 2. The lead partner accepts it, then files the consolidated report, which starts from it.
    const lead = await (await browser.newContext({ javaScriptEnabled: false, locale: 'en-GB' })).newPage();
    await signIn(lead, world.users.lead_partner.email);
    await lead.goto(`${base}/lead/members`);
    await lead.getByText('Waiting for your review: 1').waitFor();
    await lead.getByRole('link', { name: 'Review' }).click();
    await lead.getByText('Acompañamos a 25 sobrevivientes a la clínica y al juzgado.').waitFor();
    await lead.getByLabel('Accept').check();
    await lead.getByRole('button', { name: 'Send the review' }).click();
    await lead.getByText('accepted').first().waitFor();
    await lead.goto(`${base}/lead/members`);
    await lead.locator('section.cluster ul.due a', { hasText: 'consolidated cluster report' }).first().click();
    await lead.getByText('Grassroots Two').waitFor();
    await lead.getByText('25 people').waitFor();
    for (const id of ['context', 'progress', 'activities', 'participation', 'challenges', 'safeguarding']) {
      await lead.locator(`#answer_${id}`).fill(`Both groups: ${id}.`);
    }
    await lead.getByLabel('How many people did you reach?').fill('25');
    await lead.getByRole('button', { name: 'Send the report' }).click();
    await lead.waitForURL(/sent=1/);

    // 3. The officer accepts the consolidated report; the third instalment opens.
    const officer = await (await browser.newContext({ javaScriptEnabled: false, locale: 'en-GB' })).newPage();
    await signIn(officer, world.users.officer.email);
    await officer.goto(`${base}/officer/reporting`);
    await officer.locator('h2:has-text("Waiting for your review") + ul').getByRole('link', { name: 'Lead Partner: consolidated cluster report' }).click();
    await officer.getByText('Both groups: progress.').waitFor();
    await officer.getByLabel('Accept').check();
    await officer.getByRole('button', { name: 'Send the review' }).click();
    await officer.goto(`${base}/grants/${agreementId}`);
    const third = officer.locator('ul.members li', { hasText: 'Instalment 3' });
    await third.getByText('you can ask for it').waitFor();
  });
});

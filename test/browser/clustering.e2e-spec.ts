import { AddressInfo } from 'node:net';
import { TestingModule } from '@nestjs/testing';
import { Browser, Page } from 'playwright-core';
import { CallFactory, T0_ANSWERS, T0_BUDGET } from '../factories/call.factory';
import { createWorld, FACTORY_PASSWORD, World } from '../factories/identity.factory';
import { launchBrowser } from '../support/browser';
import { createTestApp, TestContext } from '../support/test-app';
import { startTestWorker } from '../support/test-worker';

/**
 * Journey 3 in a browser without JavaScript: the officer runs clustering, reads why a group was left
 * out, excludes a pair and re-runs, lifts the exclusion, approves; the lead partner then finds her
 * cluster on a small phone.
 */
describe('browser: cluster, adjust, approve', () => {
  let context: TestContext;
  let worker: TestingModule;
  let world: World;
  let browser: Browser;
  let base: string;
  let callId: string;

  const api = (token: string) => ({
    post: (path: string, body: object = {}) => context.http().post(path).set('Authorization', `Bearer ${token}`).send(body),
    patch: (path: string, body: object) => context.http().patch(path).set('Authorization', `Bearer ${token}`).send(body),
    put: (path: string, body: object) => context.http().put(path).set('Authorization', `Bearer ${token}`).send(body),
  });
  async function approvedApplication(token: string) {
    const started = await api(token).post(`/api/calls/${callId}/applications`).expect(201);
    await api(token).patch(`/api/applications/${started.body.id}`, { version: started.body.version, requestedAmountMinor: 3_000_00, answers: T0_ANSWERS, budgetLines: T0_BUDGET }).expect(200);
    await api(token).post(`/api/applications/${started.body.id}/submit`).expect(200);
    await api(world.tokens.officer).post(`/api/applications/${started.body.id}/decision`, { decision: 'approve', feedback: 'Yes.' }).expect(200);
  }
  async function signIn(page: Page, email: string) {
    await page.goto(`${base}/login`);
    await page.getByLabel('E-mail address').fill(email);
    await page.getByLabel('Password').fill(FACTORY_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }
  /** The run page reloads itself (meta refresh) until the worker is done. */
  const proposalReady = (page: Page) => page.getByRole('button', { name: 'Run again with these choices' }).waitFor({ timeout: 30_000 });

  beforeAll(async () => {
    context = await createTestApp({ LOGIN_MAX_ATTEMPTS_PER_ADDRESS: '1000' });
    await context.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(context.app.getHttpServer().address() as AddressInfo).port}`;
    worker = await startTestWorker(context.config);
    world = await createWorld(context);
    const call = await CallFactory.publish(context, world.tokens.officer);
    callId = call.id;
    // Two $3,000 grants: the default smallest cluster ($15,000) would leave both out.
    await api(world.tokens.officer)
      .patch(`/api/calls/${callId}`, {
        version: call.version,
        clusteringPolicy: { minClusterTotal: 2_000_00, maxMembersPerCluster: 30, requireSharedLanguage: true, requireCountryServed: true, weights: { distance: 1, language: 1, theme: 1, fee: 1 }, unassignedPenalty: 1000 },
      })
      .expect(200);
    await api(world.tokens.lead_partner)
      .put(`/api/lead-partners/${world.organisations.lead.id}/profile`, { countriesServed: ['KE', 'CD'], maxMembers: 10, maxTotalMinor: 50_000_00, currency: 'USD', oversightHours: 200, feeRate: 0.07 })
      .expect(200);
    await approvedApplication(world.tokens.applicant);
    await approvedApplication(world.tokens.otherApplicant);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await worker?.close();
    await context.close();
  });

  it('the officer runs clustering, excludes a pair, re-runs, lifts it and approves', async () => {
    const page = await (await browser.newContext({ javaScriptEnabled: false, locale: 'en-GB' })).newPage();
    await signIn(page, world.users.officer.email);
    await page.getByRole('link', { name: 'Clustering' }).click();
    await page.getByRole('link', { name: 'Small grants for survivor-led groups' }).click();
    await page.getByText('Approved applications waiting for a cluster: 2').waitFor();
    await page.getByRole('button', { name: 'Run clustering' }).click();
    await proposalReady(page);

    await page.getByRole('heading', { name: 'Lead Partner' }).waitFor();
    const cluster = page.locator('section.cluster');
    expect(await cluster.getByText('Grassroots One').count()).toBe(1);
    expect(await cluster.getByText('Passed on to members').count()).toBe(1);
    // The Congolese group writes in French only; the lead partner works in Swahili and English.
    const unplaced = page.locator('ul.unplaced');
    await unplaced.getByText('Grassroots Two').waitFor();
    await unplaced.getByText('No lead partner in this country shares a language with the group (fr).').waitFor();

    await cluster.getByLabel('Never with this lead partner').check();
    await page.getByRole('button', { name: 'Run again with these choices' }).click();
    await proposalReady(page);
    expect(await page.locator('section.cluster').count()).toBe(0);
    await unplaced.getByText('Every possible lead partner was excluded.').waitFor();

    // Lifting the exclusion (it is listed, ticked) and re-running brings the member back.
    await page.getByRole('heading', { name: 'Exclusions in this run' }).waitFor();
    await page.getByLabel('Grassroots One ✕ Lead Partner').uncheck();
    await page.getByRole('button', { name: 'Run again with these choices' }).click();
    await proposalReady(page);
    await page.locator('section.cluster').getByText('Grassroots One').waitFor();
    await page.getByRole('button', { name: 'Approve this proposal' }).click();

    await page.getByText('Approved. The clusters, lead agreements and sub-grants are created.').waitFor();
    await page.getByRole('link', { name: 'Lead Partner' }).click();
    await page.getByRole('heading', { name: 'Lead Partner' }).waitFor();
    await page.getByText(/3,000\.00/).first().waitFor();
  });

  it('the lead partner finds her cluster and its member on a small phone', async () => {
    const device = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 640 }, locale: 'en-GB' });
    const page = await device.newPage();
    await signIn(page, world.users.lead_partner.email);
    await page.getByRole('link', { name: 'Clusters' }).click();
    await page.getByRole('heading', { name: 'Lead Partner' }).waitFor();
    await page.getByText('Grassroots One').waitFor();
    await page.getByRole('link', { name: 'Lead Partner' }).click();
    await page.getByText('Lead agreement').waitFor();
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    // Only her own: another funder's officer pages are refused to her.
    const refused = await page.goto(`${base}/officer/clustering`);
    expect(refused?.status()).toBe(403);
  });
});

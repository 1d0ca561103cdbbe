import { AddressInfo } from 'node:net';
import { TestingModule } from '@nestjs/testing';
import { Browser, Page } from 'playwright-core';
import { CAPACITY_FRAMEWORK } from '@mosaic/mentoring';
import { CallFactory, T0_ANSWERS, T0_BUDGET } from '../factories/call.factory';
import { createWorld, FACTORY_PASSWORD, World } from '../factories/identity.factory';
import { launchBrowser } from '../support/browser';
import { waitFor } from '../support/smtp-sink';
import { createTestApp, TestContext } from '../support/test-app';
import { startTestWorker } from '../support/test-worker';
import { asBearer } from '../support/bearer';

type Level = (domain: string, index: number) => string;
/** First visit: safeguarding progressing, the rest emerging. A month later: full safeguarding, the rest established. */
const FIRST: Level = (domain) => (domain === 'safeguarding-psea' ? 'progressing' : '2');
const LATER: Level = (domain, index) => (domain === 'safeguarding-psea' ? (index === 5 ? 'progressing' : 'adequate') : domain === 'exit-legacy' ? '2' : '3');

/**
 * Journey 5 without JavaScript: a mentor assesses a Kenyan group in Swahili and English, logs a
 * session with two actions, re-assesses a month later, sees the progress and recommends the group as
 * a lead partner; the officer approves; the group is offered members in the next clustering run and
 * its next grant asks for less reporting.
 */
describe('browser: assess, mentor, re-assess, graduate', () => {
  let context: TestContext;
  let worker: TestingModule;
  let world: World;
  let browser: Browser;
  let base: string;

  const api = (token: string) => asBearer(context, token);
  async function signIn(page: Page, email: string) {
    await page.goto(`${base}/login`);
    await page.locator('#email').fill(email);
    await page.locator('#password').fill(FACTORY_PASSWORD);
    await page.locator('button[type=submit]').click();
  }
  /** Rates every indicator, domain by domain, with a comment wherever the rating changes. */
  async function rateAll(page: Page, level: Level, language: (domain: string) => string) {
    for (const domain of CAPACITY_FRAMEWORK.domains) {
      await page.goto(`${page.url().split('?')[0]}?domain=${domain.code}&lang=${language(domain.code)}`);
      for (const [index, indicator] of domain.indicators.entries()) {
        const radio = page.locator(`input[name="rating_${indicator.code}"][value="${level(domain.code, index)}"]`);
        if (!(await radio.isChecked())) {
          await radio.check();
          const comment = page.locator(`#comment_${indicator.code}`);
          if (await comment.count()) await comment.fill('Seen on the visit.');
        }
      }
      await page.locator('form[action*="/ratings"] button[type=submit]').click();
      await page.waitForURL(/saved=1/);
    }
  }

  beforeAll(async () => {
    context = await createTestApp({ LOGIN_MAX_ATTEMPTS_PER_ADDRESS: '1000' });
    await context.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(context.app.getHttpServer().address() as AddressInfo).port}`;
    worker = await startTestWorker(context.config);
    world = await createWorld(context);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await worker.close();
    await context.close();
  });

  it('takes a Kenyan group from its first assessment to leading a cluster', async () => {
    const organisationId = world.organisations.grassroots.id;
    const mentor = await (await browser.newContext({ javaScriptEnabled: false, locale: 'en-GB' })).newPage();
    await signIn(mentor, world.users.mentor.email);
    await mentor.goto(`${base}/mentor/caseload`);
    await mentor.getByRole('link', { name: 'Grassroots One' }).click();
    await mentor.getByRole('button', { name: 'Start an assessment' }).click();

    // Safeguarding in Swahili, the rest in English.
    await mentor.goto(`${mentor.url().split('?')[0]}?lang=sw`);
    expect(await mentor.getAttribute('html', 'lang')).toBe('sw');
    await mentor.getByText(CAPACITY_FRAMEWORK.domains[0].indicators[0].text.sw, { exact: false }).first().waitFor();
    await rateAll(mentor, FIRST, (domain) => (domain === 'safeguarding-psea' ? 'sw' : 'en'));
    await mentor.getByRole('button', { name: 'Validate this assessment' }).click();
    await mentor.getByRole('heading', { name: 'Progress' }).waitFor();
    await mentor.getByText('Risk level: medium').first().waitFor();

    // A session with two agreed actions; the notes warn against identifying survivors.
    await mentor.getByText('Never write the names of survivors').waitFor();
    await mentor.locator('#heldOn').fill('2027-01-20');
    await mentor.locator('#durationMinutes').fill('60');
    await mentor.locator('#mode').selectOption('phone');
    await mentor.getByLabel('Data protection').check();
    await mentor.locator('#notes').fill('The board will adopt a data protection policy next month.');
    await mentor.locator('#action1_title').fill('Board adopts the data protection policy');
    await mentor.locator('#action1_due').fill('2027-02-28');
    await mentor.locator('#action2_title').fill('Send a policy template in Swahili');
    await mentor.locator('#action2_owner').selectOption('mentor');
    await mentor.locator('#action2_due').fill('2027-01-27');
    await mentor.getByRole('button', { name: 'Save the session' }).click();
    await mentor.getByText('Board adopts the data protection policy').waitFor();
    await mentor.getByText('Send a policy template in Swahili').waitFor();

    // A month later.
    await context.dataSource.query(`UPDATE assessments SET validated_at = validated_at - interval '31 days', created_at = created_at - interval '31 days' WHERE organisation_id = $1`, [organisationId]);
    await mentor.getByRole('button', { name: 'Start an assessment' }).click();
    await rateAll(mentor, LATER, () => 'en');
    await mentor.getByRole('button', { name: 'Validate this assessment' }).click();
    await mentor.getByText('Every condition to lead a cluster is met.').waitFor();
    await mentor.getByText('Risk level: low').first().waitFor();
    // Each domain's chart now has two points.
    expect(await mentor.locator('figure svg').first().locator('circle').count()).toBe(2);
    await mentor.locator('#rationale').fill('Safeguarding in place; finance and governance established; audit done.');
    await mentor.getByRole('button', { name: 'Recommend as lead partner' }).click();
    await mentor.getByText('A recommendation to lead clusters is waiting for the funder.').waitFor();

    // The officer approves.
    const officer = await (await browser.newContext({ javaScriptEnabled: false, locale: 'en-GB' })).newPage();
    await signIn(officer, world.users.officer.email);
    await officer.goto(`${base}/officer/capacity`);
    await officer.getByLabel('Approve: it may lead clusters').check();
    await officer.getByRole('button', { name: 'Send the review' }).click();
    await officer.locator('li', { hasText: 'Grassroots One' }).getByText('lead partner').first().waitFor();

    // The next clustering run offers it members; its next grant asks for less.
    const call = await CallFactory.publish(context, world.tokens.officer);
    const started = await api(world.tokens.otherApplicant).post(`/api/calls/${call.id}/applications`).expect(201);
    await api(world.tokens.otherApplicant).patch(`/api/applications/${started.body.id}`, { version: started.body.version, requestedAmountMinor: 3_000_00, answers: T0_ANSWERS, budgetLines: T0_BUDGET }).expect(200);
    await api(world.tokens.otherApplicant).post(`/api/applications/${started.body.id}/submit`).expect(200);
    await api(world.tokens.officer).post(`/api/applications/${started.body.id}/decision`, { decision: 'approve', feedback: 'Yes.' }).expect(200);
    let run = (await api(world.tokens.officer).post(`/api/calls/${call.id}/clustering-runs`, { timeLimitMs: 2000 }).expect(202)).body;
    await waitFor(async () => (run = (await api(world.tokens.officer).get(`/api/clustering-runs/${run.id}`).expect(200)).body).status === 'done');
    expect(run.problem.partners.map((p: { id: string }) => p.id)).toContain(organisationId);

    const [grant] = await context.dataSource.query(`INSERT INTO grants (call_id, organisation_id, kind, amount_minor, currency, status) VALUES ($1, $2, 'direct', 1500000, 'USD', 'pending') RETURNING id`, [call.id, organisationId]);
    await api(world.tokens.officer).post(`/api/grants/${grant.id}/activate`, { startDate: '2027-03-01', endDate: '2028-02-29' }).expect(200);
    const planned = (await api(world.tokens.officer).get(`/api/grants/${grant.id}`).expect(200)).body;
    expect(planned.riskLevel).toBe('low');
    const preview = (await api(world.tokens.officer).post('/api/reporting/preview', { amount: 1_500_000, currency: 'USD', riskLevel: 'medium', clustered: false, startDate: '2027-03-01', endDate: '2028-02-29', timeZone: 'Africa/Nairobi' }).expect(200)).body;
    expect(planned.requirements.length).toBeLessThan(preview.requirements.length);
    expect(planned.burden.hours).toBeLessThan(preview.burden.hours);
  });
});

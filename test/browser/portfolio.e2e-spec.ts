import { readFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { TestingModule } from '@nestjs/testing';
import { Browser } from 'playwright-core';
import { seedDemoData } from '@mosaic/demo-seed';
import { iatiSchemaErrors } from '@mosaic/portfolio';
import { launchBrowser } from '../support/browser';
import { waitFor } from '../support/smtp-sink';
import { createTestApp, TestContext } from '../support/test-app';
import { startTestWorker } from '../support/test-worker';

/**
 * Journey 6 without JavaScript: a donor's officer finds the cluster with the most overdue reports on
 * the portfolio page, opens it, and downloads its IATI file, which is valid against the standard.
 */
describe('browser: portfolio, cluster, IATI', () => {
  let context: TestContext;
  let worker: TestingModule;
  let browser: Browser;
  let base: string;
  const password = 'demo-password-for-tests';

  beforeAll(async () => {
    context = await createTestApp({ LOGIN_MAX_ATTEMPTS_PER_ADDRESS: '1000' });
    await context.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(context.app.getHttpServer().address() as AddressInfo).port}`;
    worker = await startTestWorker(context.config);
    await seedDemoData(context.dataSource, password);
    // This year's approved applications clustered too: several clusters, only last year's with overdue reports.
    const token = (await context.http().post('/api/auth/login').send({ email: 'officer@demo.mosaic.test', password }).expect(200)).body.accessToken;
    const [open] = await context.dataSource.query(`SELECT id FROM calls WHERE status = 'published'`);
    let run = (await context.http().post(`/api/calls/${open.id}/clustering-runs`).set('Authorization', `Bearer ${token}`).send({ timeLimitMs: 3000 }).expect(202)).body;
    await waitFor(async () => (run = (await context.http().get(`/api/clustering-runs/${run.id}`).set('Authorization', `Bearer ${token}`).expect(200)).body).status === 'done', 30_000);
    await context.http().post(`/api/clustering-runs/${run.id}/approve`).set('Authorization', `Bearer ${token}`).send({ version: run.version }).expect(201);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await worker.close();
    await context.close();
  });

  it('finds the cluster with the most overdue reports, opens it and downloads a valid IATI file', async () => {
    const device = await browser.newContext({ javaScriptEnabled: false, locale: 'en-GB', acceptDownloads: true });
    const page = await device.newPage();
    await page.goto(`${base}/login`);
    await page.locator('#email').fill('officer@demo.mosaic.test');
    await page.locator('#password').fill(password);
    await page.locator('button[type=submit]').click();
    await page.getByRole('link', { name: 'Portfolio', exact: true }).click();

    const rows = page.locator('h2:has-text("Clusters") + div table tbody tr');
    expect(await rows.count()).toBe(4);
    const overdue = await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.querySelectorAll('td')[6]?.textContent)));
    expect(overdue[0]).toBeGreaterThan(0);
    expect(overdue[0]).toBe(Math.max(...overdue));
    await rows.first().getByRole('link').click();
    await page.getByRole('heading', { name: 'Synergie des Femmes du Kivu' }).waitFor();
    await page.getByRole('heading', { name: 'Money flow' }).waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download this cluster as IATI (XML)' }).click()]);
    const xml = readFileSync((await download.path())!, 'utf8');
    expect(download.suggestedFilename()).toMatch(/^iati-[0-9a-f-]{36}\.xml$/);
    expect(await iatiSchemaErrors(xml)).toEqual([]);
    expect(xml).toContain('Synergie des Femmes du Kivu');
    expect(xml).toContain('<iati-activities version="2.03"');
  });
});

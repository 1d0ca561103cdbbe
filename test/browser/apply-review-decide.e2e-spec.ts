import { AddressInfo } from 'node:net';
import { Browser, Page } from 'playwright-core';
import { OutboundEmailEntity } from '@mosaic/mail';
import { CallFactory } from '../factories/call.factory';
import { createWorld, FACTORY_PASSWORD, World } from '../factories/identity.factory';
import { launchBrowser } from '../support/browser';
import { createTestApp, TestContext } from '../support/test-app';

/**
 * Journey 1 and 2 as people live them: a French-speaking coordinator on a small phone, JavaScript
 * off, applies in two sittings on two devices; a reviewer must declare no conflict before the
 * application opens; the officer decides; the applicant sees the decision.
 */
describe('browser: apply, review, decide', () => {
  let context: TestContext;
  let world: World;
  let browser: Browser;
  let base: string;
  let callId: string;
  let applicationId: string;
  const applicantEmail = 'coordinatrice.uvira@example.org';

  const phone = () => browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 640 }, locale: 'fr-FR' });
  const latestLink = async (to: string) => {
    const email = await context.dataSource.getRepository(OutboundEmailEntity).findOneOrFail({ where: { toAddress: to }, order: { createdAt: 'DESC' } });
    return /(http\S+\/sign-in\?\S+)/.exec(email.textBody ?? '')![1].replace(context.config.publicUrl, base);
  };
  async function signInByLink(page: Page) {
    await page.getByLabel('Adresse e-mail').fill(applicantEmail);
    await page.getByRole('button', { name: 'M’envoyer le lien' }).click();
    await page.getByRole('heading', { name: 'Consultez vos e-mails' }).waitFor();
    await page.goto(await latestLink(applicantEmail));
    await page.getByRole('button', { name: 'Continuer' }).click();
  }
  async function signInWithPassword(page: Page, email: string) {
    await page.goto(`${base}/login`);
    await page.getByLabel('E-mail address').fill(email);
    await page.getByLabel('Password').fill(FACTORY_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  beforeAll(async () => {
    context = await createTestApp({ COOKIE_SECURE: 'true', LOGIN_MAX_ATTEMPTS_PER_ADDRESS: '1000' });
    await context.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(context.app.getHttpServer().address() as AddressInfo).port}`;
    world = await createWorld(context);
    callId = (await CallFactory.publish(context, world.tokens.officer)).id;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await context.close();
  });

  it('a French-speaking applicant starts on her phone with only an e-mail address, and stops half-way', async () => {
    const device = await phone();
    const page = await device.newPage();
    await page.goto(`${base}/calls`);
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    await page.getByRole('link', { name: 'Petites subventions pour les groupes de survivantes' }).click();
    await page.getByRole('link', { name: 'Postuler' }).click();
    await signInByLink(page);

    await page.getByLabel('Nom de votre groupe').fill('Femmes Debout Uvira');
    await page.getByLabel('Pays').selectOption('CD');
    await page.getByRole('button', { name: 'Commencer' }).click();

    await page.getByText('Étape 1 sur 6').waitFor();
    await page.getByLabel('Qui êtes-vous ?').fill('Huit bénévoles à Uvira, au Sud-Kivu.');
    await page.getByRole('button', { name: 'Enregistrer et continuer' }).click();

    await page.getByText('Étape 2 sur 6').waitFor();
    await page.getByLabel('Combien demandez-vous ? (en USD)').fill('3000');
    await page.getByLabel('Données mobiles et communication').fill('1000');
    await page.getByLabel('Soutien aux survivantes').fill('2000');
    await page.getByLabel('Combien demandez-vous, et pour quoi ?').fill('Crédit téléphonique et repas des groupes de parole.');
    await page.getByRole('button', { name: 'Enregistrer et continuer' }).click();

    await page.getByText('Étape 3 sur 6').waitFor();
    // Markup is kept as text and shown escaped.
    await page.getByLabel('Que ferez-vous ?').fill('Des groupes de parole <script>alert(1)</script> chaque semaine.');
    await page.getByRole('button', { name: 'Enregistrer et revenir plus tard' }).click();
    await page.getByText('Brouillon').first().waitFor();
    applicationId = page.url().split('/applications/')[1];
    expect(await page.content()).not.toContain('<script>alert(1)</script>');
    // Nothing wider than the phone's screen.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    await device.close();
  });

  it('she resumes on another device, finishes and sends it', async () => {
    const device = await phone();
    const page = await device.newPage();
    await page.goto(`${base}/calls/${callId}/apply`);
    await signInByLink(page);
    // Her live application, not a new one.
    expect(page.url()).toBe(`${base}/applications/${applicationId}`);
    await page.getByRole('link', { name: 'Continuer' }).click();
    await page.getByText('Étape 4 sur 6').waitFor();
    await page.getByLabel('Pour qui ?').fill('Environ quarante femmes survivantes.');
    await page.getByRole('button', { name: 'Enregistrer et continuer' }).click();
    await page.getByLabel('Comment les survivantes ont-elles façonné cette idée ?').fill('Elles ont choisi les horaires et le lieu.');
    await page.getByRole('button', { name: 'Enregistrer et continuer' }).click();
    await page.getByLabel('Comment pouvons-nous vous joindre en toute sécurité ?').fill('WhatsApp, le matin seulement.');
    await page.getByRole('button', { name: 'Enregistrer et vérifier' }).click();

    await page.getByRole('button', { name: 'Envoyer la demande' }).click();
    await page.getByText('Envoyée').first().waitFor();
    await device.close();
  });

  it('a reviewer cannot open it before declaring no conflict; the officer decides; the applicant sees it', async () => {
    const officer = await (await browser.newContext()).newPage();
    await signInWithPassword(officer, world.users.officer.email);
    await officer.goto(`${base}/officer/applications`);
    await officer.getByRole('link', { name: 'Femmes Debout Uvira' }).click();
    await officer.getByLabel('Reviewer').selectOption(world.users.reviewer.id);
    await officer.getByLabel('Panel').selectOption('survivor_panel');
    await officer.getByRole('button', { name: 'Assign a reviewer' }).click();

    const reviewer = await (await browser.newContext()).newPage();
    await signInWithPassword(reviewer, world.users.reviewer.email);
    await reviewer.goto(`${base}/reviews`);
    await reviewer.getByRole('link', { name: /Survivor panel/ }).click();
    await reviewer.getByRole('heading', { name: 'Conflict of interest' }).waitFor();
    expect(await reviewer.content()).not.toContain('quarante femmes');
    const reviewUrl = reviewer.url();
    // The API refuses too, in the error shape.
    const api = await reviewer.request.get(`${base}/api/reviews/${reviewUrl.split('/reviews/')[1]}`, { headers: { Authorization: `Bearer ${world.tokens.reviewer}` } });
    expect(api.status()).toBe(403);
    expect((await api.json()).code).toBe('CONFLICT_DECLARATION_REQUIRED');

    await reviewer.getByLabel('I have no conflict of interest').check();
    await reviewer.getByRole('button', { name: 'Declare' }).click();
    await reviewer.getByText('Environ quarante femmes survivantes.').waitFor();
    for (const label of ['Relevance to survivors’ needs (×3)', 'Survivors shaped the idea (×3)', 'Feasibility (×2)', 'Value for money (×2)']) {
      await reviewer.getByLabel(label).selectOption('4');
    }
    await reviewer.getByRole('button', { name: 'Save the review' }).click();
    await reviewer.getByText('Your review is saved.').waitFor();

    await officer.reload();
    await officer.getByText('Weighted score: 4 / 5').waitFor();
    await officer.getByLabel('Approve').check();
    await officer.getByLabel('Feedback to the applicant (sent in her language)').fill('Bravo : un projet clair, mené par les survivantes.');
    await officer.getByRole('button', { name: 'Send the decision' }).click();
    await officer.getByText('Approved').first().waitFor();

    const device = await phone();
    const applicant = await device.newPage();
    // Signed out, the page asks for her e-mail address and brings her back to it.
    await applicant.goto(`${base}/applications/${applicationId}`);
    await signInByLink(applicant);
    expect(applicant.url()).toBe(`${base}/applications/${applicationId}`);
    await applicant.getByText('Acceptée').first().waitFor();
    await applicant.getByText('Bravo : un projet clair, mené par les survivantes.').waitFor();
    const decisionEmail = await context.dataSource.getRepository(OutboundEmailEntity).findOneByOrFail({ toAddress: applicantEmail, template: 'application-approved' });
    expect(decisionEmail.subject).toMatch(/^Bonne nouvelle/);
  });
});

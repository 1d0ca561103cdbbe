import request from 'supertest';
import { SessionService, UserEntity } from '@mosaic/identity';
import { createWorld, FACTORY_PASSWORD, World } from './factories/identity.factory';
import { createTestApp, TestContext } from './support/test-app';

const csrfFrom = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] as string;

describe('pages: sign-in with session cookie and CSRF', () => {
  let context: TestContext;
  let world: World;

  beforeAll(async () => {
    context = await createTestApp({ COOKIE_SECURE: 'true' });
    world = await createWorld(context);
  });
  afterAll(() => context.close());

  it('signs in through the form, sets a secure httpOnly cookie, and signs out', async () => {
    const browser = request.agent(context.app.getHttpServer());
    const form = await browser.get('/login?next=/').expect(200);
    const cookie = form.headers['set-cookie'] as unknown as string[];
    expect(cookie.join(';')).toMatch(/mosaic_csrf=[^;]+; Path=\/; HttpOnly; Secure; SameSite=Lax/);

    // The agent will not send Secure cookies over plain http, so pass them on by hand as a browser on https would.
    const csrfCookie = cookie[0].split(';')[0];
    const signIn = await browser
      .post('/login')
      .set('Cookie', csrfCookie)
      .type('form')
      .send({ _csrf: csrfFrom(form.text), email: world.users.mentor.email, password: FACTORY_PASSWORD, next: '/' })
      .expect(303);
    expect(signIn.headers.location).toBe('/');
    const setCookies = (signIn.headers['set-cookie'] as unknown as string[]).join('\n');
    expect(setCookies).toMatch(/mosaic_session=[^;]+;.*HttpOnly; Secure; SameSite=Lax/);

    const session = /mosaic_session=([^;]+)/.exec(setCookies)?.[1];
    const renewedCsrf = /mosaic_csrf=([^;]+)/.exec(setCookies)?.[1];
    expect(renewedCsrf).not.toBe(csrfCookie.split('=')[1]);
    const cookies = `mosaic_session=${session}; mosaic_csrf=${renewedCsrf}`;
    const home = await request(context.app.getHttpServer()).get('/').set('Cookie', cookies).expect(200);
    expect(home.text).toContain(world.users.mentor.name);

    // A bearer-style API call with the cookie alone is not authenticated: cookies only open pages.
    await request(context.app.getHttpServer()).get('/api/auth/me').set('Cookie', cookies).expect(401);

    // The token from before sign-in no longer passes.
    const stale = await request(context.app.getHttpServer()).post('/logout').set('Cookie', cookies).type('form').send({ _csrf: csrfFrom(form.text) });
    expect(stale.status).toBe(403);
    await request(context.app.getHttpServer())
      .post('/logout')
      .set('Cookie', cookies)
      .type('form')
      .send({ _csrf: csrfFrom(home.text) })
      .expect(303);
    await request(context.app.getHttpServer()).get('/').set('Cookie', cookies).set('Accept', 'text/html').expect(303);
  });

  it('shows a wrong password next to the form, keeping the e-mail typed', async () => {
    const form = await request(context.app.getHttpServer()).get('/login').expect(200);
    const csrfCookie = (form.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
    const page = await request(context.app.getHttpServer())
      .post('/login')
      .set('Cookie', csrfCookie)
      .type('form')
      .send({ _csrf: csrfFrom(form.text), email: world.users.mentor.email, password: 'wrong password' })
      .expect(401);
    expect(page.text).toContain('role="alert"');
    expect(page.text).toContain(`value="${world.users.mentor.email}"`);
  });

  it('refuses a form posted with a forged token', async () => {
    const form = await request(context.app.getHttpServer()).get('/login').expect(200);
    const csrfCookie = (form.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
    const page = await request(context.app.getHttpServer())
      .post('/login')
      .set('Cookie', csrfCookie)
      .set('Accept', 'text/html')
      .type('form')
      .send({ _csrf: 'forged', email: world.users.mentor.email, password: FACTORY_PASSWORD })
      .expect(403);
    expect(page.text).toContain('This form has expired');
  });

  it('never redirects off-site after sign-in', async () => {
    const form = await request(context.app.getHttpServer()).get('/login').expect(200);
    const csrfCookie = (form.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
    const signIn = await request(context.app.getHttpServer())
      .post('/login')
      .set('Cookie', csrfCookie)
      .type('form')
      .send({ _csrf: csrfFrom(form.text), email: world.users.reviewer.email, password: FACTORY_PASSWORD, next: '//evil.example/' })
      .expect(303);
    expect(signIn.headers.location).toBe('/');
  });

  it('escapes markup in anything it shows back', async () => {
    const form = await request(context.app.getHttpServer()).get('/password/reset?token=%22%3E%3Cscript%3Ealert(1)%3C/script%3E').expect(200);
    expect(form.text).not.toContain('<script>alert(1)</script>');
    expect(form.text).toContain('&lt;script&gt;');
  });
});

describe('pages: language', () => {
  let context: TestContext;
  let world: World;

  beforeAll(async () => {
    context = await createTestApp();
    world = await createWorld(context);
  });
  afterAll(() => context.close());

  it('follows the browser for visitors, and sets right-to-left for Arabic', async () => {
    const arabic = await request(context.app.getHttpServer()).get('/calls').set('Accept-Language', 'ar-IQ,ar;q=0.9,en;q=0.5').expect(200);
    expect(arabic.text).toContain('<html lang="ar" dir="rtl">');
    const swahili = await request(context.app.getHttpServer()).get('/calls').set('Accept-Language', 'sw-KE').expect(200);
    expect(swahili.text).toContain('<html lang="sw">');
    const unknown = await request(context.app.getHttpServer()).get('/calls').set('Accept-Language', 'de-DE').expect(200);
    expect(unknown.text).toContain('<html lang="en">');
  });

  it('follows the user, then her organisation, and remembers an explicit choice on her account', async () => {
    const sessions = context.app.get(SessionService);
    const users = context.dataSource.getRepository(UserEntity);
    // The applicant's organisation speaks Swahili first; she has chosen no language yet.
    await users.update(world.users.applicant.id, { preferredLanguage: null });
    const cookie = `mosaic_session=${(await sessions.issue(world.users.applicant.id, 'web')).token}`;
    const byOrganisation = await request(context.app.getHttpServer()).get('/applications').set('Cookie', cookie).set('Accept-Language', 'fr').expect(200);
    expect(byOrganisation.text).toContain('<html lang="sw">');
    await request(context.app.getHttpServer()).get('/applications?lang=uk').set('Cookie', cookie).expect(200);
    expect((await users.findOneByOrFail({ id: world.users.applicant.id })).preferredLanguage).toBe('uk');
    const byUser = await request(context.app.getHttpServer()).get('/applications').set('Cookie', `mosaic_session=${(await sessions.issue(world.users.applicant.id, 'web')).token}`).expect(200);
    expect(byUser.text).toContain('<html lang="uk">');
  });
});

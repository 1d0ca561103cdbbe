import { AuditEventEntity } from '@mosaic/audit';
import { MembershipEntity, OneTimeTokenEntity, Role, UserEntity } from '@mosaic/identity';
import { OutboundEmailEntity } from '@mosaic/mail';
import { createWorld, FACTORY_PASSWORD, UserFactory, World } from './factories/identity.factory';
import { createTestApp, TestContext } from './support/test-app';

const linkToken = (email: OutboundEmailEntity) => /token=([A-Za-z0-9_-]+)/.exec(email.textBody ?? '')?.[1] as string;

describe('authentication', () => {
  let context: TestContext;
  let world: World;
  const latestEmailTo = (address: string) =>
    context.dataSource.getRepository(OutboundEmailEntity).findOneOrFail({ where: { toAddress: address }, order: { createdAt: 'DESC' } });

  beforeAll(async () => {
    context = await createTestApp({ LOGIN_MAX_ATTEMPTS_PER_ACCOUNT: '3', LOGIN_MAX_ATTEMPTS_PER_ADDRESS: '40' });
    world = await createWorld(context);
  });
  afterAll(() => context.close());

  describe('login', () => {
    it('answers { accessToken, user } and the token opens the API', async () => {
      const response = await context.http().post('/api/auth/login').send({ email: world.users.officer.email.toUpperCase(), password: FACTORY_PASSWORD }).expect(200);
      expect(response.body).toEqual({
        accessToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        expiresAt: expect.any(String),
        user: expect.objectContaining({ email: world.users.officer.email, memberships: [{ organisationId: world.organisations.funder.id, role: 'officer' }] }),
      });
      expect(JSON.stringify(response.body)).not.toMatch(/passwordHash|argon2/);
      const me = await context.http().get('/api/auth/me').set('Authorization', `Bearer ${response.body.accessToken}`).expect(200);
      expect(me.body.id).toBe(world.users.officer.id);
    });

    it('refuses a wrong password and an unknown account alike', async () => {
      const wrong = await context.http().post('/api/auth/login').send({ email: world.users.reviewer.email, password: 'wrong-password' }).expect(401);
      const unknown = await context.http().post('/api/auth/login').send({ email: 'nobody@example.test', password: 'wrong-password' }).expect(401);
      expect(wrong.body).toEqual(unknown.body);
      expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
    });

    it('throttles an account after repeated failures with a clear 429, even with the right password', async () => {
      const user = await UserFactory.create(context.dataSource, [{ organisation: world.organisations.grassroots, role: Role.Applicant }]);
      for (let attempt = 0; attempt < 3; attempt++) {
        await context.http().post('/api/auth/login').send({ email: user.email, password: 'wrong-password' }).expect(401);
      }
      const blocked = await context.http().post('/api/auth/login').send({ email: user.email, password: FACTORY_PASSWORD }).expect(429);
      expect(blocked.body.code).toBe('TOO_MANY_LOGIN_ATTEMPTS');
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
      // Another account from the same address is not blocked by this one.
      await context.http().post('/api/auth/login').send({ email: world.users.mentor.email, password: FACTORY_PASSWORD }).expect(200);
    });

    it('a success clears the account’s failures', async () => {
      const user = await UserFactory.create(context.dataSource, []);
      for (let round = 0; round < 2; round++) {
        await context.http().post('/api/auth/login').send({ email: user.email, password: 'wrong-password' }).expect(401);
        await context.http().post('/api/auth/login').send({ email: user.email, password: 'wrong-password' }).expect(401);
        await context.http().post('/api/auth/login').send({ email: user.email, password: FACTORY_PASSWORD }).expect(200);
      }
    });

    it('throttles an address that tries many accounts', async () => {
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 45; attempt++) {
        const response = await context.http().post('/api/auth/login').set('X-Forwarded-For', '10.9.9.9').send({ email: `spray${attempt}@example.test`, password: 'guess-guess' });
        statuses.push(response.status);
      }
      expect(statuses).toContain(429);
      expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(40);
    });
  });

  it('logout revokes the token at once', async () => {
    const token = (await context.http().post('/api/auth/login').send({ email: world.users.lead_partner.email, password: FACTORY_PASSWORD }).expect(200)).body.accessToken;
    await context.http().post('/api/auth/logout').set('Authorization', `Bearer ${token}`).expect(204);
    await context.http().get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(401);
  });

  describe('password reset', () => {
    it('e-mails a single-use link; the new password works and every old session ends', async () => {
      const user = await UserFactory.create(context.dataSource, [], { email: 'reset-me@example.test' });
      const oldToken = (await context.http().post('/api/auth/login').send({ email: user.email, password: FACTORY_PASSWORD }).expect(200)).body.accessToken;

      await context.http().post('/api/auth/password-reset').send({ email: user.email }).expect(202, { accepted: true });
      const email = await latestEmailTo(user.email);
      expect(email.subject).toBe('Reset your Mosaic password');
      const token = linkToken(email);
      expect(email.textBody).toContain(`${context.config.publicUrl}/password/reset?token=${token}`);

      await context.http().post('/api/auth/password-reset/confirm').send({ token, password: 'a brand new password' }).expect(204);
      await context.http().get('/api/auth/me').set('Authorization', `Bearer ${oldToken}`).expect(401);
      await context.http().post('/api/auth/login').send({ email: user.email, password: FACTORY_PASSWORD }).expect(401);
      await context.http().post('/api/auth/login').send({ email: user.email, password: 'a brand new password' }).expect(200);

      const again = await context.http().post('/api/auth/password-reset/confirm').send({ token, password: 'yet another password' }).expect(410);
      expect(again.body.code).toBe('LINK_INVALID_OR_EXPIRED');
      const audit = await context.dataSource.getRepository(AuditEventEntity).findOneByOrFail({ action: 'user.password_reset', entityId: user.id });
      expect(JSON.stringify(audit.changes)).not.toContain('brand new');
    });

    it('refuses an expired link and keeps the password', async () => {
      const user = await UserFactory.create(context.dataSource, [], { email: 'expired@example.test' });
      await context.http().post('/api/auth/password-reset').send({ email: user.email }).expect(202);
      const token = linkToken(await latestEmailTo(user.email));
      await context.dataSource.getRepository(OneTimeTokenEntity).update({ email: user.email }, { expiresAt: new Date(Date.now() - 1000) });
      await context.http().post('/api/auth/password-reset/confirm').send({ token, password: 'a brand new password' }).expect(410);
      await context.http().post('/api/auth/login').send({ email: user.email, password: FACTORY_PASSWORD }).expect(200);
    });

    it('answers the same for an unknown address and sends nothing', async () => {
      await context.http().post('/api/auth/password-reset').send({ email: 'ghost@example.test' }).expect(202, { accepted: true });
      expect(await context.dataSource.getRepository(OutboundEmailEntity).countBy({ toAddress: 'ghost@example.test' })).toBe(0);
    });

    it('refuses a short new password without using up the link', async () => {
      const user = await UserFactory.create(context.dataSource, [], { email: 'short@example.test' });
      await context.http().post('/api/auth/password-reset').send({ email: user.email }).expect(202);
      const token = linkToken(await latestEmailTo(user.email));
      const short = await context.http().post('/api/auth/password-reset/confirm').send({ token, password: 'short' }).expect(400);
      expect(short.body.code).toBe('VALIDATION_FAILED');
      await context.http().post('/api/auth/password-reset/confirm').send({ token, password: 'long enough now' }).expect(204);
    });
  });

  describe('invitations', () => {
    it('an officer invites a reviewer, who joins with a new account, once', async () => {
      const invite = await context
        .http()
        .post(`/api/organisations/${world.organisations.funder.id}/invitations`)
        .set('Authorization', `Bearer ${world.tokens.officer}`)
        .send({ email: 'New.Reviewer@Example.test', role: 'reviewer' })
        .expect(201);
      expect(invite.body.invitationId).toEqual(expect.any(String));
      const email = await latestEmailTo('new.reviewer@example.test');
      expect(email.subject).toContain('Funder A');
      const token = linkToken(email);

      const joined = await context.http().post('/api/auth/invitations/accept').send({ token, name: 'Nia Reviewer', password: 'reviewer password' }).expect(200);
      expect(joined.body.user).toEqual(expect.objectContaining({ email: 'new.reviewer@example.test', name: 'Nia Reviewer', memberships: [{ organisationId: world.organisations.funder.id, role: 'reviewer' }] }));
      await context.http().post('/api/auth/invitations/accept').send({ token, name: 'Someone', password: 'another password' }).expect(410);

      const user = await context.dataSource.getRepository(UserEntity).findOneByOrFail({ email: 'new.reviewer@example.test' });
      const actions = (await context.dataSource.getRepository(AuditEventEntity).find({ order: { id: 'ASC' } })).map((event) => event.action);
      expect(actions).toEqual(expect.arrayContaining(['membership.invited', 'user.created', 'membership.created']));
      expect(await context.dataSource.getRepository(MembershipEntity).countBy({ userId: user.id })).toBe(1);
    });

    it('an existing user accepting joins without a second account', async () => {
      await context
        .http()
        .post(`/api/organisations/${world.organisations.lead.id}/invitations`)
        .set('Authorization', `Bearer ${world.tokens.lead_partner}`)
        .send({ email: world.users.applicant.email, role: 'lead_partner' })
        .expect(201);
      const token = linkToken(await latestEmailTo(world.users.applicant.email));
      const joined = await context.http().post('/api/auth/invitations/accept').send({ token, name: 'ignored', password: FACTORY_PASSWORD }).expect(200);
      expect(joined.body.user.id).toBe(world.users.applicant.id);
      expect(joined.body.user.memberships).toHaveLength(2);
    });
  });

  it('never writes a password or token into the logs', async () => {
    await context.http().post('/api/auth/login').send({ email: world.users.admin.email, password: FACTORY_PASSWORD }).expect(200);
    await context.http().get('/password/reset?token=secret-token-value-123').expect(200);
    const logs = context.logs.join('\n');
    expect(logs.length).toBeGreaterThan(0);
    expect(logs).not.toContain(FACTORY_PASSWORD);
    expect(logs).not.toContain('secret-token-value-123');
    for (const token of Object.values(world.tokens)) expect(logs).not.toContain(token);
  });
});

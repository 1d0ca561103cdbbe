import { AuditEventEntity } from '@mosaic/audit';
import { createWorld, World } from './factories/identity.factory';
import { createTestApp, TestContext } from './support/test-app';

describe('audit trail', () => {
  let context: TestContext;
  let world: World;

  beforeAll(async () => {
    context = await createTestApp();
    world = await createWorld(context);
  });
  afterAll(() => context.close());

  it('records who changed which fields of an organisation, with request id and address', async () => {
    const response = await context
      .http()
      .patch(`/api/organisations/${world.organisations.grassroots.id}`)
      .set('Authorization', `Bearer ${world.tokens.applicant}`)
      .set('X-Request-Id', 'audit-test-0001')
      .send({ city: 'Homa Bay', themes: ['survivor-support', 'srhr'] })
      .expect(200);
    expect(response.body.version).toBe(2);
    const event = await context.dataSource
      .getRepository(AuditEventEntity)
      .findOneByOrFail({ action: 'organisation.updated', entityId: world.organisations.grassroots.id });
    expect(event).toEqual(
      expect.objectContaining({
        actorUserId: world.users.applicant.id,
        entityType: 'organisation',
        requestId: 'audit-test-0001',
        ipAddress: expect.stringMatching(/127\.0\.0\.1/),
        changes: { city: { from: 'Kisumu', to: 'Homa Bay' }, themes: { from: ['survivor-support'], to: ['survivor-support', 'srhr'] } },
      }),
    );
  });

  it('writes nothing for a change that changes nothing', async () => {
    const count = () => context.dataSource.getRepository(AuditEventEntity).countBy({ action: 'organisation.updated' });
    const before = await count();
    await context
      .http()
      .patch(`/api/organisations/${world.organisations.grassroots.id}`)
      .set('Authorization', `Bearer ${world.tokens.applicant}`)
      .send({ city: 'Homa Bay' })
      .expect(200);
    expect(await count()).toBe(before);
  });

  it('is refused UPDATE, DELETE and TRUNCATE by the database itself', async () => {
    await expect(context.dataSource.query(`UPDATE audit_events SET action = 'tampered'`)).rejects.toThrow(/append-only/);
    await expect(context.dataSource.query(`DELETE FROM audit_events`)).rejects.toThrow(/append-only/);
    await expect(context.dataSource.query(`TRUNCATE audit_events`)).rejects.toThrow(/append-only/);
    expect(await context.dataSource.getRepository(AuditEventEntity).countBy({ action: 'tampered' })).toBe(0);
  });

  it('lets admins page through it, newest first, filtered by entity', async () => {
    const bearer = `Bearer ${world.tokens.admin}`;
    for (const city of ['A', 'B', 'C']) {
      await context.http().patch(`/api/organisations/${world.organisations.lead.id}`).set('Authorization', bearer).send({ city }).expect(200);
    }
    const first = await context
      .http()
      .get(`/api/admin/audit-events?entityType=organisation&entityId=${world.organisations.lead.id}&limit=2`)
      .set('Authorization', bearer)
      .expect(200);
    expect(first.body.items.map((e: AuditEventEntity) => e.changes.city.to)).toEqual(['C', 'B']);
    const second = await context
      .http()
      .get(`/api/admin/audit-events?entityType=organisation&entityId=${world.organisations.lead.id}&limit=2&cursor=${first.body.nextCursor}`)
      .set('Authorization', bearer)
      .expect(200);
    expect(second.body.items.map((e: AuditEventEntity) => e.changes.city.to)).toEqual(['A']);
    expect(second.body.nextCursor).toBeNull();
  });

  it('audits membership removal and mentor assignment', async () => {
    const bearer = `Bearer ${world.tokens.admin}`;
    const members = await context.http().get(`/api/organisations/${world.organisations.grassroots.id}/memberships`).set('Authorization', bearer).expect(200);
    const membershipId = members.body[0].membershipId as string;
    await context.http().delete(`/api/organisations/${world.organisations.grassroots.id}/memberships/${membershipId}`).set('Authorization', bearer).expect(204);
    await context
      .http()
      .post(`/api/organisations/${world.organisations.lead.id}/mentors`)
      .set('Authorization', bearer)
      .send({ mentorUserId: world.users.mentor.id })
      .expect(200);
    const actions = (await context.dataSource.getRepository(AuditEventEntity).find()).map((e) => `${e.action}:${e.entityId}`);
    expect(actions).toContain(`membership.deleted:${membershipId}`);
    expect(actions).toContain(`mentor_assignment.created:${world.organisations.lead.id}`);
  });
});

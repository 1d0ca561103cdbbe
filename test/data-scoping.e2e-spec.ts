import { createWorld, World } from './factories/identity.factory';
import { createTestApp, TestContext } from './support/test-app';
import { asBearer } from './support/bearer';

/** Beyond the role gate: each caller reaches only her organisations' data. */
describe('data scoping', () => {
  let context: TestContext;
  let world: World;
  const as = (token: string) => asBearer(context, token);
  const names = (body: { items: { name: string }[] }) => body.items.map((org) => org.name).sort();

  beforeAll(async () => {
    context = await createTestApp({ LOGIN_MAX_ATTEMPTS_PER_ADDRESS: '1000' });
    world = await createWorld(context);
  });
  afterAll(() => context.close());

  it('an applicant lists and reads only her own organisation', async () => {
    const list = await as(world.tokens.applicant).get('/api/organisations').expect(200);
    expect(names(list.body)).toEqual(['Grassroots One']);
    const other = await as(world.tokens.applicant).get(`/api/organisations/${world.organisations.otherGrassroots.id}`).expect(404);
    expect(other.body.code).toBe('ORGANISATION_NOT_FOUND');
  });

  it('an applicant cannot change, list the members of, or invite into another organisation', async () => {
    const otherId = world.organisations.otherGrassroots.id;
    await as(world.tokens.applicant).patch(`/api/organisations/${otherId}`, { city: 'Hacked' }).expect(404);
    await as(world.tokens.applicant).get(`/api/organisations/${otherId}/memberships`).expect(404);
    await as(world.tokens.applicant).post(`/api/organisations/${otherId}/invitations`, { email: 'x@example.test', role: 'applicant' }).expect(404);
    const stored = await as(world.tokens.otherApplicant).get(`/api/organisations/${otherId}`).expect(200);
    expect(stored.body.city).not.toBe('Hacked');
  });

  it('an applicant cannot invite a role she does not hold, nor make her group a lead partner', async () => {
    const ownId = world.organisations.grassroots.id;
    const invite = await as(world.tokens.applicant).post(`/api/organisations/${ownId}/invitations`, { email: 'x@example.test', role: 'lead_partner' }).expect(403);
    expect(invite.body.code).toBe('FORBIDDEN');
    await as(world.tokens.applicant).patch(`/api/organisations/${ownId}`, { isLeadPartner: true }).expect(403);
  });

  it('a mentor sees her own funder and the organisations assigned to her, nothing else', async () => {
    const list = await as(world.tokens.mentor).get('/api/organisations').expect(200);
    expect(names(list.body)).toEqual(['Funder A', 'Grassroots One']);
    await as(world.tokens.mentor).get(`/api/organisations/${world.organisations.grassroots.id}`).expect(200);
    await as(world.tokens.mentor).get(`/api/organisations/${world.organisations.otherGrassroots.id}`).expect(404);
    await as(world.tokens.mentor).get(`/api/organisations/${world.organisations.grassroots.id}/memberships`).expect(403);
  });

  it('an officer sees her funder and grassroots organisations, never another funder', async () => {
    const list = await as(world.tokens.officer).get('/api/organisations').expect(200);
    expect(names(list.body)).toEqual(['Funder A', 'Grassroots One', 'Grassroots Two', 'Lead Partner']);
    await as(world.tokens.officer).get(`/api/organisations/${world.organisations.otherFunder.id}`).expect(404);
    await as(world.tokens.officer).patch(`/api/organisations/${world.organisations.otherFunder.id}`, { city: 'x' }).expect(404);
  });

  it('an officer cannot edit a grassroots organisation nor see its members', async () => {
    await as(world.tokens.officer).patch(`/api/organisations/${world.organisations.grassroots.id}`, { city: 'x' }).expect(403);
    await as(world.tokens.officer).get(`/api/organisations/${world.organisations.grassroots.id}/memberships`).expect(403);
  });

  it('an officer of another funder cannot assign this funder’s mentor', async () => {
    const response = await as(world.tokens.otherOfficer)
      .post(`/api/organisations/${world.organisations.otherGrassroots.id}/mentors`, { mentorUserId: world.users.mentor.id })
      .expect(403);
    expect(response.body.code).toBe('FORBIDDEN');
  });

  it('an assigned mentor then sees the organisation', async () => {
    await as(world.tokens.officer)
      .post(`/api/organisations/${world.organisations.otherGrassroots.id}/mentors`, { mentorUserId: world.users.mentor.id })
      .expect(200, { assigned: true });
    await as(world.tokens.mentor).get(`/api/organisations/${world.organisations.otherGrassroots.id}`).expect(200);
  });

  it('a reviewer sees only her funder', async () => {
    const list = await as(world.tokens.reviewer).get('/api/organisations').expect(200);
    expect(names(list.body)).toEqual(['Funder A']);
  });

  it('an admin sees every organisation, page by page', async () => {
    const first = await as(world.tokens.admin).get('/api/organisations?limit=3').expect(200);
    expect(first.body.items).toHaveLength(3);
    const second = await as(world.tokens.admin).get(`/api/organisations?limit=3&cursor=${first.body.nextCursor}`).expect(200);
    expect(second.body.nextCursor).toBeNull();
    expect([...names(first.body), ...names(second.body)]).toEqual(['Funder A', 'Funder B', 'Grassroots One', 'Grassroots Two', 'Lead Partner']);
  });
});

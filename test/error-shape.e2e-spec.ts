import { OrganisationEntity } from '@mosaic/identity';
import { createWorld, World } from './factories/identity.factory';
import { createTestApp, TestContext } from './support/test-app';

const SHAPE = { statusCode: expect.any(Number), code: expect.any(String), message: expect.any(String), details: expect.any(Object) };

/** Bad input: always a 4xx in one shape, and nothing stored. */
describe('error shape and bad input', () => {
  let context: TestContext;
  let world: World;
  let snapshot: () => Promise<OrganisationEntity | null>;

  beforeAll(async () => {
    context = await createTestApp({ BODY_LIMIT_BYTES: '10240' });
    world = await createWorld(context);
    snapshot = () => context.dataSource.getRepository(OrganisationEntity).findOneBy({ id: world.organisations.grassroots.id });
  });
  afterAll(() => context.close());

  const patchOwn = () =>
    context
      .http()
      .patch(`/api/organisations/${world.organisations.grassroots.id}`)
      .set('Authorization', `Bearer ${world.tokens.applicant}`);

  it.each([
    ['malformed JSON', '{"city": ', 400, 'MALFORMED_JSON'],
    ['an unknown field', { city: 'Kisumu', favouriteColour: 'red' }, 400, 'VALIDATION_FAILED'],
    ['a wrong type', { languages: 'sw' }, 400, 'VALIDATION_FAILED'],
    ['a country that is not ISO 3166-1', { country: 'Narnia' }, 400, 'VALIDATION_FAILED'],
    ['a time zone that does not exist', { timeZone: 'Mars/Olympus' }, 400, 'VALIDATION_FAILED'],
    ['a theme outside the taxonomy', { themes: ['knitting'] }, 400, 'VALIDATION_FAILED'],
    ['an oversized body', { city: 'x'.repeat(20_000) }, 413, 'PAYLOAD_TOO_LARGE'],
  ])('%s: %#', async (_label, body, status, code) => {
    const before = await snapshot();
    const request = patchOwn().set('Content-Type', 'application/json');
    const response = await request.send(typeof body === 'string' ? body : JSON.stringify(body));
    expect(response.status).toBe(status);
    expect(response.body).toEqual({ ...SHAPE, statusCode: status, code });
    expect(await snapshot()).toEqual(before);
  });

  it('names every failing field in the details', async () => {
    const response = await patchOwn().send({ country: 'Narnia', languages: ['English'], extra: 1 }).expect(400);
    const fields = (response.body.details.fields as { field: string }[]).map((f) => f.field).sort();
    expect(fields).toEqual(['country', 'extra', 'languages']);
  });

  it('answers an id that is not a uuid with 400 and an unknown one with 404', async () => {
    const bearer = `Bearer ${world.tokens.admin}`;
    const invalid = await context.http().get('/api/organisations/not-a-uuid').set('Authorization', bearer).expect(400);
    expect(invalid.body).toEqual({ ...SHAPE, statusCode: 400, code: 'INVALID_ID' });
    const unknown = await context.http().get('/api/organisations/00000000-0000-4000-8000-000000000000').set('Authorization', bearer).expect(404);
    expect(unknown.body).toEqual({ ...SHAPE, statusCode: 404, code: 'ORGANISATION_NOT_FOUND' });
  });

  it('answers an unknown route with 404 in the same shape', async () => {
    const response = await context.http().get('/api/nothing-here').expect(404);
    expect(response.body).toEqual({ ...SHAPE, statusCode: 404, code: 'ROUTE_NOT_FOUND' });
  });

  it('rejects a malformed bearer token as unauthenticated', async () => {
    const response = await context.http().get('/api/auth/me').set('Authorization', 'Bearer <script>').expect(401);
    expect(response.body.code).toBe('UNAUTHENTICATED');
  });

  it('rejects unknown query parameters and bad paging values', async () => {
    const bearer = `Bearer ${world.tokens.admin}`;
    await context.http().get('/api/organisations?limit=0').set('Authorization', bearer).expect(400);
    await context.http().get('/api/organisations?limit=abc').set('Authorization', bearer).expect(400);
    await context.http().get('/api/organisations?sort=name').set('Authorization', bearer).expect(400);
    const cursor = await context.http().get('/api/organisations?cursor=garbage').set('Authorization', bearer).expect(400);
    expect(cursor.body.code).toBe('INVALID_CURSOR');
  });

  it('stores text with markup as text', async () => {
    await patchOwn().send({ city: '<script>alert(1)</script>' }).expect(200);
    expect((await snapshot())?.city).toBe('<script>alert(1)</script>');
  });
});

import { createTestApp, TestContext } from './support/test-app';

describe('health', () => {
  let sut: TestContext;
  beforeAll(async () => (sut = await createTestApp()));
  afterAll(() => sut.close());

  it('is live and ready when PostgreSQL and Redis answer', async () => {
    await sut.http().get('/health/live').expect(200, { status: 'ok' });
    const ready = await sut.http().get('/health/ready').expect(200);
    expect(ready.body).toEqual({ status: 'ok', checks: { postgres: 'up', redis: 'up' } });
  });

  it('echoes a sane X-Request-Id and replaces an unsafe one', async () => {
    const kept = await sut.http().get('/health/live').set('X-Request-Id', 'req-12345678');
    expect(kept.headers['x-request-id']).toBe('req-12345678');
    const replaced = await sut.http().get('/health/live').set('X-Request-Id', 'bad id with spaces');
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends security headers', async () => {
    const response = await sut.http().get('/health/live');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['x-powered-by']).toBeUndefined();
  });
});

import { createTestApp, TestContext } from './support/test-app';

interface Operation {
  security?: Record<string, string[]>[];
}

const PUBLIC_OPERATIONS = [
  'GET /health/live',
  'GET /health/ready',
  'POST /api/auth/invitations/accept',
  'POST /api/auth/login',
  'POST /api/auth/password-reset',
  'POST /api/auth/password-reset/confirm',
  'POST /api/auth/sign-in-link',
  'POST /api/auth/sign-in-link/confirm',
  'GET /api/calls',
  'GET /api/calls/{id}',
];

describe('OpenAPI document', () => {
  let context: TestContext;
  let operations: { key: string; path: string; method: string; operation: Operation }[];

  beforeAll(async () => {
    context = await createTestApp();
    const document = (await context.http().get('/api/docs-json').expect(200)).body as { paths: Record<string, Record<string, Operation>> };
    operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ key: `${method.toUpperCase()} ${path}`, path, method, operation })),
    );
  });
  afterAll(() => context.close());

  it('declares security on every operation: bearer, or explicitly none for the public ones', () => {
    for (const { key, operation } of operations) {
      expect({ key, declared: Array.isArray(operation.security) }).toEqual({ key, declared: true });
    }
    const publicOnes = operations.filter((o) => o.operation.security?.length === 0).map((o) => o.key).sort();
    expect(publicOnes).toEqual([...PUBLIC_OPERATIONS].sort());
  });

  it('answers 401 in the error shape to every non-public operation called without credentials', async () => {
    const guarded = operations.filter((o) => o.operation.security?.length);
    expect(guarded.length).toBeGreaterThan(5);
    for (const { key, path, method } of guarded) {
      const url = path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
      const response = await context.http()[method as 'get'](url).send({});
      expect({ key, status: response.status, code: response.body.code }).toEqual({ key, status: 401, code: 'UNAUTHENTICATED' });
    }
  });

  it('serves the interactive documentation', async () => {
    const page = await context.http().get('/api/docs').expect(200);
    expect(page.text).toContain('swagger');
  });
});

import { TestContext } from './test-app';

/** Requests to the test app as the holder of an API token (`Authorization: Bearer ...`). */
export const asBearer = (context: TestContext, token: string) => ({
  get: (path: string) => context.http().get(path).set('Authorization', `Bearer ${token}`),
  post: (path: string, body: object = {}) => context.http().post(path).set('Authorization', `Bearer ${token}`).send(body),
  put: (path: string, body: object) => context.http().put(path).set('Authorization', `Bearer ${token}`).send(body),
  patch: (path: string, body: object) => context.http().patch(path).set('Authorization', `Bearer ${token}`).send(body),
});

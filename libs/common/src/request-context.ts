import { AsyncLocalStorage } from 'node:async_hooks';

/** Who is asking and from where; carried through async calls so audit rows need no plumbing. */
export interface RequestContext {
  requestId: string;
  ipAddress?: string;
  actorUserId?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const requestContext = {
  run<T>(context: RequestContext, callback: () => T): T {
    return storage.run(context, callback);
  },
  current(): RequestContext | undefined {
    return storage.getStore();
  },
  setActor(userId: string): void {
    const context = storage.getStore();
    if (context) context.actorUserId = userId;
  },
};

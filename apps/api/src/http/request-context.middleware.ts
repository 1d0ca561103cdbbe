import { randomUUID } from 'node:crypto';
import { NextFunction, Request, Response } from 'express';
import { requestContext } from '@mosaic/common';

const VALID_INCOMING_ID = /^[A-Za-z0-9_-]{8,64}$/;

/** Gives each request an id (kept from X-Request-Id when sane), echoes it, and opens the async context. */
export function requestContextMiddleware(req: Request, res: Response, next: NextFunction) {
  const incoming = req.header('x-request-id');
  const id = incoming && VALID_INCOMING_ID.test(incoming) ? incoming : randomUUID();
  (req as Request & { id: string }).id = id;
  res.setHeader('X-Request-Id', id);
  requestContext.run({ requestId: id, ipAddress: req.ip }, () => next());
}

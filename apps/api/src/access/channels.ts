import { Request } from 'express';

export const SESSION_COOKIE = 'mosaic_session';
export const CSRF_COOKIE = 'mosaic_csrf';

/** JSON API (bearer tokens) or pages (session cookie, CSRF-checked forms). */
export const isApiRequest = (req: Request) => req.path.startsWith('/api/') || req.path.startsWith('/health/');

export function bearerToken(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header);
  return match?.[1];
}

export const clientAddress = (req: Request) => req.ip ?? req.socket.remoteAddress ?? 'unknown';

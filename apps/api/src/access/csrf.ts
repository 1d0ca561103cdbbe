import { randomBytes } from 'node:crypto';
import { Request, Response } from 'express';
import { AppConfig } from '@mosaic/config';
import { constantTimeEqual, hmac } from '@mosaic/identity';
import { CSRF_COOKIE } from './channels';

const SEED = /^[A-Za-z0-9_-]{20,100}$/;

/**
 * Signed double-submit: a random httpOnly cookie, and forms carry HMAC(APP_SECRET, cookie). A page on
 * another site can neither read the cookie nor forge the HMAC. The cookie is renewed at sign-in.
 */
export class Csrf {
  constructor(private readonly config: AppConfig) {}

  /** The token to put in forms, setting the cookie when the browser has none yet. */
  tokenFor(req: Request, res: Response): string {
    const current = (res.locals.csrfSeed as string | undefined) ?? (req.cookies?.[CSRF_COOKIE] as string | undefined);
    const seed = current && SEED.test(current) ? current : this.renew(res);
    return this.sign(seed);
  }

  renew(res: Response): string {
    const seed = randomBytes(24).toString('base64url');
    res.cookie(CSRF_COOKIE, seed, { httpOnly: true, sameSite: 'lax', secure: this.config.cookieSecure, path: '/' });
    res.locals.csrfSeed = seed;
    return seed;
  }

  /**
   * The token comes in the form body; multipart forms (file uploads) carry it in the query string,
   * because their body is read only after this check.
   */
  verify(req: Request): boolean {
    const seed = req.cookies?.[CSRF_COOKIE] as string | undefined;
    const multipart = req.is('multipart/form-data') === 'multipart/form-data';
    const sent = multipart ? req.query._csrf : (req.body as Record<string, unknown> | undefined)?._csrf;
    if (!seed || !SEED.test(seed) || typeof sent !== 'string') return false;
    return constantTimeEqual(this.sign(seed), sent);
  }

  private sign(seed: string): string {
    return hmac(this.config.appSecret, `csrf|${seed}`);
  }
}

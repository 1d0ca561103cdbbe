import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Request } from 'express';
import { DomainException, requestContext } from '@mosaic/common';
import { AuthContext, hasAnyRole, SessionService } from '@mosaic/identity';
import { ACCESS_KEY, MosaicRequest, RouteAccess } from './access.decorators';
import { bearerToken, isApiRequest, SESSION_COOKIE } from './channels';
import { Csrf } from './csrf';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Authenticates every request (bearer token on /api, session cookie on pages), checks CSRF on page
 * forms, then applies the route's declared access. Scoping rows to the caller is the services' job.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionService,
    private readonly csrf: Csrf,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const access = this.reflector.getAllAndOverride<RouteAccess | undefined>(ACCESS_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!access) throw new Error(`${context.getClass().name}.${context.getHandler().name} declares no access`);

    const req = context.switchToHttp().getRequest<Request & MosaicRequest>();
    const api = isApiRequest(req);
    if (!api && UNSAFE_METHODS.has(req.method)) {
      if (!this.csrf.verify(req)) {
        throw new DomainException('forbidden', 'CSRF_INVALID', 'This form has expired. Go back, reload the page and try again.');
      }
      if (req.body) delete (req.body as Record<string, unknown>)._csrf;
    }

    const token = api ? bearerToken(req) : (req.cookies?.[SESSION_COOKIE] as string | undefined);
    const auth = token ? await this.sessions.resolve(token, api ? 'api' : 'web') : null;
    if (auth && token) this.attach(req, auth, token);

    if (access.kind === 'public') return true;
    if (!auth) throw new DomainException('unauthenticated', 'UNAUTHENTICATED', 'Sign in to continue');
    if (access.roles !== 'any' && !hasAnyRole(auth, access.roles)) {
      throw new DomainException('forbidden', 'FORBIDDEN_ROLE', 'Your role does not allow this', { allowedRoles: access.roles });
    }
    return true;
  }

  private attach(req: MosaicRequest, auth: AuthContext, token: string) {
    req.auth = auth;
    req.authToken = token;
    requestContext.setActor(auth.userId);
  }
}

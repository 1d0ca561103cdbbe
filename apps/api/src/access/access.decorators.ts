import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AuthContext, Role } from '@mosaic/identity';

export const ACCESS_KEY = 'mosaic:access';

/** Every route declares one of these; the api refuses to start when one does not. */
export type RouteAccess = { kind: 'public' } | { kind: 'roles'; roles: Role[] | 'any' };

/** Anyone, signed in or not. */
export const Public = () => SetMetadata(ACCESS_KEY, { kind: 'public' } satisfies RouteAccess);

/** Signed-in callers holding at least one of the roles (in any organisation); data scoping is the service's job. */
export const Roles = (...roles: Role[]) =>
  applyDecorators(
    SetMetadata(ACCESS_KEY, { kind: 'roles', roles } satisfies RouteAccess),
    ApiBearerAuth('bearer'),
    ApiExtension('x-roles', roles),
    ApiUnauthorizedResponse({ description: 'No valid credentials (code UNAUTHENTICATED)' }),
    ApiForbiddenResponse({ description: `Allowed roles: ${roles.join(', ')} (code FORBIDDEN_ROLE or FORBIDDEN)` }),
  );

/** Any signed-in caller (their own account, sign-out). */
export const SignedIn = () =>
  applyDecorators(
    SetMetadata(ACCESS_KEY, { kind: 'roles', roles: 'any' } satisfies RouteAccess),
    ApiBearerAuth('bearer'),
    ApiExtension('x-roles', 'any signed-in user'),
    ApiUnauthorizedResponse({ description: 'No valid credentials (code UNAUTHENTICATED)' }),
  );

export interface MosaicRequest {
  id: string;
  auth?: AuthContext;
  /** The raw token that authenticated this request (to revoke it on sign-out). */
  authToken?: string;
}

/** The signed-in caller (guaranteed present on routes that are not @Public). */
export const Auth = createParamDecorator((_data: unknown, context: ExecutionContext): AuthContext => {
  return context.switchToHttp().getRequest<MosaicRequest>().auth as AuthContext;
});

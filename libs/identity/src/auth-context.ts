import { Role } from './vocabulary';

export interface MembershipGrant {
  organisationId: string | null;
  role: Role;
}

/** The signed-in caller, as every service sees it. */
export interface AuthContext {
  userId: string;
  email: string;
  name: string;
  language: string | null;
  sessionId: string;
  memberships: MembershipGrant[];
}

export const isAdmin = (auth: AuthContext) => auth.memberships.some((m) => m.role === Role.Admin);

export const hasAnyRole = (auth: AuthContext, roles: readonly Role[]) =>
  auth.memberships.some((membership) => roles.includes(membership.role));

/** Organisations in which the caller holds one of the roles. */
export function organisationsWhere(auth: AuthContext, ...roles: Role[]): string[] {
  return [
    ...new Set(
      auth.memberships
        .filter((m) => m.organisationId && roles.includes(m.role))
        .map((m) => m.organisationId as string),
    ),
  ];
}

export const holdsRoleIn = (auth: AuthContext, organisationId: string, ...roles: Role[]) =>
  auth.memberships.some((m) => m.organisationId === organisationId && roles.includes(m.role));

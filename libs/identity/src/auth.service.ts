import { Injectable } from '@nestjs/common';
import { AuditService, auditDiff } from '@mosaic/audit';
import { Clock, DomainException } from '@mosaic/common';
import { AppConfig } from '@mosaic/config';
import { MailOutbox } from '@mosaic/mail';
import { AuthContext } from './auth-context';
import { MembershipEntity, OneTimeTokenEntity, SessionKind, UserEntity } from './entities';
import { IdentityRepository } from './identity.repository';
import { LoginThrottle } from './login-throttle';
import { PasswordHasher } from './password-hasher';
import { hashToken, newSecretToken } from './secret-token';
import { SessionService } from './session.service';
import { userView, UserView } from './user-view';

export const PASSWORD_RESET_VALID_MINUTES = 60;
export const INVITATION_VALID_DAYS = 14;
export const SIGN_IN_LINK_VALID_MINUTES = 60;

export interface SignedIn {
  accessToken: string;
  expiresAt: Date;
  user: UserView;
}

const invalidCredentials = () =>
  new DomainException('unauthenticated', 'INVALID_CREDENTIALS', 'E-mail address or password is not correct');

@Injectable()
export class AuthService {
  constructor(
    private readonly identity: IdentityRepository,
    private readonly sessions: SessionService,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottle,
    private readonly outbox: MailOutbox,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async login(email: string, password: string, kind: SessionKind, address: string): Promise<SignedIn> {
    await this.throttle.admit(email, address);
    const user = await this.identity.findUserByEmailWithPassword(email);
    const valid = await this.hasher.verify(user?.passwordHash, password);
    if (!user || !valid || user.disabledAt) {
      await this.throttle.recordFailure(email);
      throw invalidCredentials();
    }
    await this.throttle.recordSuccess(email);
    return this.signIn(user, kind, address);
  }

  async logout(token: string): Promise<void> {
    await this.sessions.revoke(token);
  }

  async me(auth: AuthContext): Promise<UserView> {
    const user = await this.identity.findUserById(auth.userId);
    if (!user) throw invalidCredentials();
    return userView(user, auth.memberships);
  }

  /** Always answers the same way, whether or not the address has an account. */
  async requestPasswordReset(email: string, language?: string): Promise<void> {
    const user = await this.identity.findUserByEmail(email);
    if (!user || user.disabledAt) return;
    const token = newSecretToken();
    const emailId = await this.identity.transaction(async (manager) => {
      await manager.insert(OneTimeTokenEntity, {
        purpose: 'password_reset',
        tokenHash: hashToken(token),
        email: user.email,
        userId: user.id,
        expiresAt: new Date(this.clock.now().getTime() + PASSWORD_RESET_VALID_MINUTES * 60_000),
      });
      return this.outbox.add(manager, {
        to: user.email,
        template: 'password-reset',
        language: user.preferredLanguage ?? language ?? 'en',
        data: {
          name: user.name,
          link: `${this.config.publicUrl}/password/reset?token=${token}`,
          validMinutes: PASSWORD_RESET_VALID_MINUTES,
        },
      });
    });
    await this.outbox.dispatch([emailId]);
  }

  /** Sets the new password, uses up the link and signs the user out everywhere. */
  async confirmPasswordReset(token: string, password: string): Promise<void> {
    const passwordHash = await this.hasher.hash(password);
    await this.identity.transaction(async (manager) => {
      const used = await this.identity.consumeToken(manager, hashToken(token), 'password_reset', this.clock.now());
      if (!used?.userId) throw invalidLink();
      await manager.update(UserEntity, used.userId, { passwordHash });
      await this.identity.deleteSessionsOf(used.userId, manager);
      await this.audit.record(manager, {
        action: 'user.password_reset',
        entityType: 'user',
        entityId: used.userId,
        changes: auditDiff({ passwordHash: 'old' }, { passwordHash: 'new' }),
        actorUserId: used.userId,
      });
    });
  }

  /** Joins the invited organisation, creating the account when the address has none. */
  async acceptInvitation(token: string, name: string, password: string, address: string, kind: SessionKind = 'api'): Promise<SignedIn> {
    const passwordHash = await this.hasher.hash(password);
    const user = await this.identity.transaction(async (manager) => {
      const invitation = await this.identity.consumeToken(manager, hashToken(token), 'invitation', this.clock.now());
      if (!invitation?.organisationId || !invitation.role) throw invalidLink();
      let account = await this.identity.findUserByEmail(invitation.email, manager);
      if (!account) {
        account = await manager.save(manager.create(UserEntity, { email: invitation.email, name, passwordHash }));
        await this.audit.record(manager, {
          action: 'user.created',
          entityType: 'user',
          entityId: account.id,
          changes: auditDiff(null, { email: account.email, name }),
          actorUserId: account.id,
        });
      }
      const membership = await manager
        .createQueryBuilder()
        .insert()
        .into(MembershipEntity)
        .values({ userId: account.id, organisationId: invitation.organisationId, role: invitation.role })
        .orIgnore()
        .returning(['id'])
        .execute();
      const membershipId = (membership.raw as { id: string }[])[0]?.id;
      if (membershipId) {
        await this.audit.record(manager, {
          action: 'membership.created',
          entityType: 'membership',
          entityId: membershipId,
          changes: auditDiff(null, { userId: account.id, organisationId: invitation.organisationId, role: invitation.role, invitedBy: invitation.createdByUserId }),
          actorUserId: account.id,
        });
      }
      return account;
    });
    return this.signIn(user, kind, address);
  }

  /**
   * No account wall: an e-mail address is enough. The link signs her in (creating the account on
   * first use); a password stays optional. Same answer whether or not the address is known.
   */
  async requestSignInLink(email: string, language: string, next: string, address: string): Promise<void> {
    await this.throttle.admitLinkRequest(email, address);
    const token = newSecretToken();
    const user = await this.identity.findUserByEmail(email);
    if (user?.disabledAt) return;
    const emailId = await this.identity.transaction(async (manager) => {
      await manager.insert(OneTimeTokenEntity, {
        purpose: 'sign_in',
        tokenHash: hashToken(token),
        email,
        userId: user?.id ?? null,
        expiresAt: new Date(this.clock.now().getTime() + SIGN_IN_LINK_VALID_MINUTES * 60_000),
      });
      return this.outbox.add(manager, {
        to: email,
        template: 'sign-in-link',
        language: user?.preferredLanguage ?? language,
        data: {
          link: `${this.config.publicUrl}/sign-in?token=${token}&next=${encodeURIComponent(next)}`,
          validMinutes: SIGN_IN_LINK_VALID_MINUTES,
        },
      });
    });
    await this.outbox.dispatch([emailId]);
  }

  async confirmSignInLink(token: string, kind: SessionKind, address: string, language?: string): Promise<SignedIn> {
    const user = await this.identity.transaction(async (manager) => {
      const link = await this.identity.consumeToken(manager, hashToken(token), 'sign_in', this.clock.now());
      if (!link) throw invalidLink();
      const existing = await this.identity.findUserByEmail(link.email, manager);
      if (existing) return existing;
      const created = await manager.save(
        manager.create(UserEntity, { email: link.email, name: link.email.split('@')[0], preferredLanguage: language ?? null }),
      );
      await this.audit.record(manager, {
        action: 'user.created',
        entityType: 'user',
        entityId: created.id,
        changes: auditDiff(null, { email: created.email, via: 'sign_in_link' }),
        actorUserId: created.id,
      });
      return created;
    });
    if (user.disabledAt) throw invalidCredentials();
    return this.signIn(user, kind, address);
  }

  async signIn(user: UserEntity, kind: SessionKind, address: string): Promise<SignedIn> {
    const session = await this.sessions.issue(user.id, kind, address);
    return {
      accessToken: session.token,
      expiresAt: session.expiresAt,
      user: userView(user, await this.identity.membershipsOf(user.id)),
    };
  }
}

function invalidLink() {
  return new DomainException('gone', 'LINK_INVALID_OR_EXPIRED', 'This link has expired or has already been used. Ask for a new one.');
}

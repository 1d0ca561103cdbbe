import { Injectable } from '@nestjs/common';
import { Clock } from '@mosaic/common';
import { AppConfig } from '@mosaic/config';
import { AuthContext } from './auth-context';
import { SessionKind } from './entities';
import { IdentityRepository } from './identity.repository';
import { hashToken, newSecretToken } from './secret-token';

export interface IssuedSession {
  token: string;
  sessionId: string;
  expiresAt: Date;
}

/** Opaque session tokens for both bearer (API) and cookie (pages) use. */
@Injectable()
export class SessionService {
  constructor(
    private readonly identity: IdentityRepository,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async issue(userId: string, kind: SessionKind, ipAddress?: string): Promise<IssuedSession> {
    const token = newSecretToken();
    const expiresAt = new Date(this.clock.now().getTime() + this.config.sessionTtlSeconds * 1000);
    const session = await this.identity.insertSession({
      userId,
      kind,
      tokenHash: hashToken(token),
      expiresAt,
      ipAddress: ipAddress?.slice(0, 64) ?? null,
    });
    return { token, sessionId: session.id, expiresAt };
  }

  /** The caller behind a token, or null when the token is unknown, expired, revoked or of the wrong kind. */
  async resolve(token: string, kind: SessionKind): Promise<AuthContext | null> {
    if (!token || token.length > 200) return null;
    const session = await this.identity.findLiveSession(hashToken(token), this.clock.now());
    if (!session || session.kind !== kind) return null;
    const user = await this.identity.findUserById(session.userId);
    if (!user || user.disabledAt) return null;
    return {
      userId: user.id,
      email: user.email,
      name: user.name,
      language: user.preferredLanguage,
      sessionId: session.id,
      memberships: await this.identity.membershipsOf(user.id),
    };
  }

  async revoke(token: string): Promise<void> {
    await this.identity.deleteSession(hashToken(token));
  }
}

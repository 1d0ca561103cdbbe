import { Inject, Injectable } from '@nestjs/common';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { DomainException } from '@mosaic/common';
import { AppConfig } from '@mosaic/config';
import { REDIS_CLIENT, RedisClient } from '@mosaic/queue';

/**
 * Slows password guessing: every attempt counts against the caller's address; failed attempts also
 * count against the account, and a success clears the account's count. Kept in Redis so every api
 * instance shares the counts.
 */
@Injectable()
export class LoginThrottle {
  private readonly perAddress: RateLimiterRedis;
  private readonly perAccount: RateLimiterRedis;
  /** Sign-in links: a few per address and per mailbox an hour, so nobody can flood an inbox. */
  private readonly linksPerEmail: RateLimiterRedis;
  private readonly linksPerAddress: RateLimiterRedis;

  constructor(@Inject(REDIS_CLIENT) redis: RedisClient, config: AppConfig) {
    const { perAddress, perAccount, windowSeconds } = config.loginThrottle;
    this.perAddress = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${config.redis.prefix}-login-address`,
      points: perAddress,
      duration: windowSeconds,
    });
    this.perAccount = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${config.redis.prefix}-login-account`,
      points: perAccount,
      duration: windowSeconds,
    });
    this.linksPerEmail = new RateLimiterRedis({ storeClient: redis, keyPrefix: `${config.redis.prefix}-link-email`, points: 5, duration: 3600 });
    this.linksPerAddress = new RateLimiterRedis({ storeClient: redis, keyPrefix: `${config.redis.prefix}-link-address`, points: perAddress, duration: 3600 });
  }

  async admitLinkRequest(email: string, address: string): Promise<void> {
    try {
      await this.linksPerAddress.consume(address || 'unknown');
      await this.linksPerEmail.consume(email.toLowerCase());
    } catch (error) {
      throw tooMany(error);
    }
  }

  /** Counts this attempt against the address; refuses when the address or the account is over its limit. */
  async admit(email: string, address: string): Promise<void> {
    try {
      await this.perAddress.consume(address || 'unknown');
    } catch (error) {
      throw tooMany(error);
    }
    const account = await this.perAccount.get(email.toLowerCase());
    if (account && account.consumedPoints >= this.perAccountLimit()) throw tooMany(account);
  }

  async recordFailure(email: string): Promise<void> {
    await this.perAccount.penalty(email.toLowerCase(), 1);
  }

  async recordSuccess(email: string): Promise<void> {
    await this.perAccount.delete(email.toLowerCase());
  }

  private perAccountLimit(): number {
    return this.perAccount.points;
  }
}

/** rate-limiter-flexible rejects with a RateLimiterRes when over the limit, with an Error when Redis fails. */
function tooMany(reason: unknown): unknown {
  if (!(reason instanceof RateLimiterRes)) return reason;
  const retryAfterSeconds = Math.max(1, Math.ceil(reason.msBeforeNext / 1000));
  return new DomainException('too_many', 'TOO_MANY_LOGIN_ATTEMPTS', `Too many sign-in attempts. Try again in ${retryAfterSeconds} seconds.`, {
    retryAfterSeconds,
  });
}

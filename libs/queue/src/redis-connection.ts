import { ConnectionOptions } from 'bullmq';
import Redis, { Cluster, RedisOptions } from 'ioredis';
import { RedisSettings } from '@mosaic/config';

/** Connection options for a single server or Sentinel; BullMQ then opens and closes its own connections. */
export function redisOptionsFrom(settings: RedisSettings, extra: RedisOptions = {}): RedisOptions {
  const url = new URL(settings.url);
  const auth = { username: url.username || undefined, password: decodeURIComponent(url.password) || undefined };
  if (settings.sentinels?.length) {
    return { ...extra, ...auth, sentinels: settings.sentinels, name: settings.sentinelName };
  }
  const db = url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0;
  return {
    ...extra,
    ...auth,
    host: url.hostname,
    port: Number(url.port || 6379),
    db,
    tls: url.protocol === 'rediss:' ? {} : undefined,
  };
}

/**
 * One way to reach Redis for every part of Mosaic: a plain URL on a developer machine, Sentinel or
 * Cluster in production (see README, "Growing past one machine").
 */
export function createRedisConnection(settings: RedisSettings, extra: RedisOptions = {}): Redis | Cluster {
  if (settings.clusterNodes?.length) {
    return new Cluster(settings.clusterNodes, { redisOptions: extra });
  }
  return new Redis(redisOptionsFrom(settings, extra));
}

/** What BullMQ takes: options it owns, or (Cluster) a ready client. */
export function bullConnection(settings: RedisSettings): ConnectionOptions {
  return (settings.clusterNodes?.length
    ? createRedisConnection(settings, { maxRetriesPerRequest: null })
    : redisOptionsFrom(settings, { maxRetriesPerRequest: null })) as ConnectionOptions;
}

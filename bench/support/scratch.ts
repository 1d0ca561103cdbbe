import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { AppConfig } from '@mosaic/config';
import { prepareDatabase } from '@mosaic/database';
import { createRedisConnection } from '@mosaic/queue';
import { dataSourceOptions } from '@mosaic/schema';

/** A private, migrated database and Redis key prefix for one bench run; both go at the end, whatever happens. */
export interface Scratch {
  database: string;
  databaseUrl: string;
  redisPrefix: string;
}

function urlFor(database: string): string {
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = `/${database}`;
  return url.toString();
}

/** Names for a run of the bench called `bench` (e.g. 'reporting'). */
export function scratchNames(bench: string): Scratch {
  const suffix = `${process.pid}_${randomBytes(3).toString('hex')}`;
  const database = `mosaic_bench_${bench}_${suffix}`;
  // REDIS_PREFIX allows 40 characters of [a-zA-Z0-9_-].
  return { database, databaseUrl: urlFor(database), redisPrefix: `mosaic-bench-${bench}-${suffix}` };
}

/** Creates the database and runs the project's migrations on it. */
export async function createScratchDatabase(databaseUrl: string): Promise<void> {
  await prepareDatabase(dataSourceOptions(databaseUrl));
}

export async function dropScratchDatabase(database: string): Promise<void> {
  const client = new Client({ connectionString: urlFor('postgres') });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** Deletes every key under the prefix: the bench's FLUSHALL, which leaves other users of the shared Redis alone. */
export async function deletePrefixKeys(redis: AppConfig['redis'], prefix = redis.prefix): Promise<number> {
  const client = createRedisConnection(redis);
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length) deleted += await client.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
  return deleted;
}

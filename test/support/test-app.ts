import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Params, PARAMS_PROVIDER_TOKEN } from 'nestjs-pino';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppConfig, loadConfig } from '@mosaic/config';
import { createRedisConnection } from '@mosaic/queue';
import { ApiModule } from '../../apps/api/src/api.module';
import { configureApp } from '../../apps/api/src/configure-app';
import { loggerOptions } from '../../apps/api/src/http/logger-options';
import { createTestDatabase } from './test-database';

export interface TestContext {
  app: NestExpressApplication;
  http: () => ReturnType<typeof request>;
  config: AppConfig;
  dataSource: DataSource;
  /** Every structured log line the api wrote during the test file. */
  logs: string[];
  close: () => Promise<void>;
}

/** Each test file gets its own database and Redis key prefix. */
export function testConfig(databaseUrl: string, overrides: Record<string, string> = {}): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_PREFIX: `mosaic-test-${randomBytes(5).toString('hex')}`,
    APP_SECRET: randomBytes(32).toString('hex'),
    COOKIE_SECURE: 'false',
    LOG_LEVEL: 'info',
    ...overrides,
  });
}

/** Removes every Redis key of the test's prefix. */
/**
 * Redis losing everything under the prefix at once, as a restart without persistence does. One script,
 * so nothing is written in between: a SCAN-and-DEL loop let workers still running write between batches
 * and left half-deleted jobs (a job's hash without its place in a list) that no restart leaves.
 */
const DELETE_PREFIX = `local keys = redis.call('KEYS', ARGV[1] .. '*')
for i = 1, #keys, 1000 do redis.call('DEL', unpack(keys, i, math.min(i + 999, #keys))) end
return #keys`;

export async function flushPrefix(config: AppConfig): Promise<void> {
  const redis = createRedisConnection(config.redis);
  try {
    await redis.eval(DELETE_PREFIX, 0, config.redis.prefix);
  } finally {
    redis.disconnect();
  }
}

export async function createTestApp(overrides: Record<string, string> = {}): Promise<TestContext> {
  const database = await createTestDatabase();
  const config = testConfig(database.url, overrides);
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  const base = loggerOptions(config);
  const moduleRef = await Test.createTestingModule({ imports: [ApiModule] })
    .overrideProvider(AppConfig)
    .useValue(config)
    .overrideProvider(PARAMS_PROVIDER_TOKEN)
    .useValue({ ...base, pinoHttp: [base.pinoHttp, sink] } satisfies Params)
    .compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false });
  configureApp(app);
  await app.init();
  const server = app.getHttpServer();
  return {
    app,
    http: () => request(server),
    config,
    dataSource: app.get<DataSource>(getDataSourceToken()),
    logs,
    close: async () => {
      await app.close();
      await flushPrefix(config);
      await database.drop();
    },
  };
}

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './load-config';

describe(loadConfig.name, () => {
  const stateDir = () => mkdtempSync(join(tmpdir(), 'mosaic-config-'));

  it('works on a developer machine with no variables set', () => {
    const dir = stateDir();
    const sut = loadConfig({ STATE_DIR: dir });
    expect(sut).toEqual(
      expect.objectContaining({
        nodeEnv: 'development',
        port: 3000,
        databaseUrl: 'postgres://postgres@127.0.0.1:5432/mosaic',
        publicUrl: 'http://localhost:3000',
        demoPassword: 'mosaic-demo-2026',
      }),
    );
    expect(sut.redis).toEqual(expect.objectContaining({ url: 'redis://127.0.0.1:6379', prefix: 'mosaic' }));
  });

  it('generates the development APP_SECRET once and keeps it', () => {
    const dir = stateDir();
    const first = loadConfig({ STATE_DIR: dir }).appSecret;
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(loadConfig({ STATE_DIR: dir }).appSecret).toBe(first);
    expect(readFileSync(join(dir, 'app-secret'), 'utf8')).toBe(first);
  });

  it('requires APP_SECRET in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', STATE_DIR: stateDir() })).toThrow(/APP_SECRET: is required in production/);
  });

  it.each([
    ['PORT', 'eighty', /PORT/],
    ['PORT', '70000', /PORT/],
    ['DATABASE_URL', 'mysql://localhost/x', /DATABASE_URL: must be a postgres:\/\/ URL/],
    ['REDIS_URL', 'localhost:6379', /REDIS_URL/],
    ['APP_SECRET', 'short', /APP_SECRET: must be at least 32 characters/],
    ['NODE_ENV', 'staging', /NODE_ENV/],
    ['SMTP_PORT', 'x', /SMTP_PORT/],
    ['COOKIE_SECURE', 'perhaps', /COOKIE_SECURE/],
    ['REDIS_SENTINELS', 'a,b', /REDIS_SENTINELS/],
  ])('stops with a message naming %s when it is %p', (name, value, message) => {
    expect(() => loadConfig({ [name]: value, STATE_DIR: stateDir() })).toThrow(message);
    expect(() => loadConfig({ [name]: value, STATE_DIR: stateDir() })).toThrow(ConfigError);
  });

  it('reads Sentinel and Cluster settings, hash-tagging the prefix under Cluster', () => {
    const sentinel = loadConfig({ REDIS_SENTINELS: 's1:26379,s2:26379', REDIS_SENTINEL_NAME: 'mosaic', STATE_DIR: stateDir() });
    expect(sentinel.redis.sentinels).toEqual([{ host: 's1', port: 26379 }, { host: 's2', port: 26379 }]);
    expect(() => loadConfig({ REDIS_SENTINELS: 's1:26379', STATE_DIR: stateDir() })).toThrow(/REDIS_SENTINEL_NAME/);
    const cluster = loadConfig({ REDIS_CLUSTER_NODES: 'r1:7000,r2:7001', STATE_DIR: stateDir() });
    expect(cluster.redis.prefix).toBe('{mosaic}');
  });
});

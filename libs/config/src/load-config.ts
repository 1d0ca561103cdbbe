import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { AppConfig } from './app-config';
import { EnvironmentVariables } from './environment.schema';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

function describe(errors: ValidationError[]): string[] {
  return errors.map((error) => {
    const reasons = Object.values(error.constraints ?? {}).map((reason) => reason.replace(`${error.property} `, ''));
    return `${error.property}: ${reasons.join('; ')} (got ${JSON.stringify(error.value)})`;
  });
}

function hostPorts(list?: string) {
  return list?.split(',').map((entry) => {
    const [host, port] = entry.split(':');
    return { host, port: Number(port) };
  });
}

/**
 * Outside production a missing APP_SECRET is generated once and kept in STATE_DIR, so sessions
 * survive restarts on a developer machine; production must be given one.
 */
function resolveAppSecret(env: EnvironmentVariables): string {
  if (env.APP_SECRET) return env.APP_SECRET;
  if (env.NODE_ENV === 'production') {
    throw new ConfigError(['APP_SECRET: is required in production (at least 32 characters)']);
  }
  const dir = resolve(env.STATE_DIR);
  const file = join(dir, 'app-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/** Validates the raw environment and builds the typed configuration; throws naming each bad variable. */
export function loadConfig(raw: Record<string, string | undefined>): AppConfig {
  const defined = Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined && value !== ''));
  const env = plainToInstance(EnvironmentVariables, defined, { exposeDefaultValues: true });
  const errors = validateSync(env, { whitelist: false, forbidUnknownValues: false });
  if (errors.length > 0) throw new ConfigError(describe(errors));
  if (env.REDIS_SENTINELS && !env.REDIS_SENTINEL_NAME) {
    throw new ConfigError(['REDIS_SENTINEL_NAME: is required when REDIS_SENTINELS is set']);
  }

  const config = new AppConfig();
  config.nodeEnv = env.NODE_ENV as AppConfig['nodeEnv'];
  config.port = env.PORT;
  config.publicUrl = (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, '');
  config.databaseUrl = env.DATABASE_URL;
  const clusterNodes = hostPorts(env.REDIS_CLUSTER_NODES);
  config.redis = {
    url: env.REDIS_URL,
    sentinels: hostPorts(env.REDIS_SENTINELS),
    sentinelName: env.REDIS_SENTINEL_NAME,
    clusterNodes,
    prefix: clusterNodes ? `{${env.REDIS_PREFIX}}` : env.REDIS_PREFIX,
  };
  config.appSecret = resolveAppSecret(env);
  config.smtp = {
    host: env.SMTP_HOST,
    port: env.SMTP_PORT,
    secure: env.SMTP_SECURE,
    user: env.SMTP_USER,
    password: env.SMTP_PASSWORD,
    from: env.SMTP_FROM,
  };
  config.cookieSecure = env.COOKIE_SECURE;
  config.logLevel = env.LOG_LEVEL;
  config.bodyLimitBytes = env.BODY_LIMIT_BYTES;
  config.demoPassword = env.DEMO_PASSWORD;
  config.sessionTtlSeconds = env.SESSION_TTL_SECONDS;
  config.loginThrottle = {
    perAccount: env.LOGIN_MAX_ATTEMPTS_PER_ACCOUNT,
    perAddress: env.LOGIN_MAX_ATTEMPTS_PER_ADDRESS,
    windowSeconds: env.LOGIN_THROTTLE_WINDOW_SECONDS,
  };
  config.files = { storageDir: resolve(env.FILE_STORAGE_DIR), maxBytes: env.FILE_MAX_BYTES };
  config.stateDir = env.STATE_DIR;
  config.scheduleRefreshMs = env.SCHEDULE_REFRESH_MS;
  config.outboxSweepMs = env.OUTBOX_SWEEP_MS;
  config.reminders = { sweepMs: env.REMINDER_SWEEP_MS, horizonMs: env.REMINDER_HORIZON_MS };
  config.actionSweepMs = env.ACTION_SWEEP_MS;
  return config;
}

/** The single place that reads process.env. */
export function loadConfigFromProcess(): AppConfig {
  return loadConfig(process.env);
}

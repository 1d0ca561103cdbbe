import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : /^-?\d+$/.test(String(value)) ? Number(value) : value;
const toBool = ({ value }: { value: unknown }) => {
  if (value === undefined || value === '') return undefined;
  const text = String(value).toLowerCase();
  if (['true', '1', 'yes'].includes(text)) return true;
  if (['false', '0', 'no'].includes(text)) return false;
  return value;
};

/** The environment Mosaic reads, with the developer-machine defaults from the README. */
export class EnvironmentVariables {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV = 'development';

  @Transform(toInt) @IsInt() @Min(1) @Max(65535)
  PORT = 3000;

  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'must be a postgres:// URL' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/mosaic';

  @Matches(/^rediss?:\/\/.+/, { message: 'must be a redis:// or rediss:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Comma-separated host:port list; when set, Redis is reached through Sentinel. */
  @IsOptional() @Matches(/^[^,:\s]+:\d+(,[^,:\s]+:\d+)*$/, { message: 'must be host:port[,host:port...]' })
  REDIS_SENTINELS?: string;

  @IsOptional() @IsString()
  REDIS_SENTINEL_NAME?: string;

  /** Comma-separated host:port list; when set, Redis is a Cluster (keys hash-tagged by prefix). */
  @IsOptional() @Matches(/^[^,:\s]+:\d+(,[^,:\s]+:\d+)*$/, { message: 'must be host:port[,host:port...]' })
  REDIS_CLUSTER_NODES?: string;

  /** Namespaces every Redis key (queues, throttler), so several deployments or test runs share one server. */
  @Matches(/^[a-zA-Z0-9_-]{1,40}$/, { message: 'must be 1-40 letters, digits, - or _' })
  REDIS_PREFIX = 'mosaic';

  @IsOptional() @IsString() @MinLength(32, { message: 'must be at least 32 characters' })
  APP_SECRET?: string;

  @IsOptional() @Matches(/^https?:\/\/[^\s]+$/, { message: 'must be an http(s) URL' })
  PUBLIC_URL?: string;

  @IsOptional() @IsString()
  SMTP_HOST?: string;

  @Transform(toInt) @IsInt() @Min(1) @Max(65535)
  SMTP_PORT = 1025;

  @Transform(toBool) @IsBoolean()
  SMTP_SECURE = false;

  @IsOptional() @IsString()
  SMTP_USER?: string;

  @IsOptional() @IsString()
  SMTP_PASSWORD?: string;

  @IsEmail({ require_tld: false }, { message: 'must be an e-mail address' })
  SMTP_FROM = 'mosaic@localhost';

  @Transform(toBool) @IsBoolean()
  COOKIE_SECURE = true;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @Transform(toInt) @IsInt() @Min(1024) @Max(50 * 1024 * 1024)
  BODY_LIMIT_BYTES = 100 * 1024;

  @IsString() @MinLength(8, { message: 'must be at least 8 characters' })
  DEMO_PASSWORD = 'mosaic-demo-2026';

  @Transform(toInt) @IsInt() @Min(60) @Max(30 * 24 * 3600)
  SESSION_TTL_SECONDS = 7 * 24 * 3600;

  @Transform(toInt) @IsInt() @Min(1) @Max(1000)
  LOGIN_MAX_ATTEMPTS_PER_ACCOUNT = 5;

  @Transform(toInt) @IsInt() @Min(1) @Max(10000)
  LOGIN_MAX_ATTEMPTS_PER_ADDRESS = 30;

  @Transform(toInt) @IsInt() @Min(1) @Max(86400)
  LOGIN_THROTTLE_WINDOW_SECONDS = 15 * 60;

  /** How often the worker re-declares its repeatable jobs, in case Redis lost them (FLUSHALL, restart). */
  @Transform(toInt) @IsInt() @Min(100) @Max(3_600_000)
  SCHEDULE_REFRESH_MS = 30_000;

  /** How often the worker re-enqueues e-mails whose job Redis lost. */
  @Transform(toInt) @IsInt() @Min(100) @Max(3_600_000)
  OUTBOX_SWEEP_MS = 60_000;

  /** How often the worker sweeps reminders: catches up missed ones and re-adds the next horizon's jobs to Redis. */
  @Transform(toInt) @IsInt() @Min(100) @Max(3_600_000)
  REMINDER_SWEEP_MS = 60_000;

  /** How far ahead reminder jobs wait in Redis; later ones live only in PostgreSQL until a sweep brings them in. */
  @Transform(toInt) @IsInt() @Min(1_000) @Max(7 * 86_400_000)
  REMINDER_HORIZON_MS = 6 * 3_600_000;

  /** How often the worker looks for overdue mentoring actions to remind their owners of (each is reminded once). */
  @Transform(toInt) @IsInt() @Min(100) @Max(3_600_000)
  ACTION_SWEEP_MS = 3_600_000;

  /** Directory for uploaded files, outside any folder the api serves (relative to the working directory). */
  @IsString()
  FILE_STORAGE_DIR = 'var/files';

  /** Largest accepted attachment or voice note. */
  @Transform(toInt) @IsInt() @Min(1024) @Max(100 * 1024 * 1024)
  FILE_MAX_BYTES = 10 * 1024 * 1024;

  /** Directory for the generated development secret and other local state. */
  @IsString()
  STATE_DIR = '.mosaic';
}

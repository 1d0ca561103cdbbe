/** The validated, typed configuration. Nothing else in Mosaic reads process.env. */
export interface RedisSettings {
  url: string;
  sentinels?: { host: string; port: number }[];
  sentinelName?: string;
  clusterNodes?: { host: string; port: number }[];
  /** Prefix for every key Mosaic writes; hash-tagged under Cluster so BullMQ's multi-key scripts work. */
  prefix: string;
}

export interface SmtpSettings {
  host?: string;
  port: number;
  secure: boolean;
  user?: string;
  password?: string;
  from: string;
}

export class AppConfig {
  nodeEnv: 'development' | 'test' | 'production';
  port: number;
  publicUrl: string;
  databaseUrl: string;
  redis: RedisSettings;
  appSecret: string;
  smtp: SmtpSettings;
  cookieSecure: boolean;
  logLevel: string;
  bodyLimitBytes: number;
  demoPassword: string;
  sessionTtlSeconds: number;
  loginThrottle: { perAccount: number; perAddress: number; windowSeconds: number };
  files: { storageDir: string; maxBytes: number };
  stateDir: string;
  scheduleRefreshMs: number;
  reminders: { sweepMs: number; horizonMs: number };
  actionSweepMs: number;
  outboxSweepMs: number;

  get isProduction(): boolean {
    return this.nodeEnv === 'production';
  }
}

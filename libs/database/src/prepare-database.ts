import { Client } from 'pg';
import { DataSource, DataSourceOptions } from 'typeorm';

/** Creates the database named in the URL when it does not exist (connecting to the server's 'postgres'). */
export async function ensureDatabaseExists(databaseUrl: string): Promise<boolean> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  if (!/^[a-zA-Z0-9_-]+$/.test(name)) throw new Error(`DATABASE_URL: unsupported database name "${name}"`);
  url.pathname = '/postgres';
  const admin = new Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return false;
    try {
      await admin.query(`CREATE DATABASE "${name}"`);
    } catch (error) {
      // Another process created it between our check and our CREATE: that is fine.
      if ((error as { code?: string }).code !== '42P04') throw error;
    }
    return true;
  } finally {
    await admin.end();
  }
}

/** An arbitrary constant: the advisory lock under which only one process migrates at a time. */
const MIGRATION_LOCK_KEY = 7_204_011;

/** Runs pending migrations while holding a session advisory lock, so the api and worker may start together. */
export async function runPendingMigrations(options: DataSourceOptions): Promise<string[]> {
  const dataSource = await new DataSource({ ...options, migrationsRun: false, logging: false }).initialize();
  try {
    // Session-level lock: it must be taken and released on one dedicated connection.
    const lock = dataSource.createQueryRunner();
    await lock.connect();
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((migration) => migration.name);
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
      await lock.release();
    }
  } finally {
    await dataSource.destroy();
  }
}

export async function prepareDatabase(options: DataSourceOptions & { url?: string }): Promise<string[]> {
  if (!options.url) throw new Error('prepareDatabase needs a database URL');
  await ensureDatabaseExists(options.url);
  return runPendingMigrations(options);
}

import { readdirSync } from 'node:fs';
import { DataSourceOptions } from 'typeorm';
import { APPLICATIONS_ENTITIES } from '@mosaic/applications';
import { AUDIT_ENTITIES } from '@mosaic/audit';
import { CLUSTERING_ENTITIES } from '@mosaic/clustering';
import { REPORTING_ENTITIES } from '@mosaic/reporting';
import { MENTORING_ENTITIES } from '@mosaic/mentoring';
import { SnakeNamingStrategy } from '@mosaic/database';
import { FILES_ENTITIES } from '@mosaic/files';
import { IDENTITY_ENTITIES } from '@mosaic/identity';
import { MAIL_ENTITIES } from '@mosaic/mail';

/** Every entity Mosaic maps; the migration check compares exactly these with the migrated schema. */
export const ENTITIES = [...IDENTITY_ENTITIES, ...AUDIT_ENTITIES, ...MAIL_ENTITIES, ...APPLICATIONS_ENTITIES, ...CLUSTERING_ENTITIES, ...FILES_ENTITIES, ...REPORTING_ENTITIES, ...MENTORING_ENTITIES];

const MIGRATION_FILE = /^\d{13}-[A-Za-z0-9]+\.(ts|js)$/;

/** Migrations are the files <epochMs>-<Name> beside this one, in name (= time) order. */
function loadMigrations(): Function[] {
  return readdirSync(__dirname)
    .filter((file) => MIGRATION_FILE.test(file))
    .sort()
    .map((file) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const exported = require(`${__dirname}/${file}`) as Record<string, Function>;
      return Object.values(exported)[0];
    });
}

export function dataSourceOptions(databaseUrl: string): DataSourceOptions & { url: string } {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: ENTITIES,
    migrations: loadMigrations(),
    migrationsTableName: 'schema_migrations',
    namingStrategy: new SnakeNamingStrategy(),
    // gen_random_uuid() is built into PostgreSQL 13+; no extension to install.
    uuidExtension: 'pgcrypto',
    synchronize: false,
    migrationsRun: false,
    // Mosaic's queries are short and interactive: JIT compilation cost more than it saved (400 ms
    // compiling a 30 ms portfolio query, bench/portfolio), so it is off for the app's connections.
    extra: { max: 10, options: '-c jit=off' },
  };
}

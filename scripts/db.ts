/**
 * Database chores: `migrate`, `seed`, `generate <Name>` (a migration from the entity changes) and
 * `check` (fails when the entities and the migrations disagree, on a scratch database).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { fromProjectRoot, loadConfigFromProcess } from '@mosaic/config';
import { ensureDatabaseExists, prepareDatabase } from '@mosaic/database';
import { seedDemoData } from '@mosaic/demo-seed';
import { dataSourceOptions } from '@mosaic/schema';

const typeormCli = (args: string[], databaseUrl: string) =>
  spawnSync(process.execPath, [require.resolve('typeorm/cli.js'), ...args, '-d', join(__dirname, '..', 'migrations', 'data-source.js')], {
    stdio: 'inherit',
    env: { ...process.env, DATABASE_URL: databaseUrl },
  }).status ?? 1;

async function withAdmin<T>(databaseUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function main() {
  const [command, name] = process.argv.slice(2);
  const config = loadConfigFromProcess();
  switch (command) {
    case 'migrate': {
      const applied = await prepareDatabase(dataSourceOptions(config.databaseUrl));
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'No pending migrations');
      return 0;
    }
    case 'seed': {
      if (config.isProduction) throw new Error('Demo data is never seeded in production');
      await prepareDatabase(dataSourceOptions(config.databaseUrl));
      const dataSource = await new DataSource(dataSourceOptions(config.databaseUrl)).initialize();
      try {
        console.log((await seedDemoData(dataSource, config.demoPassword)) ? 'Demo data seeded' : 'Demo data already present');
      } finally {
        await dataSource.destroy();
      }
      return 0;
    }
    case 'generate': {
      if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) throw new Error('Usage: npm run db:migration:generate -- PascalCaseName');
      await prepareDatabase(dataSourceOptions(config.databaseUrl));
      return typeormCli(['migration:generate', '--pretty', fromProjectRoot('migrations', name)], config.databaseUrl);
    }
    case 'check': {
      const scratch = new URL(config.databaseUrl);
      const scratchName = `${scratch.pathname.slice(1)}_schema_check`;
      scratch.pathname = `/${scratchName}`;
      await withAdmin(config.databaseUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${scratchName}" WITH (FORCE)`));
      await ensureDatabaseExists(scratch.toString());
      try {
        await prepareDatabase(dataSourceOptions(scratch.toString()));
        const status = typeormCli(['migration:generate', '--check', fromProjectRoot('migrations', 'Unexpected')], scratch.toString());
        console.log(status === 0 ? 'Entities and migrations agree' : 'Entities and migrations DISAGREE: generate a migration');
        return status;
      } finally {
        await withAdmin(config.databaseUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${scratchName}" WITH (FORCE)`));
      }
    }
    default:
      console.error('Usage: node dist/scripts/db.js migrate | seed | generate <Name> | check');
      return 2;
  }
}

main().then(
  (status) => process.exit(status),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);

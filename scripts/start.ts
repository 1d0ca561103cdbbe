/**
 * `npm start`: database created and migrated, demo data seeded once (outside production), then the
 * api and the worker as two processes; stops both when either stops or on Ctrl-C.
 */
import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ConfigError, loadConfigFromProcess } from '@mosaic/config';
import { prepareDatabase } from '@mosaic/database';
import { DEMO_USERS, seedDemoData } from '@mosaic/demo-seed';
import { dataSourceOptions } from '@mosaic/schema';

const started = Date.now();

async function waitUntilReady(url: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

async function main() {
  const config = loadConfigFromProcess();
  const applied = await prepareDatabase(dataSourceOptions(config.databaseUrl));
  if (applied.length) console.log(`Migrations applied: ${applied.join(', ')}`);
  if (!config.isProduction) {
    const dataSource = await new DataSource(dataSourceOptions(config.databaseUrl)).initialize();
    try {
      if (await seedDemoData(dataSource, config.demoPassword)) console.log('Demo data seeded');
    } finally {
      await dataSource.destroy();
    }
  }

  const children: ChildProcess[] = [];
  let stopping = false;
  const stop = (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    setTimeout(() => process.exit(code), 10_000).unref();
    Promise.all(children.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve))))).then(
      () => process.exit(code),
    );
  };
  for (const app of ['api', 'worker']) {
    const child = fork(join(__dirname, '..', 'apps', app, 'src', 'main.js'), [], { stdio: 'inherit' });
    child.on('exit', (code) => {
      if (!stopping) {
        console.error(`The ${app} stopped (exit code ${code}); stopping Mosaic.`);
        stop(code || 1);
      }
    });
    children.push(child);
  }
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));

  const base = `http://localhost:${config.port}`;
  if (await waitUntilReady(`${base}/health/ready`, 120_000)) {
    const logins = config.isProduction
      ? ''
      : `\nDemo logins (password: ${process.env.DEMO_PASSWORD ? 'the DEMO_PASSWORD you set' : config.demoPassword}):\n` +
        DEMO_USERS.map((user) => `  ${user.email.padEnd(34)} ${user.roles.map((r) => r.role).join(', ')}`).join('\n');
    console.log(
      `\nMosaic is ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n` +
        `  Web:      ${base}/login\n  API docs: ${base}/api/docs\n  Health:   ${base}/health/ready${logins}\n`,
    );
  } else {
    console.error('The api did not become ready within 120 s');
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(error instanceof ConfigError ? 78 : 1);
});

// Global setup runs outside Jest's module map: resolve the @mosaic/* aliases from tsconfig.json.
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('tsconfig-paths/register');
import { prepareDatabase } from '@mosaic/database';
import { dataSourceOptions } from '@mosaic/schema';
import { adminQuery, databaseUrl, TEMPLATE_DATABASE } from './test-database';

/** Migrates a template database once per run; every test file then clones it (CREATE DATABASE ... TEMPLATE). */
export default async function globalSetup() {
  await adminQuery(`DROP DATABASE IF EXISTS "${TEMPLATE_DATABASE}" WITH (FORCE)`);
  await prepareDatabase(dataSourceOptions(databaseUrl(TEMPLATE_DATABASE)));
}

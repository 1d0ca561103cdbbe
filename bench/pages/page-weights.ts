/**
 * Page weights: every applicant page, in every language, uncompressed (limit 50 KB, CSS included:
 * it is inline) and gzip-compressed as sent on the wire. Runs the real api on a scratch database.
 *
 *   npm run bench:pages
 */
import { request as httpRequest } from 'node:http';
import { AddressInfo } from 'node:net';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { loadConfig } from '@mosaic/config';
import { prepareDatabase } from '@mosaic/database';
import { seedDemoData } from '@mosaic/demo-seed';
import { SUPPORTED_LANGUAGES } from '@mosaic/i18n';
import { SessionService, UserEntity } from '@mosaic/identity';
import { dataSourceOptions } from '@mosaic/schema';
import { ApiModule } from '../../apps/api/src/api.module';
import { configureApp } from '../../apps/api/src/configure-app';

const LIMIT_BYTES = 50 * 1024;
const DATABASE = 'mosaic_bench_pages';

function get(url: string, cookie: string): Promise<{ status: number; wire: number; body: number }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers: { cookie, 'accept-encoding': 'gzip', accept: 'text/html' } }, (res) => {
      let wire = 0;
      res.on('data', (chunk: Buffer) => (wire += chunk.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, wire, body: 0 }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function uncompressed(url: string, cookie: string): Promise<number> {
  const response = await fetch(url, { headers: { cookie, accept: 'text/html', 'accept-encoding': 'identity' }, redirect: 'manual' });
  return Buffer.byteLength(await response.text());
}

async function main() {
  const base = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  base.pathname = '/postgres';
  const admin = new Client({ connectionString: base.toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`);
  await admin.end();
  base.pathname = `/${DATABASE}`;
  Object.assign(process.env, { DATABASE_URL: base.toString(), REDIS_PREFIX: 'mosaic-bench-pages', COOKIE_SECURE: 'false', LOG_LEVEL: 'warn', NODE_ENV: 'development' });
  const config = loadConfig(process.env);
  await prepareDatabase(dataSourceOptions(config.databaseUrl));

  const app = await NestFactory.create<NestExpressApplication>(ApiModule, { bodyParser: false, logger: ['error'] });
  configureApp(app);
  await app.listen(0, '127.0.0.1');
  const root = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const dataSource = app.get<DataSource>(getDataSourceToken());
  await seedDemoData(dataSource, config.demoPassword);

  const login = async (email: string) =>
    ((await (await fetch(`${root}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: config.demoPassword }) })).json()) as { accessToken: string }).accessToken;
  const api = async (token: string, method: string, path: string, body?: object) =>
    (await fetch(`${root}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined })).json() as Promise<Record<string, unknown>>;

  const officer = await login('officer@demo.mosaic.test');
  const call = await api(officer, 'POST', '/api/calls', {
    title: { en: 'Small grants for survivor-led groups', fr: 'Petites subventions pour les groupes de survivantes' },
    description: { en: 'For groups led by survivors of conflict-related sexual violence.' },
    budgetMinor: 100_000_00,
    currency: 'USD',
    opensAt: new Date(Date.now() - 86_400_000).toISOString(),
    closesAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    timeZone: 'Africa/Lubumbashi',
    eligibleCountries: ['CD', 'KE', 'CO', 'IQ', 'UA'],
  });
  await api(officer, 'POST', `/api/calls/${call.id}/publish`);
  const applicantToken = await login('applicant1@demo.mosaic.test');
  const application = await api(applicantToken, 'POST', `/api/calls/${call.id}/applications`, {});
  await api(applicantToken, 'PATCH', `/api/applications/${application.id}`, {
    version: application.version,
    requestedAmountMinor: 3_000_00,
    budgetLines: [{ category: 'survivor_support', amountMinor: 3_000_00 }],
    answers: { who_you_are: { value: 'Huit bénévoles à Bukavu. '.repeat(6), language: 'fr' } },
  });
  const user = await dataSource.getRepository(UserEntity).findOneByOrFail({ email: 'applicant1@demo.mosaic.test' });
  const session = (await app.get(SessionService).issue(user.id, 'web')).token;

  const pages: { name: string; path: string; signedIn: boolean }[] = [
    { name: 'open calls', path: '/calls', signedIn: false },
    { name: 'call', path: `/calls/${call.id}`, signedIn: false },
    { name: 'apply: e-mail only', path: `/calls/${call.id}/apply`, signedIn: false },
    { name: 'sign-in link', path: '/sign-in?token=x&next=/', signedIn: false },
    { name: 'password sign-in', path: '/login', signedIn: false },
    { name: 'forgot password', path: '/password/forgot', signedIn: false },
    { name: 'my applications', path: '/applications', signedIn: true },
    { name: 'application overview', path: `/applications/${application.id}`, signedIn: true },
    ...[1, 2, 3, 4, 5, 6].map((step) => ({ name: `step ${step}`, path: `/applications/${application.id}/steps/${step}`, signedIn: true })),
    { name: 'not found', path: '/calls/00000000-0000-4000-8000-000000000000', signedIn: false },
  ];

  let heaviest = 0;
  const rows: string[] = [];
  for (const page of pages) {
    const sizes: string[] = [];
    for (const language of SUPPORTED_LANGUAGES) {
      const cookie = [`mosaic_lang=${language}`, ...(page.signedIn ? [`mosaic_session=${session}`] : [])].join('; ');
      const url = `${root}${page.path}${page.path.includes('?') ? '&' : '?'}lang=${language}`;
      const bytes = await uncompressed(url, cookie);
      const wire = await get(url, cookie);
      heaviest = Math.max(heaviest, bytes);
      sizes.push(`${language} ${(bytes / 1024).toFixed(1)}/${(wire.wire / 1024).toFixed(1)}`);
    }
    rows.push(`${page.name.padEnd(22)} ${sizes.join('  ')}`);
  }
  console.log('Page weights in KB, uncompressed/gzip on the wire (limit 50 KB uncompressed, CSS inline, no fonts, no scripts):');
  console.log(rows.join('\n'));
  console.log(`heaviest page: ${(heaviest / 1024).toFixed(1)} KB (${heaviest <= LIMIT_BYTES ? 'within' : 'OVER'} the 50 KB limit)`);
  await app.close();
  process.exitCode = heaviest <= LIMIT_BYTES ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

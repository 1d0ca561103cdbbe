/**
 * Portfolio benchmark (issue 7): with 10,000 grants in 500 clusters seeded, the officer's portfolio
 * page and a call's 360Giving export each answer within 300 ms at p95, and the page stays under
 * 150 KB. Seeds a scratch database set-based, starts the real api (ApiModule + configureApp, as
 * test/support/test-app.ts does) on a random port, times sequential requests, then EXPLAIN ANALYZEs
 * every query one request of each endpoint sends. Database and Redis prefix go at the end whatever happens.
 *
 *   npm run bench:portfolio [-- --requests=50] [-- --plans]   (--plans: print every query plan, not only on failure)
 */
import { Writable } from 'node:stream';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Params, PARAMS_PROVIDER_TOKEN } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { AppConfig, loadConfig } from '@mosaic/config';
import { AuthContext, SessionService } from '@mosaic/identity';
import { PortfolioExportService, PortfolioService } from '@mosaic/portfolio';
import { dataSourceOptions } from '@mosaic/schema';
import { ApiModule } from '../../apps/api/src/api.module';
import { configureApp } from '../../apps/api/src/configure-app';
import { loggerOptions } from '../../apps/api/src/http/logger-options';
import { captureQueries, ExplainedQuery, explainAll } from './explain';
import { closeAgent, get, gzipBytes, Response } from './http';
import { createScratchDatabase, deletePrefixKeys, dropScratchDatabase, scratchNames } from '../support/scratch';
import { DEFAULT_SHAPE, seedPortfolio } from './seed';

const argument = (name: string) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1];
const REQUESTS = Number(argument('requests') ?? 50);
const WARM_UP = 5;
const P95_TARGET_MS = 300;
const PAGE_TARGET_BYTES = 150 * 1024;
const allPlans = process.argv.includes('--plans');

const names = scratchNames('portfolio');
const config: AppConfig = loadConfig({
  NODE_ENV: 'development',
  DATABASE_URL: names.databaseUrl,
  REDIS_URL: process.env.REDIS_URL,
  REDIS_PREFIX: names.redisPrefix,
  // A throwaway secret: the config would otherwise write one to STATE_DIR.
  APP_SECRET: 'bench-'.repeat(11),
  COOKIE_SECURE: 'false',
  LOG_LEVEL: 'info',
});

const opened: { close: () => Promise<unknown> }[] = [];
let cleaned: Promise<void> | undefined;
/** Closes what was opened, deletes the prefix's keys and drops the database; runs once, on success, failure or a signal. */
function cleanUp(): Promise<void> {
  cleaned ??= (async () => {
    closeAgent();
    for (const resource of opened.reverse()) await resource.close().catch((error: unknown) => console.error('close failed:', error));
    await deletePrefixKeys(config.redis).catch((error: unknown) => console.error(`could not delete Redis keys ${config.redis.prefix}*:`, error));
    await dropScratchDatabase(names.database).catch((error: unknown) => console.error(`could not drop ${names.database}:`, error));
  })();
  return cleaned;
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void cleanUp().finally(() => process.exit(130)));

const MB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const KB = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value: number) => `${value.toFixed(1)} ms`;
const count = (value: number) => value.toLocaleString('en');
const percentile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
const median = (values: number[]) => percentile([...values].sort((a, b) => a - b), 0.5);

let peakRss = 0;
const sampleRss = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));

/** The real api, as test/support/test-app.ts starts it, listening on a random port; request logs go to a sink. */
async function startApi(): Promise<{ app: NestExpressApplication; port: number; close: () => Promise<unknown> }> {
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
  const base = loggerOptions(config);
  const moduleRef = await Test.createTestingModule({ imports: [ApiModule] })
    .overrideProvider(AppConfig)
    .useValue(config)
    .overrideProvider(PARAMS_PROVIDER_TOKEN)
    .useValue({ ...base, pinoHttp: [base.pinoHttp, sink] } satisfies Params)
    .compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false });
  configureApp(app);
  let closing: Promise<unknown> | undefined;
  const close = () => (closing ??= app.close());
  opened.push({ close });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  if (!address || typeof address === 'string') throw new Error('the api is not listening on a TCP port');
  return { app, port: address.port, close };
}

interface Endpoint {
  name: string;
  path: string;
  headers: Record<string, string>;
  /** A size target, for the page. */
  maxBytes?: number;
}

interface Timing {
  endpoint: Endpoint;
  times: number[];
  bytes: number;
  gzip: number;
  p50: number;
  p95: number;
  max: number;
  pass: boolean;
}

async function time(port: number, endpoint: Endpoint): Promise<Timing> {
  const check = (response: Response) => {
    if (response.status !== 200) throw new Error(`${endpoint.name}: HTTP ${response.status}: ${response.body.toString('utf8').slice(0, 400)}`);
    if (response.headers['content-encoding']) throw new Error(`${endpoint.name}: answered ${String(response.headers['content-encoding'])} although asked for identity`);
    return response;
  };
  for (let i = 0; i < WARM_UP; i++) check(await get(port, endpoint.path, endpoint.headers));
  const times: number[] = [];
  let last: Response | undefined;
  for (let i = 0; i < REQUESTS; i++) {
    last = check(await get(port, endpoint.path, endpoint.headers));
    times.push(last.ms);
    sampleRss();
  }
  const sorted = [...times].sort((a, b) => a - b);
  const bytes = last!.body.length;
  const p95 = percentile(sorted, 0.95);
  return {
    endpoint,
    times,
    bytes,
    gzip: gzipBytes(last!.body),
    p50: percentile(sorted, 0.5),
    p95,
    max: sorted[sorted.length - 1],
    pass: p95 <= P95_TARGET_MS && (endpoint.maxBytes === undefined || bytes <= endpoint.maxBytes),
  };
}

function printTimings(timings: Timing[]) {
  const row = (...cells: string[]) => console.log([cells[0].padEnd(38), ...cells.slice(1, 6).map((c) => c.padStart(10)), ...cells.slice(6).map((c) => c.padStart(12))].join(' '));
  row('endpoint', 'p50', 'p95', 'max', 'bytes', 'gzip', 'p95 target', 'size target', 'verdict');
  for (const t of timings) {
    row(
      t.endpoint.name,
      ms(t.p50),
      ms(t.p95),
      ms(t.max),
      KB(t.bytes),
      KB(t.gzip),
      `<= ${P95_TARGET_MS} ms`,
      t.endpoint.maxBytes ? `<= ${KB(t.endpoint.maxBytes)}` : '-',
      t.pass ? 'PASS' : 'FAIL',
    );
  }
}

/** Median wall time of `runs` calls, after one warm-up. */
async function medianOf(runs: number, run: () => Promise<unknown> | unknown): Promise<number> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return median(times);
}

async function main() {
  const { clusters, membersPerCluster, clustersInFirstCall } = DEFAULT_SHAPE;
  console.log(`Portfolio benchmark: ${count(clusters * (membersPerCluster + 1))} grants in ${clusters} clusters; database ${names.database}, Redis prefix ${names.redisPrefix}`);
  await createScratchDatabase(config.databaseUrl);
  const seeder = new DataSource(dataSourceOptions(config.databaseUrl));
  await seeder.initialize();
  const seeding = performance.now();
  const seeded = await seedPortfolio(seeder, DEFAULT_SHAPE);
  const seedMs = performance.now() - seeding;
  await seeder.destroy();
  const [callA, callB] = seeded.callIds;
  console.log(`Seeded in ${(seedMs / 1000).toFixed(1)} s (set-based, untimed): ${Object.entries(seeded.counts).map(([table, n]) => `${table} ${count(n)}`).join(', ')}`);
  console.log(`Calls: A ${callA} (${count(seeded.grantsByCall[0])} grants, ${clustersInFirstCall} clusters), B ${callB} (${count(seeded.grantsByCall[1])} grants, ${clusters - clustersInFirstCall} clusters)`);

  const { app, port } = await startApi();
  const dataSource = app.get<DataSource>(getDataSourceToken());
  const sessions = app.get(SessionService);
  const web = await sessions.issue(seeded.officerUserId, 'web');
  const api = await sessions.issue(seeded.officerUserId, 'api');
  const pageHeaders = { cookie: `mosaic_session=${web.token}`, accept: 'text/html' };
  const endpoints: Endpoint[] = [
    { name: 'GET /portfolio (page)', path: '/portfolio', headers: pageHeaders, maxBytes: PAGE_TARGET_BYTES },
    { name: 'GET /portfolio?callId=A (page)', path: `/portfolio?callId=${callA}`, headers: pageHeaders, maxBytes: PAGE_TARGET_BYTES },
    { name: 'GET 360Giving export, call A (JSON)', path: `/api/portfolio/exports/360giving?callId=${callA}`, headers: { authorization: `Bearer ${api.token}`, accept: 'application/json' } },
  ];
  console.log(`api on 127.0.0.1:${port}; express env "${String(app.getHttpAdapter().getInstance().get('env'))}", view cache ${app.getHttpAdapter().getInstance().enabled('view cache') ? 'on' : 'off'}; ${WARM_UP} warm-up + ${REQUESTS} timed sequential requests per endpoint, keep-alive, Accept-Encoding: identity`);

  sampleRss();
  const timings: Timing[] = [];
  for (const endpoint of endpoints) timings.push(await time(port, endpoint));

  console.log();
  printTimings(timings);
  console.log(`exact sizes: ${timings.map((t) => `${t.endpoint.name}: ${count(t.bytes)} B (gzip ${count(t.gzip)} B)`).join('; ')}`);
  sampleRss();
  console.log(`peak RSS: ${MB(process.resourceUsage().maxRSS * 1024)} whole run (maxRSS, seeding + api + client in one process); ${MB(peakRss)} sampled during the timed requests`);

  // Where the time goes, in process: each query the page runs, and the export's service call vs its serialisation.
  const auth = (await sessions.resolve(api.token, 'api')) as AuthContext;
  const portfolio = app.get(PortfolioService);
  const exporter = app.get(PortfolioExportService);
  console.log();
  console.log('In-process breakdown (median of 10 calls each, no HTTP):');
  for (const [label, filter] of [
    ['all calls', {}],
    ['call A', { callId: callA }],
  ] as const) {
    const parts: [string, () => Promise<unknown>][] = [
      ['moneyBy(call)', () => portfolio.moneyBy(auth, filter, 'call')],
      ['moneyBy(country)', () => portfolio.moneyBy(auth, filter, 'country')],
      ['moneyBy(tier)', () => portfolio.moneyBy(auth, filter, 'tier')],
      ['clusters', () => portfolio.clusters(auth, filter)],
      ['compliance', () => portfolio.compliance(auth, filter)],
      ['filters', () => portfolio.filters(auth)],
      ['burdenByTier', () => portfolio.burdenByTier(auth, filter)],
      ['capacity', () => portfolio.capacity(auth, filter)],
    ];
    const results: string[] = [];
    for (const [name, run] of parts) results.push(`${name} ${ms(await medianOf(10, run))}`);
    const together = await medianOf(10, () => Promise.all(parts.map(([, run]) => run())));
    console.log(`  page queries, ${label}: ${results.join(', ')}; all ${parts.length} in parallel (as the page runs them) ${ms(together)}`);
  }
  const service = await medianOf(10, () => exporter.threeSixtyGiving(auth, { callId: callA }));
  const result = await exporter.threeSixtyGiving(auth, { callId: callA });
  const stringify = await medianOf(10, () => JSON.stringify(result.body));
  console.log(`  360Giving export, call A: PortfolioExportService.threeSixtyGiving ${ms(service)}, JSON.stringify of its package ${ms(stringify)} (${count(JSON.stringify(result.body).length)} chars, ${count(result.withheld)} organisations withheld)`);

  // Every query one request of each endpoint sends, EXPLAIN ANALYZEd with its own parameters.
  console.log();
  console.log('Queries per request (EXPLAIN (ANALYZE, BUFFERS), run once more after capture):');
  const failing = new Set(timings.filter((t) => !t.pass).map((t) => t.endpoint.name));
  for (const endpoint of endpoints) {
    const captured = await captureQueries(dataSource, () => get(port, endpoint.path, endpoint.headers));
    const explained: ExplainedQuery[] = await explainAll(dataSource, captured);
    const total = explained.reduce((sum, q) => sum + q.executionMs, 0);
    console.log(`  ${endpoint.name}: ${captured.length} statements sent, ${explained.length} reads, ${ms(total)} execution in total (sequential sum)`);
    console.log(`    ${'exec'.padStart(9)} ${'of it JIT'.padStart(9)} ${'jit=off'.padStart(9)} ${'plan'.padStart(8)} ${'est. cost'.padStart(10)} ${'rows'.padStart(6)}  query`);
    for (const q of [...explained].sort((a, b) => b.executionMs - a.executionMs)) {
      console.log(`    ${ms(q.executionMs).padStart(9)} ${ms(q.jitMs).padStart(9)} ${ms(q.executionNoJitMs).padStart(9)} ${ms(q.planningMs).padStart(8)} ${count(Math.round(q.cost)).padStart(10)} ${String(q.rows).padStart(6)}  ${q.label.slice(0, 110)}`);
    }
    if (allPlans || failing.has(endpoint.name)) {
      for (const q of [...explained].sort((a, b) => b.executionMs - a.executionMs).slice(0, allPlans ? explained.length : 2)) {
        console.log(`\n    --- plan (${ms(q.executionMs)}): ${q.label}\n${q.plan.replace(/^/gm, '    ')}`);
      }
      console.log();
    }
  }
  sampleRss();

  const failed = timings.filter((t) => !t.pass);
  console.log();
  console.log(failed.length ? `FAIL: ${failed.map((t) => t.endpoint.name).join('; ')}` : 'PASS: every endpoint within its targets');
  if (failed.length) process.exitCode = 2;
}

main()
  .catch((error: unknown) => {
    // A failed bulk insert carries thousands of parameters: name the error, not its arguments.
    const { driverError, query } = error as { driverError?: { detail?: string }; query?: string };
    console.error(error instanceof Error ? error.stack : error);
    if (driverError?.detail) console.error(`detail: ${driverError.detail}`);
    if (query) console.error(`query: ${query.slice(0, 600)}`);
    process.exitCode = 1;
  })
  .finally(() => cleanUp());

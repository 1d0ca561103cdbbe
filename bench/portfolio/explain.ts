import { DataSource, Logger } from 'typeorm';

export interface CapturedQuery {
  query: string;
  parameters: unknown[];
}

export interface ExplainedQuery extends CapturedQuery {
  /** The planner's total cost estimate: above jit_above_cost (100,000 by default) PostgreSQL JIT-compiles the query. */
  cost: number;
  /** Time spent JIT-compiling, included in executionMs; 0 without JIT. */
  jitMs: number;
  /** The same query with SET LOCAL jit = off. */
  executionNoJitMs: number;
  /** The query on one line, shortened, to name it in a table. */
  label: string;
  planningMs: number;
  executionMs: number;
  rows: number;
  plan: string;
}

/**
 * The SQL the app sends while `run` runs, exactly as sent: TypeORM hands every query to its logger
 * (whatever the logging option), so a logger wrapped around the app's own records them.
 */
export async function captureQueries(dataSource: DataSource, run: () => Promise<unknown>): Promise<CapturedQuery[]> {
  const captured: CapturedQuery[] = [];
  const original = dataSource.logger;
  const recording = new Proxy(original, {
    get(target, property, receiver) {
      if (property === 'logQuery') {
        return (query: string, parameters?: unknown[], queryRunner?: unknown) => {
          captured.push({ query, parameters: parameters ?? [] });
          return target.logQuery(query, parameters, queryRunner as never);
        };
      }
      return Reflect.get(target, property, receiver) as unknown;
    },
  }) as Logger;
  (dataSource as { logger: Logger }).logger = recording;
  try {
    await run();
  } finally {
    (dataSource as { logger: Logger }).logger = original;
  }
  return captured;
}

/** The query on one line; for a WITH query, its final SELECT (what tells the CTE-sharing queries apart). */
function labelOf(query: string): string {
  const flat = query.replace(/\s+/g, ' ').trim();
  if (!/^WITH/i.test(flat)) return flat.slice(0, 140);
  const finals = [...flat.matchAll(/\) SELECT /gi)];
  const last = finals[finals.length - 1];
  return last?.index === undefined ? flat.slice(0, 140) : `WITH scoped ... ${flat.slice(last.index + 2, last.index + 2 + 124)}`;
}

interface ExplainJson {
  Plan: { 'Actual Rows': number; 'Total Cost': number };
  'Planning Time': number;
  'Execution Time': number;
  JIT?: { Timing?: { Total?: number } };
}

const isRead = (query: string) => /^\s*(SELECT|WITH)\b/i.test(query);

/** EXPLAIN (ANALYZE, BUFFERS) of each read query, executed once more with its own parameters. */
export async function explainAll(dataSource: DataSource, queries: CapturedQuery[]): Promise<ExplainedQuery[]> {
  const explained: ExplainedQuery[] = [];
  for (const captured of queries.filter((q) => isRead(q.query))) {
    const [{ 'QUERY PLAN': json }] = await dataSource.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${captured.query}`, captured.parameters);
    const [top] = json as ExplainJson[];
    const text: { 'QUERY PLAN': string }[] = await dataSource.query(`EXPLAIN (ANALYZE, BUFFERS) ${captured.query}`, captured.parameters);
    const runner = dataSource.createQueryRunner();
    let withoutJit: ExplainJson;
    try {
      await runner.startTransaction();
      await runner.query('SET LOCAL jit = off');
      [{ 'QUERY PLAN': [withoutJit] }] = (await runner.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${captured.query}`, captured.parameters)) as { 'QUERY PLAN': ExplainJson[] }[];
      await runner.rollbackTransaction();
    } finally {
      await runner.release();
    }
    explained.push({
      ...captured,
      cost: top.Plan['Total Cost'],
      jitMs: top.JIT?.Timing?.Total ?? 0,
      executionNoJitMs: withoutJit['Execution Time'],
      label: labelOf(captured.query),
      planningMs: top['Planning Time'],
      executionMs: top['Execution Time'],
      rows: top.Plan['Actual Rows'],
      // Long IN lists make a line unreadable: keep the start of each.
      plan: text.map((line) => (line['QUERY PLAN'].length > 240 ? `${line['QUERY PLAN'].slice(0, 240)}...` : line['QUERY PLAN'])).join('\n'),
    });
  }
  return explained;
}

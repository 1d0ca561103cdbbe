/**
 * npm run cluster -- solve FILE.json [--time-limit-ms N] [--seed N] [--method auto|milp|heuristic]
 *
 * Reads a problem in either form ("kind": "assignment", or the domain form of ../shared/clustering)
 * and prints one JSON object: { status, objective, lowerBound, gap, elapsedMs, assignment,
 * unassigned, clusters, reasons }. A bad file prints { error: { field, message } } and exits 2.
 */
import { readFileSync } from 'node:fs';
import { explain, parseProblem, ProblemError, solveAssignment } from '@mosaic/clustering';

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

function fail(field: string, message: string): never {
  process.stdout.write(`${JSON.stringify({ error: { field, message } })}\n`);
  process.exit(2);
}

async function main() {
  const args = process.argv.slice(2);
  const [command, file] = args;
  if (command !== 'solve' || !file) fail('arguments', 'usage: npm run cluster -- solve FILE.json [--time-limit-ms N] [--seed N] [--method auto|milp|heuristic]');
  const timeLimitMs = Number(option(args, '--time-limit-ms') ?? 10_000);
  const seed = Number(option(args, '--seed') ?? 1);
  const method = (option(args, '--method') ?? 'auto') as 'auto' | 'milp' | 'heuristic';
  if (!Number.isFinite(timeLimitMs) || timeLimitMs <= 0) fail('--time-limit-ms', 'must be a positive number of milliseconds');
  if (!['auto', 'milp', 'heuristic'].includes(method)) fail('--method', 'must be auto, milp or heuristic');

  let input: unknown;
  try {
    input = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    fail(file, error instanceof SyntaxError ? `not valid JSON: ${error.message}` : `cannot be read: ${String(error)}`);
  }
  let parsed;
  try {
    parsed = parseProblem(input);
  } catch (error) {
    if (error instanceof ProblemError) fail(error.field, error.detail);
    throw error;
  }
  const result = await solveAssignment(parsed.assignment, { timeLimitMs, seed, method });
  const output: Record<string, unknown> = { ...result };
  if (parsed.form === 'domain') {
    const explanation = explain(parsed.domain, result);
    output.clusters = explanation.clusters;
    output.reasons = Object.fromEntries(explanation.unplaced.map((u) => [u.application, u.reasons]));
  }
  process.stdout.write(`${JSON.stringify(output)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

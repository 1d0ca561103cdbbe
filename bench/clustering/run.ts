/**
 * Clustering benchmark: Mosaic's solver beside plain HiGHS given the same time, on seeded domain
 * instances and on generalised assignment instances of types D and E.
 *
 *   npm run bench:clustering [-- --quick]
 */
import { readFileSync } from 'node:fs';
import { AssignmentProblem, compileDomain, evaluateAssignment, relativeGap, solveAssignment, solveMilp } from '@mosaic/clustering';
import { domainInstance, gapInstance, readOrLibraryGap } from './generators';

interface Case {
  name: string;
  problem: AssignmentProblem;
  timeLimitMs: number;
}

const quick = process.argv.includes('--quick');
const orLibraryFile = process.argv[process.argv.indexOf('--orlib') + 1];

const cases: Case[] = [
  { name: 'domain 100 x 10', problem: compileDomain(domainInstance(100, 10, 1)), timeLimitMs: 10_000 },
  { name: 'domain 300 x 16', problem: compileDomain(domainInstance(300, 16, 2)), timeLimitMs: 10_000 },
  { name: 'domain 1000 x 35', problem: compileDomain(domainInstance(1000, 35, 3)), timeLimitMs: 3_000 },
  ...(quick ? [] : [{ name: 'domain 10000 x 300', problem: compileDomain(domainInstance(10_000, 300, 4)), timeLimitMs: 10_000 }]),
  { name: 'GAP type D 20 x 200', problem: gapInstance('D', 20, 200, 5), timeLimitMs: 10_000 },
  { name: 'GAP type E 20 x 200', problem: gapInstance('E', 20, 200, 6), timeLimitMs: 10_000 },
  ...(orLibraryFile && process.argv.includes('--orlib') ? readOrLibraryGap(readFileSync(orLibraryFile, 'utf8')).map((problem, i) => ({ name: `OR-Library #${i + 1}`, problem, timeLimitMs: 10_000 })) : []),
];

const fmt = (value: number | null, digits = 2) => (value === null ? '-' : value.toFixed(digits));

async function main() {
  console.log('case                     pairs    | Mosaic: status    objective      bound          gap%    ms    | plain HiGHS (same time): objective  bound         gap%    ms');
  for (const item of cases) {
    const pairs = item.problem.pairs.length;
    const mosaic = await solveAssignment(item.problem, { timeLimitMs: item.timeLimitMs, seed: 1 });
    const check = evaluateAssignment(item.problem, mosaic.assignment);
    if (mosaic.status !== 'infeasible' && check.violations.length) throw new Error(`${item.name}: answer breaks ${JSON.stringify(check.violations[0])}`);
    const started = Date.now();
    const plain = await solveMilp(item.problem, { timeLimitMs: item.timeLimitMs, seed: 1 });
    const plainMs = Date.now() - started;
    console.log(
      `${item.name.padEnd(24)} ${String(pairs).padStart(8)} | ${mosaic.status.padEnd(9)} ${fmt(mosaic.objective).padStart(14)} ${fmt(mosaic.lowerBound).padStart(14)} ${fmt((mosaic.gap ?? NaN) * 100, 3).padStart(7)} ${String(mosaic.elapsedMs).padStart(6)} | ${fmt(plain.objective).padStart(14)} ${fmt(plain.lowerBound).padStart(14)} ${fmt((relativeGap(plain.objective, plain.lowerBound) ?? NaN) * 100, 3).padStart(7)} ${String(plainMs).padStart(6)}`,
    );
  }
  console.log(`peak resident memory: ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

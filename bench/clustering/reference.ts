/**
 * A long plain-HiGHS run on one generated instance: the best known objective and bound the benchmark
 * figures are judged against. Appends its result to bench/clustering/reference-results.json.
 *
 *   npm run build --silent && node dist/bench/clustering/reference.js [--apps 1000] [--partners 35] [--seed 3] [--seconds 600]
 *   node dist/bench/clustering/reference.js --gap D --agents 20 --items 200 --seed 5 --seconds 600
 *   node dist/bench/clustering/reference.js --model strong ...   (Mosaic's model: buildStrongLp with the
 *     row "at most n - k items placed", k the LP optimum of the counting problem rounded up; all pairs)
 *
 * The 1000 x 35 instance of `npm run bench:clustering` is domainInstance(1000, 35, 3) (generator seed 3,
 * solver seed 1).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileDomain, evaluateAssignment, indexProblem, relativeGap, solveMilp, solveStrongMilp, toAssignment } from '@mosaic/clustering';

import { domainInstance, gapInstance } from './generators';
import { lpRelaxationValue } from './lp-relaxation';

const argument = (name: string, fallback: string) => (process.argv.includes(`--${name}`) ? process.argv[process.argv.indexOf(`--${name}`) + 1] : fallback);

async function main() {
  const gapType = argument('gap', '');
  const seed = Number(argument('seed', '3'));
  const seconds = Number(argument('seconds', '600'));
  const output = argument('out', join(__dirname, '..', '..', '..', 'bench', 'clustering', 'reference-results.json'));
  const instance = gapType
    ? { generator: 'gapInstance', type: gapType, agents: Number(argument('agents', '20')), items: Number(argument('items', '200')), seed }
    : { generator: 'domainInstance', applications: Number(argument('apps', '1000')), partners: Number(argument('partners', '35')), seed };
  const problem =
    instance.generator === 'gapInstance'
      ? gapInstance(gapType as 'C' | 'D' | 'E', instance.agents!, instance.items!, seed)
      : compileDomain(domainInstance(instance.applications!, instance.partners!, seed));
  const strong = argument('model', 'plain') === 'strong';
  const started = Date.now();
  let maxPlaced: number | undefined;
  let countingLp: number | undefined;
  let outcome: { status: string; assignment: Record<string, string> | null; lowerBound: number | null };
  if (strong) {
    const index = indexProblem(problem);
    // The fewest items out, from the LP of the counting problem (costs 0, penalty 1) solved exactly.
    countingLp = await lpRelaxationValue({ ...problem, requireAll: false, unassignedPenalty: 1, pairs: problem.pairs.map((p) => ({ ...p, cost: 0 })) });
    maxPlaced = index.itemIds.length - (problem.requireAll ? 0 : Math.ceil(countingLp - 1e-6 * index.itemIds.length));
    const milp = await solveStrongMilp(index, { timeLimitMs: seconds * 1000 - (Date.now() - started), seed: 1, keep: new Uint8Array(index.pairCost.length).fill(1), maxPlaced });
    outcome = { status: milp.status, assignment: milp.agentOf && toAssignment(index, milp.agentOf), lowerBound: milp.lowerBound };
  } else outcome = await solveMilp(problem, { timeLimitMs: seconds * 1000, seed: 1 });
  const elapsedMs = Date.now() - started;
  const check = outcome.assignment ? evaluateAssignment(problem, outcome.assignment) : null;
  const result = {
    instance,
    solver: strong
      ? `HiGHS on Mosaic's model (solveStrongMilp / buildStrongLp, all pairs, at most ${maxPlaced} placed), random_seed 1, mip_rel_gap 1e-6`
      : 'plain HiGHS (solveMilp / buildLp in assignment.milp.ts), random_seed 1, mip_rel_gap 1e-6',
    ...(strong ? { countingLp, maxPlaced } : {}),
    status: outcome.status,
    objective: check ? check.objective : null,
    violations: check ? check.violations.length : null,
    bestBound: outcome.lowerBound,
    gap: relativeGap(check ? check.objective : null, outcome.lowerBound),
    timeLimitS: seconds,
    elapsedMs,
    command: `node dist/bench/clustering/reference.js ${process.argv.slice(2).join(' ')}`.trim(),
    date: new Date().toISOString(),
  };
  console.log(JSON.stringify(result, null, 2));
  const previous: unknown[] = existsSync(output) ? (JSON.parse(readFileSync(output, 'utf8')) as unknown[]) : [];
  writeFileSync(output, `${JSON.stringify([...previous, result], null, 2)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

/**
 * A long plain-HiGHS run on one generated instance: the best known objective and bound the benchmark
 * figures are judged against. Appends its result to bench/clustering/reference-results.json.
 *
 *   npm run build --silent && node dist/bench/clustering/reference.js [--apps 1000] [--partners 35] [--seed 3] [--seconds 600]
 *   node dist/bench/clustering/reference.js --gap D --agents 20 --items 200 --seed 5 --seconds 600
 *   node dist/bench/clustering/reference.js --model strong ...   (Mosaic's model: buildStrongLp with the
 *     row "at most n - k items placed", k the LP optimum of the counting problem rounded up; all pairs)
 *   node dist/bench/clustering/reference.js --model parts ...    (the same, on each connected part of the
 *     candidate graph on its own, smallest first, each given its share by pairs of the time left; the
 *     parts' optima and bounds add up to the whole's, and stranded items cost their penalty in both)
 *
 * The 1000 x 35 instance of `npm run bench:clustering` is domainInstance(1000, 35, 3) (generator seed 3,
 * solver seed 1).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AssignmentProblem, compileDomain, evaluateAssignment, indexProblem, relativeGap, solveMilp, solveStrongMilp, splitIntoComponents, toAssignment } from '@mosaic/clustering';

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
  const model = argument('model', 'plain');
  if (!['plain', 'strong', 'parts'].includes(model)) throw new Error(`--model must be plain, strong or parts, not "${model}"`);
  const started = Date.now();
  let maxPlaced: number | undefined;
  let countingLp: number | undefined;
  let outcome: { status: string; assignment: Record<string, string> | null; lowerBound: number | null };
  if (model === 'strong') {
    const strong = await solveStrong(problem, seconds * 1000);
    ({ maxPlaced, countingLp } = strong);
    outcome = strong;
  } else if (model === 'parts') {
    const { parts, stranded } = splitIntoComponents(problem);
    const deadline = started + seconds * 1000;
    let pairsLeft = parts.reduce((sum, part) => sum + part.pairs.length, 0);
    const assignment: Record<string, string> = {};
    let lowerBound: number | null = stranded.length * (problem.unassignedPenalty ?? 0);
    let proven = true;
    for (const part of parts) {
      const share = part.pairs.length / Math.max(1, pairsLeft);
      pairsLeft -= part.pairs.length;
      const solved = await solveStrong(part, (deadline - Date.now()) * share);
      Object.assign(assignment, solved.assignment ?? {});
      lowerBound = lowerBound === null || solved.lowerBound === null ? null : lowerBound + solved.lowerBound;
      proven &&= solved.status === 'optimal';
      console.error(`part ${part.agents.length} x ${part.items.length}: ${solved.status}, bound ${solved.lowerBound}`);
    }
    outcome = { status: proven ? 'optimal' : 'time_limit', assignment, lowerBound };
  } else outcome = await solveMilp(problem, { timeLimitMs: seconds * 1000, seed: 1 });
  const elapsedMs = Date.now() - started;
  const check = outcome.assignment ? evaluateAssignment(problem, outcome.assignment) : null;
  const result = {
    instance,
    solver:
      model === 'strong'
        ? `HiGHS on Mosaic's model (solveStrongMilp / buildStrongLp, all pairs, at most ${maxPlaced} placed), random_seed 1, mip_rel_gap 1e-6`
        : model === 'parts'
          ? "HiGHS on Mosaic's model of each connected part (solveStrongMilp / buildStrongLp, all pairs, each part's count row), random_seed 1, mip_rel_gap 1e-6"
          : 'plain HiGHS (solveMilp / buildLp in assignment.milp.ts), random_seed 1, mip_rel_gap 1e-6',
    ...(model === 'strong' ? { countingLp, maxPlaced } : {}),
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

/** HiGHS on Mosaic's model, with the row "at most n - k placed" (k: the counting problem's LP optimum rounded up). */
async function solveStrong(problem: AssignmentProblem, timeLimitMs: number) {
  const started = Date.now();
  const index = indexProblem(problem);
  // The fewest items out, from the LP of the counting problem (costs 0, penalty 1) solved exactly.
  const countingLp = await lpRelaxationValue({ ...problem, requireAll: false, unassignedPenalty: 1, pairs: problem.pairs.map((p) => ({ ...p, cost: 0 })) });
  const maxPlaced = index.itemIds.length - (problem.requireAll ? 0 : Math.ceil(countingLp - 1e-6 * index.itemIds.length));
  const milp = await solveStrongMilp(index, { timeLimitMs: timeLimitMs - (Date.now() - started), seed: 1, keep: new Uint8Array(index.pairCost.length).fill(1), maxPlaced });
  return { status: milp.status, assignment: milp.agentOf && toAssignment(index, milp.agentOf), lowerBound: milp.lowerBound, maxPlaced, countingLp };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

import loadHighs from 'highs';
import { candidatePairs, pairKey } from './assignment.evaluate';
import { IndexedProblem } from './assignment.index';
import { AssignmentProblem } from './assignment.types';

export interface MilpOutcome {
  status: 'optimal' | 'time_limit' | 'infeasible' | 'error';
  assignment: Record<string, string> | null;
  objective: number | null;
  lowerBound: number | null;
}

export type Highs = Awaited<ReturnType<typeof loadHighs>>;
let highsPromise: Promise<Highs> | undefined;
/** The one HiGHS instance (WebAssembly) of this thread, loaded on first use. */
export const highs = () => (highsPromise ??= loadHighs());

const number = (value: number) => (Number.isInteger(value) ? String(value) : value.toPrecision(15).replace(/\.?0+$/, ''));
const term = (coefficient: number, variable: string) => `${coefficient < 0 ? '-' : '+'} ${number(Math.abs(coefficient))} ${variable}`;

/**
 * The plain model (what "plain HiGHS" in the benchmark gets) as a MILP in CPLEX LP text: x_k = 1 when pair k holds; y_a = 1 when agent a is
 * used (only for agents with a minimum total). Unplaced items cost the penalty, folded into the
 * pair costs (cost - penalty) plus a constant added back after the solve.
 */
export function buildLp(problem: AssignmentProblem) {
  const pairs = [...candidatePairs(problem).values()];
  const penalty = problem.requireAll ? 0 : (problem.unassignedPenalty ?? 0);
  const pinned = new Set((problem.pins ?? []).map((p) => pairKey(p.agent, p.item)));
  const amount = new Map(problem.items.map((item) => [item.id, item.amount ?? 0]));
  const byItem = new Map<string, number[]>();
  const byAgent = new Map<string, number[]>();
  pairs.forEach((pair, k) => {
    byItem.set(pair.item, [...(byItem.get(pair.item) ?? []), k]);
    byAgent.set(pair.agent, [...(byAgent.get(pair.agent) ?? []), k]);
  });

  const objective = pairs.map((pair, k) => term(pair.cost - penalty, `x${k}`));
  const rows: string[] = [];
  problem.items.forEach((item, j) => {
    const ks = byItem.get(item.id) ?? [];
    if (ks.length === 0) return;
    rows.push(` item${j}: ${ks.map((k) => `+ x${k}`).join(' ')} ${problem.requireAll ? '=' : '<='} 1`);
  });
  const usedAgents: number[] = [];
  problem.agents.forEach((agent, a) => {
    const ks = byAgent.get(agent.id) ?? [];
    if (ks.length === 0) return;
    rows.push(` cap${a}: ${ks.map((k) => term(pairs[k].load, `x${k}`)).join(' ')} <= ${number(agent.capacity)}`);
    if (agent.maxItems !== undefined && agent.maxItems < ks.length) rows.push(` cnt${a}: ${ks.map((k) => `+ x${k}`).join(' ')} <= ${agent.maxItems}`);
    if (agent.maxAmount !== undefined) rows.push(` amt${a}: ${ks.map((k) => term(amount.get(pairs[k].item) ?? 0, `x${k}`)).join(' ')} <= ${number(agent.maxAmount)}`);
    if (agent.minTotal) {
      usedAgents.push(a);
      rows.push(` min${a}: ${ks.map((k) => term(amount.get(pairs[k].item) ?? 0, `x${k}`)).join(' ')} - ${number(agent.minTotal)} y${a} >= 0`);
      for (const k of ks) rows.push(` use${a}_${k}: + x${k} - y${a} <= 0`);
    }
  });
  const bounds = pairs.map((pair, k) => ` ${pinned.has(pairKey(pair.agent, pair.item)) ? 1 : 0} <= x${k} <= 1`);
  const binaries = [...pairs.map((_, k) => `x${k}`), ...usedAgents.map((a) => `y${a}`)];
  const text = [
    'Minimize',
    ` obj: ${objective.length ? objective.join(' ') : '0 x_none'}`,
    'Subject To',
    ...(rows.length ? rows : [' none: 0 x_none >= 0']),
    'Bounds',
    ...bounds,
    ...usedAgents.map((a) => ` 0 <= y${a} <= 1`),
    'Binaries',
    ` ${binaries.join(' ')}`,
    'End',
  ].join('\n');
  const constant = problem.requireAll ? 0 : penalty * problem.items.length;
  return { text, pairs, constant, usedAgents };
}

/**
 * The model Mosaic gives HiGHS, built from the indexed form: only the pairs in `keep` (pairs the
 * Lagrangian proves cannot be in an answer better than the incumbent are left out), and amounts scaled
 * so the largest is 1 (minor units run to millions, which HiGHS warns about; domain 300 x 16 at 10 s:
 * gap 2.0% unscaled, 0.6% scaled). Writing the limits against the use variable (load <= capacity * y)
 * is valid and tightened the bound on that instance (0.3%), but made the proof of sample-300x16 swing
 * from 6 s to over 20 s with the HiGHS seed, so it is left out.
 */
export function buildStrongLp(index: IndexedProblem, keep: Uint8Array, maxPlaced = Infinity) {
  const { pairAgent, pairItem, pairCost, pairLoad, itemStart, agentStart, agentPairs, pinnedPair, capacity, maxItems, maxAmount, minTotal, amount } = index;
  const penalty = Number.isFinite(index.unplacedCost) ? index.unplacedCost : 0;
  const requireAll = !Number.isFinite(index.unplacedCost);
  let scale = 1;
  for (const value of amount) scale = Math.max(scale, Math.abs(value));
  const columns: number[] = [];
  const column = new Int32Array(pairCost.length).fill(-1);
  for (let k = 0; k < pairCost.length; k++) {
    if (keep[k]) {
      column[k] = columns.length;
      columns.push(k);
    }
  }
  const objective = columns.map((k, c) => term(pairCost[k] - penalty, `x${c}`));
  const rows: string[] = [];
  for (let j = 0; j < itemStart.length - 1; j++) {
    const cs: number[] = [];
    for (let k = itemStart[j]; k < itemStart[j + 1]; k++) if (column[k] >= 0) cs.push(column[k]);
    if (cs.length) rows.push(` item${j}: ${cs.map((c) => `+ x${c}`).join(' ')} ${requireAll ? '=' : '<='} 1`);
    else if (requireAll) rows.push(` item${j}: 0 x_none = 1`);
  }
  // At most maxPlaced items are placed in any answer (minimumUnplaced): a valid row the LP lacks.
  if (!requireAll && Number.isFinite(maxPlaced) && maxPlaced < columns.length) rows.push(` placed: ${columns.map((_, c) => `+ x${c}`).join(' ')} <= ${Math.floor(maxPlaced)}`);
  const usedAgents: number[] = [];
  for (let a = 0; a < capacity.length; a++) {
    const cs: number[] = [];
    for (let p = agentStart[a]; p < agentStart[a + 1]; p++) if (column[agentPairs[p]] >= 0) cs.push(column[agentPairs[p]]);
    if (cs.length === 0) continue;
    const withUse = minTotal[a] > 0;
    const money = (c: number) => amount[pairItem[columns[c]]] / scale;
    rows.push(` cap${a}: ${cs.map((c) => term(pairLoad[columns[c]], `x${c}`)).join(' ')} <= ${number(capacity[a])}`);
    if (Number.isFinite(maxItems[a]) && maxItems[a] < cs.length) rows.push(` cnt${a}: ${cs.map((c) => `+ x${c}`).join(' ')} <= ${maxItems[a]}`);
    if (Number.isFinite(maxAmount[a])) rows.push(` amt${a}: ${cs.map((c) => term(money(c), `x${c}`)).join(' ')} <= ${number(maxAmount[a] / scale)}`);
    if (withUse) {
      usedAgents.push(a);
      rows.push(` min${a}: ${cs.map((c) => term(money(c), `x${c}`)).join(' ')} - ${number(minTotal[a] / scale)} y${a} >= 0`);
      for (const c of cs) rows.push(` use${a}_${c}: + x${c} - y${a} <= 0`);
    }
  }
  const bounds = columns.map((k, c) => ` ${pinnedPair[pairItem[k]] === k ? 1 : 0} <= x${c} <= 1`);
  const text = [
    'Minimize',
    ` obj: ${objective.length ? objective.join(' ') : '0 x_none'}`,
    'Subject To',
    ...(rows.length ? rows : [' none: 0 x_none >= 0']),
    'Bounds',
    ...bounds,
    ...usedAgents.map((a) => ` 0 <= y${a} <= 1`),
    'Binaries',
    ` ${[...columns.map((_, c) => `x${c}`), ...usedAgents.map((a) => `y${a}`)].join(' ')}`,
    'End',
  ].join('\n');
  const constant = requireAll ? 0 : penalty * (itemStart.length - 1);
  return { text, columns, constant, usedAgents, pairAgent };
}

export interface IndexedMilpOutcome {
  status: MilpOutcome['status'];
  /** Agent per item (-1 out), when HiGHS has an answer. */
  agentOf: Int32Array | null;
  objective: number | null;
  lowerBound: number | null;
}

/** Solves the strong model of the pairs in `keep`, warm-started from an answer in indexed form. */
export async function solveStrongMilp(
  index: IndexedProblem,
  options: { timeLimitMs: number; seed: number; keep: Uint8Array; maxPlaced?: number; warmStart?: Int32Array; relativeGap?: number; highsOptions?: Record<string, number | boolean | string> },
): Promise<IndexedMilpOutcome> {
  const { text, columns, constant, usedAgents } = buildStrongLp(index, options.keep, options.maxPlaced);
  const warm = options.warmStart;
  const values = warm
    ? (name: string) => {
        if (name.startsWith('x')) {
          const k = columns[Number(name.slice(1))];
          return warm[index.pairItem[k]] === index.pairAgent[k] ? 1 : 0;
        }
        const a = Number(name.slice(1));
        return warm.some((agent) => agent === a) ? 1 : 0;
      }
    : undefined;
  const outcome = await runHighs(text, [...columns.map((_, c) => `x${c}`), ...usedAgents.map((a) => `y${a}`)], constant, { ...options, warmValue: values });
  if (!outcome.values) return { status: outcome.status, agentOf: null, objective: outcome.objective, lowerBound: outcome.lowerBound };
  const agentOf = new Int32Array(index.itemIds.length).fill(-1);
  columns.forEach((k, c) => {
    if (outcome.values![c] > 0.5) agentOf[index.pairItem[k]] = index.pairAgent[k];
  });
  return { status: outcome.status, agentOf, objective: outcome.objective, lowerBound: outcome.lowerBound };
}

/** Solves with HiGHS (WebAssembly), optionally warm-started from an assignment. Blocks the thread it runs on. */
export async function solveMilp(
  problem: AssignmentProblem,
  options: { timeLimitMs: number; seed: number; relativeGap?: number; warmStart?: Record<string, string> },
): Promise<MilpOutcome> {
  const { text, pairs, constant, usedAgents } = buildLp(problem);
  if (pairs.length === 0) return { status: 'error', assignment: null, objective: null, lowerBound: null };
  const warm = options.warmStart;
  const usedIds = new Set(Object.values(warm ?? {}));
  const values = warm
    ? (name: string) => (name.startsWith('x') ? (warm[pairs[Number(name.slice(1))].item] === pairs[Number(name.slice(1))].agent ? 1 : 0) : usedIds.has(problem.agents[Number(name.slice(1))].id) ? 1 : 0)
    : undefined;
  const outcome = await runHighs(text, [...pairs.map((_, k) => `x${k}`), ...usedAgents.map((a) => `y${a}`)], constant, { ...options, warmValue: values });
  if (!outcome.values) return { status: outcome.status, assignment: null, objective: outcome.objective, lowerBound: outcome.lowerBound };
  const assignment: Record<string, string> = {};
  pairs.forEach((pair, k) => {
    if (outcome.values![k] > 0.5) assignment[pair.item] = pair.agent;
  });
  return { status: outcome.status, assignment, objective: outcome.objective, lowerBound: outcome.lowerBound };
}

/** Runs HiGHS on LP text; `values` are the named columns' values in the answer, when there is one. */
async function runHighs(
  text: string,
  names: string[],
  constant: number,
  options: { timeLimitMs: number; seed: number; relativeGap?: number; warmValue?: (name: string) => number; highsOptions?: Record<string, number | boolean | string> },
): Promise<{ status: MilpOutcome['status']; values: number[] | null; objective: number | null; lowerBound: number | null }> {
  const began = Date.now();
  const solver = await highs();
  const model = solver.createModel({ format: 'lp', data: text });
  try {
    const indices = names.map((name) => model.getColByName(name));
    // Reading the model takes time too (5,500 pairs: about 0.2 s), and HiGHS stops a little after its limit.
    const left = options.timeLimitMs - (Date.now() - began) - Math.min(100, options.timeLimitMs * 0.1);
    model.options.set({
      output_flag: false,
      time_limit: Math.max(0.05, left / 1000),
      mip_rel_gap: options.relativeGap ?? 1e-6,
      random_seed: options.seed,
      ...options.highsOptions,
    });
    if (options.warmValue) {
      const values = new Float64Array(model.getDimensions().numCols);
      names.forEach((name, c) => (values[indices[c]] = options.warmValue!(name)));
      model.setSolution({ colValue: values });
    }
    model.run();
    const status = model.getModelStatus();
    const codes = solver.constants.modelStatus;
    if (status === codes.infeasible) return { status: 'infeasible', values: null, objective: null, lowerBound: null };
    const dual = Number(model.info.get('mip_dual_bound'));
    const lowerBound = Number.isFinite(dual) ? dual + constant : null;
    const hasSolution = status === codes.optimal || Number(model.info.get('primal_solution_status')) === 2;
    if (!hasSolution) return { status: status === codes.timeLimit ? 'time_limit' : 'error', values: null, objective: null, lowerBound };
    const solution = model.getSolution();
    const objective = model.getObjectiveValue() + constant;
    return {
      status: status === codes.optimal ? 'optimal' : 'time_limit',
      values: indices.map((i) => solution.colValue[i]),
      objective,
      lowerBound: status === codes.optimal ? objective : lowerBound,
    };
  } finally {
    model.dispose();
  }
}


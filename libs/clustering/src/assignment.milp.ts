import loadHighs from 'highs';
import { candidatePairs, pairKey } from './assignment.evaluate';
import { AssignmentProblem } from './assignment.types';

export interface MilpOutcome {
  status: 'optimal' | 'time_limit' | 'infeasible' | 'error';
  assignment: Record<string, string> | null;
  objective: number | null;
  lowerBound: number | null;
}

type Highs = Awaited<ReturnType<typeof loadHighs>>;
let highsPromise: Promise<Highs> | undefined;
const highs = () => (highsPromise ??= loadHighs());

const number = (value: number) => (Number.isInteger(value) ? String(value) : value.toPrecision(15).replace(/\.?0+$/, ''));
const term = (coefficient: number, variable: string) => `${coefficient < 0 ? '-' : '+'} ${number(Math.abs(coefficient))} ${variable}`;

/**
 * The exact model as a MILP in CPLEX LP text: x_k = 1 when pair k holds; y_a = 1 when agent a is
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

/** Solves with HiGHS (WebAssembly), optionally warm-started from an assignment. Blocks the thread it runs on. */
export async function solveMilp(
  problem: AssignmentProblem,
  options: { timeLimitMs: number; seed: number; relativeGap?: number; warmStart?: Record<string, string> },
): Promise<MilpOutcome> {
  const { text, pairs, constant, usedAgents } = buildLp(problem);
  if (pairs.length === 0) return { status: 'error', assignment: null, objective: null, lowerBound: null };
  const solver = await highs();
  const model = solver.createModel({ format: 'lp', data: text });
  try {
    model.options.set({
      output_flag: false,
      time_limit: Math.max(0.05, options.timeLimitMs / 1000),
      mip_rel_gap: options.relativeGap ?? 1e-6,
      random_seed: options.seed,
    });
    if (options.warmStart) {
      const values = new Float64Array(pairs.length + usedAgents.length);
      const index = (name: string) => model.getColByName(name);
      pairs.forEach((pair, k) => {
        if (options.warmStart![pair.item] === pair.agent) values[index(`x${k}`)] = 1;
      });
      for (const a of usedAgents) {
        const agent = problem.agents[a].id;
        if (Object.values(options.warmStart).includes(agent)) values[index(`y${a}`)] = 1;
      }
      model.setSolution({ colValue: values });
    }
    model.run();
    const status = model.getModelStatus();
    const codes = solver.constants.modelStatus;
    if (status === codes.infeasible) return { status: 'infeasible', assignment: null, objective: null, lowerBound: null };
    const dual = Number(model.info.get('mip_dual_bound'));
    const lowerBound = Number.isFinite(dual) ? dual + constant : null;
    const solution = model.getSolution();
    const hasSolution = status === codes.optimal || Number(model.info.get('primal_solution_status')) === 2;
    if (!hasSolution) return { status: status === codes.timeLimit ? 'time_limit' : 'error', assignment: null, objective: null, lowerBound };
    const assignment: Record<string, string> = {};
    pairs.forEach((pair, k) => {
      if (solution.colValue[model.getColByName(`x${k}`)] > 0.5) assignment[pair.item] = pair.agent;
    });
    return {
      status: status === codes.optimal ? 'optimal' : 'time_limit',
      assignment,
      objective: model.getObjectiveValue() + constant,
      lowerBound: status === codes.optimal ? model.getObjectiveValue() + constant : lowerBound,
    };
  } finally {
    model.dispose();
  }
}

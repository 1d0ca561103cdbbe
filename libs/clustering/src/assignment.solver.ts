import { candidatePairs, evaluateAssignment, relativeGap } from './assignment.evaluate';
import { AssignmentState, heuristicFromScores } from './assignment.heuristic';
import { IndexedProblem, indexProblem, toAssignment } from './assignment.index';
import { evaluateLagrangian, lagrangianBound, limitShares, Multipliers, reducedCosts } from './assignment.lagrangian';
import { solveStrongMilp } from './assignment.milp';
import { AssignmentProblem, AssignmentResult, SolveOptions } from './assignment.types';

/** Above this many candidate pairs the MILP is not tried within the time limit ('auto'). */
export const MILP_MAX_PAIRS = 60_000;

/**
 * A simple valid lower bound without a solver: each item at its cheapest option, capacities ignored.
 * The Lagrangian bound and HiGHS give much tighter ones.
 */
export function relaxedBound(problem: AssignmentProblem): number {
  const pairs = [...candidatePairs(problem).values()];
  const penalty = problem.requireAll ? Infinity : (problem.unassignedPenalty ?? 0);
  const best = new Map<string, number>();
  for (const pair of pairs) best.set(pair.item, Math.min(best.get(pair.item) ?? Infinity, pair.cost));
  return problem.items.reduce((sum, item) => sum + Math.min(best.get(item.id) ?? Infinity, penalty), 0);
}

interface Incumbent {
  agentOf: Int32Array;
  objective: number;
}

/** A state is an answer when no required item is out and every used agent meets its minimum. */
function asIncumbent(state: AssignmentState): Incumbent | null {
  const { index } = state;
  if (!Number.isFinite(index.unplacedCost) && state.agentOf.some((a) => a < 0)) return null;
  for (let a = 0; a < index.agentIds.length; a++) if (!state.minimumHolds(a, 0, 0)) return null;
  return { agentOf: state.agentOf.slice(), objective: state.objective };
}

const better = (candidate: Incumbent | null, best: Incumbent | null) => (candidate && (!best || candidate.objective < best.objective - 1e-9) ? candidate : best);

/**
 * Pairs that may be in an answer better than `upperBound`: forcing pair k into the relaxation raises its
 * value by (reduced cost of k) - (what item j pays there now); if that lifts the bound above the
 * incumbent, no better answer uses k (reduced-cost fixing). The incumbent's own pairs are always kept.
 */
export function pairsWorthKeeping(index: IndexedProblem, multipliers: Multipliers, upperBound: number, incumbent: Int32Array | null): Uint8Array {
  const shares = limitShares(index);
  const evaluation = evaluateLagrangian(index, multipliers, shares);
  const reduced = reducedCosts(index, multipliers, shares);
  const keep = new Uint8Array(index.pairCost.length);
  const slack = upperBound - evaluation.value + 1e-6 * Math.max(1, Math.abs(upperBound));
  for (let j = 0; j < index.itemIds.length; j++) {
    const chosen = evaluation.choice[j];
    const paid = chosen >= 0 ? reduced[chosen] : index.unplacedCost;
    for (let k = index.itemStart[j]; k < index.itemStart[j + 1]; k++) {
      if (reduced[k] - paid <= slack || incumbent?.[j] === index.pairAgent[k]) keep[k] = 1;
    }
  }
  return keep;
}

/**
 * Solves the generic assignment form.
 * 1. A greedy answer and local search on the real costs: a first incumbent.
 * 2. The Lagrangian relaxation of the agent limits: a lower bound in O(pairs) per step, and reduced costs
 *    that price scarce capacity; greedy plus local search on those gives further answers.
 * 3. Where the model is small enough, HiGHS on the strong model, restricted to the pairs the bound does
 *    not rule out, proves optimality or improves both sides; the better answer is kept.
 * The answer returned is always recomputed from scratch (evaluateAssignment).
 */
export async function solveAssignment(problem: AssignmentProblem, options: SolveOptions = {}): Promise<AssignmentResult> {
  const started = Date.now();
  const timeLimitMs = options.timeLimitMs ?? 10_000;
  const deadline = started + timeLimitMs;
  const seed = options.seed ?? 1;
  const method = options.method ?? 'auto';
  const index = indexProblem(problem);
  const pairCount = index.pairCost.length;
  const infeasible = (lowerBound: number | null = null): AssignmentResult => ({ status: 'infeasible', objective: null, lowerBound, gap: null, elapsedMs: Date.now() - started, method: 'lagrangian', assignment: {}, unassigned: problem.items.map((i) => i.id) });
  if (index.impossiblePin) return infeasible();
  const useMilp = method === 'milp' || (method === 'auto' && pairCount > 0 && pairCount <= MILP_MAX_PAIRS);
  const large = !useMilp && pairCount > 20_000;

  // 1. A first answer on the real costs (quickly for large inputs: the Lagrangian guides the real search).
  const firstBudget = useMilp ? Math.min(timeLimitMs * 0.05, 300) : large ? timeLimitMs * 0.02 : timeLimitMs * 0.3;
  let best = asIncumbent(heuristicFromScores(index, index.pairCost, { deadline: Math.min(deadline, Date.now() + firstBudget), seed }));
  let used = 'heuristic';

  // 2. Lagrangian bound. Reduced costs at the best multipliers, and (where a search is cheap) at a few
  // earlier iterates, seed further greedy answers and local searches: different prices, different optima.
  const snapshots: Multipliers[] = [];
  const bound = lagrangianBound(index, {
    deadline: Math.min(deadline, Date.now() + (large ? timeLimitMs * 0.35 : Math.min(timeLimitMs * 0.1, 1000))),
    maxIterations: 1000,
    upperBound: best?.objective,
    onIterate: large ? undefined : (u, _, iteration) => {
      if (iteration >= 200 && iteration % 100 === 0) snapshots.push({ load: u.load.slice(), items: u.items.slice(), amount: u.amount.slice() });
    },
  });
  if (bound.bound === Infinity) return infeasible();
  let lowerBound = Number.isFinite(bound.bound) ? bound.bound : null;
  const searchEnd = useMilp ? Date.now() + Math.min(timeLimitMs * 0.4, 1500) : deadline - timeLimitMs * 0.02;
  for (const [i, multipliers] of [bound.multipliers, ...snapshots.reverse()].entries()) {
    if (Date.now() >= searchEnd) break;
    const guided = asIncumbent(heuristicFromScores(index, reducedCosts(index, multipliers), { deadline: searchEnd, seed: seed + i }));
    if (better(guided, best) === guided && guided) {
      best = guided;
      used = 'lagrangian';
    }
  }
  let proven = best !== null && lowerBound !== null && relativeGap(best.objective, lowerBound)! <= 1e-9;

  // 3. HiGHS on what is left.
  if (useMilp && !proven) {
    const keep = best && lowerBound !== null ? pairsWorthKeeping(index, bound.multipliers, best.objective, best.agentOf) : new Uint8Array(pairCount).fill(1);
    // No warm start: measured, it slows the proof (sample 300 x 16: 8.8 s with, 6.5 s without) and our
    // answer is kept anyway when HiGHS finds none better. A little time is left for building the model.
    const milp = await solveStrongMilp(index, { timeLimitMs: Math.max(50, deadline - Date.now() - Math.min(200, timeLimitMs * 0.05)), seed, keep });
    if (milp.status === 'infeasible' && !best) return infeasible(lowerBound);
    if (milp.agentOf && milp.objective !== null) {
      const candidate = better({ agentOf: milp.agentOf, objective: milp.objective }, best);
      if (candidate !== best) {
        best = candidate;
        used = 'milp';
      }
    }
    if (milp.lowerBound !== null) lowerBound = Math.max(lowerBound ?? -Infinity, milp.lowerBound);
    proven = milp.status === 'optimal';
    if (used !== 'milp' && proven) used += '+milp';
  }

  const elapsedMs = Date.now() - started;
  if (!best) return { ...infeasible(lowerBound), status: 'infeasible', elapsedMs, method: used };
  const assignment = toAssignment(index, best.agentOf);
  const evaluation = evaluateAssignment(problem, assignment);
  if (evaluation.violations.length) throw new Error(`solver produced an answer that breaks ${JSON.stringify(evaluation.violations[0])}`);
  const objective = evaluation.objective;
  // A bound above the answer can only be rounding (or HiGHS's 1e-6 optimality tolerance).
  if (lowerBound !== null && (proven || lowerBound > objective)) lowerBound = Math.min(lowerBound, objective);
  const gap = relativeGap(objective, lowerBound);
  return {
    status: proven || (gap !== null && gap <= 1e-6) ? 'optimal' : 'feasible',
    objective,
    lowerBound,
    gap,
    elapsedMs,
    method: used,
    assignment,
    unassigned: problem.items.map((i) => i.id).filter((id) => assignment[id] === undefined),
  };
}

import { candidatePairs, evaluateAssignment, relativeGap } from './assignment.evaluate';
import { solveHeuristic } from './assignment.heuristic';
import { solveMilp } from './assignment.milp';
import { AssignmentProblem, AssignmentResult, SolveOptions } from './assignment.types';

/** Above this many candidate pairs the MILP is not tried within the time limit ('auto'). */
export const MILP_MAX_PAIRS = 60_000;

/**
 * A simple valid lower bound without a solver: each item at its cheapest option, capacities ignored.
 * HiGHS gives a much tighter one when it runs.
 */
export function relaxedBound(problem: AssignmentProblem): number {
  const pairs = [...candidatePairs(problem).values()];
  const penalty = problem.requireAll ? Infinity : (problem.unassignedPenalty ?? 0);
  const best = new Map<string, number>();
  for (const pair of pairs) best.set(pair.item, Math.min(best.get(pair.item) ?? Infinity, pair.cost));
  return problem.items.reduce((sum, item) => sum + Math.min(best.get(item.id) ?? Infinity, penalty), 0);
}

/** Solves the generic assignment form: heuristic first, then HiGHS where it can prove optimality. */
export async function solveAssignment(problem: AssignmentProblem, options: SolveOptions = {}): Promise<AssignmentResult> {
  const started = Date.now();
  const timeLimitMs = options.timeLimitMs ?? 10_000;
  const seed = options.seed ?? 1;
  const method = options.method ?? 'auto';
  const pairCount = candidatePairs(problem).size;
  const useMilp = method === 'milp' || (method === 'auto' && pairCount > 0 && pairCount <= MILP_MAX_PAIRS);

  // With HiGHS to follow, the heuristic only supplies a warm start: a small slice of the time.
  const heuristicBudget = useMilp ? Math.min(timeLimitMs * 0.1, 500) : timeLimitMs * 0.9;
  const heuristic = solveHeuristic(problem, { deadline: started + heuristicBudget, seed });
  const heuristicEvaluation = evaluateAssignment(problem, heuristic);
  let best = heuristicEvaluation.violations.length === 0 ? { assignment: heuristic, objective: heuristicEvaluation.objective } : null;
  let lowerBound: number | null = Number.isFinite(relaxedBound(problem)) ? relaxedBound(problem) : null;
  let proven = false;
  let used = 'heuristic';

  if (useMilp) {
    const remaining = Math.max(50, timeLimitMs - (Date.now() - started));
    const milp = await solveMilp(problem, { timeLimitMs: remaining, seed, warmStart: best?.assignment });
    if (milp.status === 'infeasible') {
      return { status: 'infeasible', objective: null, lowerBound: null, gap: null, elapsedMs: Date.now() - started, method: 'milp', assignment: {}, unassigned: problem.items.map((i) => i.id) };
    }
    if (milp.assignment) {
      const evaluation = evaluateAssignment(problem, milp.assignment);
      if (evaluation.violations.length === 0 && (!best || evaluation.objective < best.objective - 1e-9)) {
        best = { assignment: milp.assignment, objective: evaluation.objective };
        used = 'milp';
      }
    }
    if (milp.lowerBound !== null) lowerBound = Math.max(lowerBound ?? -Infinity, milp.lowerBound);
    proven = milp.status === 'optimal';
    if (used === 'heuristic' && proven) used = 'heuristic+milp';
  }

  const elapsedMs = Date.now() - started;
  if (!best) {
    return { status: 'infeasible', objective: null, lowerBound, gap: null, elapsedMs, method: used, assignment: {}, unassigned: problem.items.map((i) => i.id) };
  }
  if (proven) lowerBound = Math.min(lowerBound ?? best.objective, best.objective);
  const gap = relativeGap(best.objective, lowerBound);
  return {
    status: proven || (gap !== null && gap <= 1e-6) ? 'optimal' : 'feasible',
    objective: best.objective,
    lowerBound,
    gap,
    elapsedMs,
    method: used,
    assignment: best.assignment,
    unassigned: problem.items.map((i) => i.id).filter((id) => best!.assignment[id] === undefined),
  };
}

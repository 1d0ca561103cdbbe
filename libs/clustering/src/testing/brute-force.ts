import { evaluateAssignment } from '../assignment.evaluate';
import { AssignmentProblem, AssignmentResult } from '../assignment.types';

/** The optimum of a small problem by trying every assignment (null when none is feasible): the truth the solver's tests compare with. */
export function bruteForce(problem: AssignmentProblem): number | null {
  const choices = problem.items.map((item) => [undefined, ...problem.pairs.filter((p) => p.item === item.id).map((p) => p.agent)]);
  let best: number | null = null;
  const current: Record<string, string> = {};
  const walk = (position: number) => {
    if (position === problem.items.length) {
      const evaluation = evaluateAssignment(problem, current);
      if (evaluation.violations.length === 0 && (best === null || evaluation.objective < best)) best = evaluation.objective;
      return;
    }
    for (const agent of choices[position]) {
      if (agent === undefined) delete current[problem.items[position].id];
      else current[problem.items[position].id] = agent;
      walk(position + 1);
    }
    delete current[problem.items[position].id];
  };
  walk(0);
  return best;
}

/** The solver's result on a small problem agrees with brute force: infeasible when nothing is, else proven at the true optimum, its bound no higher. */
export function expectBruteForceOptimum(problem: AssignmentProblem, result: AssignmentResult): void {
  const truth = bruteForce(problem);
  if (truth === null) {
    expect(result.status).toBe('infeasible');
    return;
  }
  expect(result.status).toBe('optimal');
  expect(result.objective).toBeCloseTo(truth, 6);
  expect(result.lowerBound as number).toBeLessThanOrEqual(truth + 1e-6);
}

import fc from 'fast-check';
import { columnGenerationApplies, columnGenerationDive } from './assignment.columns';
import { evaluateAssignment } from './assignment.evaluate';
import { seededRandom, solveHeuristic } from './assignment.heuristic';
import { indexProblem, toAssignment } from './assignment.index';
import { solveAssignment } from './assignment.solver';
import { AssignmentProblem } from './assignment.types';
import { bruteForce } from './testing/brute-force';

/** Small generalised assignment problems: capacities only, whole loads, some pairs missing. */
const gapProblems = fc
  .record({
    agents: fc.integer({ min: 1, max: 3 }),
    items: fc.integer({ min: 1, max: 7 }),
    requireAll: fc.boolean(),
    penalty: fc.integer({ min: 5, max: 60 }),
    seedPairs: fc.array(fc.record({ cost: fc.integer({ min: -20, max: 50 }), load: fc.integer({ min: 1, max: 10 }), keep: fc.integer({ min: 0, max: 3 }) }), { minLength: 21, maxLength: 21 }),
    capacities: fc.array(fc.integer({ min: 0, max: 25 }), { minLength: 3, maxLength: 3 }),
  })
  .map(({ agents, items, requireAll, penalty, seedPairs, capacities }): AssignmentProblem => {
    const agentIds = Array.from({ length: agents }, (_, a) => `a${a}`);
    const itemIds = Array.from({ length: items }, (_, i) => `i${i}`);
    return {
      kind: 'assignment',
      requireAll,
      unassignedPenalty: penalty,
      agents: agentIds.map((id, a) => ({ id, capacity: capacities[a] })),
      items: itemIds.map((id) => ({ id })),
      pairs: agentIds.flatMap((agent, a) => itemIds.flatMap((item, i) => (seedPairs[a * 7 + i].keep > 0 ? [{ agent, item, cost: seedPairs[a * 7 + i].cost, load: seedPairs[a * 7 + i].load }] : []))),
    };
  });

/** A type D instance (Chu and Beasley): load U[1,100], cost 111 - load + U[-10,10], capacity 80% of the mean total. */
function typeD(agents: number, items: number, seed: number): AssignmentProblem {
  const random = seededRandom(seed);
  const uniform = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  const pairs: AssignmentProblem['pairs'] = [];
  const totals = new Array<number>(agents).fill(0);
  for (let a = 0; a < agents; a++) {
    for (let j = 0; j < items; j++) {
      const load = uniform(1, 100);
      totals[a] += load;
      pairs.push({ agent: `a${a}`, item: `j${j}`, load, cost: 111 - load + uniform(-10, 10) });
    }
  }
  return {
    kind: 'assignment',
    requireAll: true,
    agents: totals.map((total, a) => ({ id: `a${a}`, capacity: Math.floor((0.8 * total) / agents) })),
    items: Array.from({ length: items }, (_, j) => ({ id: `j${j}` })),
    pairs,
  };
}

const far = () => Date.now() + 60_000;

describe('column generation and diving', () => {
  it('applies only to the generalised assignment problem: capacities alone, whole loads, no pins', () => {
    const base = typeD(2, 4, 1);
    expect(columnGenerationApplies(indexProblem(base))).toBe(true);
    expect(columnGenerationApplies(indexProblem({ ...base, agents: base.agents.map((a) => ({ ...a, maxItems: 3 })) }))).toBe(false);
    expect(columnGenerationApplies(indexProblem({ ...base, agents: base.agents.map((a) => ({ ...a, minTotal: 1 })), items: base.items.map((i) => ({ ...i, amount: 1 })) }))).toBe(false);
    expect(columnGenerationApplies(indexProblem({ ...base, pairs: base.pairs.map((p) => ({ ...p, load: p.load + 0.5 })) }))).toBe(false);
    expect(columnGenerationApplies(indexProblem({ ...base, pins: [{ agent: 'a0', item: 'j0' }] }))).toBe(false);
  });

  it('answers hold every capacity, cost what they say, and the bound never exceeds the brute-force optimum', async () => {
    await fc.assert(
      fc.asyncProperty(gapProblems, fc.integer({ min: 1, max: 5 }), async (problem, seed) => {
        const index = indexProblem(problem);
        const truth = bruteForce(problem);
        const dive = await columnGenerationDive(index, { deadline: far(), seed });
        if (truth === null) {
          expect(dive.agentOf).toBeNull();
          return;
        }
        expect(dive.lowerBound).toBeLessThanOrEqual(truth + 1e-6);
        if (!dive.agentOf) return;
        const evaluation = evaluateAssignment(problem, toAssignment(index, dive.agentOf));
        expect(evaluation.violations).toEqual([]);
        expect(dive.objective).toBeCloseTo(evaluation.objective, 6);
        expect(dive.objective).toBeGreaterThanOrEqual(truth - 1e-6);
      }),
      { numRuns: 80 },
    );
  });

  it('gives the same answer for the same seed', async () => {
    const problem = typeD(6, 40, 7);
    const index = indexProblem(problem);
    const first = await columnGenerationDive(index, { deadline: far(), seed: 4 });
    const second = await columnGenerationDive(index, { deadline: far(), seed: 4 });
    expect(first.agentOf).not.toBeNull();
    expect(Array.from(second.agentOf!)).toEqual(Array.from(first.agentOf!));
    expect(second.lowerBound).toBe(first.lowerBound);
  });

  it('beats greedy and local search on a type D instance, which only exact fills solve well', async () => {
    const problem = typeD(8, 64, 11);
    const index = indexProblem(problem);
    const local = evaluateAssignment(problem, solveHeuristic(problem, { deadline: Date.now() + 2_000, seed: 1 }));
    const dive = await columnGenerationDive(index, { deadline: far(), seed: 1 });
    expect(local.violations).toEqual([]);
    expect(dive.agentOf).not.toBeNull();
    expect(dive.objective).toBeLessThan(local.objective);
    expect(dive.lowerBound).toBeLessThanOrEqual(dive.objective);
  });

  it('leaves items out at their penalty where that is cheaper, and the answer says so', async () => {
    // Half the type D capacities and a penalty below most costs: the cheap way leaves items out.
    const tight = typeD(6, 60, 5);
    const problem: AssignmentProblem = { ...tight, requireAll: false, unassignedPenalty: 60, agents: tight.agents.map((a) => ({ ...a, capacity: Math.floor(a.capacity! / 2) })) };
    const index = indexProblem(problem);
    const dive = await columnGenerationDive(index, { deadline: far(), seed: 2 });
    expect(dive.agentOf).not.toBeNull();
    const evaluation = evaluateAssignment(problem, toAssignment(index, dive.agentOf!));
    expect(evaluation.violations).toEqual([]);
    const out = Array.from(dive.agentOf!).filter((a) => a < 0).length;
    expect(out).toBeGreaterThan(0);
    expect(dive.objective).toBeCloseTo(evaluation.objective, 6);
    const result = await solveAssignment(problem, { timeLimitMs: 3_000, seed: 2 });
    expect(result.unassigned.length).toBeGreaterThan(0);
    expect(result.lowerBound!).toBeLessThanOrEqual(result.objective! + 1e-6);
  });

  it('is what the solver uses on such an instance, and its bound is the one reported', async () => {
    const problem = typeD(8, 64, 11);
    const result = await solveAssignment(problem, { timeLimitMs: 5_000, seed: 1 });
    expect(evaluateAssignment(problem, result.assignment).violations).toEqual([]);
    expect(result.method).toMatch(/columns|milp/);
    expect(result.lowerBound).not.toBeNull();
    expect(result.lowerBound!).toBeLessThanOrEqual(result.objective! + 1e-6);
  });
});

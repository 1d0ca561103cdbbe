import fc from 'fast-check';
import { evaluateAssignment } from './assignment.evaluate';
import { focusedSearch, penalisedSearch, solveHeuristic } from './assignment.heuristic';
import { fromAssignment, indexProblem, restrictIndex, toAssignment } from './assignment.index';
import { evaluateLagrangian, lagrangianBound, minimumUnplaced } from './assignment.lagrangian';
import { pairsWorthKeeping, solveAssignment } from './assignment.solver';
import { AssignmentProblem } from './assignment.types';
import { bruteForce, expectBruteForceOptimum } from './testing/brute-force';

/** Small random problems: 2-3 agents, 2-6 items, some pairs, limits that bind, sometimes pins. */
const problems = fc
  .record({
    agents: fc.integer({ min: 1, max: 3 }),
    items: fc.integer({ min: 1, max: 6 }),
    requireAll: fc.boolean(),
    penalty: fc.integer({ min: 5, max: 60 }),
    seedPairs: fc.array(fc.record({ cost: fc.integer({ min: -20, max: 50 }), load: fc.integer({ min: 1, max: 10 }), keep: fc.boolean() }), { minLength: 18, maxLength: 18 }),
    limits: fc.array(fc.record({ capacity: fc.integer({ min: 5, max: 30 }), maxItems: fc.integer({ min: 1, max: 4 }), maxAmount: fc.integer({ min: 10, max: 60 }), minTotal: fc.integer({ min: 0, max: 30 }) }), { minLength: 3, maxLength: 3 }),
    amounts: fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 6, maxLength: 6 }),
    pin: fc.option(fc.record({ agent: fc.nat(2), item: fc.nat(5) }), { nil: undefined }),
  })
  .map(({ agents, items, requireAll, penalty, seedPairs, limits, amounts, pin }): AssignmentProblem => {
    const agentIds = Array.from({ length: agents }, (_, a) => `a${a}`);
    const itemIds = Array.from({ length: items }, (_, i) => `i${i}`);
    const pairs = agentIds.flatMap((agent, a) =>
      itemIds.flatMap((item, i) => {
        const seed = seedPairs[a * 6 + i];
        return seed.keep ? [{ agent, item, cost: seed.cost, load: seed.load }] : [];
      }),
    );
    const pinPair = pin && pairs.find((p) => p.agent === `a${pin.agent}` && p.item === `i${pin.item}`);
    return {
      kind: 'assignment',
      requireAll,
      unassignedPenalty: penalty,
      agents: agentIds.map((id, a) => ({ id, ...limits[a] })),
      items: itemIds.map((id, i) => ({ id, amount: amounts[i] })),
      pairs,
      pins: pinPair ? [{ agent: pinPair.agent, item: pinPair.item }] : [],
    };
  });

describe('assignment solver properties', () => {
  it('matches brute force on tiny problems: same optimum, or infeasible when nothing is', async () => {
    await fc.assert(
      fc.asyncProperty(problems, async (problem) => {
        expectBruteForceOptimum(problem, await solveAssignment(problem, { timeLimitMs: 5_000, seed: 3 }));
      }),
      { numRuns: 60 },
    );
  });

  it('returns only answers that keep every hard constraint and pin, with the objective it reports', async () => {
    await fc.assert(
      fc.asyncProperty(problems, fc.constantFrom<'auto' | 'heuristic'>('auto', 'heuristic'), async (problem, method) => {
        const result = await solveAssignment(problem, { timeLimitMs: 2_000, seed: 5, method });
        if (result.status === 'infeasible') return;
        const evaluation = evaluateAssignment(problem, result.assignment);
        expect(evaluation.violations).toEqual([]);
        expect(evaluation.objective).toBeCloseTo(result.objective as number, 9);
        expect(result.lowerBound as number).toBeLessThanOrEqual((result.objective as number) + 1e-6);
      }),
      { numRuns: 60 },
    );
  });

  it('gives the same answer for the same seed', () => {
    fc.assert(
      fc.property(problems, fc.integer(), (problem, seed) => {
        const deadline = Number.MAX_SAFE_INTEGER;
        expect(solveHeuristic(problem, { deadline, seed })).toEqual(solveHeuristic(problem, { deadline, seed }));
      }),
      { numRuns: 100 },
    );
  });

  it('never lets the Lagrangian bound pass the optimum, at any multipliers or after optimising them', () => {
    const prices = fc.array(fc.double({ min: 0, max: 500, noNaN: true }), { minLength: 9, maxLength: 9 });
    fc.assert(
      fc.property(problems, prices, (problem, u) => {
        const truth = bruteForce(problem);
        const index = indexProblem(problem);
        const m = index.agentIds.length;
        const multipliers = { load: Float64Array.from(u.slice(0, m)), items: Float64Array.from(u.slice(3, 3 + m)), amount: Float64Array.from(u.slice(6, 6 + m)) };
        const optimised = lagrangianBound(index, { deadline: Number.MAX_SAFE_INTEGER, maxIterations: 200, upperBound: truth ?? undefined });
        if (truth === null) return; // infeasible: any bound is true
        expect(evaluateLagrangian(index, multipliers).value).toBeLessThanOrEqual(truth + 1e-6);
        expect(optimised.bound).toBeLessThanOrEqual(truth + 1e-6);
      }),
      { numRuns: 150 },
    );
  });

  it('never lets the count of items out pass the true minimum, nor the bound with that count the optimum', () => {
    const prices = fc.array(fc.double({ min: 0, max: 500, noNaN: true }), { minLength: 9, maxLength: 9 });
    fc.assert(
      fc.property(problems, prices, (problem, u) => {
        const truth = bruteForce(problem);
        if (truth === null || problem.requireAll) return;
        // The fewest items any answer leaves out: brute force on the same problem with costs 0 and a penalty of 1.
        const fewestOut = bruteForce({ ...problem, unassignedPenalty: 1, pairs: problem.pairs.map((p) => ({ ...p, cost: 0 })) })!;
        const index = indexProblem(problem);
        const out = minimumUnplaced(index, { deadline: Number.MAX_SAFE_INTEGER, maxIterations: 300, upperBound: fewestOut });
        expect(out).toBeLessThanOrEqual(fewestOut);
        const maxPlaced = index.itemIds.length - out;
        const m = index.agentIds.length;
        const multipliers = { load: Float64Array.from(u.slice(0, m)), items: Float64Array.from(u.slice(3, 3 + m)), amount: Float64Array.from(u.slice(6, 6 + m)) };
        expect(evaluateLagrangian(index, multipliers, undefined, maxPlaced).value).toBeLessThanOrEqual(truth + 1e-6);
        const optimised = lagrangianBound(index, { deadline: Number.MAX_SAFE_INTEGER, maxIterations: 200, upperBound: truth, maxPlaced });
        expect(optimised.bound).toBeLessThanOrEqual(truth + 1e-6);
        // Reduced-cost fixing against that bound keeps an optimal answer.
        const keep = pairsWorthKeeping(index, optimised.multipliers, truth, null, maxPlaced);
        const kept = new Set([...keep.keys()].filter((k) => keep[k]).map((k) => `${index.agentIds[index.pairAgent[k]]}/${index.itemIds[index.pairItem[k]]}`));
        expect(bruteForce({ ...problem, pairs: problem.pairs.filter((p) => kept.has(`${p.agent}/${p.item}`)) })).toBeCloseTo(truth, 6);
      }),
      { numRuns: 150 },
    );
  });

  it('gets from the penalised tabu search only answers that keep every limit, the same for a seed', () => {
    fc.assert(
      fc.property(problems, fc.integer({ min: 1, max: 1000 }), (problem, seed) => {
        const index = indexProblem(problem);
        if (index.impossiblePin) return; // the solver answers 'infeasible' before any search
        const start = fromAssignment(index, solveHeuristic(problem, { deadline: Number.MAX_SAFE_INTEGER, seed }));
        const run = () => penalisedSearch(index, start, { deadline: Number.MAX_SAFE_INTEGER, seed, maxIterations: 200 });
        const found = run();
        expect(run()?.agentOf).toEqual(found?.agentOf);
        if (!found) return;
        const evaluation = evaluateAssignment(problem, toAssignment(index, found.agentOf));
        expect(evaluation.violations).toEqual([]);
        expect(evaluation.objective).toBeCloseTo(found.objective, 9);
        const truth = bruteForce(problem);
        if (truth !== null) expect(found.objective).toBeGreaterThanOrEqual(truth - 1e-6);
      }),
      { numRuns: 150 },
    );
  });

  it('keeps, after reduced-cost fixing, every pair an optimal answer needs', () => {
    fc.assert(
      fc.property(problems, (problem) => {
        const truth = bruteForce(problem);
        if (truth === null) return;
        const index = indexProblem(problem);
        const { multipliers } = lagrangianBound(index, { deadline: Number.MAX_SAFE_INTEGER, maxIterations: 200, upperBound: truth });
        const keep = pairsWorthKeeping(index, multipliers, truth, null);
        const kept = new Set([...keep.keys()].filter((k) => keep[k]).map((k) => `${index.agentIds[index.pairAgent[k]]}/${index.itemIds[index.pairItem[k]]}`));
        const restricted = { ...problem, pairs: problem.pairs.filter((p) => kept.has(`${p.agent}/${p.item}`)) };
        expect(bruteForce(restricted)).toBeCloseTo(truth, 6);
      }),
      { numRuns: 150 },
    );
  });

  it('restricts a problem to some agents and items: the same pairs, limits and pins, renumbered', () => {
    fc.assert(
      fc.property(problems, fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }), fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }), (problem, agentPicks, itemPicks) => {
        const index = indexProblem(problem);
        const agents = index.agentIds.map((_, a) => a).filter((a) => agentPicks[a]);
        const items = index.itemIds.map((_, j) => j).filter((j) => itemPicks[j]);
        const part = restrictIndex(index, agents, items);
        const describe = (ix: typeof index, k: number) => `${ix.agentIds[ix.pairAgent[k]]}/${ix.itemIds[ix.pairItem[k]]}/${ix.pairCost[k]}/${ix.pairLoad[k]}`;
        const expected = [...index.pairAgent.keys()].filter((k) => agents.includes(index.pairAgent[k]) && items.includes(index.pairItem[k])).map((k) => describe(index, k));
        expect([...part.pairAgent.keys()].map((k) => describe(part, k)).sort()).toEqual(expected.sort());
        expect(part.itemStart[items.length]).toBe(expected.length);
        part.agentIds.forEach((id, a) => {
          expect(part.capacity[a]).toBe(index.capacity[index.agentIds.indexOf(id)]);
          expect(part.maxItems[a]).toBe(index.maxItems[index.agentIds.indexOf(id)]);
          for (let q = part.agentStart[a]; q < part.agentStart[a + 1]; q++) expect(part.pairAgent[part.agentPairs[q]]).toBe(a);
        });
        part.itemIds.forEach((id, q) => {
          for (let k = part.itemStart[q]; k < part.itemStart[q + 1]; k++) expect(part.pairOf(part.pairAgent[k], q)).toBe(k);
          const pin = index.pinnedPair[index.itemIds.indexOf(id)];
          const pinnedInPart = pin >= 0 && agents.includes(index.pairAgent[pin]);
          expect(part.pinnedPair[q] >= 0 ? describe(part, part.pinnedPair[q]) : null).toBe(pinnedInPart ? describe(index, pin) : null);
        });
      }),
      { numRuns: 200 },
    );
  });

  it('gets from the focused search only answers that keep every limit and pin, never worse than its start', () => {
    fc.assert(
      fc.property(problems, fc.integer({ min: 1, max: 1000 }), (problem, seed) => {
        const index = indexProblem(problem);
        if (index.impossiblePin) return;
        const startAnswer = solveHeuristic(problem, { deadline: Number.MAX_SAFE_INTEGER, seed });
        const before = evaluateAssignment(problem, startAnswer);
        if (before.violations.length) return; // the search starts from answers only
        const { agentOf } = focusedSearch(index, fromAssignment(index, startAnswer), { deadline: Number.MAX_SAFE_INTEGER, seed });
        const evaluation = evaluateAssignment(problem, toAssignment(index, agentOf));
        expect(evaluation.violations).toEqual([]);
        expect(evaluation.objective).toBeLessThanOrEqual(before.objective + 1e-9);
        for (const pin of problem.pins ?? []) expect(toAssignment(index, agentOf)[pin.item]).toBe(pin.agent);
      }),
      { numRuns: 150 },
    );
  });

  it('places, by remaking a partner, an item the local search leaves out', () => {
    // a0 holds y (load 7) and has a free place, but z (load 6) does not fit beside y; a1 is full by count.
    // Only y to a1 and x to a0, a move that gains nothing by itself, makes room for z.
    const problem: AssignmentProblem = {
      kind: 'assignment',
      unassignedPenalty: 100,
      agents: [
        { id: 'a0', capacity: 10, maxItems: 2 },
        { id: 'a1', capacity: 10, maxItems: 1 },
      ],
      items: [{ id: 'x' }, { id: 'y' }, { id: 'z' }],
      pairs: [
        { agent: 'a0', item: 'x', cost: 0, load: 4 },
        { agent: 'a1', item: 'x', cost: 0, load: 6 },
        { agent: 'a0', item: 'y', cost: 0, load: 7 },
        { agent: 'a1', item: 'y', cost: 0, load: 3 },
        { agent: 'a0', item: 'z', cost: 0, load: 6 },
      ],
    };
    const index = indexProblem(problem);
    const start = fromAssignment(index, { x: 'a1', y: 'a0' });
    const { agentOf } = focusedSearch(index, start, { deadline: Number.MAX_SAFE_INTEGER, seed: 1 });
    expect(toAssignment(index, agentOf)).toEqual({ x: 'a0', y: 'a1', z: 'a0' });
  });
});

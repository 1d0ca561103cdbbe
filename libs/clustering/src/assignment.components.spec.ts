import fc from 'fast-check';
import { splitIntoComponents, worthSplitting } from './assignment.components';
import { evaluateAssignment } from './assignment.evaluate';
import { solveAssignment } from './assignment.solver';
import { AssignmentProblem, Pair } from './assignment.types';
import { expectBruteForceOptimum } from './testing/brute-force';

const pair = (agent: string, item: string, cost = 1, load = 1): Pair => ({ agent, item, cost, load });

/** a0-a1 share i1; a2 alone; a3 has no pair; i4 has none; the a2-i2 link is excluded, so a2 keeps only i3. */
const sample: AssignmentProblem = {
  kind: 'assignment',
  unassignedPenalty: 100,
  agents: [{ id: 'a0', capacity: 5 }, { id: 'a1', capacity: 5 }, { id: 'a2', capacity: 5 }, { id: 'a3', capacity: 5 }],
  items: ['i0', 'i1', 'i2', 'i3', 'i4'].map((id) => ({ id })),
  pairs: [pair('a0', 'i0'), pair('a0', 'i1'), pair('a1', 'i1'), pair('a1', 'i2'), pair('a2', 'i2'), pair('a2', 'i3')],
  exclusions: [{ agent: 'a2', item: 'i2' }],
  pins: [{ agent: 'a2', item: 'i3' }],
};

describe('splitting a problem into its connected parts', () => {
  it('groups agents linked by shared items, drops excluded pairs, and sets aside items nobody can take', () => {
    const components = splitIntoComponents(sample);
    const { parts, stranded } = components;
    expect(stranded).toEqual(['i4']);
    expect(parts.map((part) => part.agents.map((a) => a.id))).toEqual([['a2'], ['a0', 'a1']]);
    expect(parts.map((part) => part.items.map((i) => i.id))).toEqual([['i3'], ['i0', 'i1', 'i2']]);
    expect(parts[0].pins).toEqual([{ agent: 'a2', item: 'i3' }]);
    expect(parts[1].pairs).toHaveLength(4);
    expect(parts.every((part) => part.unassignedPenalty === 100 && part.exclusions?.length === 0)).toBe(true);
    expect(components.pinsHold).toBe(true);
    expect(worthSplitting(sample, components)).toBe(true);
  });

  it('leaves to the whole solver what only it reports: broken pins, two pins on an item, a required item nobody takes, one part', () => {
    const worth = (problem: AssignmentProblem) => worthSplitting(problem, splitIntoComponents(problem));
    expect(worth({ ...sample, pins: [{ agent: 'a2', item: 'i2' }] })).toBe(false);
    expect(worth({ ...sample, pins: [{ agent: 'a0', item: 'i1' }, { agent: 'a1', item: 'i1' }] })).toBe(false);
    expect(worth({ ...sample, requireAll: true })).toBe(false);
    expect(worth({ ...sample, items: sample.items.slice(0, 3), pairs: sample.pairs.slice(0, 4), pins: [] })).toBe(false);
  });

  it('solves part by part: items nobody takes cost their penalty, in the answer and in the bound', async () => {
    const reported: number[] = [];
    const result = await solveAssignment(sample, { timeLimitMs: 2_000, seed: 1, onProgress: (done) => reported.push(done) });
    // Parts by pairs: a2's 1 pair, then a0-a1's 4.
    expect(reported).toEqual([0.2, 1]);
    expect(result.status).toBe('optimal');
    expect(result.assignment).toMatchObject({ i0: 'a0', i2: 'a1', i3: 'a2' });
    expect(['a0', 'a1']).toContain(result.assignment.i1);
    expect(result.unassigned).toEqual(['i4']);
    expect(result.objective).toBe(4 + 100);
    expect(result.lowerBound).toBeCloseTo(104, 9);
    expect(result.method).toMatch(/^2 parts/);
  });

  it('reports progress once, at the end, for a problem that does not split', async () => {
    const whole: AssignmentProblem = { ...sample, items: sample.items.slice(0, 3), pairs: sample.pairs.slice(0, 4), pins: [] };
    const reported: number[] = [];
    await solveAssignment(whole, { timeLimitMs: 1_000, seed: 1, onProgress: (done) => reported.push(done) });
    expect(reported).toEqual([1]);
  });

  /** Two to three independent blocks of 1-2 agents and 1-3 items each, with binding limits: their optimum is the sum of the blocks'. */
  const blocks = fc
    .record({
      requireAll: fc.boolean(),
      penalty: fc.integer({ min: 5, max: 60 }),
      blocks: fc.array(
        fc.record({
          agents: fc.array(fc.record({ capacity: fc.integer({ min: 3, max: 15 }), maxItems: fc.integer({ min: 1, max: 3 }), minTotal: fc.integer({ min: 0, max: 12 }) }), { minLength: 1, maxLength: 2 }),
          items: fc.array(fc.record({ amount: fc.integer({ min: 1, max: 10 }), costs: fc.array(fc.integer({ min: -10, max: 40 }), { minLength: 2, maxLength: 2 }), loads: fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 2, maxLength: 2 }), both: fc.boolean() }), { minLength: 1, maxLength: 3 }),
        }),
        { minLength: 2, maxLength: 3 },
      ),
    })
    .map(({ requireAll, penalty, blocks: parts }): AssignmentProblem => {
      const problem: AssignmentProblem = { kind: 'assignment', requireAll, unassignedPenalty: penalty, agents: [], items: [], pairs: [] };
      parts.forEach((block, b) => {
        block.agents.forEach((agent, a) => problem.agents.push({ id: `b${b}a${a}`, ...agent }));
        block.items.forEach((item, i) => {
          const id = `b${b}i${i}`;
          problem.items.push({ id, amount: item.amount });
          const agents = item.both ? block.agents.map((_, a) => a) : [i % block.agents.length];
          for (const a of agents) problem.pairs.push(pair(`b${b}a${a}`, id, item.costs[a], item.loads[a]));
        });
      });
      return problem;
    });

  it('matches brute force on problems made of independent blocks, with answers that keep every limit', async () => {
    await fc.assert(
      fc.asyncProperty(blocks, async (problem) => {
        const result = await solveAssignment(problem, { timeLimitMs: 3_000, seed: 2 });
        expectBruteForceOptimum(problem, result);
        if (result.status === 'infeasible') return;
        const evaluation = evaluateAssignment(problem, result.assignment);
        expect(evaluation.violations).toEqual([]);
        expect(evaluation.objective).toBeCloseTo(result.objective as number, 9);
      }),
      { numRuns: 60 },
    );
  });
});

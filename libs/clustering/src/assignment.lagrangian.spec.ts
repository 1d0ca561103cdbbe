import { domainInstance } from '../../../bench/clustering/generators';
import { lpRelaxationValue } from '../../../bench/clustering/lp-relaxation';
import { splitIntoComponents } from './assignment.components';
import { indexProblem } from './assignment.index';
import { lagrangianBound } from './assignment.lagrangian';
import { compileDomain } from './domain.compiler';

describe('the Lagrangian bound', () => {
  // Relaxing the agents' limits keeps whole-item choices, whose LP has whole optima: at convergence the
  // bound is the LP value of the model without the minimum totals, so at most the LP value with them.
  it('climbs to the LP value where the penalty dominates and places are scarce, unless the deadline stops it', async () => {
    // The 25-partner part of a generated 1,000 x 35 call (715 applications, 4,012 pairs). With the step
    // cap it once had (1,000) the bound stopped at 9,682, 25% under the LP value.
    const problem = compileDomain(domainInstance(1000, 35, 6));
    const part = splitIntoComponents(problem).parts.find((candidate) => candidate.agents.length === 25)!;
    const lp = await lpRelaxationValue(part);
    const { bound, iterations } = lagrangianBound(indexProblem(part), { deadline: Number.MAX_SAFE_INTEGER });
    expect(iterations).toBeGreaterThan(1000);
    expect(bound).toBeGreaterThanOrEqual(lp * (1 - 1e-4));
    expect(bound).toBeLessThanOrEqual(lp + 1e-6 * Math.abs(lp));
  });
});

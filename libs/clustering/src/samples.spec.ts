import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateAssignment } from './assignment.evaluate';
import { solveAssignment } from './assignment.solver';
import { compileDomain } from './domain.compiler';
import { ClusteringProblem } from './domain.types';

/**
 * The published samples (a copy of shared/clustering kept in the repository, so a clean clone can
 * run them anywhere): problems solved to proven optimality with HiGHS (relative gap 1e-6).
 */
const SHARED = process.env.MOSAIC_SHARED_DIR ?? join(__dirname, '..', 'samples');
const SAMPLES: [string, number][] = [
  ['sample-40x5.json', 7438.739074669],
  ['sample-150x10.json', 12240.061326843],
  ['sample-300x16.json', 26631.450657032],
];

describe('published samples', () => {
  it.each(SAMPLES)('%s reaches the proven optimum %d', async (file, optimum) => {
    const problem = JSON.parse(readFileSync(join(SHARED, file), 'utf8')) as ClusteringProblem;
    const compiled = compileDomain(problem);
    const result = await solveAssignment(compiled, { timeLimitMs: 20_000, seed: 7 });
    expect(result.status).toBe('optimal');
    expect(Math.abs((result.objective as number) - optimum) / optimum).toBeLessThan(1e-6);
    const recomputed = evaluateAssignment(compiled, result.assignment);
    expect(recomputed.violations).toEqual([]);
    expect(recomputed.objective).toBeCloseTo(result.objective as number, 6);
  });
});

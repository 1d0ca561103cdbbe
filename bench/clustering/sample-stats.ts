/**
 * The statistics the domain generator was fitted to: the published samples beside generated instances
 * of the same sizes, so the fit can be checked rather than believed.
 *
 *   npm run build && node dist/bench/clustering/sample-stats.js
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClusteringProblem, compileDomain } from '@mosaic/clustering';
import { domainInstance } from './generators';

// dist/bench/clustering -> libs/clustering/samples (the repository's copy of shared/clustering).
const SHARED = process.env.MOSAIC_SHARED_DIR ?? join(__dirname, '..', '..', '..', 'libs', 'clustering', 'samples');

const quantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))];
const mean = (values: number[]) => values.reduce((s, v) => s + v, 0) / Math.max(1, values.length);
const range = (values: number[], digits = 2) => `${Math.min(...values).toFixed(digits)}-${Math.max(...values).toFixed(digits)} (mean ${mean(values).toFixed(digits)})`;

function describe(name: string, problem: ClusteringProblem) {
  const apps = problem.applications;
  const partners = problem.partners;
  const perPartner = apps.length / partners.length;
  const amounts = apps.map((a) => a.amount);
  const seats = partners.reduce((s, p) => s + Math.min(p.maxMembers, problem.policy.maxMembersPerCluster), 0);
  const compiled = compileDomain(problem);
  const countries = new Set(apps.map((a) => a.country));
  console.log(`${name}: ${apps.length} x ${partners.length}, ${countries.size} countries, ${(compiled.pairs.length / apps.length).toFixed(1)} pairs per application`);
  console.log(`  amounts: median ${quantile(amounts, 0.5)}, mean ${mean(amounts).toFixed(0)}, q10 ${quantile(amounts, 0.1)}, q90 ${quantile(amounts, 0.9)}, max ${Math.max(...amounts)}`);
  console.log(`  themes per application ${mean(apps.map((a) => a.themes.length)).toFixed(2)}, languages per application ${mean(apps.map((a) => a.languages.length)).toFixed(2)}`);
  console.log(`  maxMembers / (n/m) ${range(partners.map((p) => p.maxMembers / perPartner))}, maxTotal / maxMembers ${range(partners.map((p) => p.maxTotal / p.maxMembers), 0)}`);
  console.log(`  oversightHours / maxMembers ${range(partners.map((p) => p.oversightHours / p.maxMembers), 1)}, feeRate ${range(partners.map((p) => p.feeRate), 3)}`);
  console.log(`  partners serving two countries ${partners.filter((p) => p.countries.length > 1).length}/${partners.length}, speaking en ${partners.filter((p) => p.languages.includes('en')).length}/${partners.length}, seats / applications ${(seats / apps.length).toFixed(2)}`);
}

for (const [file, size] of [['sample-40x5.json', [40, 5]], ['sample-150x10.json', [150, 10]], ['sample-300x16.json', [300, 16]]] as const) {
  describe(file, JSON.parse(readFileSync(join(SHARED, file), 'utf8')) as ClusteringProblem);
  describe(`  generated ${size[0]} x ${size[1]}`, domainInstance(size[0], size[1], 1));
}
describe('generated 1000 x 35', domainInstance(1000, 35, 3));
describe('generated 10000 x 300', domainInstance(10_000, 300, 4));

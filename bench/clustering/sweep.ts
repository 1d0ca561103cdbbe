/**
 * A domain target across generator seeds, not only the one instance the main benchmark runs: for each
 * seed, the connected parts of the candidate graph (partners x applications), Mosaic's status, answer,
 * bound, gap and time, and how many seeds were proven; with --plain-ms, plain HiGHS's answer given that
 * long beside it (the 1,000 x 35 target: "never worse than plain HiGHS given 30 s").
 *
 *   npm run build && node dist/bench/clustering/sweep.js [--apps 300] [--partners 16] [--seeds 1-6] [--time-limit-ms 10000] [--plain-ms 30000]
 */
import { compileDomain, evaluateAssignment, solveAssignment, solveMilp, splitIntoComponents } from '@mosaic/clustering';
import { domainInstance } from './generators';

const argument = (name: string, fallback: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : fallback);
const applications = Number(argument('--apps', '300'));
const partners = Number(argument('--partners', '16'));
const [firstSeed, lastSeed] = argument('--seeds', '1-6').split('-').map(Number);
const timeLimitMs = Number(argument('--time-limit-ms', '10000'));
const plainMs = Number(argument('--plain-ms', '0'));

async function main() {
  console.log(`domain ${applications} x ${partners}, ${timeLimitMs} ms, solver seed 1${plainMs ? `; plain HiGHS ${plainMs} ms` : ''}`);
  console.log(`seed  parts (partners x applications)              status    objective      bound          gap%    ms${plainMs ? '      plain HiGHS  Mosaic not worse' : ''}`);
  let proven = 0;
  let notWorse = 0;
  for (let seed = firstSeed; seed <= (lastSeed ?? firstSeed); seed++) {
    const problem = compileDomain(domainInstance(applications, partners, seed));
    const parts = splitIntoComponents(problem).parts.map((part) => `${part.agents.length}x${part.items.length}`).join(' ');
    const result = await solveAssignment(problem, { timeLimitMs, seed: 1 });
    if (result.status === 'optimal') proven++;
    const gap = result.gap === null ? '-' : (result.gap * 100).toFixed(3);
    let plain = '';
    if (plainMs) {
      const milp = await solveMilp(problem, { timeLimitMs: plainMs, seed: 1 });
      const objective = milp.assignment ? evaluateAssignment(problem, milp.assignment).objective : null;
      const ok = objective === null || (result.objective !== null && result.objective <= objective + 1e-6);
      if (ok) notWorse++;
      plain = `  ${(objective?.toFixed(2) ?? '-').padStart(14)}  ${ok ? 'yes' : 'no'}`;
    }
    console.log(`${String(seed).padEnd(5)} ${parts.padEnd(44)} ${result.status.padEnd(9)} ${result.objective?.toFixed(2).padStart(12)} ${result.lowerBound?.toFixed(2).padStart(14)} ${gap.padStart(7)} ${String(result.elapsedMs).padStart(6)}${plain}`);
  }
  const seeds = (lastSeed ?? firstSeed) - firstSeed + 1;
  console.log(`proven optimal: ${proven} of ${seeds}${plainMs ? `; not worse than plain HiGHS: ${notWorse} of ${seeds}` : ''}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

/**
 * The largest connected part of a generated domain instance (the part that decides the two unmet
 * targets), and what each way of strengthening HiGHS tried on it gives: the LP value, then, per HiGHS
 * seed, status, answer, bound and time.
 *
 *   npm run bench:clustering:largest-part -- [--apps 300] [--partners 16] [--seed 2]
 *     [--seconds 20] [--solver-seeds 1-3] [--variants plain,dominance,aggregate] [--mosaic-ms 2500] [--dw-seconds 300]
 *
 * Variants (each on Mosaic's strong model, all pairs, with the row "at most n - k placed", k the counting
 * LP rounded up, as `reference.ts --model parts` runs it):
 * - plain: nothing added.
 * - dominance: where two applications have the same partners and one is no worse on load, cost (at each
 *   partner) and amount, "the better one is out only if the other is out".
 * - aggregate: per set of partners, "at most c of the applications go to these partners", c from the
 *   smallest loads and amounts that fit their total hours and money, and their member limits.
 * - kernel: HiGHS on the pairs the LP uses or prices within 0.25 of it, plus those of Mosaic's own answer
 *   (after --mosaic-ms), warm-started from that answer (a kernel search's first step).
 * - dantzig-wolfe: column generation (a HiGHS knapsack per partner, the count row in the master) for at
 *   most --dw-seconds; the master's value is at least the Dantzig-Wolfe bound, so once it falls below
 *   the optimum that bound cannot prove it.
 */
import { AssignmentProblem, buildStrongLp, compileDomain, fromAssignment, highs, IndexedProblem, indexProblem, solveAssignment, solveStrongMilp, splitIntoComponents } from '@mosaic/clustering';

import { domainInstance } from './generators';
import { lpRelaxationValue } from './lp-relaxation';

const argument = (name: string, fallback: string) => (process.argv.includes(`--${name}`) ? process.argv[process.argv.indexOf(`--${name}`) + 1] : fallback);
/** A numeric option; anything but a positive number stops the run with a message naming the option. */
const positive = (name: string, fallback: string) => {
  const value = Number(argument(name, fallback));
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number, not "${argument(name, fallback)}"`);
  return value;
};
const VARIANTS = ['plain', 'dominance', 'aggregate', 'kernel', 'dantzig-wolfe'];
/** Reduced cost up to which the kernel keeps a pair the LP does not use. */
const KERNEL_REDUCED_COST = 0.25;

const text = (value: number) => (Math.abs(value) < 1e-12 ? '0' : Number.isInteger(value) ? String(value) : value.toPrecision(15).replace(/\.?0+$/, ''));
const term = (coefficient: number, variable: string) => `${coefficient < 0 ? '-' : '+'} ${text(Math.abs(coefficient))} ${variable}`;
const pairsOf = (index: IndexedProblem, j: number) => Array.from({ length: index.itemStart[j + 1] - index.itemStart[j] }, (_, i) => index.itemStart[j] + i);
const agentPairs = (index: IndexedProblem, a: number) => Array.from({ length: index.agentStart[a + 1] - index.agentStart[a] }, (_, i) => index.agentPairs[index.agentStart[a] + i]);

/** "q placed implies p placed" where p is no worse than q at every partner they share (both have the same partners). */
function dominanceRows(index: IndexedProblem, column: (k: number) => string): string[] {
  const rows: string[] = [];
  const n = index.itemIds.length;
  for (let p = 0; p < n; p++) {
    for (let q = 0; q < n; q++) {
      if (p === q || index.amount[p] > index.amount[q]) continue;
      const mine = pairsOf(index, p);
      const theirs = new Map(pairsOf(index, q).map((k) => [index.pairAgent[k], k]));
      if (mine.length !== theirs.size || mine.some((k) => !theirs.has(index.pairAgent[k]))) continue;
      const noWorse = mine.every((k) => index.pairLoad[k] <= index.pairLoad[theirs.get(index.pairAgent[k])!] && index.pairCost[k] <= index.pairCost[theirs.get(index.pairAgent[k])!]);
      const identical = index.amount[p] === index.amount[q] && mine.every((k) => index.pairLoad[k] === index.pairLoad[theirs.get(index.pairAgent[k])!] && index.pairCost[k] === index.pairCost[theirs.get(index.pairAgent[k])!]);
      if (!noWorse || (identical && p > q)) continue;
      rows.push(` dom${p}_${q}: ${[...theirs.values()].map((k) => `+ ${column(k)}`).join(' ')} ${mine.map((k) => `- ${column(k)}`).join(' ')} <= 0`);
    }
  }
  return rows;
}

/** Per set of partners, at most as many applications as their hours, money and member limits can hold. */
function aggregateRows(index: IndexedProblem, column: (k: number) => string): string[] {
  const m = index.agentIds.length;
  if (m > 12) return [];
  const fitting = (values: number[], room: number) => {
    let used = 0;
    let count = 0;
    for (const value of [...values].sort((x, y) => x - y)) {
      if (used + value > room + 1e-9) break;
      used += value;
      count++;
    }
    return count;
  };
  const rows: string[] = [];
  for (let set = 1; set < 1 << m; set++) {
    const agents = Array.from({ length: m }, (_, a) => a).filter((a) => set & (1 << a));
    const pairs = agents.flatMap((a) => agentPairs(index, a));
    const leastLoad = new Map<number, number>();
    for (const k of pairs) leastLoad.set(index.pairItem[k], Math.min(leastLoad.get(index.pairItem[k]) ?? Infinity, index.pairLoad[k]));
    const items = [...leastLoad.keys()];
    const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
    const most = Math.min(
      fitting([...leastLoad.values()], sum(agents.map((a) => index.capacity[a]))),
      fitting(items.map((j) => index.amount[j]), sum(agents.map((a) => index.maxAmount[a]))),
      sum(agents.map((a) => index.maxItems[a])),
    );
    if (most < items.length) rows.push(` agg${set}: ${pairs.map((k) => `+ ${column(k)}`).join(' ')} <= ${most}`);
  }
  return rows;
}

/** Runs LP text (as an LP when `relax`); the value includes the model's constant; `names`' values and reduced costs in their order. */
async function runText(lp: string, constant: number, options: { relax?: boolean; seconds?: number; seed?: number; names?: string[] }) {
  const solver = await highs();
  const model = solver.createModel({ format: 'lp', data: options.relax ? lp.replace(/Binaries\n.*\n/, '') : lp });
  try {
    model.options.set({ output_flag: false, time_limit: options.seconds ?? 1e9, random_seed: options.seed ?? 1, mip_rel_gap: 1e-6 });
    const began = Date.now();
    model.run();
    const optimal = model.getModelStatus() === solver.constants.modelStatus.optimal;
    const bound = options.relax ? model.getObjectiveValue() : Number(model.info.get('mip_dual_bound'));
    const { colValue, colDual } = model.getSolution();
    const at = (options.names ?? []).map((name) => model.getColByName(name));
    return { optimal, value: model.getObjectiveValue() + constant, bound: bound + constant, ms: Date.now() - began, values: at.map((i) => colValue[i]), reducedCosts: at.map((i) => colDual[i]) };
  } finally {
    model.dispose();
  }
}

/** Column generation on the part: the master's value and the best Lagrangian bound, every 10 rounds. */
async function dantzigWolfe(index: IndexedProblem, maxPlaced: number, seconds: number) {
  const solver = await highs();
  const n = index.itemIds.length;
  const m = index.agentIds.length;
  const penalty = index.unplacedCost;
  const scale = Math.max(1, ...index.amount);
  const sets: { agent: number; items: number[]; cost: number }[] = [];
  const began = Date.now();
  let best = -Infinity;
  for (let round = 0; Date.now() - began < seconds * 1000; round++) {
    const member = (j: number) => sets.flatMap((set, s) => (set.items.includes(j) ? [`+ s${s}`] : []));
    const rows = [
      ...Array.from({ length: n }, (_, j) => ` i${j}: ${member(j).join(' ') || '0 s_none'} <= 1`),
      ` placed: ${sets.map((set, s) => `+ ${set.items.length} s${s}`).join(' ') || '0 s_none'} <= ${maxPlaced}`,
      ...Array.from({ length: m }, (_, a) => ` a${a}: ${sets.flatMap((set, s) => (set.agent === a ? [`+ s${s}`] : [])).join(' ') || '0 s_none'} <= 1`),
    ];
    const master = solver.createModel({ format: 'lp', data: ['Minimize', ` obj: ${sets.map((set, s) => term(set.cost, `s${s}`)).join(' ') || '0 s_none'}`, 'Subject To', ...rows, 'End'].join('\n') });
    master.options.set({ output_flag: false });
    master.run();
    const value = master.getObjectiveValue();
    const { rowDual } = master.getSolution();
    const dual = (name: string) => rowDual[master.getRowByName(name)];
    const itemDual = Array.from({ length: n }, (_, j) => dual(`i${j}`));
    const placedDual = dual('placed');
    const agentDual = Array.from({ length: m }, (_, a) => dual(`a${a}`));
    master.dispose();
    let lagrangian = value;
    let added = 0;
    for (let a = 0; a < m; a++) {
      const ks = agentPairs(index, a);
      const price = (k: number) => index.pairCost[k] - penalty - itemDual[index.pairItem[k]] - placedDual;
      const money = (k: number) => index.amount[index.pairItem[k]] / scale;
      const knapsack = [
        'Minimize',
        ` obj: ${ks.map((k, z) => term(price(k), `z${z}`)).join(' ')}`,
        'Subject To',
        ` hours: ${ks.map((k, z) => term(index.pairLoad[k], `z${z}`)).join(' ')} <= ${text(index.capacity[a])}`,
        ...(Number.isFinite(index.maxItems[a]) ? [` members: ${ks.map((_, z) => `+ z${z}`).join(' ')} <= ${index.maxItems[a]}`] : []),
        ...(Number.isFinite(index.maxAmount[a]) ? [` money: ${ks.map((k, z) => term(money(k), `z${z}`)).join(' ')} <= ${text(index.maxAmount[a] / scale)}`] : []),
        ` minimum: ${ks.map((k, z) => term(money(k), `z${z}`)).join(' ')} - ${text(index.minTotal[a] / scale)} y >= 0`,
        ...ks.map((_, z) => ` used${z}: + z${z} - y <= 0`),
        'Binaries',
        ` ${ks.map((_, z) => `z${z}`).join(' ')} y`,
        'End',
      ].join('\n');
      const pricing = solver.createModel({ format: 'lp', data: knapsack });
      pricing.options.set({ output_flag: false, mip_rel_gap: 1e-9 });
      pricing.run();
      const reduced = pricing.getObjectiveValue() - agentDual[a];
      const chosen = ks.filter((_, z) => pricing.getSolution().colValue[pricing.getColByName(`z${z}`)] > 0.5);
      pricing.dispose();
      lagrangian += Math.min(0, reduced);
      if (reduced < -1e-7) {
        sets.push({ agent: a, items: chosen.map((k) => index.pairItem[k]), cost: chosen.reduce((sum, k) => sum + index.pairCost[k] - penalty, 0) });
        added++;
      }
    }
    best = Math.max(best, lagrangian);
    const done = added === 0;
    if (round % 10 === 0 || done) console.log(`  round ${round}: master ${(value + penalty * n).toFixed(2)} (at least the Dantzig-Wolfe bound), best Lagrangian ${(best + penalty * n).toFixed(2)}, ${sets.length} sets, ${Date.now() - began} ms`);
    if (done) break;
  }
}

async function main() {
  const [firstSeed, lastSeed] = argument('solver-seeds', '1-3').split('-').map(Number);
  if (!Number.isInteger(firstSeed) || !Number.isInteger(lastSeed ?? firstSeed) || (lastSeed ?? firstSeed) < firstSeed) throw new Error(`--solver-seeds must be N or N-M, not "${argument('solver-seeds', '1-3')}"`);
  const seeds = Array.from({ length: (lastSeed ?? firstSeed) - firstSeed + 1 }, (_, i) => firstSeed + i);
  const seconds = positive('seconds', '20');
  const variants = argument('variants', 'plain,dominance,aggregate').split(',');
  const unknown = variants.filter((variant) => !VARIANTS.includes(variant));
  if (unknown.length) throw new Error(`--variants takes ${VARIANTS.join(', ')}; not ${unknown.join(', ')}`);
  const [apps, partners, seed] = [positive('apps', '300'), positive('partners', '16'), positive('seed', '2')];
  const { parts } = splitIntoComponents(compileDomain(domainInstance(apps, partners, seed)));
  const part: AssignmentProblem = parts.reduce((largest, next) => (next.pairs.length > largest.pairs.length ? next : largest));
  const index = indexProblem(part);
  const countingLp = await lpRelaxationValue({ ...part, requireAll: false, unassignedPenalty: 1, pairs: part.pairs.map((p) => ({ ...p, cost: 0 })) });
  const maxPlaced = index.itemIds.length - Math.ceil(countingLp - 1e-6 * index.itemIds.length);
  console.log(`domain ${apps} x ${partners} seed ${seed}: largest part ${part.agents.length} partners x ${part.items.length} applications, ${index.pairCost.length} pairs; at most ${maxPlaced} placed`);

  const all = new Uint8Array(index.pairCost.length).fill(1);
  const strong = buildStrongLp(index, all, maxPlaced);
  const columnOf = new Map(strong.columns.map((k, c) => [k, `x${c}`]));
  const column = (k: number) => columnOf.get(k)!;
  for (const variant of variants) {
    if (variant === 'dantzig-wolfe') {
      console.log('dantzig-wolfe:');
      await dantzigWolfe(index, maxPlaced, positive('dw-seconds', '300'));
      continue;
    }
    if (variant === 'kernel') {
      const ours = await solveAssignment(part, { timeLimitMs: positive('mosaic-ms', '2500'), seed: 1 });
      const answer = fromAssignment(index, ours.assignment);
      const lp = await runText(strong.text, strong.constant, { relax: true, names: strong.columns.map(column) });
      const keep = new Uint8Array(index.pairCost.length);
      strong.columns.forEach((k, c) => {
        keep[k] = lp.values[c] > 1e-6 || lp.reducedCosts[c] <= KERNEL_REDUCED_COST || answer[index.pairItem[k]] === index.pairAgent[k] ? 1 : 0;
      });
      console.log(`kernel: Mosaic's answer ${ours.objective?.toFixed(2)} (bound ${ours.lowerBound?.toFixed(2)}); LP ${lp.value.toFixed(2)}; ${keep.reduce((sum, kept) => sum + kept, 0)} pairs kept`);
      for (const solverSeed of seeds) {
        const began = Date.now();
        const milp = await solveStrongMilp(index, { timeLimitMs: seconds * 1000, seed: solverSeed, keep, warmStart: answer, maxPlaced });
        console.log(`  seed ${solverSeed}: ${milp.status}, answer ${milp.objective?.toFixed(2)}, bound ${milp.lowerBound?.toFixed(2)}, ${Date.now() - began} ms`);
      }
      continue;
    }
    const rows = variant === 'dominance' ? dominanceRows(index, column) : variant === 'aggregate' ? aggregateRows(index, column) : [];
    const model = strong.text.replace('\nBounds\n', `\n${rows.join('\n')}${rows.length ? '\n' : ''}Bounds\n`);
    const lp = await runText(model, strong.constant, { relax: true });
    console.log(`${variant}: ${rows.length} rows added, LP ${lp.value.toFixed(2)}`);
    for (const solverSeed of seeds) {
      const milp = await runText(model, strong.constant, { seconds, seed: solverSeed });
      console.log(`  seed ${solverSeed}: ${milp.optimal ? 'optimal' : 'time limit'}, answer ${milp.value.toFixed(2)}, bound ${milp.bound.toFixed(2)}, ${milp.ms} ms`);
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

import { seededRandom } from './assignment.heuristic';
import { IndexedProblem, restrictIndex } from './assignment.index';
import { Highs, highs, solveStrongMilp } from './assignment.milp';

type Model = ReturnType<Highs['createModel']>;

/** Largest knapsack table (items x capacity cells) the pricing may fill per agent. */
const MAX_TABLE_CELLS = 4_000_000;
/** Wentges smoothing of the pricing duals toward the best Lagrangian point so far. */
const SMOOTHING = 0.5;
/**
 * Column-generation rounds at most per diving step: in practice until no set enters. Measured on type E
 * (seed 6): 8 rounds a step gave 21,395, converged steps 21,338-21,351.
 */
const DIVE_ROUNDS = 100;
/** Share of the time for the root (subgradient steps, then column generation); the dives get the rest. */
const ROOT_SHARE = 0.4;
/** The root stops once the master's value is this close (relative) to the Lagrangian bound. */
const ROOT_GAP = 2e-4;
/** Dives that fail (an item left out where all must be placed) back up this many times at most. */
const MAX_BACKTRACKS = 40;
/** With this many agents left the dive hands what is left to HiGHS, for at most FINISH_MS. */
const FINISH_AGENTS = 2;
const FINISH_MS = 1000;
/** Sets per agent a diving step's master starts with (those cheapest at the last duals). */
const COLUMNS_PER_AGENT = 60;
/** Dives in a row that find nothing better end the search (the first dive is the deterministic one). */
const IDLE_DIVES = 4;
/** Knapsack cells (agents x items x capacity) per pricing pass above which column generation is not used. */
const MAX_PRICING_CELLS = 20_000_000;
/** Subgradient steps at most before the master takes over (type D and E stop near 300-400 on time). */
const WARM_ITERATIONS = 600;
const EPSILON = 1e-9;

/**
 * Column generation applies where each agent's only limit is its capacity and loads and capacities are
 * whole numbers (the pricing is a 0-1 knapsack solved by dynamic programming over the capacity), with
 * no pins: the generalised assignment problem itself (the benchmark's types C, D and E).
 */
export function columnGenerationApplies(index: IndexedProblem): boolean {
  const m = index.agentIds.length;
  const n = index.itemIds.length;
  if (m === 0 || n === 0) return false;
  for (let a = 0; a < m; a++) {
    if (Number.isFinite(index.maxItems[a]) || Number.isFinite(index.maxAmount[a]) || index.minTotal[a] > 0) return false;
    if (!Number.isFinite(index.capacity[a]) || (n + 1) * (Math.floor(index.capacity[a]) + 1) > MAX_TABLE_CELLS) return false;
  }
  for (let j = 0; j < n; j++) if (index.pinnedPair[j] >= 0) return false;
  for (const load of index.pairLoad) if (!Number.isInteger(load) || load < 0) return false;
  let cells = 0;
  for (let a = 0; a < m; a++) cells += (index.agentStart[a + 1] - index.agentStart[a]) * (Math.floor(index.capacity[a]) + 1);
  return cells <= MAX_PRICING_CELLS;
}

export interface ColumnDiveOutcome {
  /** Agent per item (-1 out), or null when the dive found no answer in time. */
  agentOf: Int32Array | null;
  objective: number;
  /** The Dantzig-Wolfe (knapsack Lagrangian) bound reached at the root; -Infinity if none. */
  lowerBound: number;
  rounds: number;
}

/** The best subset of the allowed items for one agent: max sum(profit) with sum(load) <= capacity. */
class KnapsackPricer {
  private readonly value: Float64Array;
  private readonly take: Uint8Array;
  private readonly candidates: Int32Array;

  constructor(maxCapacity: number, items: number) {
    this.value = new Float64Array(maxCapacity + 1);
    this.take = new Uint8Array((items + 1) * (maxCapacity + 1));
    this.candidates = new Int32Array(items);
  }

  /** Agent a's best set of allowed items at `profitOf(pair)`: its value and its pair numbers (0 and none when nothing gains). */
  best(index: IndexedProblem, a: number, profitOf: (k: number) => number, allowed: Uint8Array): { value: number; pairs: number[] } {
    const capacity = Math.floor(index.capacity[a] + EPSILON);
    const width = capacity + 1;
    const { value, take, candidates } = this;
    let count = 0;
    for (let p = index.agentStart[a]; p < index.agentStart[a + 1]; p++) {
      const k = index.agentPairs[p];
      if (allowed[index.pairItem[k]] && index.pairLoad[k] <= capacity && profitOf(k) > EPSILON) candidates[count++] = k;
    }
    value.fill(0, 0, width);
    for (let q = 0; q < count; q++) {
      const k = candidates[q];
      const w = index.pairLoad[k];
      const gain = profitOf(k);
      const row = q * width;
      take.fill(0, row, row + width);
      for (let c = capacity; c >= w; c--) {
        const v = value[c - w] + gain;
        if (v > value[c] + 1e-12) {
          value[c] = v;
          take[row + c] = 1;
        }
      }
    }
    const pairs: number[] = [];
    let c = capacity;
    for (let q = count - 1; q >= 0; q--) {
      if (take[q * width + c]) {
        pairs.push(candidates[q]);
        c -= index.pairLoad[candidates[q]];
      }
    }
    return { value: value[capacity], pairs };
  }
}

/** A set of items for one agent (pair numbers), with its cost. */
interface Column {
  agent: number;
  pairs: number[];
  items: number[];
  cost: number;
}

interface Duals {
  itemDual: Float64Array;
  agentDual: Float64Array;
}

/** A column's reduced cost at a master's duals. */
function reducedCost(column: Column, { itemDual, agentDual }: Duals): number {
  let reduced = column.cost - agentDual[column.agent];
  for (const j of column.items) reduced -= itemDual[j];
  return reduced;
}

/**
 * The restricted master of the part still open: one row per open item (= 1), one per open agent (<= 1),
 * an "out" column per item (its penalty, or a price no answer pays) and the given columns (which use only
 * open agents and items). Rebuilt at every diving step: a fresh, smaller LP solves faster than the big
 * one re-optimised after a fix (measured on type D: 800-1,000 degenerate simplex steps a round deep in
 * the dive).
 */
class RestrictedMaster {
  readonly columns: Column[] = [];
  private readonly rowOfItem: Int32Array;
  private readonly rowOfAgent: Int32Array;
  private readonly present = new Set<Column>();
  private solved = false;
  private readonly model: Model;
  private readonly items: number[];

  constructor(
    private readonly solver: Highs,
    private readonly n: number,
    private readonly m: number,
    openItems: number[],
    openAgents: number[],
    columns: Column[],
    outCost: number,
  ) {
    this.items = openItems;
    this.rowOfItem = new Int32Array(n).fill(-1);
    this.rowOfAgent = new Int32Array(m).fill(-1);
    openItems.forEach((j, r) => (this.rowOfItem[j] = r));
    openAgents.forEach((a, r) => (this.rowOfAgent[a] = openItems.length + r));
    const rows = openItems.length + openAgents.length;
    this.model = solver.createModel({
      numCols: openItems.length,
      numRows: rows,
      colCost: new Float64Array(openItems.length).fill(outCost),
      colLower: new Float64Array(openItems.length),
      colUpper: new Float64Array(openItems.length).fill(solver.infinity),
      rowLower: Float64Array.from({ length: rows }, (_, r) => (r < openItems.length ? 1 : -solver.infinity)),
      rowUpper: new Float64Array(rows).fill(1),
      matrix: { format: 'csc', numRows: rows, numCols: openItems.length, starts: Int32Array.from({ length: openItems.length + 1 }, (_, r) => r), indices: Int32Array.from({ length: openItems.length }, (_, r) => r), values: new Float64Array(openItems.length).fill(1) },
    } as Parameters<Highs['createModel']>[0]);
    this.model.options.set({ output_flag: false, presolve: 'off', solver: 'simplex', simplex_strategy: 4 });
    for (const column of columns) this.add(column);
  }

  add(column: Column): void {
    const indices = Int32Array.from([...column.items.map((j) => this.rowOfItem[j]), this.rowOfAgent[column.agent]]);
    this.model.addCol(column.cost, 0, this.solver.infinity, { indices, values: new Float64Array(indices.length).fill(1) });
    this.columns.push(column);
    this.present.add(column);
  }

  has(column: Column): boolean {
    return this.present.has(column);
  }

  /** Solves the LP; returns its value, the duals by item and agent (0 elsewhere), and the values. */
  solve(): { value: number; itemDual: Float64Array; agentDual: Float64Array; columnValue: Float64Array; outValue: Float64Array } {
    // A fresh master (every set non-basic) solves faster by the dual simplex; after sets are added the
    // basis stays primal feasible and the primal simplex goes on from it.
    this.model.options.set({ simplex_strategy: this.solved ? 4 : 1 });
    this.model.run();
    this.solved = true;
    const { n, m } = this;
    const solution = this.model.getSolution();
    const itemDual = new Float64Array(n);
    const agentDual = new Float64Array(m);
    for (let j = 0; j < n; j++) if (this.rowOfItem[j] >= 0) itemDual[j] = solution.rowDual[this.rowOfItem[j]];
    for (let a = 0; a < m; a++) if (this.rowOfAgent[a] >= 0) agentDual[a] = solution.rowDual[this.rowOfAgent[a]];
    const outs = this.items.length;
    return { value: this.model.getObjectiveValue(), itemDual, agentDual, columnValue: solution.colValue.slice(outs), outValue: solution.colValue.slice(0, outs) };
  }

  dispose(): void {
    this.model.dispose();
  }
}

/**
 * Column generation on the Dantzig-Wolfe master of the assignment problem (a column is one agent's set
 * of items that fits its capacity; rows: each item once, each agent at most one set), priced by a 0-1
 * knapsack per agent and stabilised by smoothing the duals, after subgradient steps on the same
 * Lagrangian that seed the pool; then a dive (a primal heuristic of branch-and-price, after Joncour,
 * Michel, Sadykov, Sverdlov and Vanderbeck 2010): the set with the largest value in the master's
 * optimum is fixed, the master of what is left re-optimised, and so on until its answer is whole.
 * Items left out cost the penalty, or, where every item must be placed, a price no answer pays: a dive
 * that needs one backs up and forbids its last set. The bound is the knapsack Lagrangian's, which is at
 * least the LP relaxation's.
 */
export async function columnGenerationDive(
  index: IndexedProblem,
  options: { deadline: number; seed: number; incumbent?: Int32Array | null; upperBound?: number },
): Promise<ColumnDiveOutcome> {
  const m = index.agentIds.length;
  const n = index.itemIds.length;
  const random = seededRandom(options.seed);
  const requireAll = !Number.isFinite(index.unplacedCost);
  let spread = 0;
  for (let k = 0; k < index.pairCost.length; k++) spread = Math.max(spread, Math.abs(index.pairCost[k]));
  const outCost = requireAll ? 10 * (spread + 1) : index.unplacedCost;
  const solver = await highs();

  const pool: Column[] = [];
  const known = new Map<string, Column>();
  /** The pool's column for this set, added to the pool when new. */
  const toColumn = (a: number, pairs: number[]): Column => {
    const items = pairs.map((k) => index.pairItem[k]).sort((x, y) => x - y);
    const key = `${a}:${items.join(',')}`;
    const seen = known.get(key);
    if (seen) return seen;
    let cost = 0;
    for (const k of pairs) cost += index.pairCost[k];
    const column = { agent: a, pairs, items, cost };
    known.set(key, column);
    pool.push(column);
    return column;
  };
  if (options.incumbent) {
    const sets: number[][] = Array.from({ length: m }, () => []);
    options.incumbent.forEach((a, j) => a >= 0 && sets[a].push(index.pairOf(a, j)));
    sets.forEach((pairs, a) => pairs.length && toColumn(a, pairs));
  }

  let maxCapacity = 0;
  for (let a = 0; a < m; a++) maxCapacity = Math.max(maxCapacity, Math.floor(index.capacity[a] + EPSILON));
  const pricer = new KnapsackPricer(maxCapacity, n);
  const allowed = new Uint8Array(n).fill(1);
  const agentOpen = new Uint8Array(m).fill(1);
  let rounds = 0;

  const rootUntil = Date.now() + (options.deadline - Date.now()) * ROOT_SHARE;
  let rootBound = subgradientWarmStart(index, pricer, allowed, outCost, { until: Date.now() + (rootUntil - Date.now()) * 0.5, upperBound: options.upperBound, onSets: (a, pairs) => void toColumn(a, pairs) });

  const forbidden = new Set<Column>();
  /** Column generation on the master of what is open until nothing enters, `maxRounds`, or `until`. */
  const generate = (master: RestrictedMaster, maxRounds: number, until: number, root: boolean) => {
    const center = { item: new Float64Array(n), value: -Infinity };
    const itemPrice = new Float64Array(n);
    let lp = master.solve();
    rounds++;
    for (let round = 0; round < maxRounds && Date.now() < until; round++) {
      const price = (smoothing: number) => {
        for (let j = 0; j < n; j++) itemPrice[j] = smoothing * center.item[j] + (1 - smoothing) * lp.itemDual[j];
        let value = 0;
        for (let j = 0; j < n; j++) if (allowed[j]) value += Math.min(itemPrice[j], outCost);
        const entering: Column[] = [];
        for (let a = 0; a < m; a++) {
          if (!agentOpen[a]) continue;
          const best = pricer.best(index, a, (k) => itemPrice[index.pairItem[k]] - index.pairCost[k], allowed);
          value -= best.value;
          if (!best.pairs.length) continue;
          let reduced = -lp.agentDual[a];
          for (const k of best.pairs) reduced += index.pairCost[k] - lp.itemDual[index.pairItem[k]];
          if (reduced < -1e-6) {
            const column = toColumn(a, best.pairs);
            if (!forbidden.has(column) && !master.has(column)) entering.push(column);
          }
        }
        if (value > center.value) {
          center.value = value;
          center.item.set(itemPrice);
        }
        return entering;
      };
      let entering = price(center.value > -Infinity ? SMOOTHING : 0);
      if (!entering.length) entering = price(0); // mispricing: nothing enters at the smoothed duals
      if (root) rootBound = Math.max(rootBound, center.value);
      if (!entering.length) break;
      for (const column of entering) master.add(column);
      lp = master.solve();
      rounds++;
      if (root && lp.value - center.value <= ROOT_GAP * Math.max(1, Math.abs(lp.value))) break;
    }
    return lp;
  };

  const openItems = () => Array.from({ length: n }, (_, j) => j).filter((j) => allowed[j]);
  const openAgents = () => Array.from({ length: m }, (_, a) => a).filter((a) => agentOpen[a]);
  let rootDuals: Duals | null = null;
  {
    const master = new RestrictedMaster(solver, n, m, openItems(), openAgents(), pool, outCost);
    try {
      const lp = generate(master, Infinity, rootUntil, true);
      rootDuals = lp;
      // Sets whose reduced cost at the root's duals exceeds the room between the best answer known and
      // the root's value are in no better answer (reduced-cost fixing on columns): dropped from the pool.
      const room = (options.upperBound ?? Infinity) - lp.value;
      if (Number.isFinite(room)) {
        const kept = pool.filter((column) => reducedCost(column, lp) <= room + 1e-6);
        pool.length = 0;
        pool.push(...kept);
      }
    } finally {
      master.dispose();
    }
  }

  // Each step's master starts from the sets cheapest at the last duals, at most COLUMNS_PER_AGENT per
  // agent: the whole pool (3,000-5,000 sets on type E) made each step's first LP take 0.5-1 s.
  let lastDuals = rootDuals;
  const promising = (columns: Column[]): Column[] => {
    if (!lastDuals) return columns;
    const byAgent: Array<Array<{ column: Column; reduced: number }>> = Array.from({ length: m }, () => []);
    for (const column of columns) byAgent[column.agent].push({ column, reduced: reducedCost(column, lastDuals) });
    return byAgent.flatMap((list) => list.sort((x, y) => x.reduced - y.reduced).slice(0, COLUMNS_PER_AGENT).map((entry) => entry.column));
  };
  const fixed: Column[][] = [];
  let backtracks = 0;
  /** Agent per item from whole sets (-1 for the items none of them holds). */
  const answerOf = (columns: Column[]) => {
    const agentOf = new Int32Array(n).fill(-1);
    for (const column of columns) for (const j of column.items) agentOf[j] = column.agent;
    return agentOf;
  };
  const backUp = () => {
    const last = fixed.pop()!;
    for (const column of last) {
      agentOpen[column.agent] = 1;
      for (const j of column.items) allowed[j] = 1;
    }
    forbidden.add(last[0]);
    backtracks++;
  };
  /**
   * One dive from the root. The first fixes the set of largest value at each step; later ones (`spread`)
   * pick at random among the sets within 80% of it, so each dive ends somewhere else.
   */
  const dive = async (spread: boolean, cutoff: number): Promise<Int32Array | null> => {
    allowed.fill(1);
    agentOpen.fill(1);
    fixed.length = 0;
    forbidden.clear();
    lastDuals = rootDuals;
    backtracks = 0;
    let answer: Int32Array | null = null;
    while (Date.now() < options.deadline) {
      const agentsLeft = openAgents();
      if (agentsLeft.length <= FINISH_AGENTS) {
        // The last few agents: HiGHS places what is left exactly (a small model), or shows it cannot.
        const itemsLeft = openItems();
        const part = restrictIndex(index, agentsLeft, itemsLeft);
        const finish = itemsLeft.length === 0 || agentsLeft.length === 0 ? { agentOf: new Int32Array(itemsLeft.length).fill(-1) } : await solveStrongMilp(part, { timeLimitMs: Math.max(50, Math.min(FINISH_MS, options.deadline - Date.now())), seed: options.seed, keep: new Uint8Array(part.pairCost.length).fill(1) });
        if (finish.agentOf && (!requireAll || finish.agentOf.every((a) => a >= 0))) {
          answer = answerOf(fixed.flat());
          itemsLeft.forEach((j, q) => (answer![j] = finish.agentOf![q] >= 0 ? agentsLeft[finish.agentOf![q]] : -1));
          break;
        }
        if (!fixed.length || backtracks >= MAX_BACKTRACKS) break;
        backUp();
        continue;
      }
      const open = pool.filter((c) => !forbidden.has(c) && agentOpen[c.agent] && c.items.every((j) => allowed[j]));
      const master = new RestrictedMaster(solver, n, m, openItems(), agentsLeft, promising(open), outCost);
      let step: Column[] | undefined;
      try {
        // Each step gets its share of the time left, so that a dive ends (on 40 x 400, unbounded steps
        // left the first dive unfinished at 10 s); a step cut short fixes from a master not yet optimal.
        const stepsLeft = Math.max(1, agentsLeft.length - FINISH_AGENTS);
        const lp = generate(master, DIVE_ROUNDS, Date.now() + (options.deadline - Date.now()) / (stepsLeft + 1), false);
        lastDuals = lp;
        const outNeeded = lp.outValue.reduce((sum, v) => sum + v, 0);
        // A dive whose master already costs more than the best answer is given up.
        if (lp.value + fixed.flat().reduce((sum, c) => sum + c.cost, 0) >= cutoff - 1e-9) break;
        if (requireAll && outNeeded > 1e-6) {
          // What is fixed leaves some item no place: back up one step and forbid its set.
          if (!fixed.length || backtracks >= MAX_BACKTRACKS) break;
          backUp();
          continue;
        }
        let whole = true;
        let pick = -1;
        let pickValue = -1;
        let ties = 0;
        master.columns.forEach((_, c) => {
          const v = lp.columnValue[c];
          if (v > EPSILON && v < 1 - 1e-6) whole = false;
          if (v > pickValue + 1e-9) {
            pickValue = v;
            pick = c;
            ties = 1;
          } else if (v >= pickValue - 1e-9 && v > EPSILON && random() * ++ties < 1) pick = c;
        });
        if (spread && !whole) {
          const near = master.columns.map((_, c) => c).filter((c) => lp.columnValue[c] >= 0.8 * pickValue && lp.columnValue[c] < 1 - 1e-6);
          if (near.length) pick = near[Math.floor(random() * near.length)];
        }
        const atOne = master.columns.filter((_, c) => lp.columnValue[c] > 1 - 1e-6);
        if (whole) {
          answer = answerOf([...fixed.flat(), ...atOne]);
          break;
        }
        step = [master.columns[pick], ...atOne.filter((c) => c !== master.columns[pick])];
      } finally {
        master.dispose();
      }
      const taken: Column[] = [];
      for (const column of step ?? []) {
        if (!agentOpen[column.agent] || column.items.some((j) => !allowed[j])) continue;
        agentOpen[column.agent] = 0;
        for (const j of column.items) allowed[j] = 0;
        taken.push(column);
      }
      if (!taken.length) break;
      fixed.push(taken);
    }
    return answer && (!requireAll || answer.every((a) => a >= 0)) ? answer : null;
  };

  let best: Int32Array | null = null;
  let bestObjective = Infinity;
  let dives = 0;
  let idle = 0;
  while (Date.now() < options.deadline && idle < IDLE_DIVES) {
    const answer = await dive(dives > 0, bestObjective);
    dives++;
    idle++;
    if (!answer) continue;
    let objective = 0;
    for (let j = 0; j < n; j++) objective += answer[j] < 0 ? index.unplacedCost : index.pairCost[index.pairOf(answer[j], j)];
    if (objective < bestObjective - 1e-9) {
      best = answer;
      bestObjective = objective;
      idle = 0;
    }
    // Nothing is better than an answer at the bound.
    if (bestObjective - rootBound <= 1e-9 * Math.max(1, Math.abs(bestObjective))) break;
  }
  return { agentOf: best, objective: bestObjective, lowerBound: rootBound, rounds };
}

/**
 * Subgradient optimisation of the item prices of the knapsack Lagrangian (Polyak steps toward the
 * known answer's value, or 1% above the best value, halved when the value stalls). Reports the sets the
 * agents choose at steps whose value is near the best so far; returns the best value (a lower bound).
 */
function subgradientWarmStart(
  index: IndexedProblem,
  pricer: KnapsackPricer,
  allowed: Uint8Array,
  outCost: number,
  options: { until: number; upperBound?: number; onSets: (a: number, pairs: number[]) => void },
): number {
  const m = index.agentIds.length;
  const n = index.itemIds.length;
  // Start: each item's cheapest cost (every agent then gains nothing from any item).
  const prices = new Float64Array(n);
  for (let j = 0; j < n; j++) prices[j] = index.itemStart[j + 1] > index.itemStart[j] ? Math.min(index.pairCost[index.itemStart[j]], outCost) : outCost;
  let bestValue = -Infinity;
  const chosen = new Int32Array(n);
  const gradient = new Float64Array(n);
  let factor = 1;
  let stall = 0;
  const sets: Array<{ a: number; pairs: number[] }> = [];
  for (let iteration = 0; iteration < WARM_ITERATIONS && Date.now() < options.until; iteration++) {
    chosen.fill(0);
    let value = 0;
    for (let j = 0; j < n; j++) value += Math.min(prices[j], outCost);
    sets.length = 0;
    for (let a = 0; a < m; a++) {
      const set = pricer.best(index, a, (k) => prices[index.pairItem[k]] - index.pairCost[k], allowed);
      value -= set.value;
      for (const k of set.pairs) chosen[index.pairItem[k]]++;
      if (set.pairs.length) sets.push({ a, pairs: set.pairs });
    }
    if (bestValue === -Infinity || value > bestValue + 1e-9 * Math.max(1, Math.abs(bestValue))) {
      bestValue = value;
      stall = 0;
    } else if (++stall >= 20) {
      factor /= 2;
      stall = 0;
      if (factor < 1e-3) break;
    }
    // Sets met near the optimum only (within 0.5% of the best value so far): the rest only slow the master.
    if (iteration >= 10 && value >= bestValue - 0.005 * Math.abs(bestValue)) for (const set of sets) options.onSets(set.a, set.pairs);
    // Subgradient: 1 - (agents choosing j); an item priced at its penalty is not pushed higher.
    let norm = 0;
    for (let j = 0; j < n; j++) {
      gradient[j] = prices[j] >= outCost ? Math.min(0, 1 - chosen[j]) : 1 - chosen[j];
      norm += gradient[j] * gradient[j];
    }
    if (norm === 0) break;
    const target = options.upperBound !== undefined && options.upperBound > bestValue ? options.upperBound : bestValue + Math.max(1, 0.01 * Math.abs(bestValue));
    const step = (factor * (target - value)) / norm;
    for (let j = 0; j < n; j++) prices[j] += step * gradient[j];
  }
  return bestValue;
}

import { IndexedProblem } from './assignment.index';

/**
 * Lagrangian relaxation of the agent rows. Each agent's three limits (load, items, amount) are written
 * as shares of the limit (row / limit <= 1) so one step size suits them all; a multiplier >= 0 prices
 * each. The minimum total "if used" is dropped, which only loosens the relaxation, so the value stays a
 * valid lower bound. What is left splits by item: each item takes its cheapest option at reduced cost
 * (or stays out at the penalty), one O(pairs) pass per evaluation.
 *
 * Where at most `maxPlaced` items can be placed in any answer (a count proven by `minimumUnplaced`), the
 * relaxation keeps that one row too: only the `maxPlaced` items that gain most by being placed are. With
 * a large penalty this is what matters: the plain relaxation leaves out a fractional number of items
 * (23.4 on the 1000 x 35 domain instance) where every answer leaves out a whole number (24).
 */
export interface Multipliers {
  load: Float64Array;
  items: Float64Array;
  amount: Float64Array;
}

export interface LagrangianEvaluation {
  /** A valid lower bound on every answer's objective (Infinity when some item has no way to be placed). */
  value: number;
  /** The pair each item takes in the relaxation, -1 when it stays out. */
  choice: Int32Array;
  /** Row use minus 1, per agent and limit: the subgradient. */
  excess: Multipliers;
  /**
   * When the count row binds: what the last item let in gains by being placed (reduced cost minus the
   * penalty, <= 0); an item forced in pushes that one out. 0 when the row does not bind.
   */
  marginal: number;
}

export const zeroMultipliers = (agents: number): Multipliers => ({ load: new Float64Array(agents), items: new Float64Array(agents), amount: new Float64Array(agents) });

/** Reduced cost of every pair under the multipliers: what the relaxation charges for it. */
export function reducedCosts(index: IndexedProblem, u: Multipliers, shares: Shares = limitShares(index)): Float64Array {
  const { pairAgent, pairCost } = index;
  return Float64Array.from(pairCost, (cost, k) => {
    const a = pairAgent[k];
    return cost + u.load[a] * shares.load[k] + u.items[a] * shares.item[a] + u.amount[a] * shares.amount[k];
  });
}

/** Each pair's use of its agent's limits, as shares of the limits (0 where a limit is absent). */
export interface Shares {
  load: Float64Array;
  amount: Float64Array;
  /** Per agent: 1 / maxItems. */
  item: Float64Array;
}

export function limitShares(index: IndexedProblem): Shares {
  const { pairAgent, pairItem, pairLoad, capacity, maxItems, maxAmount, amount } = index;
  const share = (value: number, limit: number) => (limit > 0 && Number.isFinite(limit) ? value / limit : 0);
  return {
    load: Float64Array.from(pairLoad, (load, k) => share(load, capacity[pairAgent[k]])),
    amount: Float64Array.from(pairItem, (j, k) => share(amount[j], maxAmount[pairAgent[k]])),
    item: Float64Array.from(maxItems, (limit) => share(1, limit)),
  };
}

/**
 * L(u): the relaxation's optimum at the given multipliers, with its choice and subgradient. One fused pass
 * (and, when at most `maxPlaced` items may be placed, a selection of the items that gain most).
 */
export function evaluateLagrangian(index: IndexedProblem, u: Multipliers, shares: Shares = limitShares(index), maxPlaced = Infinity): LagrangianEvaluation {
  const { itemStart, pinnedPair, pairAgent, pairCost, capacity, maxItems, maxAmount, unplacedCost } = index;
  const m = capacity.length;
  const n = itemStart.length - 1;
  const choice = new Int32Array(n);
  const excess = zeroMultipliers(m);
  const uLoad = u.load;
  const uItems = u.items;
  const uAmount = u.amount;
  const loadShare = shares.load;
  const amountShare = shares.amount;
  const itemShare = shares.item;
  const limited = Number.isFinite(maxPlaced) && Number.isFinite(unplacedCost) && maxPlaced < n;
  let value = 0;
  for (let j = 0; j < n; j++) {
    let best = -1;
    let bestCost = unplacedCost;
    const pinned = pinnedPair[j];
    for (let k = pinned >= 0 ? pinned : itemStart[j], end = pinned >= 0 ? pinned + 1 : itemStart[j + 1]; k < end; k++) {
      const a = pairAgent[k];
      const r = pairCost[k] + uLoad[a] * loadShare[k] + uItems[a] * itemShare[a] + uAmount[a] * amountShare[k];
      if (r < bestCost || pinned >= 0) {
        bestCost = r;
        best = k;
      }
    }
    choice[j] = best;
    value += bestCost;
    if (best >= 0 && !limited) {
      const a = pairAgent[best];
      excess.load[a] += loadShare[best];
      excess.items[a] += itemShare[a];
      excess.amount[a] += amountShare[best];
    }
  }
  let marginal = 0;
  if (limited) {
    // The count row: some items go out again, and the subgradient counts only those kept.
    const outcome = limitPlaced(index, choice, u, shares, maxPlaced);
    value += outcome.value;
    marginal = outcome.marginal;
    for (let j = 0; j < n; j++) {
      const best = choice[j];
      if (best < 0) continue;
      const a = pairAgent[best];
      excess.load[a] += loadShare[best];
      excess.items[a] += itemShare[a];
      excess.amount[a] += amountShare[best];
    }
  }
  for (let a = 0; a < m; a++) {
    value -= uLoad[a] + uItems[a] + uAmount[a];
    // A limit that is absent (Infinity) or zero-sized never gets a price.
    excess.load[a] = capacity[a] > 0 && Number.isFinite(capacity[a]) ? excess.load[a] - 1 : 0;
    excess.items[a] = maxItems[a] > 0 && Number.isFinite(maxItems[a]) ? excess.items[a] - 1 : 0;
    excess.amount[a] = maxAmount[a] > 0 && Number.isFinite(maxAmount[a]) ? excess.amount[a] - 1 : 0;
  }
  return { value, choice, excess, marginal };
}

/**
 * Keeps placed only the `maxPlaced` items (pins first) whose placement gains most; the others go out.
 * Returns the change of the relaxation's value and the gain of the last item kept (ties by item order).
 */
function limitPlaced(index: IndexedProblem, choice: Int32Array, u: Multipliers, shares: Shares, maxPlaced: number): { value: number; marginal: number } {
  const { pinnedPair, pairAgent, pairCost, unplacedCost } = index;
  const n = choice.length;
  const gain = new Float64Array(n);
  let pinned = 0;
  let free = 0;
  for (let j = 0; j < n; j++) {
    const k = choice[j];
    if (k < 0) continue;
    if (pinnedPair[j] >= 0) {
      pinned++;
      continue;
    }
    const a = pairAgent[k];
    gain[j] = pairCost[k] + u.load[a] * shares.load[k] + u.items[a] * shares.item[a] + u.amount[a] * shares.amount[k] - unplacedCost;
    free++;
  }
  const slots = Math.max(0, Math.floor(maxPlaced) - pinned);
  if (free <= slots) return { value: 0, marginal: 0 };
  const sorted = new Float64Array(free);
  let f = 0;
  for (let j = 0; j < n; j++) if (choice[j] >= 0 && pinnedPair[j] < 0) sorted[f++] = gain[j];
  sorted.sort();
  const threshold = slots > 0 ? sorted[slots - 1] : -Infinity;
  // Items strictly below the threshold are in; of those at it, as many as are left, by item order.
  let atThreshold = 0;
  for (let i = 0; i < slots; i++) if (sorted[i] === threshold) atThreshold++;
  let value = 0;
  for (let j = 0; j < n; j++) {
    if (choice[j] < 0 || pinnedPair[j] >= 0) continue;
    if (gain[j] < threshold) continue;
    if (gain[j] === threshold && atThreshold > 0) {
      atThreshold--;
      continue;
    }
    value -= gain[j];
    choice[j] = -1;
  }
  return { value, marginal: slots > 0 ? Math.min(0, threshold) : 0 };
}

/**
 * Weight of the previous direction. Strong deflection was measured best: on the 1000 x 35 domain
 * instance 1000 iterations reach 34,486 / 34,626 / 34,661 (LP bound 34,664) at 0.5 / 0.9 / 0.95.
 */
const DEFLECTION = 0.95;

export interface LagrangianOutcome {
  bound: number;
  multipliers: Multipliers;
  iterations: number;
}

/**
 * Steps the subgradient may take unless told otherwise: enough to converge, so the deadline is what ends
 * it where time is short. Where the penalty dominates, scarce places are priced near it, and climbing there
 * from zero takes thousands of cheap steps (1000 x 35, part of 25 partners x 715 applications: 5,638
 * steps in 0.16 s to the LP value 12,882.7; after 1,000 steps the bound was 9,682).
 */
const SUBGRADIENT_MAX_STEPS = 20_000;

/**
 * Subgradient optimisation of the multipliers: Polyak steps toward a target (the best known answer, or
 * a little above the bound), deflected by the previous direction (Camerini, Fratta and Maffioli) to damp
 * zig-zagging, the step factor halved when the bound stalls. Deterministic; the deadline only cuts it short.
 * `onIterate` sees each iterate's multipliers (for heuristics that round them).
 */
export function lagrangianBound(
  index: IndexedProblem,
  options: {
    deadline: number;
    maxIterations?: number;
    upperBound?: number;
    start?: Multipliers;
    /** At most this many items are placed in any answer (see `minimumUnplaced`). */
    maxPlaced?: number;
    onIterate?: (u: Multipliers, evaluation: LagrangianEvaluation, iteration: number) => void;
  },
): LagrangianOutcome {
  const m = index.capacity.length;
  const u = options.start ? { load: options.start.load.slice(), items: options.start.items.slice(), amount: options.start.amount.slice() } : zeroMultipliers(m);
  const direction = zeroMultipliers(m);
  const shares = limitShares(index);
  let best = -Infinity;
  let bestU = { load: u.load.slice(), items: u.items.slice(), amount: u.amount.slice() };
  let factor = 1;
  let stall = 0;
  const maxIterations = options.maxIterations ?? SUBGRADIENT_MAX_STEPS;
  let iteration = 0;
  for (; iteration < maxIterations; iteration++) {
    if (iteration > 0 && Date.now() >= options.deadline) break;
    const evaluation = evaluateLagrangian(index, u, shares, options.maxPlaced);
    if (!Number.isFinite(evaluation.value)) return { bound: evaluation.value, multipliers: bestU, iterations: iteration + 1 };
    options.onIterate?.(u, evaluation, iteration);
    if (best === -Infinity || evaluation.value > best + 1e-9 * Math.max(1, Math.abs(best))) {
      best = evaluation.value;
      bestU = { load: u.load.slice(), items: u.items.slice(), amount: u.amount.slice() };
      stall = 0;
    } else if (++stall >= 40) {
      factor /= 2;
      stall = 0;
      if (factor < 1e-4) break;
    }
    // Deflected direction, projected: components that would push a zero multiplier negative are dropped.
    let norm = 0;
    for (const key of ['load', 'items', 'amount'] as const) {
      const g = evaluation.excess[key];
      const d = direction[key];
      const price = u[key];
      for (let a = 0; a < m; a++) {
        let v = g[a] + DEFLECTION * d[a];
        if (price[a] <= 0 && v < 0) v = 0;
        d[a] = v;
        norm += v * v;
      }
    }
    if (norm < 1e-18) break; // the relaxation's choice is feasible for every row: the bound is exact.
    const target = options.upperBound !== undefined && options.upperBound > best ? options.upperBound : best + Math.max(1, 0.01 * Math.abs(best));
    const step = (factor * (target - evaluation.value)) / norm;
    for (const key of ['load', 'items', 'amount'] as const) {
      const price = u[key];
      const d = direction[key];
      for (let a = 0; a < m; a++) price[a] = Math.max(0, price[a] + step * d[a]);
    }
  }
  return { bound: best, multipliers: bestU, iterations: iteration };
}

/**
 * A lower bound on how many items every answer leaves out: the Lagrangian bound of the same limits when
 * each item out costs 1 and placing one costs nothing, rounded up (the count is whole). `upperBound` is
 * the number a known answer leaves out (the subgradient's target). 0 when every item must be placed.
 */
export function minimumUnplaced(index: IndexedProblem, options: { deadline: number; maxIterations?: number; upperBound?: number; prices?: Multipliers }): number {
  if (!Number.isFinite(index.unplacedCost) || index.unplacedCost <= 0) return 0;
  const counting: IndexedProblem = { ...index, pairCost: new Float64Array(index.pairCost.length), unplacedCost: 1 };
  // Prices of the real problem, scaled to a penalty of 1, are a good start (1000 x 35: 20.9 at once, 23.2
  // after 300 steps, against 21.1 after 1000 steps from zero; the LP value is 23.37).
  const scale = (values: Float64Array) => values.map((v) => v / index.unplacedCost);
  const start = options.prices && { load: scale(options.prices.load), items: scale(options.prices.items), amount: scale(options.prices.amount) };
  const outcome = lagrangianBound(counting, { deadline: options.deadline, maxIterations: options.maxIterations ?? 300, upperBound: options.upperBound, start });
  if (!Number.isFinite(outcome.bound)) return 0;
  // The bound is a sum of n terms in floating point: round up only past a margin for rounding error.
  return Math.max(0, Math.ceil(outcome.bound - 1e-6 * Math.max(1, index.itemIds.length)));
}

/**
 * Starting prices for the subgradient when the items outnumber the agents' places (the sum of maxItems)
 * and leaving one out has a finite price: every place then binds, and is worth about the penalty less a
 * typical cost (10k x 300: the optimised prices per place are 974 to 987 with a penalty of 1,000 and a
 * median cost of 13.9). From zero the subgradient needs about 800 steps (3.5 s) to come within 0.1% of
 * the bound; from these, about 250. Null where places are not scarce.
 */
export function scarcePlacePrices(index: IndexedProblem): Multipliers | null {
  const { maxItems, pairCost, unplacedCost } = index;
  const n = index.itemIds.length;
  let places = 0;
  for (const limit of maxItems) places += limit;
  if (!Number.isFinite(unplacedCost) || !(places < n) || pairCost.length === 0) return null;
  const median = Float64Array.from(pairCost).sort()[pairCost.length >> 1];
  if (!(unplacedCost > median)) return null;
  const prices = zeroMultipliers(maxItems.length);
  for (let a = 0; a < maxItems.length; a++) prices.items[a] = (unplacedCost - median) * maxItems[a];
  return prices;
}

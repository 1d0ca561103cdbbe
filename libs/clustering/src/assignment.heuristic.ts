import { IndexedProblem, indexProblem, restrictIndex, toAssignment } from './assignment.index';
import { AssignmentProblem } from './assignment.types';

/** Seeded PRNG (mulberry32): the same seed gives the same answer. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EPSILON = 1e-9;
/** Longest chain of agents an out item may be passed through to find room. */
const CHAIN_DEPTH = 5;
/** When every item must be placed, leaving one out costs this much: the search still runs, and keeps them in. */
const REQUIRED = 1e12;

/**
 * An answer under construction with the usage of every agent, and the feasibility tests and moves of the
 * local search. Only moves that keep every limit are made, so the state is always an answer except for
 * required items still out.
 */
export class AssignmentState {
  readonly agentOf: Int32Array;
  readonly load: Float64Array;
  readonly items: Float64Array;
  readonly amount: Float64Array;
  readonly members: Set<number>[];
  readonly outCost: number;
  objective = 0;

  constructor(readonly index: IndexedProblem) {
    const m = index.agentIds.length;
    this.agentOf = new Int32Array(index.itemIds.length).fill(-1);
    this.load = new Float64Array(m);
    this.items = new Float64Array(m);
    this.amount = new Float64Array(m);
    this.members = Array.from({ length: m }, () => new Set<number>());
    this.outCost = Number.isFinite(index.unplacedCost) ? index.unplacedCost : REQUIRED;
    this.objective = this.outCost * index.itemIds.length;
  }

  /** The state of an answer in indexed form (agent per item, -1 out). */
  static of(index: IndexedProblem, agentOf: Int32Array): AssignmentState {
    const state = new AssignmentState(index);
    agentOf.forEach((a, j) => a >= 0 && state.place(j, a));
    return state;
  }

  cost(item: number, agent: number): number {
    return agent < 0 ? this.outCost : this.index.pairCost[this.index.pairOf(agent, item)];
  }

  /** Agent a can take `extra` load, `count` items and `money` more (negative: fewer) within its limits. */
  fits(a: number, extra: number, count: number, money: number): boolean {
    const { capacity, maxItems, maxAmount } = this.index;
    return this.load[a] + extra <= capacity[a] + EPSILON && this.items[a] + count <= maxItems[a] && this.amount[a] + money <= maxAmount[a] + EPSILON;
  }

  /** Agent a's total after the change is zero items or reaches its minimum. */
  minimumHolds(a: number, count: number, money: number): boolean {
    return this.items[a] + count === 0 || this.amount[a] + money >= this.index.minTotal[a] - EPSILON;
  }

  place(item: number, a: number): void {
    const k = this.index.pairOf(a, item);
    this.agentOf[item] = a;
    this.members[a].add(item);
    this.load[a] += this.index.pairLoad[k];
    this.items[a] += 1;
    this.amount[a] += this.index.amount[item];
    this.objective += this.index.pairCost[k] - this.outCost;
  }

  unplace(item: number): void {
    const a = this.agentOf[item];
    if (a < 0) return;
    const k = this.index.pairOf(a, item);
    this.agentOf[item] = -1;
    this.members[a].delete(item);
    this.load[a] -= this.index.pairLoad[k];
    this.items[a] -= 1;
    this.amount[a] -= this.index.amount[item];
    this.objective += this.outCost - this.index.pairCost[k];
  }

  movable(item: number): boolean {
    return this.index.pinnedPair[item] < 0;
  }
}

/**
 * Regret-greedy construction: items in order of regret (second-best minus best score), each to its
 * best-scoring agent that still fits. `score` is a per-pair cost to rank by: the real costs, or reduced
 * costs from the Lagrangian relaxation, which price in the agents' scarce capacity.
 */
export function construct(state: AssignmentState, score: Float64Array): void {
  const { index } = state;
  const { itemStart, pairAgent, pairLoad, pinnedPair, amount } = index;
  const n = index.itemIds.length;
  for (let j = 0; j < n; j++) if (pinnedPair[j] >= 0 && state.agentOf[j] < 0) state.place(j, pairAgent[pinnedPair[j]]);
  const regret = new Float64Array(n);
  const order: number[] = [];
  for (let j = 0; j < n; j++) {
    if (state.agentOf[j] >= 0) continue;
    let first = state.outCost;
    let second = state.outCost;
    for (let k = itemStart[j]; k < itemStart[j + 1]; k++) {
      if (score[k] < first) {
        second = first;
        first = score[k];
      } else if (score[k] < second) second = score[k];
    }
    regret[j] = second - first;
    order.push(j);
  }
  order.sort((x, y) => regret[y] - regret[x] || x - y);
  for (const j of order) {
    let best = -1;
    for (let k = itemStart[j]; k < itemStart[j + 1]; k++) {
      const a = pairAgent[k];
      if (index.pairCost[k] >= state.outCost || !state.fits(a, pairLoad[k], 1, amount[j])) continue;
      if (best < 0 || score[k] < score[best]) best = k;
    }
    if (best >= 0) state.place(j, pairAgent[best]);
  }
}

/**
 * Agents used below their minimum total: filled from free items where possible, else emptied and kept
 * closed while the free items are placed again. Ends with every minimum met (agents holding pins are
 * never closed; if one of them stays short the answer is not feasible and the caller sees it).
 */
export function repairMinimums(state: AssignmentState, score: Float64Array, deadline: number): void {
  const { index } = state;
  const m = index.agentIds.length;
  const closed = new Uint8Array(m);
  for (let round = 0; round <= m && (round === 0 || Date.now() < deadline); round++) {
    let short = 0;
    for (let a = 0; a < m; a++) {
      if (state.items[a] === 0 || state.minimumHolds(a, 0, 0)) continue;
      short++;
      const free: number[] = [];
      for (let p = index.agentStart[a]; p < index.agentStart[a + 1]; p++) {
        const k = index.agentPairs[p];
        if (state.agentOf[index.pairItem[k]] < 0) free.push(k);
      }
      free.sort((x, y) => score[x] - score[y] || x - y);
      for (const k of free) {
        if (state.minimumHolds(a, 0, 0)) break;
        const j = index.pairItem[k];
        if (state.fits(a, index.pairLoad[k], 1, index.amount[j])) state.place(j, a);
      }
      if (!state.minimumHolds(a, 0, 0) && !index.pinnedAgent[a]) {
        for (const j of [...state.members[a]]) state.unplace(j);
        closed[a] = 1;
      }
    }
    if (short === 0) break;
    // Re-place the free items elsewhere: closed agents are priced out of the score.
    const closedScore = Float64Array.from(score, (s, k) => (closed[index.pairAgent[k]] ? Infinity : s));
    constructFree(state, closedScore);
  }
}

function constructFree(state: AssignmentState, score: Float64Array): void {
  const { index } = state;
  for (let j = 0; j < index.itemIds.length; j++) {
    if (state.agentOf[j] >= 0) continue;
    let best = -1;
    for (let k = index.itemStart[j]; k < index.itemStart[j + 1]; k++) {
      const a = index.pairAgent[k];
      if (!Number.isFinite(score[k]) || index.pairCost[k] >= state.outCost || state.items[a] === 0) continue;
      if (!state.fits(a, index.pairLoad[k], 1, index.amount[j])) continue;
      if (best < 0 || score[k] < score[best]) best = k;
    }
    if (best >= 0) state.place(j, index.pairAgent[best]);
  }
}

/** Moves one item to the best agent (or out) that keeps every limit, when that lowers the cost. */
function bestShift(state: AssignmentState, j: number): boolean {
  const { index } = state;
  const from = state.agentOf[j];
  const current = state.cost(j, from);
  const amount = index.amount[j];
  if (from >= 0 && !state.minimumHolds(from, -1, -amount)) return false;
  let bestGain = EPSILON;
  let bestTo = -2;
  if (from >= 0 && current - state.outCost > bestGain && Number.isFinite(index.unplacedCost)) {
    bestGain = current - state.outCost;
    bestTo = -1;
  }
  for (let k = index.itemStart[j]; k < index.itemStart[j + 1]; k++) {
    const to = index.pairAgent[k];
    const gain = current - index.pairCost[k];
    if (to === from || gain <= bestGain) continue;
    if (!state.fits(to, index.pairLoad[k], 1, amount) || !state.minimumHolds(to, 1, amount)) continue;
    bestGain = gain;
    bestTo = to;
  }
  if (bestTo === -2) return false;
  state.unplace(j);
  if (bestTo >= 0) state.place(j, bestTo);
  return true;
}

/** Swaps item j with an item of another agent when both fit and the cost drops. */
function bestSwap(state: AssignmentState, j: number): boolean {
  const { index } = state;
  const a = state.agentOf[j];
  if (a < 0) return false;
  const kja = index.pairOf(a, j);
  for (let k = index.itemStart[j]; k < index.itemStart[j + 1]; k++) {
    const b = index.pairAgent[k];
    if (b === a) continue;
    for (const i of state.members[b]) {
      if (!state.movable(i)) continue;
      const kia = index.pairOf(a, i);
      if (kia < 0) continue;
      const kib = index.pairOf(b, i);
      const delta = index.pairCost[k] + index.pairCost[kia] - index.pairCost[kja] - index.pairCost[kib];
      if (delta >= -EPSILON) continue;
      const moneyToB = index.amount[j] - index.amount[i];
      if (!state.fits(b, index.pairLoad[k] - index.pairLoad[kib], 0, moneyToB) || !state.fits(a, index.pairLoad[kia] - index.pairLoad[kja], 0, -moneyToB)) continue;
      if (!state.minimumHolds(b, 0, moneyToB) || !state.minimumHolds(a, 0, -moneyToB)) continue;
      state.unplace(j);
      state.unplace(i);
      state.place(j, b);
      state.place(i, a);
      return true;
    }
  }
  return false;
}

/**
 * Ejection chain of length two: item j enters agent b (which may be full) and pushes one of b's items
 * to a third agent with room, or out. Finds moves that shifts and swaps cannot, above all placing an
 * item left out when every agent it could go to is full.
 */
function bestEjection(state: AssignmentState, j: number): boolean {
  const { index } = state;
  const from = state.agentOf[j];
  const amountJ = index.amount[j];
  const current = state.cost(j, from);
  if (from >= 0 && !state.minimumHolds(from, -1, -amountJ)) return false;
  for (let k = index.itemStart[j]; k < index.itemStart[j + 1]; k++) {
    const b = index.pairAgent[k];
    if (b === from || current - index.pairCost[k] <= EPSILON) continue;
    for (const i of state.members[b]) {
      if (!state.movable(i)) continue;
      const kib = index.pairOf(b, i);
      const amountI = index.amount[i];
      // b after the exchange: j in, i out.
      if (!state.fits(b, index.pairLoad[k] - index.pairLoad[kib], 0, amountJ - amountI) || !state.minimumHolds(b, 0, amountJ - amountI)) continue;
      const base = current - index.pairCost[k] + index.pairCost[kib];
      // i goes out ...
      if (Number.isFinite(index.unplacedCost) && base - state.outCost > EPSILON) {
        state.unplace(i);
        state.unplace(j);
        state.place(j, b);
        return true;
      }
      // ... or to a third agent with room.
      for (let q = index.itemStart[i]; q < index.itemStart[i + 1]; q++) {
        const c = index.pairAgent[q];
        if (c === b || c === from || base - index.pairCost[q] <= EPSILON) continue;
        if (!state.fits(c, index.pairLoad[q], 1, amountI) || !state.minimumHolds(c, 1, amountI)) continue;
        state.unplace(i);
        state.unplace(j);
        state.place(j, b);
        state.place(i, c);
        return true;
      }
    }
  }
  return false;
}

/**
 * Places an item that is out through a chain: it enters agent b1, which passes one of its items on to
 * b2, and so on until an item lands where it fits (breadth first, up to `maxDepth` agents). Like an
 * augmenting path in matching, it finds room that single moves cannot; it is taken when the whole chain
 * lowers the cost, which with a large penalty it nearly always does.
 */
function augmentingChain(state: AssignmentState, j: number, maxDepth: number, visited: Int32Array, stamp: number): boolean {
  const { index } = state;
  const { pairAgent, pairCost, pairLoad, itemStart, amount } = index;
  interface Step {
    agent: number;
    item: number;
    /** Pair of `item` with `agent`. */
    k: number;
    parent: Step | null;
    /** Cost change of the chain so far (entering items at their new agents, leaving items removed). */
    delta: number;
    depth: number;
  }
  // The chain ends where an item fits an agent as it is. Every item that could end it is tested, but an
  // agent passes items on only once (from the first step to reach it): the queue holds one step per
  // agent. Testing only that first step's item, as before, missed most ends: an agent short of load or
  // money takes a small item, rarely the first to arrive (10k x 300: 1,061 applications out at a local
  // optimum, 10 partners with free places). Queuing every step instead held up to 450,000 per item.
  const ends = (agent: number, item: number, k: number, delta: number, chain: Step | null) => {
    if (delta >= -EPSILON || !state.fits(agent, pairLoad[k], 1, amount[item]) || !state.minimumHolds(agent, 1, amount[item])) return false;
    // An agent already on the chain has changed; it is not an end.
    for (let s = chain; s; s = s.parent) if (s.agent === agent) return false;
    return true;
  };
  const queue: Step[] = [];
  for (let k = itemStart[j]; k < itemStart[j + 1]; k++) {
    const a = pairAgent[k];
    const delta = pairCost[k] - state.outCost;
    if (ends(a, j, k, delta, null)) {
      applyChain(state, { agent: a, item: j, parent: null });
      return true;
    }
    if (visited[a] === stamp) continue;
    visited[a] = stamp;
    queue.push({ agent: a, item: j, k, parent: null, delta, depth: 1 });
  }
  for (let head = 0; head < queue.length; head++) {
    const step = queue[head];
    if (step.depth >= maxDepth) continue;
    const b = step.agent;
    const amountX = amount[step.item];
    for (const i of state.members[b]) {
      if (!state.movable(i)) continue;
      const kib = index.pairOf(b, i);
      const moneyIn = amountX - amount[i];
      if (!state.fits(b, pairLoad[step.k] - pairLoad[kib], 0, moneyIn) || !state.minimumHolds(b, 0, moneyIn)) continue;
      for (let q = itemStart[i]; q < itemStart[i + 1]; q++) {
        const c = pairAgent[q];
        if (c === b) continue;
        const delta = step.delta - pairCost[kib] + pairCost[q];
        if (ends(c, i, q, delta, step)) {
          applyChain(state, { agent: c, item: i, parent: step });
          return true;
        }
        if (visited[c] === stamp) continue;
        visited[c] = stamp;
        queue.push({ agent: c, item: i, k: q, parent: step, delta, depth: step.depth + 1 });
      }
    }
  }
  return false;
}

function applyChain(state: AssignmentState, last: { agent: number; item: number; parent: unknown }): void {
  const steps: { agent: number; item: number }[] = [];
  for (let s: { agent: number; item: number; parent: unknown } | null = last; s; s = s.parent as typeof last | null) steps.push(s);
  // Move from the end of the chain back to its start, so each agent has room when its item arrives.
  for (const s of steps) {
    state.unplace(s.item);
    state.place(s.item, s.agent);
  }
}

/** Opens an unused agent with the items that gain most by moving there, when the total gain is positive. */
function openAgent(state: AssignmentState, a: number): boolean {
  const { index } = state;
  const candidates: { item: number; gain: number; k: number }[] = [];
  for (let p = index.agentStart[a]; p < index.agentStart[a + 1]; p++) {
    const k = index.agentPairs[p];
    const j = index.pairItem[k];
    if (!state.movable(j)) continue;
    const from = state.agentOf[j];
    if (from >= 0 && !state.minimumHolds(from, -1, -index.amount[j])) continue;
    const gain = state.cost(j, from) - index.pairCost[k];
    if (gain > EPSILON) candidates.push({ item: j, gain, k });
  }
  candidates.sort((x, y) => y.gain - x.gain || x.item - y.item);
  const before = state.objective;
  const moved: { item: number; from: number }[] = [];
  for (const c of candidates) {
    const from = state.agentOf[c.item];
    if (from >= 0 && !state.minimumHolds(from, -1, -index.amount[c.item])) continue;
    if (!state.fits(a, index.pairLoad[c.k], 1, index.amount[c.item])) continue;
    state.unplace(c.item);
    state.place(c.item, a);
    moved.push({ item: c.item, from });
  }
  if (moved.length && state.minimumHolds(a, 0, 0) && state.objective < before - EPSILON) return true;
  for (const { item, from } of moved.reverse()) {
    state.unplace(item);
    if (from >= 0) state.place(item, from);
  }
  return false;
}

/**
 * Local search to a local optimum of shift, swap, ejection-chain and open-an-agent moves, or to the
 * deadline. Items are visited in a seeded random order, so the result depends only on the seed (and on
 * the deadline when it cuts the search short).
 */
export function localSearch(state: AssignmentState, options: { deadline: number; seed: number }): void {
  const random = seededRandom(options.seed);
  const n = state.index.itemIds.length;
  const order = Array.from({ length: n }, (_, j) => j);
  const visited = new Int32Array(state.index.agentIds.length);
  let stamp = 0;
  let improved = true;
  let steps = 0;
  const late = () => (++steps & 63) === 0 && Date.now() >= options.deadline;
  while (improved) {
    improved = false;
    for (let i = n - 1; i > 0; i--) {
      const r = Math.floor(random() * (i + 1));
      [order[i], order[r]] = [order[r], order[i]];
    }
    for (const j of order) {
      if (late()) return;
      if (state.movable(j) && bestShift(state, j)) improved = true;
    }
    for (const j of order) {
      if (late()) return;
      if (state.movable(j) && bestSwap(state, j)) improved = true;
    }
    for (const j of order) {
      if (late()) return;
      if (state.movable(j) && bestEjection(state, j)) improved = true;
    }
    for (const j of order) {
      if (late()) return;
      if (state.agentOf[j] < 0 && state.movable(j) && augmentingChain(state, j, CHAIN_DEPTH, visited, ++stamp)) improved = true;
    }
    for (let a = 0; a < state.index.agentIds.length; a++) {
      if (late()) return;
      if (state.items[a] === 0 && openAgent(state, a)) improved = true;
    }
  }
}

/** Construction, minimum repair and local search from a per-pair score; returns the state reached. */
export function heuristicFromScores(index: IndexedProblem, score: Float64Array, options: { deadline: number; seed: number }): AssignmentState {
  const state = new AssignmentState(index);
  construct(state, score);
  repairMinimums(state, score, options.deadline);
  localSearch(state, options);
  return state;
}

/**
 * Regret-greedy construction, a repair for minimum cluster totals, then local search until no move
 * improves or the deadline passes. Deterministic for a seed.
 */
export function solveHeuristic(problem: AssignmentProblem, options: { deadline: number; seed: number }): Record<string, string> {
  const index = indexProblem(problem);
  return toAssignment(index, heuristicFromScores(index, index.pairCost, options).agentOf);
}

/**
 * Settings of the penalised search, measured on the 1000 x 35 domain instance (four seeds, 2,000 steps
 * each, from the same start): a tabu tenure of sqrt(n)/4 to sqrt(n)/2 steps (mean 35,181 against 35,222
 * at sqrt(n)/2); weights starting at 4 x the mean |cost| per share of a limit (1 and 20: 35,205),
 * x1.1 per step while broken (1.03: 35,275; 1.2: 35,211), x0.98 per step once all hold (0.9: 35,216).
 * A step tries about SWAP_BUDGET swaps (whole agents at a time; a different part of the items each
 * step): as good per step as all swaps, and faster.
 */
const TENURE = 0.25;
const WEIGHT_START = 4;
const WEIGHT_UP = 1.1;
const WEIGHT_DOWN = 0.98;
const SWAP_BUDGET = 20_000;

/** Pair index of (agent, item) at agent * items + item, -1 where there is none. */
export function pairTable(index: IndexedProblem): Int32Array {
  const n = index.itemIds.length;
  const table = new Int32Array(index.agentIds.length * n).fill(-1);
  for (let k = 0; k < index.pairAgent.length; k++) table[index.pairAgent[k] * n + index.pairItem[k]] = k;
  return table;
}

/**
 * Tabu search that may break the agents' limits at a price (Yagiura, Ibaraki and Glover's idea for the
 * generalised assignment problem): each limit of each agent has a weight, raised while the limit is
 * broken and lowered while it holds, so the search crosses infeasible answers to reach packings that
 * moves between feasible answers cannot. Moves: shift an item (to another agent or out) and swap two
 * items (of two agents, or one placed and one out); the best move that is not tabu is made, a move back
 * being tabu for a few steps unless it gives a feasible answer better than the best. Returns the best
 * feasible answer seen (or null). Deterministic for a seed and an iteration count.
 */
export function penalisedSearch(
  index: IndexedProblem,
  start: Int32Array,
  options: {
    deadline: number;
    seed: number;
    maxIterations?: number;
    /** Stop after this many steps without a better feasible answer. */
    maxIdle?: number;
    /** Stop at an answer this good (a lower bound). */
    target?: number;
    agents?: number[];
    pairAt?: Int32Array;
    stats?: { iterations: number };
  },
): { agentOf: Int32Array; objective: number } | null {
  const { pairAgent, pairCost, pairLoad, itemStart, pinnedPair, capacity, maxItems, maxAmount, minTotal, amount } = index;
  const m = index.agentIds.length;
  const n = index.itemIds.length;
  const random = seededRandom(options.seed);
  const canLeave = Number.isFinite(index.unplacedCost);
  const outCost = canLeave ? index.unplacedCost : 0;
  // Only these agents (and out) are searched; items of other agents stay where they are.
  const active = new Uint8Array(m);
  for (const a of options.agents ?? Array.from({ length: m }, (_, a) => a)) active[a] = 1;
  const pairAt = options.pairAt ?? pairTable(index);
  const agentOf = start.slice();
  // Pins are never moved, so a start that breaks one gives nothing.
  for (let j = 0; j < n; j++) if (pinnedPair[j] >= 0 && agentOf[j] !== pairAgent[pinnedPair[j]]) return null;
  // The items that may move: those of the agents searched, and those out that one of them could take.
  const movable = new Uint8Array(n);
  const candidates: number[] = [];
  const activeAgents: number[] = [];
  for (let a = 0; a < m; a++) if (active[a]) activeAgents.push(a);
  for (let j = 0; j < n; j++) {
    if (pinnedPair[j] >= 0) continue;
    let reachable = false;
    if (agentOf[j] < 0 && canLeave) for (let k = itemStart[j]; k < itemStart[j + 1] && !reachable; k++) reachable = active[pairAgent[k]] === 1;
    if (agentOf[j] >= 0 ? active[agentOf[j]] : reachable) {
      movable[j] = 1;
      candidates.push(j);
    }
  }
  const load = new Float64Array(m);
  const count = new Float64Array(m);
  const money = new Float64Array(m);
  const members: number[][] = Array.from({ length: m }, () => []);
  const position = new Int32Array(n).fill(-1);
  const out: number[] = [];
  let cost = 0;
  for (let j = 0; j < n; j++) {
    const a = agentOf[j];
    if (a < 0) {
      if (!canLeave) return null;
      cost += outCost;
      if (movable[j]) {
        position[j] = out.length;
        out.push(j);
      }
      continue;
    }
    const k = pairAt[a * n + j];
    cost += pairCost[k];
    load[a] += pairLoad[k];
    count[a] += 1;
    money[a] += amount[j];
    position[j] = members[a].length;
    members[a].push(j);
  }
  // Weights per agent and limit, in units of cost per share of the limit.
  let meanCost = 0;
  for (let k = 0; k < pairCost.length; k++) meanCost += Math.abs(pairCost[k]);
  meanCost = Math.max(1, meanCost / Math.max(1, pairCost.length));
  const base = meanCost * WEIGHT_START;
  const wLoad = new Float64Array(m).fill(base);
  const wCount = new Float64Array(m).fill(base);
  const wMoney = new Float64Array(m).fill(base);
  const wMin = new Float64Array(m).fill(base);
  // Shares of a limit: 1 / limit (1 where the limit is 0; none where it is absent).
  const inverse = (limit: number) => (limit > 0 && Number.isFinite(limit) ? 1 / limit : 1);
  const perLoad = Float64Array.from(capacity, inverse);
  const perItem = Float64Array.from(maxItems, inverse);
  const perMoney = Float64Array.from(maxAmount, inverse);
  const perShort = Float64Array.from(minTotal, (limit) => (limit > 0 ? 1 / limit : 0));
  const penalty = (a: number, l: number, c: number, s: number) => {
    let value = 0;
    if (l > capacity[a] + EPSILON) value += wLoad[a] * (l - capacity[a]) * perLoad[a];
    if (c > maxItems[a]) value += wCount[a] * (c - maxItems[a]) * perItem[a];
    if (s > maxAmount[a] + EPSILON) value += wMoney[a] * (s - maxAmount[a]) * perMoney[a];
    if (c > 0 && s < minTotal[a] - EPSILON) value += wMin[a] * (minTotal[a] - s) * perShort[a];
    return value;
  };
  const broken = (a: number) =>
    load[a] > capacity[a] + EPSILON || count[a] > maxItems[a] || money[a] > maxAmount[a] + EPSILON || (count[a] > 0 && money[a] < minTotal[a] - EPSILON);
  let brokenCount = 0;
  const isBroken = new Uint8Array(m);
  for (let a = 0; a < m; a++) {
    if (!broken(a)) continue;
    isBroken[a] = 1;
    brokenCount++;
  }
  const refresh = (a: number) => {
    const now = broken(a) ? 1 : 0;
    brokenCount += now - isBroken[a];
    isBroken[a] = now;
  };
  let best: { agentOf: Int32Array; objective: number } | null = brokenCount === 0 ? { agentOf: agentOf.slice(), objective: cost } : null;
  // tabu[k]: until which step item pairItem[k] may not go back to pairAgent[k]; tabuOut[j] likewise for out.
  const tabu = new Float64Array(pairAgent.length);
  const tabuOut = new Float64Array(n);
  const tenureBase = Math.max(3, Math.round(Math.sqrt(n) * TENURE));

  const remove = (j: number) => {
    const a = agentOf[j];
    const list = a < 0 ? out : members[a];
    const last = list.pop()!;
    if (last !== j) {
      list[position[j]] = last;
      position[last] = position[j];
    }
    if (a >= 0) {
      const k = pairAt[a * n + j];
      load[a] -= pairLoad[k];
      count[a] -= 1;
      money[a] -= amount[j];
      cost -= pairCost[k];
      tabu[k] = iteration + tenureBase + Math.floor(random() * tenureBase);
    } else {
      cost -= outCost;
      tabuOut[j] = iteration + tenureBase + Math.floor(random() * tenureBase);
    }
  };
  const add = (j: number, a: number) => {
    agentOf[j] = a;
    const list = a < 0 ? out : members[a];
    position[j] = list.length;
    list.push(j);
    if (a >= 0) {
      const k = pairAt[a * n + j];
      load[a] += pairLoad[k];
      count[a] += 1;
      money[a] += amount[j];
      cost += pairCost[k];
    } else cost += outCost;
  };

  let iteration = 0;
  const maxIterations = options.maxIterations ?? Infinity;
  const penaltyNow = new Float64Array(m);
  const maxIdle = options.maxIdle ?? Infinity;
  const target = options.target ?? -Infinity;
  let lastBetter = 0;
  for (; iteration < maxIterations && iteration - lastBetter < maxIdle; iteration++) {
    if ((iteration & 15) === 0 && Date.now() >= options.deadline) break;
    if (best && best.objective <= target + EPSILON * Math.max(1, Math.abs(target))) break;
    for (const a of activeAgents) penaltyNow[a] = penalty(a, load[a], count[a], money[a]);
    let bestDelta = Infinity;
    let moveJ = -1;
    let moveTo = -2;
    let moveI = -1;
    let ties = 0;
    const consider = (delta: number, j: number, to: number, i: number, tabuMove: boolean, feasibleCost: number) => {
      if (tabuMove && !(feasibleCost < (best ? best.objective : Infinity) - EPSILON)) return;
      if (delta < bestDelta - EPSILON) {
        bestDelta = delta;
        moveJ = j;
        moveTo = to;
        moveI = i;
        ties = 1;
      } else if (delta <= bestDelta + EPSILON && random() * ++ties < 1) {
        moveJ = j;
        moveTo = to;
        moveI = i;
      }
    };
    // Shifts first: they set the bar the swaps must beat (which prunes most swaps).
    for (const j of candidates) {
      const a = agentOf[j];
      const kFrom = a >= 0 ? pairAt[a * n + j] : -1;
      const cFrom = a >= 0 ? pairCost[kFrom] : outCost;
      const aLeft = a >= 0 ? penalty(a, load[a] - pairLoad[kFrom], count[a] - 1, money[a] - amount[j]) : 0;
      const leave = a >= 0 ? aLeft - penaltyNow[a] : 0;
      const othersBroken = brokenCount - (a >= 0 && isBroken[a] ? 1 : 0);
      if (a >= 0 && canLeave) {
        consider(outCost - cFrom + leave, j, -1, -1, tabuOut[j] > iteration, othersBroken === 0 && aLeft === 0 ? cost - cFrom + outCost : Infinity);
      }
      for (let k = itemStart[j]; k < itemStart[j + 1]; k++) {
        const b = pairAgent[k];
        if (b === a || !active[b]) continue;
        const bEnter = penalty(b, load[b] + pairLoad[k], count[b] + 1, money[b] + amount[j]);
        const delta = pairCost[k] - cFrom + leave + bEnter - penaltyNow[b];
        if (delta > bestDelta + EPSILON) continue;
        const feasibleAfter = bEnter === 0 && aLeft === 0 && othersBroken - (isBroken[b] ? 1 : 0) === 0;
        consider(delta, j, b, -1, tabu[k] > iteration, feasibleAfter ? cost + pairCost[k] - cFrom : Infinity);
      }
    }
    // Swaps: item j (of agent a, or out) to agent b, an item i of b to a (or out). Two placed items are
    // tried once, from the one of the lower agent. While some limit is broken, only swaps that touch an
    // agent breaking one are tried (the others cannot mend it, and they are most of the work).
    const mending = brokenCount > 0;
    // On larger inputs a step tries the swaps of only part of the items, a different part each step.
    let swapBudget = SWAP_BUDGET;
    const first = candidates.length ? (iteration * 7919) % candidates.length : 0;
    for (let c = 0; c < candidates.length && swapBudget > 0; c++) {
      const j = candidates[(first + c) % candidates.length];
      const a = agentOf[j];
      if (a < 0 && !canLeave) continue;
      const aBroken = a >= 0 && isBroken[a] === 1;
      const kFrom = a >= 0 ? pairAt[a * n + j] : -1;
      const cFrom = a >= 0 ? pairCost[kFrom] : outCost;
      const aNow = a >= 0 ? penaltyNow[a] : 0;
      for (let k = itemStart[j]; k < itemStart[j + 1]; k++) {
        const b = pairAgent[k];
        if (b === a || !active[b] || (a >= 0 && b < a) || (mending && !aBroken && !isBroken[b])) continue;
        // No swap through b can gain more than the penalties of a and b now.
        const floor = pairCost[k] - cFrom - aNow - penaltyNow[b];
        const list = members[b];
        swapBudget -= list.length;
        for (let p = 0; p < list.length; p++) {
          const i = list[p];
          if (!movable[i]) continue;
          const kib = pairAt[b * n + i];
          let kia = -1;
          let cTo = outCost;
          if (a >= 0) {
            kia = pairAt[a * n + i];
            if (kia < 0) continue;
            cTo = pairCost[kia];
          }
          const dCost = pairCost[k] + cTo - cFrom - pairCost[kib];
          if (floor + cTo - pairCost[kib] > bestDelta + EPSILON) continue;
          const bAfter = penalty(b, load[b] + pairLoad[k] - pairLoad[kib], count[b], money[b] + amount[j] - amount[i]);
          const aAfter = a >= 0 ? penalty(a, load[a] - pairLoad[kFrom] + pairLoad[kia], count[a], money[a] - amount[j] + amount[i]) : 0;
          const delta = dCost + bAfter - penaltyNow[b] + aAfter - aNow;
          if (delta > bestDelta + EPSILON) continue;
          const isTabu = tabu[k] > iteration || (a >= 0 ? tabu[kia] > iteration : tabuOut[i] > iteration);
          const feasibleAfter = bAfter === 0 && aAfter === 0 && brokenCount - (a >= 0 && isBroken[a] ? 1 : 0) - (isBroken[b] ? 1 : 0) === 0;
          consider(delta, j, b, i, isTabu, feasibleAfter ? cost + dCost : Infinity);
        }
      }
    }
    if (moveJ < 0) break;
    const from = agentOf[moveJ];
    remove(moveJ);
    if (moveI >= 0) {
      remove(moveI);
      add(moveI, from);
    }
    add(moveJ, moveTo);
    if (from >= 0) refresh(from);
    if (moveTo >= 0) refresh(moveTo);
    if (brokenCount === 0 && (!best || cost < best.objective - EPSILON)) {
      best = { agentOf: agentOf.slice(), objective: cost };
      lastBetter = iteration;
    }
    // Weights: up on the limits broken now, slowly down on the others.
    for (const a of activeAgents) {
      if (isBroken[a]) {
        if (load[a] > capacity[a] + EPSILON) wLoad[a] *= WEIGHT_UP;
        if (count[a] > maxItems[a]) wCount[a] *= WEIGHT_UP;
        if (money[a] > maxAmount[a] + EPSILON) wMoney[a] *= WEIGHT_UP;
        if (count[a] > 0 && money[a] < minTotal[a] - EPSILON) wMin[a] *= WEIGHT_UP;
      } else if (brokenCount === 0) {
        wLoad[a] = Math.max(base * 0.01, wLoad[a] * WEIGHT_DOWN);
        wCount[a] = Math.max(base * 0.01, wCount[a] * WEIGHT_DOWN);
        wMoney[a] = Math.max(base * 0.01, wMoney[a] * WEIGHT_DOWN);
        wMin[a] = Math.max(base * 0.01, wMin[a] * WEIGHT_DOWN);
      }
    }
  }
  if (options.stats) options.stats.iterations = iteration;
  if (best) {
    // Recompute the objective in item order, as everywhere else.
    let total = 0;
    for (let j = 0; j < n; j++) total += best.agentOf[j] < 0 ? index.unplacedCost : pairCost[pairAt[best.agentOf[j] * n + j]];
    best.objective = total;
  }
  return best;
}

/**
 * Partners in one part of `focusedSearch`, how long the penalised search may take on it, and how many
 * steps without a better answer end it. Measured on 10k x 300 with another process busy: 12 partners and
 * 250 ms reached 1,062 out in the time, 8 and 150 ms 1,049; 100 steps idle found nothing at all (the
 * search needs a few hundred steps to come back to an answer).
 */
const REGION_AGENTS = 8;
const REGION_MS = 150;
const REGION_IDLE = 300;

/**
 * The penalised search on a large problem, one small part at a time (on the whole of 10k x 300, a step
 * of it scans 447,000 pairs). A part is a partner with room left (a free place, or load or money) and
 * the partners that share the most candidates with it, with every item they hold and every item out
 * that one of them could take; the rest is held still, so an answer of the part is an answer of the
 * whole. Where every partner is full by count, items out can only be placed by remaking the partners
 * that still have a place: a smaller item in, a larger one on to a neighbour. Moves between answers
 * rarely find that (the local search stops with places free); the penalised search, which crosses
 * answers breaking a limit, does (10k x 300: 1,062 applications out to 1,049, in 3.3 s).
 * Returns the answer reached (never worse than `start`) and how many parts were searched.
 */
export function focusedSearch(index: IndexedProblem, start: Int32Array, options: { deadline: number; seed: number }): { agentOf: Int32Array; parts: number } {
  const { pairAgent, pairItem, itemStart, agentStart, agentPairs, pinnedPair, maxItems, capacity, maxAmount, amount } = index;
  const m = index.agentIds.length;
  const n = index.itemIds.length;
  const agentOf = start.slice();
  const count = new Float64Array(m);
  const load = new Float64Array(m);
  const money = new Float64Array(m);
  const candidate = new Uint8Array(m);
  const shared = new Float64Array(m);
  const lastSearched = new Float64Array(m).fill(-1);
  let parts = 0;
  let idleParts = 0;
  for (let round = 0; Date.now() < options.deadline; round++) {
    count.fill(0);
    load.fill(0);
    money.fill(0);
    candidate.fill(0);
    for (let j = 0; j < n; j++) {
      const a = agentOf[j];
      if (a < 0) continue;
      count[a]++;
      load[a] += index.pairLoad[index.pairOf(a, j)];
      money[a] += amount[j];
    }
    // Partners an item out could go to.
    for (let j = 0; j < n; j++) if (agentOf[j] < 0 && pinnedPair[j] < 0) for (let k = itemStart[j]; k < itemStart[j + 1]; k++) candidate[pairAgent[k]] = 1;
    const room = (a: number) => Math.max(0, 1 - load[a] / capacity[a]) + (Number.isFinite(maxAmount[a]) ? Math.max(0, 1 - money[a] / maxAmount[a]) : 0);
    const focus: number[] = [];
    for (let a = 0; a < m; a++) if (candidate[a]) focus.push(a);
    // Nothing out, or a whole cycle of parts without a better answer: nothing left to gain here.
    if (focus.length === 0 || idleParts >= focus.length) break;
    // Partners with a free place first; among them the one searched least lately, then the roomiest.
    const free = (a: number) => (count[a] < maxItems[a] ? 1 : 0);
    focus.sort((x, y) => free(y) - free(x) || lastSearched[x] - lastSearched[y] || room(y) - room(x) || x - y);
    const centre = focus[0];
    lastSearched[centre] = round;
    // The partners that share the most candidates with the centre.
    shared.fill(0);
    for (let p = agentStart[centre]; p < agentStart[centre + 1]; p++) {
      const j = pairItem[agentPairs[p]];
      for (let k = itemStart[j]; k < itemStart[j + 1]; k++) shared[pairAgent[k]]++;
    }
    shared[centre] = Infinity;
    const agents = Array.from({ length: m }, (_, a) => a)
      .filter((a) => shared[a] > 0)
      .sort((x, y) => shared[y] - shared[x] || x - y)
      .slice(0, REGION_AGENTS);
    const inPart = new Int32Array(m).fill(-1);
    agents.forEach((a, p) => (inPart[a] = p));
    const items: number[] = [];
    for (let j = 0; j < n; j++) {
      const a = agentOf[j];
      if (a >= 0) {
        if (inPart[a] >= 0) items.push(j);
        continue;
      }
      if (pinnedPair[j] >= 0) continue;
      for (let k = itemStart[j]; k < itemStart[j + 1]; k++) {
        if (inPart[pairAgent[k]] >= 0) {
          items.push(j);
          break;
        }
      }
    }
    const part = restrictIndex(index, agents, items);
    const partStart = Int32Array.from(items, (j) => (agentOf[j] >= 0 ? inPart[agentOf[j]] : -1));
    let before = 0;
    partStart.forEach((a, q) => (before += a < 0 ? part.unplacedCost : part.pairCost[part.pairOf(a, q)]));
    const found = penalisedSearch(part, partStart, { deadline: Math.min(options.deadline, Date.now() + REGION_MS), seed: options.seed + round, maxIdle: REGION_IDLE });
    parts++;
    if (found && found.objective < before - EPSILON * Math.max(1, Math.abs(before))) {
      items.forEach((j, q) => (agentOf[j] = found.agentOf[q] >= 0 ? agents[found.agentOf[q]] : -1));
      idleParts = 0;
    } else idleParts++;
  }
  return { agentOf, parts };
}

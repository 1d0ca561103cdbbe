import { excludedPairs, pairKey } from './assignment.evaluate';
import { AssignmentProblem } from './assignment.types';

/**
 * The problem in typed arrays, built once per solve: agents and items by position, candidate pairs
 * grouped by item (each item's options sorted by cost) and listed by agent. Every solver works on this
 * form; it is what keeps an iteration O(pairs) on half a million pairs.
 */
export interface IndexedProblem {
  agentIds: string[];
  itemIds: string[];
  capacity: Float64Array;
  /** Infinity where the agent has no such limit. */
  maxItems: Float64Array;
  maxAmount: Float64Array;
  /** 0 where the agent has no minimum. */
  minTotal: Float64Array;
  amount: Float64Array;
  pairAgent: Int32Array;
  pairItem: Int32Array;
  pairCost: Float64Array;
  pairLoad: Float64Array;
  /** Item j's pairs are pairAgent[itemStart[j] .. itemStart[j+1]), cheapest first. */
  itemStart: Int32Array;
  /** Agent a's pairs are agentPairs[agentStart[a] .. agentStart[a+1]). */
  agentStart: Int32Array;
  agentPairs: Int32Array;
  /** The pair an item is pinned to, or -1. */
  pinnedPair: Int32Array;
  /** Agents holding a pin: they are used in every answer. */
  pinnedAgent: Uint8Array;
  /** What leaving an item out costs: Infinity when every item must be placed. */
  unplacedCost: number;
  /** Some pin can never hold (not a candidate, excluded, or alone over a limit of its agent). */
  impossiblePin: boolean;
  /** Pair index of (agent, item), or -1. */
  pairOf(agent: number, item: number): number;
}

const EPSILON = 1e-9;
/** Agents x items up to which pairOf uses a dense table (4 bytes a cell). */
const DENSE_LOOKUP_CELLS = 20_000_000;

/** The pairs listed by agent (a counting sort of the pair numbers by agent). */
function pairsByAgent(pairAgent: Int32Array, agents: number): { agentStart: Int32Array; agentPairs: Int32Array } {
  const agentStart = new Int32Array(agents + 1);
  for (const a of pairAgent) agentStart[a + 1]++;
  for (let a = 0; a < agents; a++) agentStart[a + 1] += agentStart[a];
  const agentPairs = new Int32Array(pairAgent.length);
  const fill = agentStart.slice(0, agents);
  for (let k = 0; k < pairAgent.length; k++) agentPairs[fill[pairAgent[k]]++] = k;
  return { agentStart, agentPairs };
}

/**
 * Builds the indexed form. Pairs that alone break one of their agent's limits can never hold, so they
 * are left out here (a pinned one makes the problem infeasible).
 */
export function indexProblem(problem: AssignmentProblem): IndexedProblem {
  const agentIds = problem.agents.map((a) => a.id);
  const itemIds = problem.items.map((i) => i.id);
  const agentIndex = new Map(agentIds.map((id, a) => [id, a]));
  const itemIndex = new Map(itemIds.map((id, j) => [id, j]));
  const m = agentIds.length;
  const n = itemIds.length;
  const capacity = Float64Array.from(problem.agents, (a) => a.capacity);
  const maxItems = Float64Array.from(problem.agents, (a) => a.maxItems ?? Infinity);
  const maxAmount = Float64Array.from(problem.agents, (a) => a.maxAmount ?? Infinity);
  const minTotal = Float64Array.from(problem.agents, (a) => a.minTotal ?? 0);
  const amount = Float64Array.from(problem.items, (i) => i.amount ?? 0);

  // Without exclusions no pair's key is built (10,000 x 300: 447,000 of them).
  const excluded = excludedPairs(problem);
  // Later duplicates of a pair replace earlier ones, as in candidatePairs().
  const chosen = new Map<number, { agent: number; item: number; cost: number; load: number }>();
  for (const pair of problem.pairs) {
    const a = agentIndex.get(pair.agent);
    const j = itemIndex.get(pair.item);
    if (a === undefined || j === undefined || excluded?.has(pairKey(pair.agent, pair.item))) continue;
    chosen.set(a * n + j, { agent: a, item: j, cost: pair.cost, load: pair.load });
  }
  const usable = (p: { agent: number; item: number; load: number }) =>
    p.load <= capacity[p.agent] + EPSILON && maxItems[p.agent] >= 1 && amount[p.item] <= maxAmount[p.agent] + EPSILON;
  const list = [...chosen.values()].filter(usable);
  list.sort((x, y) => x.item - y.item || x.cost - y.cost || x.agent - y.agent);

  const count = list.length;
  const pairAgent = new Int32Array(count);
  const pairItem = new Int32Array(count);
  const pairCost = new Float64Array(count);
  const pairLoad = new Float64Array(count);
  const itemStart = new Int32Array(n + 1);
  // (agent, item) -> pair: a dense table where it is at most 80 MB (it is the local search's innermost
  // lookup: 10k x 300, a 12 MB table, halved the time of a pass against a Map), a Map beyond.
  const dense = m * n <= DENSE_LOOKUP_CELLS ? new Int32Array(m * n).fill(-1) : null;
  const lookup = new Map<number, number>();
  list.forEach((p, k) => {
    pairAgent[k] = p.agent;
    pairItem[k] = p.item;
    pairCost[k] = p.cost;
    pairLoad[k] = p.load;
    itemStart[p.item + 1]++;
    if (dense) dense[p.agent * n + p.item] = k;
    else lookup.set(p.agent * n + p.item, k);
  });
  for (let j = 0; j < n; j++) itemStart[j + 1] += itemStart[j];
  const { agentStart, agentPairs } = pairsByAgent(pairAgent, m);

  const pinnedPair = new Int32Array(n).fill(-1);
  const pinnedAgent = new Uint8Array(m);
  let impossiblePin = false;
  for (const pin of problem.pins ?? []) {
    const a = agentIndex.get(pin.agent);
    const j = itemIndex.get(pin.item);
    const k = a === undefined || j === undefined ? -1 : dense ? dense[a * n + j] : (lookup.get(a * n + j) ?? -1);
    if (k < 0 || (pinnedPair[j!] !== -1 && pinnedPair[j!] !== k)) {
      impossiblePin = true;
      continue;
    }
    pinnedPair[j!] = k;
    pinnedAgent[a!] = 1;
  }
  return {
    agentIds,
    itemIds,
    capacity,
    maxItems,
    maxAmount,
    minTotal,
    amount,
    pairAgent,
    pairItem,
    pairCost,
    pairLoad,
    itemStart,
    agentStart,
    agentPairs,
    pinnedPair,
    pinnedAgent,
    unplacedCost: problem.requireAll ? Infinity : (problem.unassignedPenalty ?? 0),
    impossiblePin,
    pairOf: dense ? (agent, item) => dense[agent * n + item] : (agent, item) => lookup.get(agent * n + item) ?? -1,
  };
}

/** An answer in indexed form (agent per item, -1 unplaced) back to ids. */
export function toAssignment(index: IndexedProblem, agentOf: Int32Array): Record<string, string> {
  const assignment: Record<string, string> = {};
  agentOf.forEach((a, j) => {
    if (a >= 0) assignment[index.itemIds[j]] = index.agentIds[a];
  });
  return assignment;
}

/** An answer given by ids to indexed form; pairs that are not candidates are dropped. */
export function fromAssignment(index: IndexedProblem, assignment: Record<string, string>): Int32Array {
  const agentIndex = new Map(index.agentIds.map((id, a) => [id, a]));
  return Int32Array.from(index.itemIds, (id, j) => {
    const a = agentIndex.get(assignment[id]);
    return a !== undefined && index.pairOf(a, j) >= 0 ? a : -1;
  });
}

/**
 * The part of a problem that only `agents` and `items` make up (both as positions in `index`), indexed
 * on its own: agents and items are renumbered by their place in the lists, pairs to other agents are
 * dropped, pins kept. The agents keep their whole limits, so a caller that lists every item an agent
 * holds gets a part whose answers are answers of the whole (the rest held still).
 */
export function restrictIndex(index: IndexedProblem, agents: number[], items: number[]): IndexedProblem {
  const m = agents.length;
  const n = items.length;
  const position = new Int32Array(index.agentIds.length).fill(-1);
  agents.forEach((a, p) => (position[a] = p));
  // Each item's pairs are already cheapest first, so keeping them in order keeps that order.
  const kept: number[] = [];
  const itemStart = new Int32Array(n + 1);
  items.forEach((j, q) => {
    for (let k = index.itemStart[j]; k < index.itemStart[j + 1]; k++) if (position[index.pairAgent[k]] >= 0) kept.push(k);
    itemStart[q + 1] = kept.length;
  });
  const count = kept.length;
  const pairAgent = new Int32Array(count);
  const pairItem = new Int32Array(count);
  const pairCost = new Float64Array(count);
  const pairLoad = new Float64Array(count);
  const lookup = new Int32Array(m * n).fill(-1);
  for (let q = 0; q < n; q++) {
    for (let k = itemStart[q]; k < itemStart[q + 1]; k++) {
      const original = kept[k];
      pairAgent[k] = position[index.pairAgent[original]];
      pairItem[k] = q;
      pairCost[k] = index.pairCost[original];
      pairLoad[k] = index.pairLoad[original];
      lookup[pairAgent[k] * n + q] = k;
    }
  }
  const { agentStart, agentPairs } = pairsByAgent(pairAgent, m);
  const pinnedPair = Int32Array.from(items, (j, q) => {
    const pin = index.pinnedPair[j];
    return pin >= 0 && position[index.pairAgent[pin]] >= 0 ? lookup[position[index.pairAgent[pin]] * n + q] : -1;
  });
  const pick = (values: Float64Array) => Float64Array.from(agents, (a) => values[a]);
  return {
    agentIds: agents.map((a) => index.agentIds[a]),
    itemIds: items.map((j) => index.itemIds[j]),
    capacity: pick(index.capacity),
    maxItems: pick(index.maxItems),
    maxAmount: pick(index.maxAmount),
    minTotal: pick(index.minTotal),
    amount: Float64Array.from(items, (j) => index.amount[j]),
    pairAgent,
    pairItem,
    pairCost,
    pairLoad,
    itemStart,
    agentStart,
    agentPairs,
    pinnedPair,
    pinnedAgent: Uint8Array.from(agents, (a) => index.pinnedAgent[a]),
    unplacedCost: index.unplacedCost,
    impossiblePin: false,
    pairOf: (agent, item) => lookup[agent * n + item],
  };
}

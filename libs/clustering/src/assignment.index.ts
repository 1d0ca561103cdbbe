import { pairKey } from './assignment.evaluate';
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

  const excluded = new Set((problem.exclusions ?? []).map((p) => pairKey(p.agent, p.item)));
  // Later duplicates of a pair replace earlier ones, as in candidatePairs().
  const chosen = new Map<number, { agent: number; item: number; cost: number; load: number }>();
  for (const pair of problem.pairs) {
    const a = agentIndex.get(pair.agent);
    const j = itemIndex.get(pair.item);
    if (a === undefined || j === undefined || excluded.has(pairKey(pair.agent, pair.item))) continue;
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
  const lookup = new Map<number, number>();
  list.forEach((p, k) => {
    pairAgent[k] = p.agent;
    pairItem[k] = p.item;
    pairCost[k] = p.cost;
    pairLoad[k] = p.load;
    itemStart[p.item + 1]++;
    lookup.set(p.agent * n + p.item, k);
  });
  for (let j = 0; j < n; j++) itemStart[j + 1] += itemStart[j];
  const agentStart = new Int32Array(m + 1);
  for (let k = 0; k < count; k++) agentStart[pairAgent[k] + 1]++;
  for (let a = 0; a < m; a++) agentStart[a + 1] += agentStart[a];
  const agentPairs = new Int32Array(count);
  const fill = agentStart.slice(0, m);
  for (let k = 0; k < count; k++) agentPairs[fill[pairAgent[k]]++] = k;

  const pinnedPair = new Int32Array(n).fill(-1);
  const pinnedAgent = new Uint8Array(m);
  let impossiblePin = false;
  for (const pin of problem.pins ?? []) {
    const a = agentIndex.get(pin.agent);
    const j = itemIndex.get(pin.item);
    const k = a === undefined || j === undefined ? undefined : lookup.get(a * n + j);
    if (k === undefined || (pinnedPair[j!] !== -1 && pinnedPair[j!] !== k)) {
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
    pairOf: (agent, item) => lookup.get(agent * n + item) ?? -1,
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

import { excludedPairs, pairKey } from './assignment.evaluate';
import { AssignmentProblem } from './assignment.types';

export interface Components {
  /** One problem per connected part, smallest (fewest pairs) first; each holds its agents, items, pairs and pins. */
  parts: AssignmentProblem[];
  /** Items with no candidate pair: out in every answer. */
  stranded: string[];
  /** Every pin is a candidate pair, and no item has two. */
  pinsHold: boolean;
}

type Part = Pick<AssignmentProblem, 'agents' | 'items' | 'pairs'> & { pins: NonNullable<AssignmentProblem['pins']> };

/**
 * Splits a problem into the connected parts of its candidate graph (agents linked by the items they
 * could both take). Every limit belongs to one agent and every item to one part, so the parts' optima
 * added up are the whole's optimum, and so are their lower bounds. Domain problems fall apart by
 * country and language: the generated 300 x 16 into six parts of 2-4 partners, where HiGHS on the
 * whole left a gap it closes on most parts alone. Excluded pairs are dropped here; pins go with their
 * agent's part. Agents without a candidate pair are in no part (they take nothing in any answer).
 * A problem in one part, with no item left without a candidate, comes back as it is (the usual case
 * on large inputs: one pass over the pairs, 10,000 x 300 with 447,000 pairs in about 45 ms).
 */
export function splitIntoComponents(problem: AssignmentProblem): Components {
  const agentNumber = new Map(problem.agents.map((agent, a) => [agent.id, a]));
  const itemNumber = new Map(problem.items.map((item, j) => [item.id, j]));
  const excluded = excludedPairs(problem);
  const pins = problem.pins ?? [];
  const pinKeys = new Set(pins.map((pin) => pairKey(pin.agent, pin.item)));
  const candidatePins = new Set<string>();

  const parent = Int32Array.from(problem.agents, (_, a) => a);
  const root = (a: number): number => {
    while (parent[a] !== a) a = parent[a] = parent[parent[a]];
    return a;
  };
  const firstAgent = new Int32Array(problem.items.length).fill(-1);
  // The agent of each candidate pair, -1 for a pair that is none (unknown agent or item, or excluded).
  const pairAgent = new Int32Array(problem.pairs.length).fill(-1);
  problem.pairs.forEach((pair, k) => {
    const a = agentNumber.get(pair.agent);
    const j = itemNumber.get(pair.item);
    if (a === undefined || j === undefined) return;
    if (excluded || pinKeys.size) {
      const key = pairKey(pair.agent, pair.item);
      if (excluded?.has(key)) return;
      if (pinKeys.has(key)) candidatePins.add(key);
    }
    pairAgent[k] = a;
    if (firstAgent[j] < 0) firstAgent[j] = a;
    else parent[root(a)] = root(firstAgent[j]);
  });
  const pinnedItems = new Set(pins.map((pin) => pin.item));
  const pinsHold = candidatePins.size === pinKeys.size && pinKeys.size === pins.length && pinnedItems.size === pins.length;
  const roots = new Set<number>();
  for (const a of firstAgent) if (a >= 0) roots.add(root(a));
  if (roots.size <= 1 && firstAgent.every((a) => a >= 0)) return { parts: [problem], stranded: [], pinsHold };

  const byRoot = new Map<number, Part>();
  const partOf = (a: number) => {
    const r = root(a);
    let part = byRoot.get(r);
    if (!part) byRoot.set(r, (part = { agents: [], items: [], pairs: [], pins: [] }));
    return part;
  };
  problem.pairs.forEach((pair, k) => {
    if (pairAgent[k] >= 0) partOf(pairAgent[k]).pairs.push(pair);
  });
  const stranded: string[] = [];
  problem.items.forEach((item, j) => {
    if (firstAgent[j] < 0) stranded.push(item.id);
    else partOf(firstAgent[j]).items.push(item);
  });
  problem.agents.forEach((agent, a) => {
    if (byRoot.has(root(a))) partOf(a).agents.push(agent);
  });
  for (const pin of pins) {
    const a = agentNumber.get(pin.agent);
    if (a !== undefined && byRoot.has(root(a))) partOf(a).pins.push(pin);
  }
  const parts = [...byRoot.values()]
    .map((part) => ({ kind: 'assignment' as const, requireAll: problem.requireAll, unassignedPenalty: problem.unassignedPenalty, ...part, exclusions: [] }))
    .sort((x, y) => x.pairs.length - y.pairs.length);
  return { parts, stranded, pinsHold };
}

/**
 * Whether solving part by part is worth it and exact: there is more than one part (or items no agent
 * can take, where items may stay out), and every pin is a candidate pair with no other pin on its item.
 * Otherwise the whole problem goes to the solver, which reports a broken pin or a required item with
 * no candidate as infeasible.
 */
export function worthSplitting(problem: AssignmentProblem, components: Components): boolean {
  if (!components.pinsHold || (problem.requireAll && components.stranded.length > 0)) return false;
  return components.parts.length > 1 || components.stranded.length > 0;
}

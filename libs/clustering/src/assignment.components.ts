import { candidatePairs, pairKey } from './assignment.evaluate';
import { AssignmentProblem, Pair } from './assignment.types';

export interface Components {
  /** One problem per connected part, smallest (fewest pairs) first; each holds its agents, items, pairs and pins. */
  parts: AssignmentProblem[];
  /** Items with no candidate pair: out in every answer. */
  stranded: string[];
}

/**
 * Splits a problem into the connected parts of its candidate graph (agents linked by the items they
 * could both take). Every limit belongs to one agent and every item to one part, so the parts' optima
 * added up are the whole's optimum, and so are their lower bounds. Domain problems fall apart by
 * country and language: the generated 300 x 16 into six parts of 2-4 partners, where HiGHS on the
 * whole left a gap it closes on most parts alone. Excluded pairs are dropped here; pins go with their
 * agent's part. Agents without a candidate pair are in no part (they take nothing in any answer).
 */
export function splitIntoComponents(problem: AssignmentProblem): Components {
  const pairs = [...candidatePairs(problem).values()];
  const agentNumber = new Map(problem.agents.map((agent, a) => [agent.id, a]));
  const parent = problem.agents.map((_, a) => a);
  const root = (a: number): number => {
    while (parent[a] !== a) a = parent[a] = parent[parent[a]];
    return a;
  };
  const firstAgentOf = new Map<string, number>();
  const known = pairs.filter((pair) => agentNumber.has(pair.agent));
  for (const pair of known) {
    const a = agentNumber.get(pair.agent)!;
    const first = firstAgentOf.get(pair.item);
    if (first === undefined) firstAgentOf.set(pair.item, a);
    else parent[root(a)] = root(first);
  }

  const byRoot = new Map<number, { agents: AssignmentProblem['agents']; items: AssignmentProblem['items']; pairs: Pair[]; pins: NonNullable<AssignmentProblem['pins']> }>();
  const partOf = (a: number) => {
    const r = root(a);
    let part = byRoot.get(r);
    if (!part) byRoot.set(r, (part = { agents: [], items: [], pairs: [], pins: [] }));
    return part;
  };
  const itemIds = new Set(problem.items.map((item) => item.id));
  for (const pair of known) if (itemIds.has(pair.item)) partOf(agentNumber.get(pair.agent)!).pairs.push(pair);
  const stranded: string[] = [];
  for (const item of problem.items) {
    const a = firstAgentOf.get(item.id);
    if (a === undefined) stranded.push(item.id);
    else partOf(a).items.push(item);
  }
  problem.agents.forEach((agent, a) => {
    if (byRoot.has(root(a))) partOf(a).agents.push(agent);
  });
  for (const pin of problem.pins ?? []) {
    const a = agentNumber.get(pin.agent);
    if (a !== undefined && byRoot.has(root(a))) partOf(a).pins.push(pin);
  }
  const parts = [...byRoot.values()]
    .map((part) => ({ kind: 'assignment' as const, requireAll: problem.requireAll, unassignedPenalty: problem.unassignedPenalty, ...part, exclusions: [] }))
    .sort((x, y) => x.pairs.length - y.pairs.length);
  return { parts, stranded };
}

/**
 * Whether solving part by part is worth it and exact: there is more than one part (or items no agent
 * can take, where items may stay out), and every pin is a candidate pair with no other pin on its item.
 * Otherwise the whole problem goes to the solver, which reports a broken pin or a required item with
 * no candidate as infeasible.
 */
export function worthSplitting(problem: AssignmentProblem, components: Components): boolean {
  const pairs = candidatePairs(problem);
  const pinned = new Set<string>();
  for (const pin of problem.pins ?? []) {
    if (!pairs.has(pairKey(pin.agent, pin.item)) || pinned.has(pin.item)) return false;
    pinned.add(pin.item);
  }
  if (problem.requireAll && components.stranded.length > 0) return false;
  return components.parts.length > 1 || components.stranded.length > 0;
}

import { candidatePairs, pairKey } from './assignment.evaluate';
import { AssignmentProblem, Pair } from './assignment.types';

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

interface Usage {
  load: number;
  items: number;
  amount: number;
}

const EPSILON = 1e-9;

/**
 * Regret-greedy construction, a repair for minimum cluster totals, then local search (shift, swap
 * and open-a-cluster moves) until no move improves or the deadline passes. Deterministic for a seed.
 */
export function solveHeuristic(problem: AssignmentProblem, options: { deadline: number; seed: number }): Record<string, string> {
  const random = seededRandom(options.seed);
  const pairs = candidatePairs(problem);
  const agents = new Map(problem.agents.map((agent) => [agent.id, agent]));
  const amount = new Map(problem.items.map((item) => [item.id, item.amount ?? 0]));
  // Unplaced costs the penalty; when every item must be placed, a large cost keeps them placed.
  const unplacedCost = problem.requireAll ? 1e12 : (problem.unassignedPenalty ?? 0);
  const pinnedAgent = new Map((problem.pins ?? []).map((pin) => [pin.item, pin.agent]));
  const options_ = new Map<string, Pair[]>();
  for (const pair of pairs.values()) options_.set(pair.item, [...(options_.get(pair.item) ?? []), pair]);
  for (const list of options_.values()) list.sort((a, b) => a.cost - b.cost || (a.agent < b.agent ? -1 : 1));

  const assignment = new Map<string, string>();
  const members = new Map<string, Set<string>>(problem.agents.map((agent) => [agent.id, new Set<string>()]));
  const usage = new Map<string, Usage>(problem.agents.map((agent) => [agent.id, { load: 0, items: 0, amount: 0 }]));
  const costOf = (item: string, agent: string | undefined) => (agent === undefined ? unplacedCost : pairs.get(pairKey(agent, item))!.cost);
  const loadOf = (item: string, agent: string) => pairs.get(pairKey(agent, item))!.load;

  const fits = (agentId: string, item: string, without?: string) => {
    const agent = agents.get(agentId)!;
    const used = usage.get(agentId)!;
    const freed = without ? { load: loadOf(without, agentId), items: 1, amount: amount.get(without)! } : { load: 0, items: 0, amount: 0 };
    return (
      used.load - freed.load + loadOf(item, agentId) <= agent.capacity + EPSILON &&
      (agent.maxItems === undefined || used.items - freed.items + 1 <= agent.maxItems) &&
      (agent.maxAmount === undefined || used.amount - freed.amount + amount.get(item)! <= agent.maxAmount + EPSILON)
    );
  };
  /** An agent's total after a change must be zero or reach its minimum. */
  const minimumHolds = (agentId: string, amountAfter: number, itemsAfter: number) => {
    const min = agents.get(agentId)!.minTotal ?? 0;
    return itemsAfter === 0 || amountAfter >= min - EPSILON;
  };
  const place = (item: string, agent: string) => {
    assignment.set(item, agent);
    members.get(agent)!.add(item);
    const used = usage.get(agent)!;
    used.load += loadOf(item, agent);
    used.items += 1;
    used.amount += amount.get(item)!;
  };
  const unplace = (item: string) => {
    const agent = assignment.get(item);
    if (agent === undefined) return;
    assignment.delete(item);
    members.get(agent)!.delete(item);
    const used = usage.get(agent)!;
    used.load -= loadOf(item, agent);
    used.items -= 1;
    used.amount -= amount.get(item)!;
  };

  // 1. Pins first, then regret-greedy.
  for (const [item, agent] of pinnedAgent) if (pairs.has(pairKey(agent, item))) place(item, agent);
  const closed = new Set<string>();
  const greedy = () => {
    const free = problem.items.map((i) => i.id).filter((id) => !assignment.has(id));
    const regret = (id: string) => {
      const list = (options_.get(id) ?? []).filter((p) => !closed.has(p.agent));
      const best = list[0]?.cost ?? unplacedCost;
      const second = Math.min(list[1]?.cost ?? unplacedCost, unplacedCost);
      return second - best;
    };
    free.sort((a, b) => regret(b) - regret(a) || (a < b ? -1 : 1));
    for (const item of free) {
      const choice = (options_.get(item) ?? []).find((p) => !closed.has(p.agent) && p.cost < unplacedCost && fits(p.agent, item));
      if (choice) place(item, choice.agent);
    }
  };
  greedy();

  // 2. Repair clusters under their minimum: fill them from free items, else close them and re-place.
  for (let round = 0; round < problem.agents.length + 1 && Date.now() < options.deadline; round++) {
    const short = problem.agents.filter((a) => usage.get(a.id)!.items > 0 && !minimumHolds(a.id, usage.get(a.id)!.amount, usage.get(a.id)!.items));
    if (short.length === 0) break;
    for (const agent of short) {
      const candidates = problem.items.filter((i) => !assignment.has(i.id) && pairs.has(pairKey(agent.id, i.id))).map((i) => i.id);
      candidates.sort((a, b) => costOf(a, agent.id) - costOf(b, agent.id));
      for (const item of candidates) {
        if (minimumHolds(agent.id, usage.get(agent.id)!.amount, usage.get(agent.id)!.items)) break;
        if (fits(agent.id, item)) place(item, agent.id);
      }
      if (!minimumHolds(agent.id, usage.get(agent.id)!.amount, usage.get(agent.id)!.items)) {
        const pinnedHere = [...pinnedAgent.values()].includes(agent.id);
        if (!pinnedHere) {
          for (const item of [...members.get(agent.id)!]) unplace(item);
          closed.add(agent.id);
        }
      }
    }
    greedy();
  }
  closed.clear();

  // 3. Local search.
  const itemIds = problem.items.map((i) => i.id);
  let improved = true;
  while (improved && Date.now() < options.deadline) {
    improved = false;
    const order = [...itemIds].sort(() => random() - 0.5);
    for (const item of order) {
      if (pinnedAgent.has(item)) continue;
      const from = assignment.get(item);
      const current = costOf(item, from);
      // Shift to another agent, or out.
      const targets: (string | undefined)[] = [...(options_.get(item) ?? []).map((p) => p.agent), ...(problem.requireAll ? [] : [undefined])];
      for (const to of targets) {
        if (to === from) continue;
        const delta = costOf(item, to) - current;
        if (delta >= -EPSILON) continue;
        if (from !== undefined) {
          const used = usage.get(from)!;
          if (!minimumHolds(from, used.amount - amount.get(item)!, used.items - 1)) continue;
        }
        if (to !== undefined) {
          const used = usage.get(to)!;
          if (!fits(to, item) || !minimumHolds(to, used.amount + amount.get(item)!, used.items + 1)) continue;
        }
        unplace(item);
        if (to !== undefined) place(item, to);
        improved = true;
        break;
      }
      if (Date.now() >= options.deadline) break;
    }
    // Swap two placed items between their agents.
    for (const a of order) {
      if (Date.now() >= options.deadline) break;
      const agentA = assignment.get(a);
      if (agentA === undefined || pinnedAgent.has(a)) continue;
      for (const pair of options_.get(a) ?? []) {
        const agentB = pair.agent;
        if (agentB === agentA) continue;
        for (const b of [...members.get(agentB)!]) {
          if (pinnedAgent.has(b) || !pairs.has(pairKey(agentA, b))) continue;
          const delta = costOf(a, agentB) + costOf(b, agentA) - costOf(a, agentA) - costOf(b, agentB);
          if (delta >= -EPSILON) continue;
          if (!fits(agentB, a, b) || !fits(agentA, b, a)) continue;
          const usedA = usage.get(agentA)!;
          const usedB = usage.get(agentB)!;
          const amountA = usedA.amount - amount.get(a)! + amount.get(b)!;
          const amountB = usedB.amount - amount.get(b)! + amount.get(a)!;
          if (!minimumHolds(agentA, amountA, usedA.items) || !minimumHolds(agentB, amountB, usedB.items)) continue;
          unplace(a);
          unplace(b);
          place(a, agentB);
          place(b, agentA);
          improved = true;
          break;
        }
        if (assignment.get(a) !== agentA) break;
      }
    }
    // Open an unused agent with free items when that pays.
    for (const agent of problem.agents) {
      if (Date.now() >= options.deadline || usage.get(agent.id)!.items > 0) continue;
      const gains = problem.items
        .filter((i) => !assignment.has(i.id) && pairs.has(pairKey(agent.id, i.id)))
        .map((i) => ({ id: i.id, gain: unplacedCost - costOf(i.id, agent.id) }))
        .filter((g) => g.gain > 0)
        .sort((x, y) => y.gain - x.gain);
      const taken: string[] = [];
      let gain = 0;
      for (const candidate of gains) {
        if (!fits(agent.id, candidate.id)) continue;
        place(candidate.id, agent.id);
        taken.push(candidate.id);
        gain += candidate.gain;
      }
      if (taken.length && (gain <= EPSILON || !minimumHolds(agent.id, usage.get(agent.id)!.amount, usage.get(agent.id)!.items))) {
        for (const id of taken) unplace(id);
      } else if (taken.length) {
        improved = true;
      }
    }
  }
  return Object.fromEntries(assignment);
}

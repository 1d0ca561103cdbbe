/** The generic capacitated assignment form every clustering problem is compiled to. */
export interface Agent {
  id: string;
  /** Sum of the loads of its items may not exceed this. */
  capacity: number;
  /** At most this many items. */
  maxItems?: number;
  /** Sum of item amounts at most this. */
  maxAmount?: number;
  /** If the agent takes any item, the amounts must add up to at least this. */
  minTotal?: number;
}

export interface Item {
  id: string;
  /** Used by maxAmount and minTotal (e.g. minor units of money). */
  amount?: number;
}

export interface Pair {
  agent: string;
  item: string;
  /** May be negative (a profit). */
  cost: number;
  load: number;
}

export interface PairRef {
  agent: string;
  item: string;
}

export interface AssignmentProblem {
  kind: 'assignment';
  agents: Agent[];
  items: Item[];
  /** Sparse candidate pairs: an item can only go to an agent it has a pair with. */
  pairs: Pair[];
  /** Every item must be placed (infeasible otherwise) ... */
  requireAll?: boolean;
  /** ... or each unplaced item costs this. */
  unassignedPenalty?: number;
  /** Locks: these pairs hold in every answer. */
  pins?: PairRef[];
  /** These pairs never hold. */
  exclusions?: PairRef[];
}

export type SolveStatus = 'optimal' | 'feasible' | 'infeasible';

export interface SolveOptions {
  timeLimitMs?: number;
  seed?: number;
  /** 'auto' uses HiGHS where the model is small enough to prove optimality, the heuristic otherwise. */
  method?: 'auto' | 'milp' | 'heuristic';
  /** Called with the share of the work done (0-1, by pairs) as each part of a split problem is solved the first time. */
  onProgress?: (done: number) => void;
}

export interface AssignmentResult {
  status: SolveStatus;
  objective: number | null;
  lowerBound: number | null;
  /** (objective - lowerBound) / max(1, |objective|); 0 when proven optimal. */
  gap: number | null;
  elapsedMs: number;
  method: string;
  assignment: Record<string, string>;
  unassigned: string[];
}

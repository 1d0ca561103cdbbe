import { Components, splitIntoComponents, worthSplitting } from './assignment.components';
import { columnGenerationApplies, columnGenerationDive } from './assignment.columns';
import { candidatePairs, evaluateAssignment, relativeGap } from './assignment.evaluate';
import { AssignmentState, focusedSearch, heuristicFromScores, localSearch, penalisedSearch } from './assignment.heuristic';
import { IndexedProblem, indexProblem, toAssignment } from './assignment.index';
import { evaluateLagrangian, lagrangianBound, limitShares, minimumUnplaced, Multipliers, reducedCosts, scarcePlacePrices } from './assignment.lagrangian';
import { solveStrongMilp } from './assignment.milp';
import { AssignmentProblem, AssignmentResult, SolveOptions } from './assignment.types';

/** The least time a part of a split problem is given (a part's own search and HiGHS need a few ms). */
const MIN_PART_MS = 20;
/** How often the parts not yet proven are solved again with the time left. */
const MAX_PART_PASSES = 3;
/**
 * The least time per part worth a second solve. Below it a solve cannot do more than its fixed steps
 * (index, first answer, model), which outlast a sliver: 1000 x 35 seed 5, six parts left with 20 ms each
 * took 73-114 ms each, and the whole 3 s solve ended at 3.3 s.
 */
const MIN_RESOLVE_MS = 250;
/** The answer guided by the best Lagrangian multipliers gets at least this share of the time. */
const GUIDED_MIN_SHARE = 0.05;
/** Where answers leave out more items than the count bound, the tabu search may go on to this share of the time before HiGHS. */
const PACKING_UNTIL = 0.7;
/** Seeds of those later rounds start here, past the first rounds' seeds. */
const PACKING_SEEDS = 100;
/**
 * On models past the small-model size, HiGHS gets the time the searches leave unused only where at least
 * this much is left: MILP_LATE_MIN_MS, and MILP_LATE_MIN_SHARE of the limit.
 */
const MILP_LATE_MIN_MS = 1000;
const MILP_LATE_MIN_SHARE = 0.2;
/** Share of the time after which, on large inputs, the focused penalised search takes over. */
const FOCUS_FROM = 0.5;
/** Where column generation applies, the share of the time by which its dives end (HiGHS gets the rest). */
const COLUMNS_UNTIL = 0.85;
/** Column generation is tried from this many items up (below, HiGHS alone proves the optimum quickly). */
export const COLUMNS_MIN_ITEMS = 60;
/**
 * ... and up to this many pairs per second of the time limit: its LPs are slow in WebAssembly (about
 * 0.4 ms a simplex step), so a dive needs time in proportion to the size. Measured at 10 s: 20 x 200
 * (4,000 pairs) finishes 2-3 dives; 40 x 400 (16,000) did not finish one.
 */
export const COLUMNS_PAIRS_PER_SECOND = 1_000;
/** Above this many candidate pairs the MILP is not tried within the time limit ('auto'). */
export const MILP_MAX_PAIRS = 60_000;
/** Where items may stay out, HiGHS gets the end of the time only on models with at most this many pairs ... */
export const MILP_SMALL_PAIRS = 3_000;
/** ... or items (up to 300 applications the optimum is to be proven). */
export const MILP_SMALL_ITEMS = 400;

/**
 * A simple valid lower bound without a solver: each item at its cheapest option, capacities ignored.
 * The Lagrangian bound and HiGHS give much tighter ones.
 */
export function relaxedBound(problem: AssignmentProblem): number {
  const pairs = [...candidatePairs(problem).values()];
  const penalty = problem.requireAll ? Infinity : (problem.unassignedPenalty ?? 0);
  const best = new Map<string, number>();
  for (const pair of pairs) best.set(pair.item, Math.min(best.get(pair.item) ?? Infinity, pair.cost));
  return problem.items.reduce((sum, item) => sum + Math.min(best.get(item.id) ?? Infinity, penalty), 0);
}

interface Incumbent {
  agentOf: Int32Array;
  objective: number;
}

/**
 * Rounds of the tabu search, each polished by the local search (its ejection chains find what the tabu
 * search misses: 1000 x 35, 35,215 -> 35,179 in 50 ms), each from the best answer so far with its own
 * seed; three rounds in a row without a better answer end it. The better answer, or null.
 */
function tabuRounds(index: IndexedProblem, start: Incumbent, options: { deadline: number; seed: number; target?: number }): Incumbent | null {
  const n = index.itemIds.length;
  let best = start;
  let idle = 0;
  for (let round = 0; idle < 3 && Date.now() < options.deadline; round++) {
    const packed = penalisedSearch(index, best.agentOf, { deadline: options.deadline, seed: options.seed + round, maxIdle: Math.max(2000, 2 * n), target: options.target });
    const state = AssignmentState.of(index, (packed ?? best).agentOf);
    localSearch(state, { deadline: options.deadline, seed: options.seed + round });
    const found = better(asIncumbent(state), packed);
    if (found && found.objective < best.objective - 1e-9) {
      best = found;
      idle = 0;
    } else idle++;
  }
  return best === start ? null : best;
}

/** A state is an answer when no required item is out and every used agent meets its minimum. */
function asIncumbent(state: AssignmentState): Incumbent | null {
  const { index } = state;
  if (!Number.isFinite(index.unplacedCost) && state.agentOf.some((a) => a < 0)) return null;
  for (let a = 0; a < index.agentIds.length; a++) if (!state.minimumHolds(a, 0, 0)) return null;
  return { agentOf: state.agentOf.slice(), objective: state.objective };
}

const better = (candidate: Incumbent | null, best: Incumbent | null) => (candidate && (!best || candidate.objective < best.objective - 1e-9) ? candidate : best);

/**
 * Pairs that may be in an answer better than `upperBound`: forcing pair k into the relaxation raises its
 * value by (reduced cost of k) - (what item j pays there now); if that lifts the bound above the
 * incumbent, no better answer uses k (reduced-cost fixing). The incumbent's own pairs are always kept.
 */
export function pairsWorthKeeping(index: IndexedProblem, multipliers: Multipliers, upperBound: number, incumbent: Int32Array | null, maxPlaced = Infinity): Uint8Array {
  const shares = limitShares(index);
  const evaluation = evaluateLagrangian(index, multipliers, shares, maxPlaced);
  const reduced = reducedCosts(index, multipliers, shares);
  const keep = new Uint8Array(index.pairCost.length);
  const slack = upperBound - evaluation.value + 1e-6 * Math.max(1, Math.abs(upperBound));
  for (let j = 0; j < index.itemIds.length; j++) {
    const chosen = evaluation.choice[j];
    // An item the relaxation leaves out, forced in, also pushes out the last item let in (when the count binds).
    const paid = chosen >= 0 ? reduced[chosen] : index.unplacedCost + evaluation.marginal;
    for (let k = index.itemStart[j]; k < index.itemStart[j + 1]; k++) {
      if (reduced[k] - paid <= slack || incumbent?.[j] === index.pairAgent[k]) keep[k] = 1;
    }
  }
  return keep;
}

/**
 * Solves the generic assignment form: part by part where its candidate graph falls apart (see
 * `splitIntoComponents`), each part as below.
 */
export async function solveAssignment(problem: AssignmentProblem, options: SolveOptions = {}): Promise<AssignmentResult> {
  const started = Date.now();
  const components = splitIntoComponents(problem);
  // The split's own time (10,000 x 300: about 45 ms) comes out of the limit.
  const rest = { ...options, timeLimitMs: Math.max(MIN_PART_MS, (options.timeLimitMs ?? 10_000) - (Date.now() - started)) };
  if (worthSplitting(problem, components)) return { ...(await solveByParts(problem, components, rest)), elapsedMs: Date.now() - started };
  const result = await solveConnected(problem, rest);
  options.onProgress?.(1);
  return { ...result, elapsedMs: Date.now() - started };
}

/**
 * Solves each part in turn, smallest first, each with its share (by pairs) of the time left: a part
 * done early leaves its time to the larger ones. Time still left then goes, the same way, to the parts
 * not yet proven, solved again with the next seed (HiGHS's path, and the time a proof takes, change
 * with it); each part keeps its better answer and higher bound. The answer is the parts' answers
 * together, and the bound the sum of theirs plus the items no agent can take; proven when every part is.
 */
async function solveByParts(problem: AssignmentProblem, { parts, stranded }: Components, options: SolveOptions): Promise<AssignmentResult> {
  const started = Date.now();
  // A part may end a little after its share (HiGHS stops shortly after its limit): 1% is kept back.
  const deadline = started + (options.timeLimitMs ?? 10_000) * 0.99;
  const seed = options.seed ?? 1;
  const results: (AssignmentResult | null)[] = parts.map(() => null);
  const totalPairs = parts.reduce((sum, part) => sum + part.pairs.length, 0);
  let pairsDone = 0;
  for (let pass = 0; pass < MAX_PART_PASSES; pass++) {
    let open = parts.map((_, p) => p).filter((p) => results[p]?.status !== 'optimal');
    if (pass > 0) {
      // The time left goes to the parts with the most to gain, as many as can have MIN_RESOLVE_MS each.
      const room = Math.floor((deadline - Date.now()) / MIN_RESOLVE_MS);
      open = [...open].sort((a, b) => gapLeft(results[b]) - gapLeft(results[a]) || a - b).slice(0, Math.max(0, room)).sort((a, b) => a - b);
    }
    if (open.length === 0) break;
    let pairsLeft = open.reduce((sum, p) => sum + parts[p].pairs.length, 0);
    for (const p of open) {
      const share = parts[p].pairs.length / Math.max(1, pairsLeft);
      pairsLeft -= parts[p].pairs.length;
      const result = await solveConnected(parts[p], { ...options, seed: seed + pass, timeLimitMs: Math.max(MIN_PART_MS, (deadline - Date.now()) * share) });
      if (result.status === 'infeasible') {
        return { status: 'infeasible', objective: null, lowerBound: null, gap: null, elapsedMs: Date.now() - started, method: result.method, assignment: {}, unassigned: problem.items.map((i) => i.id) };
      }
      results[p] = keepBetter(results[p], result);
      if (pass === 0) {
        pairsDone += parts[p].pairs.length;
        options.onProgress?.(pairsDone / Math.max(1, totalPairs));
        // HiGHS holds the thread while it runs; between parts the event loop gets a turn (a job's lock
        // renewal, the progress just reported).
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  }
  const solved = results as AssignmentResult[];
  const assignment: Record<string, string> = Object.assign({}, ...solved.map((result) => result.assignment));
  let lowerBound: number | null = stranded.length * (problem.unassignedPenalty ?? 0);
  for (const result of solved) lowerBound = lowerBound === null || result.lowerBound === null ? null : lowerBound + result.lowerBound;
  const proven = solved.every((result) => result.status === 'optimal');
  return resultOf(problem, assignment, { lowerBound, proven, started, method: `${parts.length} parts: ${[...new Set(solved.map((result) => result.method))].join(', ')}` });
}

/**
 * The result for an answer, recomputed from scratch (a broken limit is a solver bug, and throws). A
 * bound above the answer can only be rounding (HiGHS's 1e-6 optimality tolerance, or parts' bounds
 * added up in floating point), so it is cut to the answer.
 */
function resultOf(problem: AssignmentProblem, assignment: Record<string, string>, found: { lowerBound: number | null; proven: boolean; started: number; method: string }): AssignmentResult {
  const evaluation = evaluateAssignment(problem, assignment);
  if (evaluation.violations.length) throw new Error(`solver produced an answer that breaks ${JSON.stringify(evaluation.violations[0])}`);
  const objective = evaluation.objective;
  let lowerBound = found.lowerBound;
  if (lowerBound !== null && (found.proven || lowerBound > objective)) lowerBound = Math.min(lowerBound, objective);
  const gap = relativeGap(objective, lowerBound);
  return {
    status: found.proven || (gap !== null && gap <= 1e-6) ? 'optimal' : 'feasible',
    objective,
    lowerBound,
    gap,
    elapsedMs: Date.now() - found.started,
    method: found.method,
    assignment,
    unassigned: problem.items.map((i) => i.id).filter((id) => assignment[id] === undefined),
  };
}

/** How far a part's answer may be from its optimum (unbounded without a bound). */
const gapLeft = (result: AssignmentResult | null) => (result && result.objective !== null && result.lowerBound !== null ? result.objective - result.lowerBound : Infinity);

/** Two solves of the same part: the better answer, with the higher of the two bounds. */
function keepBetter(previous: AssignmentResult | null, next: AssignmentResult): AssignmentResult {
  if (!previous) return next;
  const answer = next.objective! < previous.objective! - 1e-9 ? next : previous;
  const lowerBound = Math.max(previous.lowerBound ?? -Infinity, next.lowerBound ?? -Infinity);
  const bound = Number.isFinite(lowerBound) ? Math.min(lowerBound, answer.objective!) : null;
  const gap = relativeGap(answer.objective, bound);
  return { ...answer, lowerBound: bound, gap, status: gap !== null && gap <= 1e-9 ? 'optimal' : answer.status };
}

/**
 * Solves one connected problem.
 * 1. A greedy answer and local search on the real costs: a first incumbent.
 * 2. The Lagrangian relaxation of the agent limits: a lower bound in O(pairs) per step, and reduced costs
 *    that price scarce capacity; greedy plus local search on those gives further answers.
 *    a. Where items may stay out (and the input is not large): rounds of a tabu search that crosses
 *       answers breaking limits at adaptive prices, each polished by the local search. On large inputs
 *       the same search runs on one part at a time (a partner with room and its neighbours) for the
 *       second half of the time, and the subgradient starts from prices for scarce places.
 *    b. A lower bound on the number of items every answer leaves out (whole items), and the relaxation
 *       again with "at most n - that many placed": far tighter when the penalty dominates the costs.
 *    c. Where the best answer still leaves out more than that many, more rounds of the tabu search
 *       before HiGHS (on models small enough for it).
 * 3. Where the model is small enough, or the searches ended early with much of the time left, HiGHS on
 *    the strong model (with that row where it tightened the relaxation), restricted to the pairs the
 *    bound does not rule out, proves optimality or improves both sides; the better answer is kept.
 * The answer returned is always recomputed from scratch (evaluateAssignment).
 */
async function solveConnected(problem: AssignmentProblem, options: SolveOptions = {}): Promise<AssignmentResult> {
  const started = Date.now();
  const timeLimitMs = options.timeLimitMs ?? 10_000;
  const deadline = started + timeLimitMs;
  const seed = options.seed ?? 1;
  const method = options.method ?? 'auto';
  const index = indexProblem(problem);
  const pairCount = index.pairCost.length;
  const n = index.itemIds.length;
  const infeasible = (lowerBound: number | null = null): AssignmentResult => ({ status: 'infeasible', objective: null, lowerBound, gap: null, elapsedMs: Date.now() - started, method: 'lagrangian', assignment: {}, unassigned: problem.items.map((i) => i.id) });
  if (index.impossiblePin) return infeasible();
  const useMilp = method === 'milp' || (method === 'auto' && pairCount > 0 && pairCount <= MILP_MAX_PAIRS);
  const large = !useMilp && pairCount > 20_000;
  // Where items may stay out, HiGHS is given the end of the time only on small models: on 1000 x 35
  // (5,547 pairs, 5,400 left after reduced-cost fixing) it found no answer at all in 1 s, and the
  // penalised tabu search makes better use of that time.
  const milpWorthIt = useMilp && (method === 'milp' || !Number.isFinite(index.unplacedCost) || pairCount <= MILP_SMALL_PAIRS || n <= MILP_SMALL_ITEMS);

  // 1. A first answer on the real costs (quickly for large inputs: the Lagrangian guides the real search).
  const firstBudget = useMilp ? Math.min(timeLimitMs * 0.05, 300) : large ? timeLimitMs * 0.02 : timeLimitMs * 0.3;
  let best = asIncumbent(heuristicFromScores(index, index.pairCost, { deadline: Math.min(deadline, Date.now() + firstBudget), seed }));
  let used = 'heuristic';

  // 2. Lagrangian bound. Reduced costs at the best multipliers, and (where a search is cheap) at a few
  // earlier iterates, seed further greedy answers and local searches: different prices, different optima.
  const snapshots: Multipliers[] = [];
  // On large inputs with scarce places, the subgradient starts from prices near the optimum's, aimed 1%
  // above their value (the first answer is far off, and aiming at it overshoots: 10k x 300 fell to -3.5
  // million before climbing back).
  const start = large ? scarcePlacePrices(index) : null;
  const startValue = start ? evaluateLagrangian(index, start).value : Infinity;
  const bound = lagrangianBound(index, {
    deadline: Math.min(deadline, Date.now() + (large ? timeLimitMs * 0.35 : Math.min(timeLimitMs * 0.1, 1000))),
    // Large inputs: a step scans every pair, so the time share ends the subgradient; the cap keeps the
    // 10k x 300 path as measured.
    maxIterations: large ? 1000 : undefined,
    start: start ?? undefined,
    upperBound: Number.isFinite(startValue) ? Math.min(best?.objective ?? Infinity, startValue + 0.01 * Math.abs(startValue)) : best?.objective,
    onIterate: large ? undefined : (u, _, iteration) => {
      if (iteration >= 200 && iteration % 100 === 0) snapshots.push({ load: u.load.slice(), items: u.items.slice(), amount: u.amount.slice() });
    },
  });
  if (bound.bound === Infinity) return infeasible();
  let lowerBound = Number.isFinite(bound.bound) ? bound.bound : null;
  let prices = bound.multipliers;

  // On large inputs where items may stay out, the local search hands over to the focused penalised search
  // at half the time (10k x 300: the local search stalls a second or two after the Lagrangian, with 1,060
  // to 1,080 applications out; the focused search then reaches 1,049, every partner full by count).
  const focused = large && Number.isFinite(index.unplacedCost) && index.agentIds.length * n <= 20_000_000;
  // The generalised assignment problem itself (only capacities, whole loads): column generation and
  // dives give far better answers than the searches below and a tighter bound (type D, 20 x 200: 12,209-
  // 12,230 in 10 s, where HiGHS alone reached 12,248 in 900 s; type E: 21,338-21,351 against 21,356 in 60 s).
  const columns = method === 'auto' && n >= COLUMNS_MIN_ITEMS && pairCount <= COLUMNS_PAIRS_PER_SECOND * (timeLimitMs / 1000) && columnGenerationApplies(index);
  if (columns) {
    const dive = await columnGenerationDive(index, { deadline: started + timeLimitMs * COLUMNS_UNTIL, seed, incumbent: best?.agentOf, upperBound: best?.objective });
    if (dive.agentOf) {
      const state = AssignmentState.of(index, dive.agentOf);
      // The dive's answer is whole sets per agent; a short local search moves single items across them.
      localSearch(state, { deadline: Math.min(deadline, Date.now() + 200), seed });
      const found = better(asIncumbent(state), best);
      if (found !== best) {
        best = found;
        used = 'columns';
      }
    }
    if (Number.isFinite(dive.lowerBound)) lowerBound = Math.max(lowerBound ?? -Infinity, dive.lowerBound);
  }
  const searchEnd = columns
    ? Date.now()
    : useMilp
    ? Date.now() + (milpWorthIt ? Math.min(timeLimitMs * 0.4, 1500) : Math.min(timeLimitMs * 0.1, 1000))
    : large
      ? focused
        ? started + timeLimitMs * FOCUS_FROM
        : deadline - timeLimitMs * 0.02
      : started + timeLimitMs * 0.5;
  for (const [i, multipliers] of [bound.multipliers, ...snapshots.reverse()].entries()) {
    // The answer from the best multipliers is always built (but after column generation's dives, far
    // better), even when the bound ran late: the first answer had only a sliver of the time (10k x 300 at
    // 6 s: the Lagrangian ended past this phase's end, and the focused search, left with a greedy answer
    // cut short, ended 39% above the bound).
    const until = i === 0 && !columns ? Math.max(searchEnd, Math.min(deadline, Date.now() + timeLimitMs * GUIDED_MIN_SHARE)) : searchEnd;
    if (Date.now() >= until) break;
    const guided = asIncumbent(heuristicFromScores(index, reducedCosts(index, multipliers), { deadline: until, seed: seed + i }));
    if (better(guided, best) === guided && guided) {
      best = guided;
      used = 'lagrangian';
    }
  }

  if (focused && best && Date.now() < deadline - timeLimitMs * 0.02) {
    const { agentOf } = focusedSearch(index, best.agentOf, { deadline: deadline - timeLimitMs * 0.02, seed });
    const reached = asIncumbent(AssignmentState.of(index, agentOf));
    if (better(reached, best) === reached && reached) {
      best = reached;
      used = 'focused';
    }
  }

  const provenBy = (value: number | null) => best !== null && value !== null && relativeGap(best.objective, value)! <= 1e-9;
  let maxPlaced = Infinity;
  let pricesMaxPlaced = Infinity;

  // 2a. Tabu search through answers that break limits at a price: tighter packings than the moves
  // between answers find (1000 x 35: 36,056 -> 35,2xx). Not on large inputs (a step scans every pair,
  // and the local search above needs the time there), nor where every item must be placed (on the type
  // D and E instances it found nothing HiGHS does not, and took HiGHS's time). Before HiGHS it runs
  // briefly: with the count row HiGHS's own answers got worse (300 x 16: 15,048, against 14,138 here).
  const tableFits = index.agentIds.length * n <= 20_000_000; // the search keeps an agents x items table
  if (best && !columns && pairCount > 0 && !large && tableFits && Number.isFinite(index.unplacedCost) && !provenBy(lowerBound)) {
    // Before HiGHS, briefly; otherwise to the end but for the bound below (1000 x 35: about 0.2 s).
    const searchDeadline = milpWorthIt ? Date.now() + Math.min(timeLimitMs * 0.15, 1500) : deadline - Math.min(1000, timeLimitMs * 0.1);
    const packed = tabuRounds(index, best, { deadline: searchDeadline, seed, target: lowerBound ?? undefined });
    if (packed) {
      best = packed;
      used = 'tabu';
    }
  }
  // 2b. Whole items out. Every answer leaves out a whole number of items, at least the count bound
  // rounded up; the relaxation with that row is much tighter when the penalty dominates the costs
  // (1000 x 35: 34,661 -> 35,046, where the best answer known is 35,127).
  if (best && !columns && !large && Number.isFinite(index.unplacedCost) && Number.isFinite(bound.bound) && !provenBy(lowerBound)) {
    const out = best.agentOf.reduce((count, a) => count + (a < 0 ? 1 : 0), 0);
    const minimumOut = out > 0 ? minimumUnplaced(index, { deadline, prices: bound.multipliers, upperBound: out }) : 0;
    if (minimumOut > 0) {
      const counted = lagrangianBound(index, { deadline: Math.min(deadline, Date.now() + Math.min(timeLimitMs * 0.1, 1000)), upperBound: best.objective, maxPlaced: n - minimumOut });
      // The row goes to HiGHS too, but only where it tightens the relaxation: where it does not, it only
      // changes HiGHS's path (sample 300 x 16: proven in 6.5 s without it, not in 19 s with it).
      if (counted.bound > bound.bound) {
        lowerBound = counted.bound;
        prices = counted.multipliers;
        maxPlaced = n - minimumOut;
        pricesMaxPlaced = maxPlaced;
      }
    }
    // 2c. More items out than the count bound: a whole penalty may be there to gain, and HiGHS rarely
    // finds it on mid-size models (1000 x 35 seed 2, part of 15 x 434: HiGHS left 10 out after 60 s
    // where the tabu search finds 9). The tabu search then goes on, before HiGHS, up to PACKING_UNTIL.
    if (milpWorthIt && tableFits && minimumOut < out && !provenBy(lowerBound)) {
      const packed = tabuRounds(index, best, { deadline: started + timeLimitMs * PACKING_UNTIL, seed: seed + PACKING_SEEDS, target: lowerBound ?? undefined });
      if (packed) {
        best = packed;
        used = 'tabu';
      }
    }
  }
  let proven = provenBy(lowerBound);

  // 3. HiGHS on what is left: on models small enough for it, or on any model HiGHS can take where the
  // searches ended on their own with a good share of the time left. There it raises the bound (1000 x 35,
  // part of 30 x 853 given 30 s: the tabu search went idle at 3.1-3.6 s and the solve ended there, bound
  // 33,373; now 33,408, where 1,500 s of HiGHS reach 33,410); it found no better answer, warm-started
  // from ours or not.
  const late = !milpWorthIt && useMilp && deadline - Date.now() >= Math.max(MILP_LATE_MIN_MS, timeLimitMs * MILP_LATE_MIN_SHARE);
  if ((milpWorthIt || late) && !proven) {
    const keep = best && lowerBound !== null ? pairsWorthKeeping(index, prices, best.objective, best.agentOf, pricesMaxPlaced) : new Uint8Array(pairCount).fill(1);
    // No warm start: measured, it slows the proof (sample 300 x 16: 8.8 s with, 6.5 s without) and our
    // answer is kept anyway when HiGHS finds none better. A little time is left for building the model.
    // The count row (2b) goes with it where it tightened the relaxation.
    const milp = await solveStrongMilp(index, { timeLimitMs: Math.max(50, deadline - Date.now() - Math.min(200, timeLimitMs * 0.05)), seed, keep, maxPlaced });
    if (milp.status === 'infeasible' && !best) return infeasible(lowerBound);
    if (milp.agentOf && milp.objective !== null) {
      const candidate = better({ agentOf: milp.agentOf, objective: milp.objective }, best);
      if (candidate !== best) {
        best = candidate;
        used = 'milp';
      }
    }
    if (milp.lowerBound !== null) lowerBound = Math.max(lowerBound ?? -Infinity, milp.lowerBound);
    proven = milp.status === 'optimal';
    if (used !== 'milp' && proven) used += '+milp';
  }

  if (!best) return { ...infeasible(lowerBound), status: 'infeasible', elapsedMs: Date.now() - started, method: used };
  return resultOf(problem, toAssignment(index, best.agentOf), { lowerBound, proven, started, method: used });
}

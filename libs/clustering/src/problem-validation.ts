import Ajv, { ErrorObject } from 'ajv';
import assignmentSchema from '../schemas/assignment-problem.schema.json';
import clusteringSchema from '../schemas/clustering-problem.schema.json';
import { candidatePairs, pairKey } from './assignment.evaluate';
import { AssignmentProblem } from './assignment.types';
import { compileDomain } from './domain.compiler';
import { ClusteringProblem } from './domain.types';

/** A problem that cannot be solved as given; `field` says where (a JSON pointer or a limit). */
export class ProblemError extends Error {
  constructor(
    readonly field: string,
    readonly detail: string,
  ) {
    super(`${field}: ${detail}`);
    this.name = 'ProblemError';
  }
}

const ajv = new Ajv({ allErrors: false, strict: true });
const validateAssignment = ajv.compile<AssignmentProblem>(assignmentSchema);
const validateClustering = ajv.compile<ClusteringProblem>(clusteringSchema);

function schemaError(error: ErrorObject | undefined): ProblemError {
  if (!error) return new ProblemError('/', 'not a valid problem');
  const extra = error.keyword === 'additionalProperties' ? ` (${String(error.params.additionalProperty)})` : error.keyword === 'required' ? ` (${String(error.params.missingProperty)})` : '';
  return new ProblemError(error.instancePath || '/', `${error.message ?? 'is not valid'}${extra}`);
}

function unique(ids: string[], field: string) {
  const seen = new Set<string>();
  ids.forEach((id, index) => {
    if (seen.has(id)) throw new ProblemError(`${field}/${index}/id`, `duplicate id "${id}"`);
    seen.add(id);
  });
}

/** Pins must be candidate pairs, one per item, and together within every limit of their agent. */
export function checkPins(problem: AssignmentProblem): void {
  const pairs = candidatePairs(problem);
  const pinnedItems = new Map<string, string>();
  const amounts = new Map(problem.items.map((i) => [i.id, i.amount ?? 0]));
  const totals = new Map<string, { load: number; items: number; amount: number }>();
  (problem.pins ?? []).forEach((pin, index) => {
    const pair = pairs.get(pairKey(pin.agent, pin.item));
    if (!pair) throw new ProblemError(`/pins/${index}`, `"${pin.item}" cannot be pinned to "${pin.agent}": not a candidate pair, or excluded`);
    const other = pinnedItems.get(pin.item);
    if (other && other !== pin.agent) throw new ProblemError(`/pins/${index}`, `"${pin.item}" is pinned to both "${other}" and "${pin.agent}"`);
    pinnedItems.set(pin.item, pin.agent);
    const total = totals.get(pin.agent) ?? { load: 0, items: 0, amount: 0 };
    total.load += pair.load;
    total.items += 1;
    total.amount += amounts.get(pin.item) ?? 0;
    totals.set(pin.agent, total);
  });
  for (const agent of problem.agents) {
    const total = totals.get(agent.id);
    if (!total) continue;
    if (total.load > agent.capacity + 1e-9) throw new ProblemError(`agents/${agent.id}/capacity`, `pinned items need ${total.load.toFixed(1)}, more than the capacity ${agent.capacity}`);
    if (agent.maxItems !== undefined && total.items > agent.maxItems) throw new ProblemError(`agents/${agent.id}/maxItems`, `${total.items} items are pinned, more than ${agent.maxItems}`);
    if (agent.maxAmount !== undefined && total.amount > agent.maxAmount + 1e-9) throw new ProblemError(`agents/${agent.id}/maxAmount`, `pinned items total ${total.amount}, more than ${agent.maxAmount}`);
  }
}

const DOMAIN_LIMITS: Record<string, string> = { capacity: 'oversightHours', maxItems: 'maxMembers', maxAmount: 'maxTotal' };

/** The generic form's words for a pin problem, translated back to the domain form's fields. */
export function inDomainTerms(error: ProblemError): ProblemError {
  const field = error.field
    .replace(/^agents\/(.*)\/(capacity|maxItems|maxAmount)$/, (_, agent: string, limit: string) => `partners/${agent}/${DOMAIN_LIMITS[limit]}`)
    .replace(/^\/pins\//, '/locks/');
  return new ProblemError(field, error.detail.replace(/\bitems\b/g, 'applications').replace(/\bcapacity\b/g, 'oversight hours'));
}

export type ParsedProblem = { form: 'assignment'; assignment: AssignmentProblem } | { form: 'domain'; domain: ClusteringProblem; assignment: AssignmentProblem };

/** Reads either form, checks it against its JSON Schema and its meaning, and names the field at fault. */
export function parseProblem(input: unknown): ParsedProblem {
  if (!input || typeof input !== 'object' || Array.isArray(input)) throw new ProblemError('/', 'must be a JSON object');
  if ((input as { kind?: unknown }).kind === 'assignment') {
    if (!validateAssignment(input)) throw schemaError(validateAssignment.errors?.[0]);
    const problem = input;
    unique(problem.agents.map((a) => a.id), '/agents');
    unique(problem.items.map((i) => i.id), '/items');
    const agents = new Set(problem.agents.map((a) => a.id));
    const items = new Set(problem.items.map((i) => i.id));
    problem.pairs.forEach((pair, index) => {
      if (!agents.has(pair.agent)) throw new ProblemError(`/pairs/${index}/agent`, `unknown agent "${pair.agent}"`);
      if (!items.has(pair.item)) throw new ProblemError(`/pairs/${index}/item`, `unknown item "${pair.item}"`);
    });
    checkPins(problem);
    return { form: 'assignment', assignment: problem };
  }
  if (!validateClustering(input)) throw schemaError(validateClustering.errors?.[0]);
  const domain = input;
  unique(domain.applications.map((a) => a.id), '/applications');
  unique(domain.partners.map((p) => p.id), '/partners');
  const assignment = compileDomain(domain);
  try {
    checkPins(assignment);
  } catch (error) {
    throw error instanceof ProblemError ? inDomainTerms(error) : error;
  }
  return { form: 'domain', domain, assignment };
}

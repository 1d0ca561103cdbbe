export type AuditChanges = Record<string, { from?: unknown; to?: unknown }>;

/** Fields whose values never enter the audit log: only the fact that they changed. */
const SECRET_FIELDS = new Set(['passwordHash', 'password', 'tokenHash', 'token']);

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The changed fields between two snapshots (either may be absent for create/delete). */
export function auditDiff(before: object | null, after: object | null, fields?: string[]): AuditChanges {
  const from = (before ?? {}) as Record<string, unknown>;
  const to = (after ?? {}) as Record<string, unknown>;
  const keys = fields ?? [...new Set([...Object.keys(from), ...Object.keys(to)])];
  const changes: AuditChanges = {};
  for (const key of keys) {
    if (same(from[key], to[key])) continue;
    changes[key] = SECRET_FIELDS.has(key) ? { to: '[changed]' } : { from: from[key], to: to[key] };
  }
  return changes;
}

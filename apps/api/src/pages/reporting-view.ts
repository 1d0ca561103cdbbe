import { daysBetween, ReportRequirementEntity, todayIn } from '@mosaic/reporting';

/** How a due date reads to the grantee: in so many days, today, or so many days late. */
export function dueInWords(requirement: Pick<ReportRequirementEntity, 'dueDate' | 'status'>, timeZone: string, now: Date) {
  const days = daysBetween(todayIn(timeZone, now), requirement.dueDate);
  const open = requirement.status === 'pending' || requirement.status === 'returned';
  if (!open) return { key: `requirementStatus.${requirement.status}`, days: Math.abs(days), late: false };
  if (days > 0) return { key: 'due.inDays', days, late: false };
  if (days === 0) return { key: 'due.today', days: 0, late: false };
  return { key: 'due.late', days: -days, late: true };
}

/** The label of a requirement: its kind, and for reports the size of the form (e.g. "5+1"). */
export const requirementLabelKey = (kind: string) => `requirement.${kind}`;

/** Numbered answer fields posted by the report form: answer_progress, spent_travel, ... */
export function fieldsWithPrefix(body: Record<string, unknown>, prefix: string): [string, string][] {
  return Object.entries(body)
    .filter(([key, value]) => key.startsWith(prefix) && typeof value === 'string')
    .map(([key, value]) => [key.slice(prefix.length), value as string]);
}

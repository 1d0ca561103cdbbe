import { EntityManager, In } from 'typeorm';
import { GrantEntity } from '@mosaic/clustering';
import { InstalmentEntity, ReminderEntity, ReportRequirementEntity } from '../entities';
import { endOfDayUtc } from '../planning/civil-date';
import { ReportingPlan } from '../planning/plan-reports';
import { ReportingPolicyDocument } from '../policy/reporting-policy.types';
import { holdWatermark, remindersFor } from '../reminders/reminder-window';

export interface AppliedPlan {
  /** Reminders created, to be scheduled in Redis after commit. */
  reminders: Pick<ReminderEntity, 'id' | 'remindAt'>[];
  added: number;
  moved: number;
  cancelled: number;
}

/**
 * Writes a plan for a grant. On a re-plan (an extension, a new risk level) only requirements not
 * yet delivered change: pending ones move or are cancelled, new ones are added; submitted, returned
 * and accepted ones stay as they are. Instalments already requested or released stay too.
 */
export async function applyPlan(manager: EntityManager, grant: GrantEntity, plan: ReportingPlan, policy: ReportingPolicyDocument, timeZone: string): Promise<AppliedPlan> {
  // Before any write: the sweep derives reminders past this mark, so the two must not interleave.
  const writtenUntil = await holdWatermark(manager);
  const existing = await manager.findBy(ReportRequirementEntity, { grantId: grant.id });
  const byKey = new Map(existing.map((r) => [r.key, r]));
  const planned = new Set(plan.requirements.map((r) => r.key));
  const fresh: ReportRequirementEntity[] = [];
  let moved = 0;

  for (const requirement of plan.requirements) {
    const row = byKey.get(requirement.key);
    const values = { ...requirement, dueAt: endOfDayUtc(requirement.dueDate, timeZone) };
    if (!row) {
      fresh.push(manager.create(ReportRequirementEntity, { grantId: grant.id, status: 'pending', ...values }));
    } else if ((row.status === 'pending' || row.status === 'cancelled') && (row.dueDate !== requirement.dueDate || row.status === 'cancelled' || row.periodEnd !== requirement.periodEnd)) {
      Object.assign(row, values, { status: 'pending', overdueAt: null });
      fresh.push(row);
      moved += 1;
    }
  }
  const dropped = existing.filter((r) => r.status === 'pending' && !planned.has(r.key));
  for (const row of dropped) row.status = 'cancelled';
  const saved = await manager.save([...fresh, ...dropped]);

  // Pending reminders of moved or dropped requirements give way; what was sent stays on record.
  const changedIds = saved.map((r) => r.id);
  if (changedIds.length) await manager.delete(ReminderEntity, { requirementId: In(changedIds), status: 'pending' });
  // Reminders up to the watermark are written now; later ones when a sweep moves the mark past them.
  const reminderRows = saved
    .filter((r) => r.status === 'pending')
    .flatMap((r) => remindersFor(policy, r, timeZone))
    .filter((r) => r.remindAt! <= writtenUntil);
  const reminders = reminderRows.length
    ? ((await manager.createQueryBuilder().insert().into(ReminderEntity).values(reminderRows).orIgnore().returning(['id', 'remindAt']).execute()).raw as { id: string; remind_at: Date }[]).map((r) => ({
        id: r.id,
        remindAt: new Date(r.remind_at),
      }))
    : [];

  await writeInstalments(manager, grant, plan);
  return { reminders, added: fresh.length - moved, moved, cancelled: dropped.length };
}

async function writeInstalments(manager: EntityManager, grant: GrantEntity, plan: ReportingPlan) {
  const current = await manager.find(InstalmentEntity, { where: { grantId: grant.id }, order: { number: 'ASC' } });
  const kept = current.filter((i) => i.status === 'requested' || i.status === 'released');
  const keptMax = kept.reduce((max, i) => Math.max(max, i.number), 0);
  await manager.delete(InstalmentEntity, { grantId: grant.id, number: In(current.filter((i) => !kept.includes(i)).map((i) => i.number).concat(-1)) });
  // The rest of the amount is shared by the plan's later instalments (at least one).
  const later = plan.instalments.filter((i) => i.number > keptMax);
  const remaining = grant.amountMinor - kept.reduce((sum, i) => sum + i.amountMinor, 0);
  const schedule = later.length ? later : [{ ...plan.instalments[plan.instalments.length - 1], number: keptMax + 1 }];
  if (remaining <= 0) return;
  const share = Math.floor(remaining / schedule.length);
  await manager.insert(
    InstalmentEntity,
    schedule.map((instalment, index) => ({
      grantId: grant.id,
      number: instalment.number,
      dueDate: instalment.dueDate,
      currency: grant.currency,
      amountMinor: index === 0 ? remaining - share * (schedule.length - 1) : share,
      // The first instalment is due on activation.
      status: instalment.number === 1 ? ('requestable' as const) : ('scheduled' as const),
    })),
  );
}

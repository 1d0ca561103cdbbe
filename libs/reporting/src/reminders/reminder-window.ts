import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '@mosaic/common';
import { AppConfig } from '@mosaic/config';
import { OPEN_REQUIREMENT_STATUSES, ReminderEntity, ReportRequirementEntity } from '../entities';
import { addDays, atLocalTime, CivilDate } from '../planning/civil-date';
import { ReportingPolicyDocument } from '../policy/reporting-policy.types';

/**
 * Reminder rows exist for a rolling window, not for a grant's whole life: planning writes those up
 * to the watermark, and each sweep derives the next ones from the open requirements and moves the
 * mark to the end of its horizon. A portfolio's plan is then a few rows per requirement instead of
 * one per reminder, and what PostgreSQL holds as pending is what is about to happen.
 *
 * The watermark row is the lock between the two: planning holds it shared while it writes, the
 * sweep exclusively while it derives and moves it, so no reminder falls between them.
 */

/** The most one transaction of the sweep derives: bounds its size after a long outage. */
const STEP_MS = 7 * 86_400_000;

/** The reminders of one requirement's due date, at 09:00 where the organisation is. */
export function remindersFor(policy: ReportingPolicyDocument, requirement: Pick<ReportRequirementEntity, 'id' | 'dueDate'>, timeZone: string): Partial<ReminderEntity>[] {
  return policy.reminderOffsetsDays.map((offsetDays) => ({
    requirementId: requirement.id,
    dueDate: requirement.dueDate,
    offsetDays,
    escalates: offsetDays === policy.escalateAfterDays,
    remindAt: atLocalTime(addDays(requirement.dueDate, offsetDays), 9, timeZone),
    status: 'pending' as const,
  }));
}

const utcDate = (instant: Date): CivilDate => instant.toISOString().slice(0, 10);

/**
 * The due dates whose reminders (at a local hour, `offsets` days from the due date) can fall in
 * (from, until]: a local date is at most a day from the UTC one.
 */
export function dueDatesReaching(offsets: readonly number[], from: Date | null, until: Date): { first: CivilDate | null; last: CivilDate } {
  return {
    first: from ? addDays(utcDate(from), -Math.max(...offsets) - 1) : null,
    last: addDays(utcDate(until), -Math.min(...offsets) + 1),
  };
}

/** Holds the watermark shared for the rest of the transaction and answers how far reminder rows must be written. */
export async function holdWatermark(manager: EntityManager): Promise<Date> {
  const [row]: { materialised_until: Date }[] = await manager.query(`SELECT materialised_until FROM reminder_watermark WHERE id = 1 FOR SHARE`);
  return new Date(row.materialised_until);
}

export interface ReminderRow {
  requirementId: string;
  dueDate: CivilDate;
  offsetDays: number;
  escalates: boolean;
  remindAt: Date;
}

/** Inserts reminder rows, leaving any that exist (the unique requirement, due date and offset) as they are. */
export async function insertReminders(manager: EntityManager, rows: ReminderRow[]): Promise<number> {
  if (!rows.length) return 0;
  const inserted: unknown[] = await manager.query(
    `INSERT INTO reminders (requirement_id, due_date, offset_days, escalates, remind_at)
     SELECT * FROM unnest($1::uuid[], $2::date[], $3::smallint[], $4::boolean[], $5::timestamptz[])
     ON CONFLICT (requirement_id, due_date, offset_days) DO NOTHING RETURNING 1`,
    [rows.map((r) => r.requirementId), rows.map((r) => r.dueDate), rows.map((r) => r.offsetDays), rows.map((r) => r.escalates), rows.map((r) => r.remindAt)],
  );
  return inserted.length;
}

@Injectable()
export class ReminderMaterialiser {
  /** Policy versions never change once written, so they are read once. */
  private readonly policies = new Map<string, ReportingPolicyDocument>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Writes the reminders up to the end of the horizon and moves the watermark there; answers how many rows it wrote. */
  async materialise(now = this.clock.now()): Promise<number> {
    const target = new Date(now.getTime() + this.config.reminders.horizonMs);
    let written = 0;
    for (;;) {
      const step = await this.dataSource.transaction((manager) => this.step(manager, target));
      if (step === null) return written;
      written += step;
    }
  }

  /** One bounded step; null when the watermark has already reached the target. */
  private async step(manager: EntityManager, target: Date): Promise<number | null> {
    const [row]: { materialised_until: Date }[] = await manager.query(`SELECT materialised_until FROM reminder_watermark WHERE id = 1 FOR UPDATE`);
    const from = new Date(row.materialised_until);
    if (from.getTime() >= target.getTime()) return null;
    const until = new Date(Math.min(target.getTime(), from.getTime() + STEP_MS));
    await this.loadPolicies(manager);
    const offsets = [...this.policies.values()].flatMap((p) => p.reminderOffsetsDays);
    let written = 0;
    if (offsets.length) {
      const { first, last } = dueDatesReaching(offsets, from, until);
      const requirements: { id: string; due_date: CivilDate; time_zone: string; policy_id: string }[] = await manager.query(
        `SELECT r.id, r.due_date::text AS due_date, g.time_zone, g.policy_id
           FROM report_requirements r JOIN grants g ON g.id = r.grant_id
          WHERE r.status = ANY($1) AND r.due_date BETWEEN $2 AND $3 AND g.policy_id IS NOT NULL AND g.time_zone IS NOT NULL`,
        [OPEN_REQUIREMENT_STATUSES, first, last],
      );
      // Requirements share due dates and zones: each combination's reminders are computed once per step.
      const inWindow = new Map<string, Partial<ReminderEntity>[]>();
      const rows = requirements.flatMap((r) => {
        const policy = this.policies.get(r.policy_id);
        if (!policy) return [];
        const key = `${r.policy_id}|${r.due_date}|${r.time_zone}`;
        let reminders = inWindow.get(key);
        if (!reminders) inWindow.set(key, (reminders = remindersFor(policy, { id: '', dueDate: r.due_date }, r.time_zone).filter((m) => m.remindAt! > from && m.remindAt! <= until)));
        return reminders.map((m) => ({ ...m, requirementId: r.id }) as ReminderRow);
      });
      written = await insertReminders(manager, rows);
    }
    await manager.query(`UPDATE reminder_watermark SET materialised_until = $1 WHERE id = 1`, [until]);
    return written;
  }

  private async loadPolicies(manager: EntityManager) {
    const known = [...this.policies.keys()];
    const rows: { id: string; document: ReportingPolicyDocument }[] = await manager.query(`SELECT id, document FROM reporting_policies WHERE NOT (id = ANY($1::uuid[]))`, [known]);
    for (const row of rows) this.policies.set(row.id, row.document);
  }
}

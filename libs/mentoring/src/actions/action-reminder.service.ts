import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { Clock } from '@mosaic/common';
import { AppConfig } from '@mosaic/config';
import { pickLanguage } from '@mosaic/i18n';
import { MembershipEntity, OrganisationEntity, Role, UserEntity } from '@mosaic/identity';
import { MailOutbox } from '@mosaic/mail';
import { ActionItemEntity } from '../entities';

export const ACTION_OVERDUE_TEMPLATE = 'action-overdue';
/** Actions claimed per sweep; a larger backlog is finished by the following sweeps. */
export const ACTION_SWEEP_BATCH = 500;

/** Who is told about an overdue action: the organisation's applicants and lead partners, or the mentor who logged it. */
export const ORGANISATION_RECIPIENT_ROLES = [Role.Applicant, Role.LeadPartner];

interface OverdueAction {
  id: string;
  daysOverdue: number;
}

interface Recipient {
  email: string;
  language: string;
}

export type ActionReminderOutcome = 'sent' | 'taken';

/**
 * Reminds the owner of each open action, once, when its due date has passed in the organisation's
 * time zone. The sweep may run on several workers at once: a conditional update claims each action
 * in the same transaction as its e-mails, so only the winner writes them.
 */
@Injectable()
export class ActionReminderService {
  private readonly logger = new Logger(ActionReminderService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: MailOutbox,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async sweep(): Promise<{ reminded: number; emails: number }> {
    const overdue = await this.findOverdue(this.clock.now());
    let reminded = 0;
    let emails = 0;
    for (const action of overdue) {
      try {
        const ids = await this.remind(action);
        if (ids) {
          reminded += 1;
          emails += ids.filter(Boolean).length;
        }
      } catch (error) {
        // Nothing was claimed: the next sweep tries this action again.
        this.logger.warn(`Could not remind overdue action ${action.id}: ${String(error)}`);
      }
    }
    if (reminded) this.logger.log(`Reminded ${reminded} overdue action(s) with ${emails} e-mail(s)`);
    return { reminded, emails };
  }

  /** Open, never-reminded actions whose due date is before today in their organisation's time zone. */
  private async findOverdue(now: Date): Promise<OverdueAction[]> {
    const rows: { id: string; days_overdue: number }[] = await this.dataSource.query(
      `SELECT a.id, ((($1::timestamptz) AT TIME ZONE o.time_zone)::date - a.due_date) AS days_overdue
         FROM action_items a
         JOIN organisations o ON o.id = a.organisation_id
        WHERE a.status = 'open'
          AND a.reminded_at IS NULL
          AND a.due_date < (($1::timestamptz) AT TIME ZONE o.time_zone)::date
        ORDER BY a.due_date, a.id
        LIMIT ${ACTION_SWEEP_BATCH}`,
      [now.toISOString()],
    );
    return rows.map((row) => ({ id: row.id, daysOverdue: Number(row.days_overdue) }));
  }

  /** Claims one action and writes its e-mails; null if another sweep (or a status change) got there first. */
  private async remind(action: OverdueAction): Promise<(string | null)[] | null> {
    const ids = await this.dataSource.transaction(async (manager) => {
      const claimed = await manager.query(`UPDATE action_items SET reminded_at = now() WHERE id = $1 AND reminded_at IS NULL AND status = 'open'`, [action.id]);
      if (affectedRows(claimed) !== 1) return null;
      const item = await manager.findOneByOrFail(ActionItemEntity, { id: action.id });
      const organisation = await manager.findOneByOrFail(OrganisationEntity, { id: item.organisationId });
      const toOrganisation = item.owner === 'organisation';
      const recipients = toOrganisation
        ? await this.organisationRecipients(manager, organisation)
        : await this.users(manager, [item.createdByUserId], organisation.languages);
      const link = toOrganisation ? `${this.config.publicUrl}/capacity/${organisation.id}` : `${this.config.publicUrl}/mentor/caseload`;
      const written: (string | null)[] = [];
      for (const recipient of recipients) {
        written.push(
          await this.outbox.add(manager, {
            to: recipient.email,
            template: ACTION_OVERDUE_TEMPLATE,
            language: recipient.language,
            data: {
              organisationName: organisation.name,
              title: item.title.replace(/\s+/g, ' ').trim(),
              dueDate: formatDate(item.dueDate, recipient.language),
              days: action.daysOverdue,
              yesterday: action.daysOverdue === 1,
              toMentor: !toOrganisation,
              link,
            },
            dedupeKey: `action-overdue-${item.id}-${recipient.email}`,
          }),
        );
      }
      if (!recipients.length) this.logger.warn(`Overdue action ${item.id} has no one to remind (owner: ${item.owner})`);
      return written;
    });
    if (ids) await this.outbox.dispatch(ids);
    return ids;
  }

  private async organisationRecipients(manager: EntityManager, organisation: OrganisationEntity): Promise<Recipient[]> {
    const memberships = await manager.findBy(MembershipEntity, { organisationId: organisation.id, role: In(ORGANISATION_RECIPIENT_ROLES) });
    return this.users(manager, memberships.map((m) => m.userId), organisation.languages);
  }

  /** Active users only, each once; in their own language, else the organisation's. */
  private async users(manager: EntityManager, userIds: string[], organisationLanguages: string[]): Promise<Recipient[]> {
    if (!userIds.length) return [];
    const users = await manager.find(UserEntity, { where: { id: In([...new Set(userIds)]), disabledAt: IsNull() }, order: { email: 'ASC' } });
    return users.map((user) => ({ email: user.email, language: pickLanguage([user.preferredLanguage, ...organisationLanguages]) }));
  }
}

/** PostgreSQL answers an UPDATE through TypeORM as [rows, rowCount]. */
function affectedRows(result: unknown): number {
  return Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
}

/** A civil date (YYYY-MM-DD) as the recipient reads dates. */
export function formatDate(date: string, language: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));
}

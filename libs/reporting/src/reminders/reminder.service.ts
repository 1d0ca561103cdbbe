import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, LessThanOrEqual, MoreThan } from 'typeorm';
import { CallEntity } from '@mosaic/applications';
import { ClusterEntity, GrantEntity } from '@mosaic/clustering';
import { Clock } from '@mosaic/common';
import { AppConfig } from '@mosaic/config';
import { pickLanguage, Translator } from '@mosaic/i18n';
import { MembershipEntity, OrganisationEntity, Role, UserEntity } from '@mosaic/identity';
import { MailOutbox } from '@mosaic/mail';
import { OPEN_REQUIREMENT_STATUSES, ReminderEntity, ReportRequirementEntity } from '../entities';
import { ReminderScheduler } from './reminder-scheduler';
import { ReminderMaterialiser } from './reminder-window';

export type ReminderOutcome = 'sent' | 'skipped' | 'missing' | 'not-due';

interface Recipient {
  email: string;
  language: string;
}

/**
 * Sends one reminder exactly once. The worker re-reads everything from PostgreSQL: a reminder of a
 * report already delivered, of a date a re-plan moved, or overtaken by a later reminder during a
 * catch-up is skipped; the one that goes out is claimed by a conditional update in the same
 * transaction as its e-mails.
 */
@Injectable()
export class ReminderService {
  private readonly logger = new Logger(ReminderService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: MailOutbox,
    private readonly translator: Translator,
    private readonly scheduler: ReminderScheduler,
    private readonly materialiser: ReminderMaterialiser,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async process(reminderId: string): Promise<ReminderOutcome> {
    const now = this.clock.now();
    const emails: (string | null)[] = [];
    const outcome = await this.dataSource.transaction(async (manager): Promise<ReminderOutcome> => {
      // Another worker holding this row will finish it; if it dies, its lock goes and a sweep retries.
      const reminder = await manager.findOne(ReminderEntity, { where: { id: reminderId }, lock: { mode: 'pessimistic_write', onLocked: 'skip_locked' } });
      if (!reminder) return 'missing';
      if (reminder.status !== 'pending') return 'skipped';
      if (reminder.remindAt.getTime() > now.getTime() + 1_000) return 'not-due';
      const requirement = await manager.findOneBy(ReportRequirementEntity, { id: reminder.requirementId });
      const overtaken = await manager.existsBy(ReminderEntity, {
        requirementId: reminder.requirementId,
        dueDate: reminder.dueDate,
        offsetDays: MoreThan(reminder.offsetDays),
        remindAt: LessThanOrEqual(now),
      });
      if (!requirement || !OPEN_REQUIREMENT_STATUSES.includes(requirement.status) || requirement.dueDate !== reminder.dueDate || overtaken) {
        await manager.update(ReminderEntity, { id: reminder.id, status: 'pending' }, { status: 'skipped' });
        return 'skipped';
      }
      await manager.update(ReminderEntity, { id: reminder.id, status: 'pending' }, { status: 'sent', sentAt: now });
      emails.push(...(await this.compose(manager, reminder, requirement)));
      if (reminder.escalates) await manager.update(ReportRequirementEntity, requirement.id, { overdueAt: now });
      return 'sent';
    });
    await this.outbox.dispatch(emails);
    return outcome;
  }

  /**
   * A sweep: writes the reminders of the next horizon (reminder-window.ts), sends what fell due
   * while no job ran (a worker down, Redis flushed) and puts the horizon back into Redis. All three
   * are idempotent.
   */
  async sweep(): Promise<{ caughtUp: number; scheduled: number }> {
    const now = this.clock.now();
    await this.materialiser.materialise(now);
    const pending = await this.scheduler.pendingWithinHorizon(now);
    const due = pending.filter((r) => r.remindAt.getTime() <= now.getTime());
    let caughtUp = 0;
    for (const reminder of due) {
      if ((await this.process(reminder.id)) === 'sent') caughtUp += 1;
    }
    const scheduled = await this.scheduler.schedule(
      pending.filter((r) => r.remindAt.getTime() > now.getTime()),
      now,
    );
    if (caughtUp) this.logger.log(`Sent ${caughtUp} reminder(s) that fell due while no job ran`);
    return { caughtUp, scheduled };
  }

  private async compose(manager: EntityManager, reminder: ReminderEntity, requirement: ReportRequirementEntity): Promise<(string | null)[]> {
    const grant = await manager.findOneByOrFail(GrantEntity, { id: requirement.grantId });
    const organisation = await manager.findOneByOrFail(OrganisationEntity, { id: grant.organisationId });
    const call = await manager.findOneByOrFail(CallEntity, { id: grant.callId });
    const grantees = await this.members(manager, [grant.organisationId], [Role.Applicant, Role.LeadPartner], organisation.languages);
    const ids: (string | null)[] = [];
    const daysLate = reminder.offsetDays;
    const dataFor = (language: string) => ({
      organisationName: organisation.name,
      callTitle: call.title[language] ?? call.title.en,
      requirement: this.translator.t(language, `requirement.${requirement.kind}`),
      dueDate: new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${requirement.dueDate}T00:00:00Z`)),
      days: Math.abs(daysLate),
      before: daysLate < 0,
      today: daysLate === 0,
      link: `${this.config.publicUrl}/grants/${grant.id}`,
    });
    // After the due date every reminder speaks of a late report; the escalating one also reaches the reviewer.
    const template = reminder.escalates || daysLate > 0 ? 'report-overdue' : 'report-reminder';
    for (const recipient of grantees) {
      ids.push(await this.outbox.add(manager, { to: recipient.email, template, language: recipient.language, data: dataFor(recipient.language), dedupeKey: `reminder-${reminder.id}-${recipient.email}` }));
    }
    if (reminder.escalates) {
      for (const recipient of await this.escalationRecipients(manager, grant, call)) {
        ids.push(
          await this.outbox.add(manager, {
            to: recipient.email,
            template: 'report-escalation',
            language: recipient.language,
            data: { ...dataFor(recipient.language), link: `${this.config.publicUrl}/grants/${grant.id}` },
            dedupeKey: `escalation-${reminder.id}-${recipient.email}`,
          }),
        );
      }
    }
    return ids;
  }

  /** Overdue: a cluster member's lead partner hears first; for a direct grant or a lead agreement, the funder's officers. */
  private async escalationRecipients(manager: EntityManager, grant: GrantEntity, call: CallEntity): Promise<Recipient[]> {
    if (grant.kind === 'sub_grant' && grant.clusterId) {
      const cluster = await manager.findOneByOrFail(ClusterEntity, { id: grant.clusterId });
      const lead = await manager.findOneByOrFail(OrganisationEntity, { id: cluster.leadOrganisationId });
      return this.members(manager, [lead.id], [Role.LeadPartner], lead.languages);
    }
    const funder = await manager.findOneByOrFail(OrganisationEntity, { id: call.funderId });
    return this.members(manager, [funder.id], [Role.Officer], funder.languages);
  }

  private async members(manager: EntityManager, organisationIds: string[], roles: Role[], organisationLanguages: string[]): Promise<Recipient[]> {
    const memberships = await manager.findBy(MembershipEntity, { organisationId: In(organisationIds), role: In(roles) });
    if (!memberships.length) return [];
    const users = await manager.findBy(UserEntity, { id: In([...new Set(memberships.map((m) => m.userId))]) });
    return users.map((user) => ({ email: user.email, language: pickLanguage([user.preferredLanguage, ...organisationLanguages]) }));
  }
}

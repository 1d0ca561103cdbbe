import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, LessThan, Repository } from 'typeorm';
import { JobName, JobProducer, jobId } from '@mosaic/queue';
import { OutboundEmailEntity } from './entities/outbound-email.entity';
import { MailTemplates } from './mail-templates';

export interface OutgoingEmail {
  to: string;
  template: string;
  language: string;
  data: Record<string, unknown>;
  /** The same key never produces a second e-mail. */
  dedupeKey?: string;
}

const RTL_LANGUAGES = new Set(['ar']);
/**
 * A row still pending after this long may have lost its job (Redis flushed, crash before enqueue).
 * Re-enqueueing one whose job still exists is harmless: the job id is the row's, so Redis keeps one.
 */
const STALE_PENDING_MS = 5_000;
/** A 'sending' claim older than this belongs to a worker that died mid-send. */
export const SENDING_CLAIM_TIMEOUT_MS = 5 * 60_000;

export const emailJobId = (emailId: string) => jobId('email', emailId);

@Injectable()
export class MailOutbox {
  private readonly logger = new Logger(MailOutbox.name);

  constructor(
    private readonly templates: MailTemplates,
    private readonly producer: JobProducer,
    @InjectRepository(OutboundEmailEntity) private readonly emails: Repository<OutboundEmailEntity>,
  ) {}

  /** Renders and stores the e-mail inside the caller's transaction; returns its id (null if deduplicated). */
  async add(manager: EntityManager, email: OutgoingEmail): Promise<string | null> {
    const rendered = this.templates.render(email.template, email.language, {
      ...email.data,
      rtl: RTL_LANGUAGES.has(email.language),
    });
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(OutboundEmailEntity)
      .values({
        toAddress: email.to,
        language: rendered.language,
        template: email.template,
        subject: rendered.subject,
        htmlBody: rendered.html,
        textBody: rendered.text,
        dedupeKey: email.dedupeKey ?? null,
      })
      .orIgnore()
      .returning(['id'])
      .execute();
    return (result.raw as { id: string }[])[0]?.id ?? null;
  }

  /** After commit: hand the e-mails to the worker. A failure here is repaired by the outbox sweep. */
  async dispatch(ids: (string | null)[]): Promise<void> {
    const jobs = ids.filter((id): id is string => !!id).map((id) => ({ payload: { emailId: id }, jobId: emailJobId(id) }));
    try {
      await this.producer.enqueueMany(JobName.SendEmail, jobs);
    } catch (error) {
      this.logger.warn(`Could not enqueue ${jobs.length} e-mail(s); the outbox sweep will retry: ${String(error)}`);
    }
  }

  /** For the sweep: e-mails whose job was lost, or finished while the row was left to send. */
  async requeue(ids: string[]): Promise<void> {
    await this.producer.requeueMany(
      JobName.SendEmail,
      ids.map((id) => ({ payload: { emailId: id }, jobId: emailJobId(id) })),
    );
  }

  /** Ids of e-mails whose job may have been lost. */
  async findStale(now: Date): Promise<string[]> {
    const rows = await this.emails.find({
      select: { id: true },
      where: [
        { status: 'pending', createdAt: LessThan(new Date(now.getTime() - STALE_PENDING_MS)) },
        { status: 'sending', claimedAt: LessThan(new Date(now.getTime() - SENDING_CLAIM_TIMEOUT_MS)) },
      ],
      take: 5000,
    });
    return rows.map((row) => row.id);
  }
}

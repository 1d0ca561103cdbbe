import { Processor } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job, UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { CatalogueWorker, JobName, QueueName, SendEmailJob } from '@mosaic/queue';
import { OutboundEmailEntity } from '../entities/outbound-email.entity';
import { MailOutbox, SENDING_CLAIM_TIMEOUT_MS } from '../mail-outbox.service';
import { MailSender } from '../mail-sender';

/**
 * Sends one outbox row. The row is claimed with a conditional UPDATE, so two workers never send the
 * same e-mail; a worker that dies after SMTP accepted but before marking "sent" can cause one resend
 * after the claim times out (SMTP offers no way to make that exactly-once).
 */
@Processor(QueueName.Email, { concurrency: 5 })
export class EmailProcessor extends CatalogueWorker {
  private readonly logger = new Logger(EmailProcessor.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sender: MailSender,
    private readonly outbox: MailOutbox,
  ) {
    super();
  }

  readonly handlers = {
    [JobName.SendEmail]: (job: Job<SendEmailJob>) => this.send(job),
    [JobName.SweepOutbox]: () => this.sweep(),
  };

  /** Re-enqueues e-mails whose job Redis lost or whose worker died: PostgreSQL is the source of truth. */
  private async sweep(): Promise<{ requeued: number }> {
    const ids = await this.outbox.findStale(new Date());
    await this.outbox.requeue(ids);
    return { requeued: ids.length };
  }

  private async send(job: Job<SendEmailJob>): Promise<'sent' | 'skipped'> {
    const claimed = (await this.dataSource.query(
      `UPDATE outbound_emails SET status = 'sending', claimed_at = now(), attempts = attempts + 1
        WHERE id = $1 AND (status = 'pending' OR (status = 'sending' AND claimed_at < now() - $2 * interval '1 millisecond'))
        RETURNING id, to_address, subject, html_body, text_body`,
      [job.data.emailId, SENDING_CLAIM_TIMEOUT_MS],
    )) as [{ id: string; to_address: string; subject: string; html_body: string; text_body: string }[], number];
    const row = claimed[0][0];
    if (!row) return 'skipped';
    try {
      await this.sender.send({ to: row.to_address, subject: row.subject, html: row.html_body, text: row.text_body });
    } catch (error) {
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      await this.dataSource.getRepository(OutboundEmailEntity).update(row.id, {
        status: lastAttempt ? 'failed' : 'pending',
        claimedAt: null,
        lastError: String(error).slice(0, 1000),
      });
      this.logger.warn(`E-mail ${row.id} failed (attempt ${job.attemptsMade + 1}): ${String(error)}`);
      if (lastAttempt) throw new UnrecoverableError(String(error));
      throw error;
    }
    await this.dataSource
      .getRepository(OutboundEmailEntity)
      .update(row.id, { status: 'sent', sentAt: new Date(), htmlBody: null, textBody: null, lastError: null });
    return 'sent';
  }
}

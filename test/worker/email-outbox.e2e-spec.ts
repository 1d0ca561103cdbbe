import { readFileSync } from 'node:fs';
import { TestingModule } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig, fromProjectRoot } from '@mosaic/config';
import { EmailProcessor, MailOutbox, OutboundEmailEntity } from '@mosaic/mail';
import { JobName, JobProducer, jobId } from '@mosaic/queue';
import { startSmtpSink, waitFor } from '../support/smtp-sink';
import { flushPrefix, testConfig } from '../support/test-app';
import { createTestDatabase } from '../support/test-database';
import { startTestWorker } from '../support/test-worker';

describe('worker: e-mail outbox over real SMTP', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  let config: AppConfig;
  let workers: TestingModule[] = [];

  const dataSource = () => workers[0].get<DataSource>(getDataSourceToken());
  const emails = () => dataSource().getRepository(OutboundEmailEntity);
  async function queueEmails(count: number, tag: string): Promise<string[]> {
    const outbox = workers[0].get(MailOutbox, { strict: false });
    const ids = await dataSource().transaction(async (manager) => {
      const added: (string | null)[] = [];
      for (let index = 0; index < count; index++) {
        added.push(
          await outbox.add(manager, {
            to: `${tag}-${index}@example.test`,
            template: 'password-reset',
            language: 'fr',
            data: { name: 'Amani', link: 'https://mosaic.example/password/reset?token=abc', validMinutes: 60 },
          }),
        );
      }
      return added;
    });
    return ids as string[];
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    sink = await startSmtpSink();
    config = testConfig(database.url, { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(sink.port), SCHEDULE_REFRESH_MS: '200' });
    workers = [await startTestWorker(config), await startTestWorker(config)];
  });
  afterAll(async () => {
    for (const worker of workers) await worker.close();
    await sink.stop();
    await flushPrefix(config);
    await database.drop();
  });

  it('sends each e-mail once, erases its body, and keeps the subject for the record', async () => {
    const ids = await queueEmails(5, 'plain');
    await workers[0].get(MailOutbox, { strict: false }).dispatch(ids);
    await waitFor(async () => (await emails().countBy({ status: 'sent' })) === 5);
    expect(sink.received.filter((mail) => mail.to[0].startsWith('plain-'))).toHaveLength(5);
    const row = await emails().findOneByOrFail({ id: ids[0] });
    expect(row).toEqual(expect.objectContaining({ htmlBody: null, textBody: null, attempts: 1, language: 'fr' }));
    expect(row.subject).toBe(readFileSync(fromProjectRoot('libs/mail/templates/password-reset/fr/subject.hbs'), 'utf8').trim());
  });

  it('sends once even when the same e-mail is enqueued twice and two workers compete', async () => {
    const [id] = await queueEmails(1, 'twice');
    const producer = workers[1].get(JobProducer);
    await producer.enqueue(JobName.SendEmail, { emailId: id }, { jobId: jobId('email', id) });
    await producer.enqueue(JobName.SendEmail, { emailId: id }, { jobId: jobId('email', id, 'duplicate') });
    await waitFor(async () => (await emails().findOneByOrFail({ id })).status === 'sent');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(sink.received.filter((mail) => mail.to[0].startsWith('twice-'))).toHaveLength(1);
  });

  it('the sweep re-sends what Redis lost', async () => {
    const ids = await queueEmails(3, 'lost');
    // The api committed the rows, but the jobs never reached Redis (or Redis was flushed).
    await flushPrefix(config);
    await dataSource().query(`UPDATE outbound_emails SET created_at = now() - interval '5 minutes' WHERE id = ANY($1)`, [ids]);
    const sweep = workers[0].get(EmailProcessor, { strict: false });
    expect(await sweep.handlers[JobName.SweepOutbox]()).toEqual({ requeued: 3 });
    await waitFor(async () => (await emails().countBy({ status: 'sent' })) >= 9);
    expect(sink.received.filter((mail) => mail.to[0].startsWith('lost-'))).toHaveLength(3);
  });

  it('the sweep re-sends an e-mail whose finished job still holds its id', async () => {
    const [id] = await queueEmails(1, 'held');
    const producer = workers[0].get(JobProducer);
    const state = () => producer.queue(JobName.SendEmail).getJobState(jobId('email', id));
    // A job that ran while the row was not to be sent (here: marked sent) finishes and keeps the id.
    await dataSource().query(`UPDATE outbound_emails SET status = 'sent' WHERE id = $1`, [id]);
    await producer.enqueue(JobName.SendEmail, { emailId: id }, { jobId: jobId('email', id) });
    await waitFor(async () => (await state()) === 'completed');
    await dataSource().query(`UPDATE outbound_emails SET status = 'pending', created_at = now() - interval '5 minutes' WHERE id = $1`, [id]);
    const sweep = workers[0].get(EmailProcessor, { strict: false });
    expect(await sweep.handlers[JobName.SweepOutbox]()).toEqual({ requeued: 1 });
    await waitFor(async () => (await emails().findOneByOrFail({ id })).status === 'sent');
    expect(sink.received.filter((mail) => mail.to[0].startsWith('held-'))).toHaveLength(1);
  });

  it('re-declares the repeatable sweep after Redis lost it', async () => {
    const schedules = async () => (await workers[0].get(JobProducer).queue(JobName.SweepOutbox).getJobSchedulers()).map((s) => s.key);
    await flushPrefix(config);
    expect(await schedules()).toEqual([]);
    await waitFor(async () => (await schedules()).includes(JobName.SweepOutbox));
  });
});

describe('worker: refuses to start', () => {
  it('when a job in the catalogue has no handler', async () => {
    const database = await createTestDatabase();
    const config = testConfig(database.url);
    try {
      await expect(
        startTestWorker(config, (builder) => builder.overrideProvider(EmailProcessor).useValue({ handlers: {} })),
      ).rejects.toThrow(/No handler for job\(s\): send-email, sweep-outbox/);
    } finally {
      await flushPrefix(config);
      await database.drop();
    }
  });
});

import { WorkerHost } from '@nestjs/bullmq';
import { DiscoveryService } from '@nestjs/core';
import { TestingModule } from '@nestjs/testing';
import { OutboundEmailEntity } from '@mosaic/mail';
import { MailOutbox } from '@mosaic/mail';
import { addDays, ReminderEntity, ReminderProcessor, todayIn } from '@mosaic/reporting';
import { CallFactory } from '../factories/call.factory';
import { createWorld, World } from '../factories/identity.factory';
import { startSmtpSink, waitFor } from '../support/smtp-sink';
import { createTestApp, flushPrefix, TestContext } from '../support/test-app';
import { startTestWorker } from '../support/test-worker';

/** An outbox that fails every third e-mail it is given: the worker "dies" inside the reminder's transaction. */
class CrashingOutbox extends MailOutbox {
  private calls = 0;
  override add(...args: Parameters<MailOutbox['add']>) {
    this.calls += 1;
    if (this.calls % 3 === 0) return Promise.reject(new Error('simulated crash in the middle of a reminder'));
    return super.add(...args);
  }
}

/**
 * PostgreSQL is the source of truth: a worker that dies mid-batch, Redis losing everything, and two
 * workers racing must still send every reminder exactly once.
 */
describe('worker: every reminder exactly once, whatever happens to workers and Redis', () => {
  let context: TestContext;
  let world: World;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  const workers: TestingModule[] = [];
  const GRANTS = 24;

  beforeAll(async () => {
    sink = await startSmtpSink();
    context = await createTestApp({ LOGIN_MAX_ATTEMPTS_PER_ADDRESS: '1000', REMINDER_SWEEP_MS: '400', OUTBOX_SWEEP_MS: '500', SMTP_HOST: '127.0.0.1', SMTP_PORT: String(sink.port), SCHEDULE_REFRESH_MS: '300' });
    world = await createWorld(context);
    const call = await CallFactory.publish(context, world.tokens.officer);
    const today = todayIn('Africa/Nairobi', new Date());
    // Grants that ended long ago: each final report is overdue, so each requirement's escalation is due now.
    for (let index = 0; index < GRANTS; index++) {
      const [grant] = await context.dataSource.query(
        `INSERT INTO grants (call_id, organisation_id, kind, amount_minor, currency, status) VALUES ($1, $2, 'direct', 300000, 'USD', 'pending') RETURNING id`,
        [call.id, world.organisations.grassroots.id],
      );
      await context
        .http()
        .post(`/api/grants/${grant.id}/activate`)
        .set('Authorization', `Bearer ${world.tokens.officer}`)
        .send({ startDate: addDays(today, -300), endDate: addDays(today, -90) })
        .expect(200);
    }
  });
  afterAll(async () => {
    for (const worker of workers) await worker.close().catch(() => undefined);
    await sink.stop();
    await context.close();
  });

  it('survives a worker dying mid-batch, a flushed Redis and two workers racing', async () => {
    const reminders = context.dataSource.getRepository(ReminderEntity);
    const requirements = GRANTS * 2;
    expect(await reminders.countBy({ status: 'pending' })).toBe(requirements * 4);

    // Worker A crashes inside every third reminder, then is killed mid-batch.
    const crashing = await startTestWorker(context.config, (builder) => builder.overrideProvider(MailOutbox).useClass(CrashingOutbox));
    workers.push(crashing);
    await waitFor(async () => (await reminders.countBy({ status: 'sent' })) >= 6, 20_000);
    const reminderWorker = crashing
      .get(DiscoveryService)
      .getProviders()
      .map((wrapper) => wrapper.instance as unknown)
      .find((instance): instance is ReminderProcessor => instance instanceof ReminderProcessor) as WorkerHost;
    await reminderWorker.worker.close(true);
    const sentBefore = await reminders.countBy({ status: 'sent' });
    expect(sentBefore).toBeLessThan(requirements);

    // Redis loses everything: queued jobs, delayed jobs, schedules.
    await flushPrefix(context.config);

    // Two fresh workers race to finish: the sweepers rebuild from PostgreSQL.
    workers.push(await startTestWorker(context.config), await startTestWorker(context.config));
    // On a timeout, what the rows were left as (and the last e-mail error), to tell a lost job from a failing send.
    const statuses = async (table: 'reminders' | 'outbound_emails') =>
      JSON.stringify(await context.dataSource.query(`SELECT status, count(*)::int AS n${table === 'outbound_emails' ? ', max(last_error) AS error' : ''} FROM ${table} GROUP BY status`));
    await waitFor(async () => (await reminders.countBy({ status: 'pending' })) === 0, 30_000, () => statuses('reminders'));

    const sent = await reminders.findBy({ status: 'sent' });
    expect(sent).toHaveLength(requirements);
    expect(new Set(sent.map((r) => r.requirementId)).size).toBe(requirements);
    expect(sent.every((r) => r.escalates)).toBe(true);
    expect(await reminders.countBy({ status: 'skipped' })).toBe(requirements * 3);

    // One e-mail per reminder and recipient in the outbox, each delivered over SMTP exactly once.
    const emails = context.dataSource.getRepository(OutboundEmailEntity);
    expect(await emails.countBy({ template: 'report-overdue' })).toBe(requirements);
    expect(await emails.countBy({ template: 'report-escalation' })).toBe(requirements);
    await waitFor(async () => (await emails.countBy({ status: 'sent' })) === requirements * 2, 30_000, () => statuses('outbound_emails'));
    const delivered = sink.received.map((mail) => mail.raw.match(/^Message-ID: (.*)$/im)?.[1] ?? mail.raw);
    expect(sink.received).toHaveLength(requirements * 2);
    expect(new Set(delivered).size).toBe(requirements * 2);
  });
});

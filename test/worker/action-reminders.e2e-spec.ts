import { TestingModule } from '@nestjs/testing';
import { In } from 'typeorm';
import { Clock } from '@mosaic/common';
import { Role, UserEntity } from '@mosaic/identity';
import { MailOutbox, OutboundEmailEntity } from '@mosaic/mail';
import { ActionItemEntity, ActionReminderService, ActionStatus } from '@mosaic/mentoring';
import { addDays, todayIn } from '@mosaic/reporting';
import { createWorld, OrganisationFactory, UserFactory, World } from '../factories/identity.factory';
import { startSmtpSink, waitFor } from '../support/smtp-sink';
import { createTestApp, TestContext } from '../support/test-app';
import { startTestWorker } from '../support/test-worker';

/** Every overdue-action e-mail any worker tried to write, claimed or not: a second attempt means two sweeps both won. */
const attempted: string[] = [];
class CountingOutbox extends MailOutbox {
  override add(...args: Parameters<MailOutbox['add']>) {
    if (args[1].template === 'action-overdue') attempted.push(args[1].dedupeKey ?? '');
    return super.add(...args);
  }
}

/** One part of a message as nodemailer sent it (quoted-printable or base64), decoded. */
function mimePart(raw: string, type: 'plain' | 'html'): string {
  const match = new RegExp(`Content-Type: text/${type}[^\\r\\n]*\\r?\\nContent-Transfer-Encoding: ([\\w-]+)\\r?\\n\\r?\\n([\\s\\S]*?)\\r?\\n----_`).exec(raw);
  if (!match) throw new Error(`No text/${type} part in:\n${raw}`);
  const [, encoding, content] = match;
  if (encoding === 'base64') return Buffer.from(content, 'base64').toString('utf8');
  const escaped = content.replace(/=\r?\n/g, '').replace(/%/g, '%25').replace(/=([0-9A-F]{2})/g, (_, hex: string) => `%${hex}`);
  return decodeURIComponent(escaped);
}

/**
 * An open action whose due date has passed in its organisation's time zone is reminded once: its
 * owner's people each get one e-mail in their language, however many workers sweep at once.
 */
describe('worker: overdue mentoring actions are reminded exactly once', () => {
  let context: TestContext;
  let world: World;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  const workers: TestingModule[] = [];
  // One "now" for the fixtures and the workers' clock, so no date rolls over mid-test.
  const now = new Date();
  const actions: Record<string, ActionItemEntity> = {};
  const users: Record<string, UserEntity> = {};

  const addAction = async (key: string, organisationId: string, owner: 'organisation' | 'mentor', dueDate: string, status: ActionStatus = 'open') => {
    const repository = context.dataSource.getRepository(ActionItemEntity);
    actions[key] = await repository.save(
      repository.create({ organisationId, owner, dueDate, status, title: `Action ${key}: write the safeguarding policy`, createdByUserId: world.users.mentor.id }),
    );
  };

  beforeAll(async () => {
    sink = await startSmtpSink();
    context = await createTestApp({ ACTION_SWEEP_MS: '300', OUTBOX_SWEEP_MS: '500', SCHEDULE_REFRESH_MS: '300', SMTP_HOST: '127.0.0.1', SMTP_PORT: String(sink.port) });
    world = await createWorld(context);
    const ds = context.dataSource;
    const grassroots = world.organisations.grassroots; // Africa/Nairobi, languages sw then en; the mentor's
    await ds.getRepository(UserEntity).update(world.users.mentor.id, { preferredLanguage: 'ar' });
    users.noLanguage = await UserFactory.create(ds, [{ organisation: grassroots, role: Role.Applicant }], { preferredLanguage: null });
    users.bothRoles = await UserFactory.create(ds, [{ organisation: grassroots, role: Role.Applicant }, { organisation: grassroots, role: Role.LeadPartner }], { preferredLanguage: 'fr' });
    users.disabled = await UserFactory.create(ds, [{ organisation: grassroots, role: Role.Applicant }], { disabledAt: new Date() });
    users.reviewer = await UserFactory.create(ds, [{ organisation: grassroots, role: Role.Reviewer }]);
    // Far from UTC on both sides: whatever the hour, one of them disagrees with UTC about today.
    const kiritimati = await OrganisationFactory.create(ds, { name: 'Line Islands Group', timeZone: 'Pacific/Kiritimati', languages: ['es'] });
    const pagoPago = await OrganisationFactory.create(ds, { name: 'Tutuila Group', timeZone: 'Pacific/Pago_Pago', languages: ['uk'] });
    users.kiritimati = await UserFactory.create(ds, [{ organisation: kiritimati, role: Role.LeadPartner }], { preferredLanguage: null });
    users.pagoPago = await UserFactory.create(ds, [{ organisation: pagoPago, role: Role.Applicant }], { preferredLanguage: null });

    const nairobi = todayIn('Africa/Nairobi', now);
    await addAction('orgOverdue', grassroots.id, 'organisation', addDays(nairobi, -3));
    await addAction('mentorOverdue', grassroots.id, 'mentor', addDays(nairobi, -1));
    await addAction('otherOrgOverdue', world.organisations.otherGrassroots.id, 'organisation', addDays(todayIn('Africa/Lubumbashi', now), -10));
    await addAction('kiritimatiOverdue', kiritimati.id, 'organisation', addDays(todayIn('Pacific/Kiritimati', now), -1));
    await addAction('pagoPagoDueToday', pagoPago.id, 'organisation', todayIn('Pacific/Pago_Pago', now));
    await addAction('dueToday', grassroots.id, 'organisation', nairobi);
    await addAction('dueTomorrow', grassroots.id, 'mentor', addDays(nairobi, 1));
    await addAction('done', grassroots.id, 'organisation', addDays(nairobi, -5), 'done');
    await addAction('dropped', grassroots.id, 'mentor', addDays(nairobi, -5), 'dropped');
  });
  afterAll(async () => {
    for (const worker of workers) await worker.close().catch(() => undefined);
    await sink.stop();
    await context.close();
  });

  it('sends one e-mail per recipient of each overdue open action, in their language, even with two workers racing', async () => {
    const start = () =>
      startTestWorker(context.config, (builder) => builder.overrideProvider(Clock).useValue({ now: () => now }).overrideProvider(MailOutbox).useClass(CountingOutbox));
    workers.push(await start(), await start());
    // Besides the scheduled sweeps, both workers sweep by hand at the same moment.
    await Promise.all(workers.flatMap((worker) => [worker.get(ActionReminderService).sweep(), worker.get(ActionReminderService).sweep()]));

    const overdue = ['orgOverdue', 'mentorOverdue', 'otherOrgOverdue', 'kiritimatiOverdue'];
    const expected = [
      { action: 'orgOverdue', to: world.users.applicant.email, language: 'en' },
      { action: 'orgOverdue', to: users.noLanguage.email, language: 'sw' },
      { action: 'orgOverdue', to: users.bothRoles.email, language: 'fr' },
      { action: 'mentorOverdue', to: world.users.mentor.email, language: 'ar' },
      { action: 'otherOrgOverdue', to: world.users.otherApplicant.email, language: 'en' },
      { action: 'kiritimatiOverdue', to: users.kiritimati.email, language: 'es' },
    ];
    const emails = context.dataSource.getRepository(OutboundEmailEntity);
    await waitFor(async () => (await emails.countBy({ template: 'action-overdue', status: 'sent' })) === expected.length, 20_000);

    const stored = await emails.findBy({ template: 'action-overdue' });
    expect(stored.map((e) => ({ to: e.toAddress, language: e.language })).sort((a, b) => a.to.localeCompare(b.to))).toEqual(
      expected.map(({ to, language }) => ({ to, language })).sort((a, b) => a.to.localeCompare(b.to)),
    );
    // No worker even tried a second time: the conditional update let exactly one sweep through per action.
    expect(attempted.sort()).toEqual(expected.map((e) => `action-overdue-${actions[e.action].id}-${e.to}`).sort());
    const delivered = sink.received.flatMap((mail) => mail.to);
    expect(delivered.sort()).toEqual(expected.map((e) => e.to).sort());

    const rows = await context.dataSource.getRepository(ActionItemEntity).findBy({ id: In(Object.values(actions).map((a) => a.id)) });
    const remindedKeys = Object.keys(actions).filter((key) => rows.find((row) => row.id === actions[key].id)?.remindedAt);
    expect(remindedKeys.sort()).toEqual(overdue.sort());

    // The words and links each recipient reads (the outbox clears bodies once sent: read what SMTP got).
    const subject = (email: string) => stored.find((e) => e.toAddress === email)!.subject;
    const body = (email: string, type: 'plain' | 'html') => mimePart(sink.received.find((mail) => mail.to.includes(email))!.raw, type);
    expect(subject(world.users.applicant.email)).toBe('An action you agreed is overdue: Action orgOverdue: write the safeguarding policy');
    expect(body(world.users.applicant.email, 'plain')).toContain('3 days ago');
    expect(body(world.users.applicant.email, 'plain')).toContain('Grassroots One');
    expect(body(world.users.applicant.email, 'plain')).toContain(`${context.config.publicUrl}/capacity/${world.organisations.grassroots.id}`);
    expect(subject(users.noLanguage.email)).toMatch(/^Muda wa hatua mliyokubaliana umepita: /);
    expect(subject(users.bothRoles.email)).toMatch(/^Une action convenue est en retard : /);
    expect(subject(world.users.mentor.email)).toMatch(/^فات موعد إجراء اتفقتم عليه: /);
    expect(body(world.users.mentor.email, 'html')).toContain('dir="rtl"');
    expect(body(world.users.mentor.email, 'plain')).toContain('أمس');
    expect(body(world.users.mentor.email, 'plain')).toContain(`${context.config.publicUrl}/mentor/caseload`);
    expect(subject(users.kiritimati.email)).toMatch(/^Una acción que acordó está con retraso: /);
    for (const email of stored) expect(email.subject).not.toContain('\n');
  });

  it('sends nothing new on later sweeps', async () => {
    const emails = context.dataSource.getRepository(OutboundEmailEntity);
    const before = await emails.countBy({ template: 'action-overdue' });
    const attemptsBefore = attempted.length;
    expect(await workers[0].get(ActionReminderService).sweep()).toEqual({ reminded: 0, emails: 0 });
    // Several scheduled sweeps (every 300 ms) on both workers.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await emails.countBy({ template: 'action-overdue' })).toBe(before);
    expect(attempted).toHaveLength(attemptsBefore);
    expect(sink.received).toHaveLength(before);
  });
});

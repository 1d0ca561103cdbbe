import { EntityManager, LessThan } from 'typeorm';
import { ApplicationEntity, ApplicationStatus, CallEntity, CallStatus, DEFAULT_QUESTION_SETS, DEFAULT_RUBRIC, DEFAULT_TIERS } from '@mosaic/applications';
import { ClusterEntity, ClusteringRunEntity, ClusterMemberEntity, GrantEntity } from '@mosaic/clustering';
import {
  addDays,
  applyPlan,
  DEFAULT_REPORTING_POLICY,
  InstalmentEntity,
  planReports,
  ReminderEntity,
  ReportEntity,
  ReportingPolicyEntity,
  ReportRequirementEntity,
  todayIn,
} from '@mosaic/reporting';
import { DEMO_APPROVED_APPLICATIONS, DEMO_CALL, DEMO_USERS } from './demo-data';

interface Ids {
  organisations: Map<string, string>;
  users: Map<string, string>;
  timeZones: Map<string, string>;
}

const email = (name: string) => `${name}@demo.mosaic.test`;

/**
 * Last year's call, already funded, so that every reporting page has something to show: Synergie
 * des Femmes du Kivu leads a cluster of two Congolese groups (one has sent its annual report, the
 * other is late), and the Mosul group holds a direct grant whose annual report was accepted. Grants
 * run for two years and started fifteen months ago.
 */
export async function seedDemoReporting(manager: EntityManager, ids: Ids, now: Date): Promise<void> {
  const funderId = ids.organisations.get('funder')!;
  const officerId = ids.users.get(DEMO_USERS[1].email)!;
  const policy = await manager.save(manager.create(ReportingPolicyEntity, { funderId, version: 1, document: DEFAULT_REPORTING_POLICY, createdByUserId: null }));
  const call = await manager.save(
    manager.create(CallEntity, {
      ...DEMO_CALL,
      title: { en: 'Small grants for survivor-led groups 2026', fr: 'Petites subventions pour les groupes menés par des survivantes 2026', ar: 'منح صغيرة للمجموعات التي تقودها الناجيات 2026' },
      funderId,
      status: CallStatus.Closed,
      opensAt: new Date(now.getTime() - 540 * 86_400_000),
      closesAt: new Date(now.getTime() - 480 * 86_400_000),
      publishedAt: new Date(now.getTime() - 540 * 86_400_000),
      tiers: DEFAULT_TIERS,
      questionSets: DEFAULT_QUESTION_SETS,
      rubric: DEFAULT_RUBRIC,
    }),
  );
  const applicationOf = async (key: string, amountMinor: number) => {
    const template = DEMO_APPROVED_APPLICATIONS.find((a) => a.organisation === key) ?? DEMO_APPROVED_APPLICATIONS[0];
    const { organisation: _organisation, applicantEmail: _by, ...fields } = template;
    return manager.save(
      manager.create(ApplicationEntity, {
        ...fields,
        requestedAmountMinor: amountMinor,
        budgetLines: [
          { category: 'survivor_support' as const, amountMinor: amountMinor - 1_000_00 },
          { category: 'mobile_data_communication' as const, amountMinor: 1_000_00 },
        ],
        callId: call.id,
        organisationId: ids.organisations.get(key)!,
        createdByUserId: ids.users.get(email(`applicant${Number(key.slice(1))}`))!,
        currency: 'USD',
        status: ApplicationStatus.Approved,
        submittedAt: new Date(now.getTime() - 500 * 86_400_000),
        decidedAt: new Date(now.getTime() - 470 * 86_400_000),
        decisionFeedback: 'Approved.',
      }),
    );
  };
  const g1 = await applicationOf('g1', 3_500_00);
  const g2 = await applicationOf('g2', 2_800_00);
  const g10 = await applicationOf('g10', 4_000_00);

  const leadId = ids.organisations.get('lead1')!;
  const run = await manager.save(
    manager.create(ClusteringRunEntity, {
      callId: call.id,
      status: 'done',
      requestedByUserId: officerId,
      timeLimitMs: 10_000,
      problem: { seeded: true },
      result: { seeded: true },
      progress: 100,
      approvedAt: new Date(now.getTime() - 460 * 86_400_000),
      approvedByUserId: officerId,
    }),
  );
  const total = g1.requestedAmountMinor! + g2.requestedAmountMinor!;
  const cluster = await manager.save(
    manager.create(ClusterEntity, { callId: call.id, runId: run.id, leadOrganisationId: leadId, totalMinor: total, feeMinor: Math.round(total * 0.07), feeRate: 0.07, currency: 'USD' }),
  );
  const today = todayIn('Africa/Lubumbashi', now);
  const startDate = addDays(today, -450);
  const endDate = addDays(today, 279);
  const grant = (values: Partial<GrantEntity>) =>
    manager.save(manager.create(GrantEntity, { callId: call.id, currency: 'USD', status: 'active', riskLevel: 'medium', startDate, endDate, policyId: policy.id, activatedAt: new Date(now.getTime() - 450 * 86_400_000), ...values }));
  const agreement = await grant({ organisationId: leadId, clusterId: cluster.id, kind: 'lead_agreement', amountMinor: total, timeZone: ids.timeZones.get('lead1') });
  const members = [];
  for (const [key, application] of [['g1', g1], ['g2', g2]] as const) {
    await manager.insert(ClusterMemberEntity, { clusterId: cluster.id, applicationId: application.id, organisationId: application.organisationId, amountMinor: application.requestedAmountMinor! });
    members.push(await grant({ organisationId: application.organisationId, applicationId: application.id, clusterId: cluster.id, kind: 'sub_grant', amountMinor: application.requestedAmountMinor!, timeZone: ids.timeZones.get(key) }));
  }
  const direct = await grant({ organisationId: g10.organisationId, applicationId: g10.id, kind: 'direct', amountMinor: g10.requestedAmountMinor!, timeZone: ids.timeZones.get('g10') });

  for (const target of [agreement, ...members, direct]) {
    const role = target.kind === 'lead_agreement' ? 'lead' : target.kind === 'sub_grant' ? 'member' : 'direct';
    const plan = planReports(policy.document, { amountMinor: target.amountMinor, currency: 'USD', riskLevel: 'medium', role, startDate, endDate, timeZone: target.timeZone! });
    await manager.update(GrantEntity, target.id, { tier: plan.tier, burdenHours: plan.burden.hours });
    await applyPlan(manager, target, plan, policy.document, target.timeZone!);
  }
  // Reminders that fell due before the demo existed were never owed to anyone.
  await manager.update(ReminderEntity, { remindAt: LessThan(now), status: 'pending' }, { status: 'skipped' });

  // The first member sent its annual report; the direct grantee's was accepted.
  const annual = (grantId: string) => manager.findOneByOrFail(ReportRequirementEntity, { grantId, key: 'narrative:3+0:every12:1' });
  const answers = (language: string, texts: string[]) =>
    Object.fromEntries(['progress', 'activities', 'learning'].map((question, index) => [question, { value: texts[index], language }]));
  const sent = await annual(members[0].id);
  await manager.update(ReportRequirementEntity, sent.id, { status: 'submitted' });
  await manager.insert(ReportEntity, {
    requirementId: sent.id,
    grantId: members[0].id,
    status: 'submitted',
    language: 'fr',
    answers: answers('fr', ['Trente survivantes accompagnées vers les soins.', 'Un groupe de parole chaque semaine à Bukavu.', 'Les rencontres du matin sont plus sûres.']),
    peopleReached: 30,
    createdByUserId: ids.users.get(email('applicant1'))!,
    submittedAt: new Date(now.getTime() - 20 * 86_400_000),
  });
  const accepted = await annual(direct.id);
  await manager.update(ReportRequirementEntity, accepted.id, { status: 'accepted' });
  await manager.insert(ReportEntity, {
    requirementId: accepted.id,
    grantId: direct.id,
    status: 'accepted',
    language: 'ar',
    answers: answers('ar', ['رافقنا خمساً وعشرين ناجية إلى الخدمات.', 'جلسات دعم أسبوعية في الموصل.', 'المواعيد الصباحية أكثر أماناً.']),
    peopleReached: 25,
    createdByUserId: ids.users.get(email('applicant10'))!,
    submittedAt: new Date(now.getTime() - 60 * 86_400_000),
    reviewedAt: new Date(now.getTime() - 50 * 86_400_000),
    reviewedByUserId: officerId,
  });
  // Money already passed: each grant's first instalment, and the lead agreement's second.
  await manager.update(InstalmentEntity, { number: 1 }, { status: 'released', releasedAt: new Date(now.getTime() - 440 * 86_400_000), releasedByUserId: officerId });
  await manager.update(InstalmentEntity, { grantId: agreement.id, number: 2 }, { status: 'released', releasedAt: new Date(now.getTime() - 200 * 86_400_000), releasedByUserId: officerId, previousSpentMinor: Math.round(total * 0.3) });
}

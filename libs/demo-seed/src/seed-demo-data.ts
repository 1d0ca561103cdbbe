import argon2 from 'argon2';
import { DataSource } from 'typeorm';
import {
  ApplicationEntity,
  ApplicationEventEntity,
  ApplicationStatus,
  CallEntity,
  CallStatus,
  DEFAULT_QUESTION_SETS,
  DEFAULT_RUBRIC,
  DEFAULT_TIERS,
} from '@mosaic/applications';
import { AuditEventEntity } from '@mosaic/audit';
import { LeadPartnerProfileEntity } from '@mosaic/clustering';
import { MembershipEntity, MentorAssignmentEntity, OrganisationEntity, UserEntity } from '@mosaic/identity';
import {
  DEMO_APPROVED_APPLICATIONS,
  DEMO_CALL,
  DEMO_CLUSTERING_POLICY,
  DEMO_FUNDER, DEMO_GRASSROOTS, DEMO_LEAD_PARTNERS, DEMO_MENTOR_ASSIGNMENTS, DEMO_SUBMITTED_APPLICATION,
  DEMO_USERS,
} from './demo-data';
import { seedDemoMentoring } from './seed-demo-mentoring';
import { seedDemoReporting } from './seed-demo-reporting';

/** Seeds the demo once (returns false when it is already there). Never called in production. */
export async function seedDemoData(dataSource: DataSource, password: string): Promise<boolean> {
  const already = await dataSource.getRepository(UserEntity).exists({ where: { email: DEMO_USERS[0].email } });
  if (already) return false;
  // Every demo account shares one password, so one hash serves them all.
  const passwordHash = await argon2.hash(password, { type: argon2.argon2id });

  await dataSource.transaction(async (manager) => {
    const audit = (action: string, entityType: string, entityId: string, changes: object) =>
      manager.insert(AuditEventEntity, { action, entityType, entityId, changes: { seeded: { to: changes } } });

    const organisationIds = new Map<string, string>();
    for (const { key, ...profile } of [DEMO_FUNDER, ...DEMO_LEAD_PARTNERS, ...DEMO_GRASSROOTS]) {
      const saved = await manager.save(manager.create(OrganisationEntity, { ...profile, isLeadPartner: !!profile.isLeadPartner }));
      organisationIds.set(key, saved.id);
      await audit('organisation.created', 'organisation', saved.id, { name: saved.name });
    }

    const userIds = new Map<string, string>();
    let mentorId = '';
    for (const demo of DEMO_USERS) {
      const user = await manager.save(
        manager.create(UserEntity, { email: demo.email, name: demo.name, preferredLanguage: demo.language, passwordHash }),
      );
      userIds.set(demo.email, user.id);
      for (const grant of demo.roles) {
        const organisationId = grant.organisation ? (organisationIds.get(grant.organisation) ?? null) : null;
        const membership = await manager.save(manager.create(MembershipEntity, { userId: user.id, organisationId, role: grant.role }));
        await audit('membership.created', 'membership', membership.id, { userId: user.id, organisationId, role: grant.role });
        if (grant.role === 'mentor') mentorId = user.id;
      }
    }

    for (const key of DEMO_MENTOR_ASSIGNMENTS) {
      await manager.insert(MentorAssignmentEntity, { mentorUserId: mentorId, organisationId: organisationIds.get(key) as string });
    }

    // What each lead partner can take on, so the officer can run clustering on the demo.
    for (const [index, lead] of DEMO_LEAD_PARTNERS.entries()) {
      await manager.insert(LeadPartnerProfileEntity, {
        organisationId: organisationIds.get(lead.key) as string,
        countriesServed: index === 1 ? ['KE', 'CD'] : [lead.country],
        maxMembers: 15,
        maxTotalMinor: 120_000_00,
        currency: 'USD',
        oversightHours: 300,
        feeRate: 0.07,
      });
    }

    // An open call, and one application already sent, so every role has something to see.
    const now = Date.now();
    const call = await manager.save(
      manager.create(CallEntity, {
        ...DEMO_CALL,
        funderId: organisationIds.get('funder') as string,
        status: CallStatus.Published,
        opensAt: new Date(now - 7 * 86_400_000),
        closesAt: new Date(now + 60 * 86_400_000),
        publishedAt: new Date(now - 7 * 86_400_000),
        tiers: DEFAULT_TIERS,
        questionSets: DEFAULT_QUESTION_SETS,
        rubric: DEFAULT_RUBRIC,
        clusteringPolicy: DEMO_CLUSTERING_POLICY,
      }),
    );
    await audit('call.created', 'call', call.id, { title: call.title.en });
    const { organisation, applicantEmail, ...submitted } = DEMO_SUBMITTED_APPLICATION;
    const application = await manager.save(
      manager.create(ApplicationEntity, {
        ...submitted,
        callId: call.id,
        organisationId: organisationIds.get(organisation) as string,
        createdByUserId: userIds.get(applicantEmail) as string,
        currency: call.currency,
        status: ApplicationStatus.Submitted,
        submittedAt: new Date(now - 86_400_000),
      }),
    );
    await manager.insert(ApplicationEventEntity, [
      { applicationId: application.id, fromStatus: null, toStatus: ApplicationStatus.Draft, actorUserId: application.createdByUserId },
      { applicationId: application.id, fromStatus: ApplicationStatus.Draft, toStatus: ApplicationStatus.Submitted, actorUserId: application.createdByUserId },
    ]);
    await audit('application.created', 'application', application.id, { status: 'submitted' });

    const officerId = userIds.get(DEMO_USERS[1].email) as string;
    for (const { organisation: key, applicantEmail: by, ...approved } of DEMO_APPROVED_APPLICATIONS) {
      const saved = await manager.save(
        manager.create(ApplicationEntity, {
          ...approved,
          callId: call.id,
          organisationId: organisationIds.get(key) as string,
          createdByUserId: userIds.get(by) as string,
          currency: call.currency,
          status: ApplicationStatus.Approved,
          submittedAt: new Date(now - 5 * 86_400_000),
          decidedAt: new Date(now - 2 * 86_400_000),
          decisionFeedback: 'Approved. Thank you for your clear application.',
        }),
      );
      await manager.insert(ApplicationEventEntity, [
        { applicationId: saved.id, fromStatus: null, toStatus: ApplicationStatus.Draft, actorUserId: saved.createdByUserId },
        { applicationId: saved.id, fromStatus: ApplicationStatus.Draft, toStatus: ApplicationStatus.Submitted, actorUserId: saved.createdByUserId },
        { applicationId: saved.id, fromStatus: ApplicationStatus.Submitted, toStatus: ApplicationStatus.Approved, actorUserId: officerId },
      ]);
      await audit('application.created', 'application', saved.id, { status: 'approved' });
    }

    const timeZones = new Map([DEMO_FUNDER, ...DEMO_LEAD_PARTNERS, ...DEMO_GRASSROOTS].map((org) => [org.key, org.timeZone]));
    await seedDemoReporting(manager, { organisations: organisationIds, users: userIds, timeZones }, new Date(now));
    await seedDemoMentoring(manager, { organisationId: organisationIds.get('g4')!, mentorId, applicantId: userIds.get('applicant4@demo.mosaic.test')! }, new Date(now));
  });
  return true;
}

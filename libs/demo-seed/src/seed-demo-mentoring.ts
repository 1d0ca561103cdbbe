import { EntityManager } from 'typeorm';
import { OrganisationEntity } from '@mosaic/identity';
import { ActionItemEntity, AssessmentEntity, AssessmentRatingEntity, CAPACITY_FRAMEWORK, CapacityFrameworkEntity, domainScores, MentoringSessionEntity, overallMaturity, riskLevelFrom } from '@mosaic/mentoring';
import { addDays, todayIn } from '@mosaic/reporting';

/**
 * The mentor's Kisumu group, assessed and validated a month ago (safeguarding progressing, the rest
 * emerging), with one session and two agreed actions, one of them overdue: the caseload, the plan
 * page and the officer's capacity view all have something to show.
 */
export async function seedDemoMentoring(manager: EntityManager, ids: { organisationId: string; mentorId: string; applicantId: string }, now: Date): Promise<void> {
  await manager.createQueryBuilder().insert().into(CapacityFrameworkEntity).values({ code: CAPACITY_FRAMEWORK.code, version: CAPACITY_FRAMEWORK.version, document: CAPACITY_FRAMEWORK }).orIgnore().execute();
  const framework = await manager.findOneByOrFail(CapacityFrameworkEntity, { code: CAPACITY_FRAMEWORK.code, version: CAPACITY_FRAMEWORK.version });
  const monthAgo = new Date(now.getTime() - 31 * 86_400_000);
  const assessment = await manager.save(
    manager.create(AssessmentEntity, { organisationId: ids.organisationId, frameworkId: framework.id, status: 'validated', createdByUserId: ids.applicantId, submittedAt: monthAgo, validatedAt: monthAgo, validatedByUserId: ids.mentorId }),
  );
  const ratings = CAPACITY_FRAMEWORK.domains.flatMap((domain) =>
    domain.indicators.map((indicator, index) => {
      const self = domain.scale === 'psea' ? 'progressing' : index % 3 === 0 ? '3' : '2';
      // The mentor adjusted two ratings down, with a reason.
      const adjusted = indicator.code === 'DP10' || indicator.code === 'FIN2';
      return {
        assessmentId: assessment.id,
        indicator: indicator.code,
        selfValue: self,
        mentorValue: adjusted ? '1' : self,
        mentorComment: adjusted ? 'Not yet in place: we agreed a first step.' : null,
        evidenceFileIds: [],
      };
    }),
  );
  await manager.insert(AssessmentRatingEntity, ratings);
  const scores = domainScores(CAPACITY_FRAMEWORK, ratings);
  const riskLevel = riskLevelFrom(CAPACITY_FRAMEWORK, ratings);
  const domainMaturity = Object.fromEntries(scores.filter((s) => s.maturity !== null).map((s) => [s.domain, s.maturity!]));
  await manager.update(AssessmentEntity, assessment.id, { riskLevel, domainMaturity, createdAt: monthAgo });
  await manager.update(OrganisationEntity, ids.organisationId, { riskLevel, maturity: overallMaturity(scores) });

  const today = todayIn('Africa/Nairobi', now);
  const session = await manager.save(
    manager.create(MentoringSessionEntity, { organisationId: ids.organisationId, mentorUserId: ids.mentorId, heldOn: addDays(today, -20), durationMinutes: 60, mode: 'phone', topics: [{ domain: 'data-protection', indicator: 'DP10' }, { domain: 'financial-management', indicator: 'FIN2' }] }),
  );
  await manager.insert(ActionItemEntity, [
    { organisationId: ids.organisationId, sessionId: session.id, title: 'Keep case files in a locked cabinet; registers use codes, not names', owner: 'organisation', dueDate: addDays(today, -3), domain: 'data-protection', indicator: 'DP10', createdByUserId: ids.mentorId, version: 1 },
    { organisationId: ids.organisationId, sessionId: session.id, title: 'Send a bank reconciliation template in Swahili', owner: 'mentor', dueDate: addDays(today, 10), domain: 'financial-management', indicator: 'FIN2', createdByUserId: ids.mentorId, version: 1 },
  ]);
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService, auditDiff } from '@mosaic/audit';
import { Clock, DomainException, forbidden, notFound } from '@mosaic/common';
import { AppConfig } from '@mosaic/config';
import { AuthContext, MembershipEntity, Role, UserEntity } from '@mosaic/identity';
import { MailOutbox } from '@mosaic/mail';
import { aggregateScore } from './application.rules';
import { ApplicationService } from './application.service';
import { CallService } from './call.service';
import { AssignReviewerDto, DeclareConflictDto, SubmitReviewDto } from './dto/application.dto';
import { ApplicationEntity, CallEntity, ReviewAssignmentEntity } from './entities';
import { ApplicationStatus } from './vocabulary';

export interface ReviewSummary {
  aggregate: number | null;
  reviews: {
    assignmentId: string;
    reviewerUserId: string;
    reviewerName: string;
    panel: string;
    conflict: 'undeclared' | 'none' | 'declared';
    scores: Record<string, number> | null;
    comment: string | null;
    submittedAt: Date | null;
  }[];
}

/**
 * Review with conflict-of-interest declarations: a reviewer must declare before the application
 * opens to her; a declared conflict closes it for good, and both are audited.
 */
@Injectable()
export class ReviewService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly applications: ApplicationService,
    private readonly calls: CallService,
    private readonly audit: AuditService,
    private readonly outbox: MailOutbox,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async assign(auth: AuthContext, applicationId: string, dto: AssignReviewerDto): Promise<ReviewAssignmentEntity> {
    const application = await this.applications.get(auth, applicationId);
    const call = await this.callOf(application);
    if (!this.calls.manages(auth, call)) throw forbidden('Only the funder’s officers assign reviewers');
    if (![ApplicationStatus.Submitted, ApplicationStatus.InReview].includes(application.status)) {
      throw new DomainException('conflict', 'APPLICATION_NOT_IN_REVIEW', 'Only submitted applications are reviewed', { status: application.status });
    }
    const isReviewer = await this.dataSource
      .getRepository(MembershipEntity)
      .existsBy({ userId: dto.reviewerUserId, organisationId: call.funderId, role: Role.Reviewer });
    if (!isReviewer) throw new DomainException('unprocessable', 'NOT_A_REVIEWER', 'This person is not a reviewer for this funder');

    const emailIds: (string | null)[] = [];
    const assignment = await this.dataSource.transaction(async (manager) => {
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(ReviewAssignmentEntity)
        .values({ applicationId, reviewerUserId: dto.reviewerUserId, panel: dto.panel, assignedByUserId: auth.userId })
        .orIgnore()
        .returning(['id'])
        .execute();
      const id = (inserted.raw as { id: string }[])[0]?.id;
      if (!id) return manager.findOneByOrFail(ReviewAssignmentEntity, { applicationId, reviewerUserId: dto.reviewerUserId });
      if (application.status === ApplicationStatus.Submitted) {
        await this.applications.move(manager, application, ApplicationStatus.InReview, auth.userId);
      }
      await this.audit.record(manager, {
        action: 'review.assigned',
        entityType: 'review_assignment',
        entityId: id,
        changes: auditDiff(null, { applicationId, reviewerUserId: dto.reviewerUserId, panel: dto.panel }),
      });
      const reviewer = await manager.findOneByOrFail(UserEntity, { id: dto.reviewerUserId });
      const language = reviewer.preferredLanguage ?? 'en';
      emailIds.push(
        await this.outbox.add(manager, {
          to: reviewer.email,
          template: 'review-assigned',
          language,
          dedupeKey: `review-assigned-${id}`,
          data: { callTitle: call.title[language] ?? call.title.en, link: `${this.config.publicUrl}/reviews/${id}` },
        }),
      );
      return manager.findOneByOrFail(ReviewAssignmentEntity, { id });
    });
    await this.outbox.dispatch(emailIds);
    return assignment;
  }

  /** The reviewer's own assignments (without the applications' content). */
  mine(auth: AuthContext): Promise<ReviewAssignmentEntity[]> {
    return this.dataSource.getRepository(ReviewAssignmentEntity).find({ where: { reviewerUserId: auth.userId }, order: { assignedAt: 'DESC' } });
  }

  async assignment(auth: AuthContext, id: string): Promise<ReviewAssignmentEntity> {
    const assignment = await this.dataSource.getRepository(ReviewAssignmentEntity).findOneBy({ id });
    if (!assignment || assignment.reviewerUserId !== auth.userId) throw notFound('review', id);
    return assignment;
  }

  async declare(auth: AuthContext, id: string, dto: DeclareConflictDto): Promise<ReviewAssignmentEntity> {
    const assignment = await this.assignment(auth, id);
    if (assignment.conflictDeclaredAt) {
      if (assignment.hasConflict === dto.hasConflict) return assignment;
      throw new DomainException('conflict', 'CONFLICT_ALREADY_DECLARED', 'You have already declared; ask the officer if it must change');
    }
    return this.dataSource.transaction(async (manager) => {
      await manager.update(ReviewAssignmentEntity, id, {
        conflictDeclaredAt: this.clock.now(),
        hasConflict: dto.hasConflict,
        conflictStatement: dto.statement ?? null,
      });
      await this.audit.record(manager, {
        action: dto.hasConflict ? 'review.conflict_declared' : 'review.no_conflict_declared',
        entityType: 'review_assignment',
        entityId: id,
        changes: auditDiff({ hasConflict: null }, { hasConflict: dto.hasConflict, statement: dto.statement ?? null }),
      });
      return manager.findOneByOrFail(ReviewAssignmentEntity, { id });
    });
  }

  /** The application, only after a declaration of no conflict. */
  async open(auth: AuthContext, id: string): Promise<{ assignment: ReviewAssignmentEntity; application: ApplicationEntity; call: CallEntity }> {
    const assignment = await this.assignment(auth, id);
    if (!assignment.conflictDeclaredAt) {
      throw new DomainException('forbidden', 'CONFLICT_DECLARATION_REQUIRED', 'Declare whether you have a conflict of interest before opening this application');
    }
    if (assignment.hasConflict) {
      throw new DomainException('forbidden', 'CONFLICT_DECLARED', 'You declared a conflict of interest: this application stays closed to you');
    }
    const application = await this.dataSource.getRepository(ApplicationEntity).findOneByOrFail({ id: assignment.applicationId });
    return { assignment, application, call: await this.callOf(application) };
  }

  async submit(auth: AuthContext, id: string, dto: SubmitReviewDto): Promise<ReviewAssignmentEntity> {
    const { assignment, call } = await this.open(auth, id);
    const problems: string[] = [];
    for (const criterion of call.rubric) {
      const score = dto.scores[criterion.key];
      if (!Number.isInteger(score) || score < 1 || score > 5) problems.push(`${criterion.key} must be a whole number from 1 to 5`);
    }
    const unknown = Object.keys(dto.scores).filter((key) => !call.rubric.some((c) => c.key === key));
    if (unknown.length) problems.push(`not in the rubric: ${unknown.join(', ')}`);
    if (problems.length) throw new DomainException('invalid', 'SCORES_INVALID', problems.join('; '), { problems });
    return this.dataSource.transaction(async (manager) => {
      await manager.update(ReviewAssignmentEntity, id, { scores: dto.scores, comment: dto.comment ?? null, submittedAt: this.clock.now() });
      await this.audit.record(manager, {
        action: 'review.scored',
        entityType: 'review_assignment',
        entityId: id,
        changes: auditDiff({ scores: assignment.scores, comment: assignment.comment }, { scores: dto.scores, comment: dto.comment ?? null }),
      });
      return manager.findOneByOrFail(ReviewAssignmentEntity, { id });
    });
  }

  /** For the officer: every review and the weighted aggregate. */
  async summary(auth: AuthContext, applicationId: string): Promise<ReviewSummary> {
    const application = await this.applications.get(auth, applicationId);
    const call = await this.callOf(application);
    if (!this.calls.manages(auth, call)) throw forbidden('Only the funder’s officers see the reviews');
    const assignments = await this.dataSource.getRepository(ReviewAssignmentEntity).find({ where: { applicationId }, order: { assignedAt: 'ASC' } });
    const reviewers = assignments.length
      ? await this.dataSource.getRepository(UserEntity).findBy(assignments.map((a) => ({ id: a.reviewerUserId })))
      : [];
    const scored = assignments.filter((a) => a.submittedAt && a.scores).map((a) => a.scores as Record<string, number>);
    return {
      aggregate: aggregateScore(call.rubric, scored),
      reviews: assignments.map((a) => ({
        assignmentId: a.id,
        reviewerUserId: a.reviewerUserId,
        reviewerName: reviewers.find((r) => r.id === a.reviewerUserId)?.name ?? '',
        panel: a.panel,
        conflict: !a.conflictDeclaredAt ? 'undeclared' : a.hasConflict ? 'declared' : 'none',
        scores: a.scores,
        comment: a.comment,
        submittedAt: a.submittedAt,
      })),
    };
  }

  private callOf(application: ApplicationEntity) {
    return this.dataSource.getRepository(CallEntity).findOneByOrFail({ id: application.callId });
  }
}

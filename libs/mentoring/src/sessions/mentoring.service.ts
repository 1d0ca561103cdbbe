import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { AuditService, auditDiff } from '@mosaic/audit';
import { LeadPartnerProfileEntity } from '@mosaic/clustering';
import { Clock, DomainException, forbidden, notFound } from '@mosaic/common';
import { AppConfig } from '@mosaic/config';
import { AuthContext, MembershipEntity, OrganisationEntity, organisationsWhere, Role } from '@mosaic/identity';
import { DecideGraduationDto, LogSessionDto, RecommendGraduationDto, UpdateActionDto } from '../dto/mentoring.dto';
import { ActionItemEntity, AssessmentEntity, AssessmentRatingEntity, GraduationEntity, MentoringSessionEntity } from '../entities';
import { FrameworkService } from '../frameworks/framework.service';
import { MentoringAccess } from '../mentoring-access';
import { CapacityRulesService } from '../rules/capacity-rules.service';
import { leadEligibility } from '../rules/capacity.rules';
import { NotesCipher } from './notes-cipher';

/** What a new lead partner can take on until it says otherwise (it edits its profile). */
const STARTER_PROFILE = { maxMembers: 5, maxTotalMinor: 50_000_00, currency: 'USD', oversightHours: 150, feeRate: 0.07 };

/**
 * Sessions, agreed actions and graduation. Notes are sealed at rest and read only by the mentor,
 * the organisation and admins; a funder's officers read them only where the organisation shared them.
 */
@Injectable()
export class MentoringService {
  private readonly cipher: NotesCipher;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: MentoringAccess,
    private readonly frameworks: FrameworkService,
    private readonly rules: CapacityRulesService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    config: AppConfig,
  ) {
    this.cipher = new NotesCipher(config.appSecret);
  }

  async logSession(auth: AuthContext, organisationId: string, dto: LogSessionDto) {
    const standing = await this.access.standing(auth, organisationId);
    if (!standing.mentor) throw forbidden('The assigned mentor logs sessions');
    return this.dataSource.transaction(async (manager) => {
      const session = await manager.save(
        manager.create(MentoringSessionEntity, {
          organisationId,
          mentorUserId: auth.userId,
          heldOn: dto.heldOn,
          durationMinutes: dto.durationMinutes,
          mode: dto.mode,
          topics: dto.topics,
          notesEncrypted: dto.notes?.trim() ? this.cipher.encrypt(dto.notes.trim()) : null,
        }),
      );
      const actions = (dto.actions ?? []).map((action) =>
        manager.create(ActionItemEntity, { ...action, domain: action.domain ?? null, indicator: action.indicator ?? null, organisationId, sessionId: session.id, createdByUserId: auth.userId }),
      );
      const savedActions = actions.length ? await manager.save(actions) : [];
      // The audit trail records that notes exist, never what they say.
      await this.audit.record(manager, {
        action: 'mentoring_session.logged',
        entityType: 'mentoring_session',
        entityId: session.id,
        changes: auditDiff(null, { organisationId, heldOn: dto.heldOn, mode: dto.mode, durationMinutes: dto.durationMinutes, topics: dto.topics.length, hasNotes: !!session.notesEncrypted, actions: savedActions.length }),
      });
      return { ...this.view(session, true), actions: savedActions };
    });
  }

  /** Sessions with their notes for those who may read them; officers see notes only where shared. */
  async sessions(auth: AuthContext, organisationId: string) {
    const standing = await this.access.standing(auth, organisationId);
    const sessions = await this.dataSource.getRepository(MentoringSessionEntity).find({ where: { organisationId }, order: { heldOn: 'DESC' } });
    const actions = sessions.length ? await this.dataSource.getRepository(ActionItemEntity).findBy({ sessionId: In(sessions.map((s) => s.id)) }) : [];
    const mayRead = standing.member || standing.mentor || standing.admin;
    return sessions.map((session) => ({ ...this.view(session, mayRead || session.sharedWithFunder), actions: actions.filter((a) => a.sessionId === session.id) }));
  }

  private view(session: MentoringSessionEntity, withNotes: boolean) {
    const { notesEncrypted, ...rest } = session;
    return { ...rest, hasNotes: !!notesEncrypted, notes: withNotes && notesEncrypted ? this.cipher.decrypt(notesEncrypted) : null };
  }

  /** Only the organisation decides whether its funder may read a session's notes. */
  async share(auth: AuthContext, sessionId: string, sharedWithFunder: boolean) {
    const session = await this.dataSource.getRepository(MentoringSessionEntity).findOneBy({ id: sessionId });
    if (!session) throw notFound('mentoring session', sessionId);
    const standing = await this.access.standing(auth, session.organisationId).catch(() => {
      throw notFound('mentoring session', sessionId);
    });
    if (!standing.member) throw forbidden('Only the organisation shares its session notes');
    return this.dataSource.transaction(async (manager) => {
      await manager.update(MentoringSessionEntity, sessionId, { sharedWithFunder });
      await this.audit.record(manager, { action: 'mentoring_session.sharing_changed', entityType: 'mentoring_session', entityId: sessionId, changes: { sharedWithFunder: { from: session.sharedWithFunder, to: sharedWithFunder } } });
      return this.view({ ...session, sharedWithFunder }, true);
    });
  }

  async actions(auth: AuthContext, organisationId: string) {
    await this.access.standing(auth, organisationId);
    return this.dataSource.getRepository(ActionItemEntity).find({ where: { organisationId }, order: { dueDate: 'ASC' } });
  }

  async updateAction(auth: AuthContext, id: string, dto: UpdateActionDto) {
    const action = await this.dataSource.getRepository(ActionItemEntity).findOneBy({ id });
    if (!action) throw notFound('action', id);
    const standing = await this.access.standing(auth, action.organisationId).catch(() => {
      throw notFound('action', id);
    });
    if (!standing.member && !standing.mentor) throw forbidden('The organisation and its mentor update actions');
    return this.dataSource.transaction(async (manager) => {
      const moved = await manager.update(ActionItemEntity, { id, version: dto.version }, { status: dto.status, version: () => 'version + 1' });
      if (!moved.affected) throw new DomainException('conflict', 'STALE_VERSION', 'This action changed since you read it', { currentVersion: action.version });
      await this.audit.record(manager, { action: 'action_item.updated', entityType: 'action_item', entityId: id, changes: { status: { from: action.status, to: dto.status } } });
      return manager.findOneByOrFail(ActionItemEntity, { id });
    });
  }

  /** A mentor recommends graduation once the latest validated assessment meets every lead-partner condition. */
  async recommend(auth: AuthContext, organisationId: string, dto: RecommendGraduationDto) {
    const standing = await this.access.standing(auth, organisationId);
    if (!standing.mentor) throw forbidden('The assigned mentor recommends graduation');
    const latest = await this.dataSource.getRepository(AssessmentEntity).findOne({ where: { organisationId, status: 'validated' }, order: { validatedAt: 'DESC' } });
    if (!latest) throw new DomainException('unprocessable', 'NO_VALIDATED_ASSESSMENT', 'Validate an assessment first');
    const framework = await this.frameworks.byId(latest.frameworkId);
    const ratings = await this.dataSource.getRepository(AssessmentRatingEntity).findBy({ assessmentId: latest.id });
    const eligibility = leadEligibility(framework.document, ratings.map((r) => ({ indicator: r.indicator, selfValue: r.selfValue, mentorValue: r.mentorValue })), await this.rules.forCaller(auth));
    if (!eligibility.eligible) throw new DomainException('unprocessable', 'NOT_YET_ELIGIBLE', 'The latest validated assessment does not meet every lead-partner condition yet', { unmet: eligibility.unmet });
    if (await this.dataSource.getRepository(GraduationEntity).existsBy({ organisationId, status: 'pending' })) throw new DomainException('conflict', 'GRADUATION_PENDING', 'A recommendation is already waiting for an officer');
    return this.dataSource.transaction(async (manager) => {
      const saved = await manager.save(manager.create(GraduationEntity, { organisationId, assessmentId: latest.id, recommendedByUserId: auth.userId, rationale: dto.rationale.trim() }));
      await this.audit.record(manager, { action: 'graduation.recommended', entityType: 'graduation', entityId: saved.id, changes: auditDiff(null, { organisationId, assessmentId: latest.id }) });
      return saved;
    });
  }

  async pendingGraduations(auth: AuthContext) {
    if (!organisationsWhere(auth, Role.Officer).length && !auth.memberships.some((m) => m.role === Role.Admin)) throw forbidden();
    return this.dataSource.getRepository(GraduationEntity).find({ where: { status: 'pending' }, order: { createdAt: 'ASC' } });
  }

  /**
   * An officer decides. Approval makes the organisation a lead partner: its applicants also become
   * lead partners, and it gets a starter profile so the next clustering run can offer it members.
   */
  async decide(auth: AuthContext, id: string, dto: DecideGraduationDto) {
    const graduation = await this.dataSource.getRepository(GraduationEntity).findOneBy({ id });
    if (!graduation) throw notFound('graduation', id);
    if (!organisationsWhere(auth, Role.Officer).length && !auth.memberships.some((m) => m.role === Role.Admin)) throw forbidden('Officers decide graduations');
    if (graduation.status !== 'pending') throw new DomainException('conflict', 'GRADUATION_DECIDED', `This recommendation was already ${graduation.status}`);
    const status = dto.decision === 'approve' ? 'approved' : 'declined';
    return this.dataSource.transaction(async (manager) => {
      const moved = await manager.update(GraduationEntity, { id, status: 'pending' }, { status, decidedByUserId: auth.userId, decidedAt: this.clock.now(), decisionComment: dto.comment?.trim() || null });
      if (!moved.affected) throw new DomainException('conflict', 'GRADUATION_DECIDED', 'Someone decided this at the same time');
      if (status === 'approved') {
        const organisation = await manager.findOneByOrFail(OrganisationEntity, { id: graduation.organisationId });
        await manager.update(OrganisationEntity, organisation.id, { isLeadPartner: true });
        const applicants = await manager.findBy(MembershipEntity, { organisationId: organisation.id, role: Role.Applicant });
        for (const membership of applicants) {
          await manager.createQueryBuilder().insert().into(MembershipEntity).values({ userId: membership.userId, organisationId: organisation.id, role: Role.LeadPartner }).orIgnore().execute();
        }
        await manager.createQueryBuilder().insert().into(LeadPartnerProfileEntity).values({ organisationId: organisation.id, countriesServed: [organisation.country], ...STARTER_PROFILE }).orIgnore().execute();
        await this.audit.record(manager, { action: 'organisation.graduated', entityType: 'organisation', entityId: organisation.id, changes: { isLeadPartner: { from: organisation.isLeadPartner, to: true } } });
      }
      await this.audit.record(manager, { action: `graduation.${status}`, entityType: 'graduation', entityId: id, changes: { status: { from: 'pending', to: status } } });
      return manager.findOneByOrFail(GraduationEntity, { id });
    });
  }
}

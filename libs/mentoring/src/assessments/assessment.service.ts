import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService, auditDiff } from '@mosaic/audit';
import { Clock, DomainException, forbidden, notFound } from '@mosaic/common';
import { FilesService } from '@mosaic/files';
import { AuthContext, OrganisationEntity } from '@mosaic/identity';
import { GrantService } from '@mosaic/reporting';
import { SaveRatingsDto } from '../dto/assessment.dto';
import { AssessmentEntity, AssessmentRatingEntity, CapacityFrameworkEntity } from '../entities';
import { CapacityFramework } from '../frameworks/framework.types';
import { FrameworkService } from '../frameworks/framework.service';
import { MentoringAccess } from '../mentoring-access';
import { CapacityRulesService } from '../rules/capacity-rules.service';
import { domainScores, leadEligibility, overallMaturity, Rating, riskLevelFrom } from '../rules/capacity.rules';

export const EVIDENCE_FILE_OWNER = 'assessment';

const toRatings = (rows: AssessmentRatingEntity[]): Rating[] => rows.map((r) => ({ indicator: r.indicator, selfValue: r.selfValue, mentorValue: r.mentorValue }));

/**
 * Capacity assessments: the organisation rates itself, its mentor validates (adjusting with a
 * comment; both values are kept), evidence files per indicator, re-assessment starting from the last
 * answers. Validation sets the organisation's risk level, which re-plans its future reporting.
 */
@Injectable()
export class AssessmentService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly frameworks: FrameworkService,
    private readonly access: MentoringAccess,
    private readonly files: FilesService,
    private readonly grants: GrantService,
    private readonly rules: CapacityRulesService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Starts an assessment under the current framework, copying forward the last one's answers. */
  async start(auth: AuthContext, organisationId: string): Promise<AssessmentEntity> {
    const standing = await this.access.standing(auth, organisationId);
    if (!standing.member && !standing.mentor) throw forbidden('The organisation or its mentor starts an assessment');
    const framework = await this.frameworks.current();
    const open = await this.dataSource.getRepository(AssessmentEntity).findOne({ where: { organisationId, status: In(['draft', 'submitted']) } });
    if (open) throw new DomainException('conflict', 'ASSESSMENT_OPEN', 'Finish the assessment in progress first', { assessmentId: open.id });
    const last = await this.dataSource.getRepository(AssessmentEntity).findOne({ where: { organisationId, status: 'validated' }, order: { validatedAt: 'DESC' } });
    return this.dataSource.transaction(async (manager) => {
      const assessment = await manager.save(manager.create(AssessmentEntity, { organisationId, frameworkId: framework.id, createdByUserId: auth.userId, copiedFromId: last?.id ?? null }));
      if (last) {
        const known = new Set(framework.document.domains.flatMap((d) => d.indicators.map((i) => i.code)));
        const previous = await manager.findBy(AssessmentRatingEntity, { assessmentId: last.id });
        const carried = previous.filter((r) => known.has(r.indicator));
        if (carried.length) {
          await manager.insert(
            AssessmentRatingEntity,
            carried.map((r) => ({ assessmentId: assessment.id, indicator: r.indicator, selfValue: r.mentorValue ?? r.selfValue, selfComment: null, evidenceFileIds: r.evidenceFileIds })),
          );
        }
      }
      await this.audit.record(manager, { action: 'assessment.started', entityType: 'assessment', entityId: assessment.id, changes: auditDiff(null, { organisationId, framework: `${framework.code} v${framework.version}`, copiedFromId: last?.id ?? null }) });
      return assessment;
    });
  }

  async get(auth: AuthContext, id: string) {
    const assessment = await this.dataSource.getRepository(AssessmentEntity).findOneBy({ id });
    if (!assessment) throw notFound('assessment', id);
    const standing = await this.access.standing(auth, assessment.organisationId).catch(() => {
      throw notFound('assessment', id);
    });
    const framework = await this.frameworks.byId(assessment.frameworkId);
    const ratings = await this.dataSource.getRepository(AssessmentRatingEntity).find({ where: { assessmentId: id }, order: { indicator: 'ASC' } });
    return { assessment, framework, ratings, standing, scores: domainScores(framework.document, toRatings(ratings)) };
  }

  /**
   * Rates indicators. The organisation writes its own values while the assessment is a draft; the
   * mentor writes hers until she validates (a change from the organisation's value needs a comment).
   */
  async rate(auth: AuthContext, id: string, dto: SaveRatingsDto) {
    const { assessment, framework, standing } = await this.get(auth, id);
    if (assessment.status === 'validated') throw new DomainException('conflict', 'ASSESSMENT_VALIDATED', 'A validated assessment no longer changes; start a new one');
    if (assessment.version !== dto.version) throw new DomainException('conflict', 'STALE_VERSION', 'This assessment changed since you opened it', { currentVersion: assessment.version });
    const asMentor = standing.mentor && !standing.member;
    if (!standing.member && !standing.mentor) throw forbidden('The organisation and its mentor rate an assessment');
    if (!asMentor && assessment.status !== 'draft') throw new DomainException('conflict', 'ASSESSMENT_SUBMITTED', 'This assessment is with your mentor');
    checkValues(framework.document, dto.ratings);

    return this.dataSource.transaction(async (manager) => {
      const existing = new Map((await manager.findBy(AssessmentRatingEntity, { assessmentId: id })).map((r) => [r.indicator, r]));
      for (const rating of dto.ratings) {
        const row = existing.get(rating.indicator) ?? manager.create(AssessmentRatingEntity, { assessmentId: id, indicator: rating.indicator, evidenceFileIds: [] });
        if (asMentor) {
          const changes = row.selfValue !== null && row.selfValue !== rating.value;
          if (changes && !rating.comment?.trim()) {
            throw new DomainException('unprocessable', 'COMMENT_REQUIRED', `Say why ${rating.indicator} differs from the organisation’s own rating`, { indicator: rating.indicator });
          }
          Object.assign(row, { mentorValue: rating.value, mentorComment: rating.comment?.trim() || null });
        } else {
          Object.assign(row, { selfValue: rating.value, selfComment: rating.comment?.trim() || null });
        }
        await manager.save(row);
      }
      await manager.increment(AssessmentEntity, { id }, 'version', 1);
      await this.audit.record(manager, {
        action: asMentor ? 'assessment.mentor_rated' : 'assessment.self_rated',
        entityType: 'assessment',
        entityId: id,
        changes: Object.fromEntries(dto.ratings.map((r) => [r.indicator, { to: r.value }])),
      });
      return manager.findOneByOrFail(AssessmentEntity, { id });
    });
  }

  async attachEvidence(auth: AuthContext, id: string, indicator: string, upload: { originalName: string; bytes: Buffer } | undefined) {
    const { assessment, framework, standing } = await this.get(auth, id);
    if (!standing.member && !standing.mentor) throw forbidden('The organisation and its mentor add evidence');
    if (assessment.status === 'validated') throw new DomainException('conflict', 'ASSESSMENT_VALIDATED', 'A validated assessment no longer changes');
    if (!framework.document.domains.some((d) => d.indicators.some((i) => i.code === indicator))) throw new DomainException('invalid', 'UNKNOWN_INDICATOR', `There is no indicator ${indicator}`, { indicator });
    if (!upload) throw new DomainException('invalid', 'FILE_MISSING', 'Send the evidence in the "file" field');
    return this.dataSource.transaction(async (manager) => {
      const file = await this.files.store(manager, upload, { ownerType: EVIDENCE_FILE_OWNER, ownerId: id, organisationId: assessment.organisationId }, auth.userId);
      let row = await manager.findOneBy(AssessmentRatingEntity, { assessmentId: id, indicator });
      row ??= manager.create(AssessmentRatingEntity, { assessmentId: id, indicator, evidenceFileIds: [] });
      row.evidenceFileIds = [...row.evidenceFileIds, file.id];
      await manager.save(row);
      await this.audit.record(manager, { action: 'assessment.evidence_added', entityType: 'assessment', entityId: id, changes: { [indicator]: { to: { fileId: file.id, kind: file.kind } } } });
      return { file: { id: file.id, kind: file.kind, originalName: file.originalName, sizeBytes: file.sizeBytes }, indicator };
    });
  }

  async openEvidence(auth: AuthContext, id: string, fileId: string) {
    await this.get(auth, id);
    const { file, bytes } = await this.files.open(fileId);
    if (file.ownerType !== EVIDENCE_FILE_OWNER || file.ownerId !== id) throw notFound('file', fileId);
    return { file, bytes };
  }

  /** The organisation hands its self-assessment to its mentor; every indicator must have a rating. */
  async submit(auth: AuthContext, id: string) {
    const { assessment, framework, ratings, standing } = await this.get(auth, id);
    if (!standing.member) throw forbidden('The organisation submits its own assessment');
    if (assessment.status !== 'draft') throw new DomainException('conflict', 'ASSESSMENT_SUBMITTED', 'This assessment was already submitted');
    const missing = unrated(framework.document, ratings, (r) => r.selfValue);
    if (missing.length) throw new DomainException('unprocessable', 'RATINGS_MISSING', 'Rate every indicator before sending it to your mentor', { indicators: missing });
    return this.move(assessment, 'submitted', { submittedAt: this.clock.now() });
  }

  /**
   * The mentor validates: every indicator has a value that counts, the rules give a risk level, and
   * a change of risk re-plans the organisation's active grants (only what is not yet delivered).
   */
  async validate(auth: AuthContext, id: string) {
    const { assessment, framework, ratings, standing } = await this.get(auth, id);
    if (!standing.mentor) throw forbidden('The assigned mentor validates an assessment');
    if (assessment.status === 'validated') throw new DomainException('conflict', 'ASSESSMENT_VALIDATED', 'This assessment is already validated');
    const missing = unrated(framework.document, ratings, (r) => r.mentorValue ?? r.selfValue);
    if (missing.length) throw new DomainException('unprocessable', 'RATINGS_MISSING', 'Every indicator needs a rating before validation', { indicators: missing });
    const rules = await this.rules.forCaller(auth);
    const riskLevel = riskLevelFrom(framework.document, toRatings(ratings), rules);
    const scores = domainScores(framework.document, toRatings(ratings));
    const maturity = overallMaturity(scores);
    const domainMaturity = Object.fromEntries(scores.filter((s) => s.maturity !== null).map((s) => [s.domain, s.maturity!]));
    const organisation = await this.dataSource.getRepository(OrganisationEntity).findOneByOrFail({ id: assessment.organisationId });
    const validated = await this.move(assessment, 'validated', { validatedAt: this.clock.now(), validatedByUserId: auth.userId, riskLevel, domainMaturity }, async (manager) => {
      await manager.update(OrganisationEntity, organisation.id, { riskLevel, maturity });
      if (organisation.riskLevel !== riskLevel) {
        await this.audit.record(manager, { action: 'organisation.risk_changed', entityType: 'organisation', entityId: organisation.id, changes: { riskLevel: { from: organisation.riskLevel, to: riskLevel } } });
      }
    });
    const replanned = organisation.riskLevel !== riskLevel ? await this.grants.rerateOrganisation(organisation.id, riskLevel) : [];
    return { assessment: validated, riskLevel, replannedGrants: replanned };
  }

  private async move(assessment: AssessmentEntity, status: AssessmentEntity['status'], values: Partial<AssessmentEntity>, also?: (manager: EntityManager) => Promise<void>) {
    return this.dataSource.transaction(async (manager) => {
      const moved = await manager.update(AssessmentEntity, { id: assessment.id, status: assessment.status }, { ...values, status, version: () => 'version + 1' });
      if (!moved.affected) throw new DomainException('conflict', 'CONCURRENT_CHANGE', 'Someone changed this assessment at the same time; reload it');
      await this.audit.record(manager, { action: `assessment.${status}`, entityType: 'assessment', entityId: assessment.id, changes: { status: { from: assessment.status, to: status } } });
      await also?.(manager);
      return manager.findOneByOrFail(AssessmentEntity, { id: assessment.id });
    });
  }

  /** Validated assessments over time, with scores, risk and lead-partner eligibility: the organisation's progress. */
  async history(auth: AuthContext, organisationId: string) {
    await this.access.standing(auth, organisationId);
    const assessments = await this.dataSource.getRepository(AssessmentEntity).find({ where: { organisationId }, order: { createdAt: 'ASC' } });
    const frameworks = new Map<string, CapacityFrameworkEntity>();
    const rules = await this.rules.forCaller(auth);
    const ratings = assessments.length ? await this.dataSource.getRepository(AssessmentRatingEntity).findBy({ assessmentId: In(assessments.map((a) => a.id)) }) : [];
    const entries = [];
    for (const assessment of assessments) {
      if (!frameworks.has(assessment.frameworkId)) frameworks.set(assessment.frameworkId, await this.frameworks.byId(assessment.frameworkId));
      const document = frameworks.get(assessment.frameworkId)!.document;
      const own = toRatings(ratings.filter((r) => r.assessmentId === assessment.id));
      entries.push({ ...assessment, scores: domainScores(document, own), eligibility: assessment.status === 'validated' ? leadEligibility(document, own, rules) : null });
    }
    return entries;
  }
}

function checkValues(framework: CapacityFramework, ratings: { indicator: string; value: string }[]) {
  for (const rating of ratings) {
    const domain = framework.domains.find((d) => d.indicators.some((i) => i.code === rating.indicator));
    if (!domain) throw new DomainException('unprocessable', 'UNKNOWN_INDICATOR', `There is no indicator ${rating.indicator}`, { indicator: rating.indicator });
    const scale = framework.scales.find((s) => s.code === domain.scale)!;
    if (!scale.levels.some((l) => l.value === rating.value)) {
      throw new DomainException('unprocessable', 'RATING_OUTSIDE_SCALE', `${rating.indicator} is rated on ${scale.levels.map((l) => l.value).join(', ')}; ${rating.value} is not one of them`, {
        indicator: rating.indicator,
        allowed: scale.levels.map((l) => l.value),
      });
    }
  }
}

function unrated(framework: CapacityFramework, ratings: AssessmentRatingEntity[], value: (r: AssessmentRatingEntity) => string | null): string[] {
  const byIndicator = new Map(ratings.map((r) => [r.indicator, r]));
  return framework.domains.flatMap((d) => d.indicators.map((i) => i.code)).filter((code) => {
    const row = byIndicator.get(code);
    return !row || !value(row);
  });
}

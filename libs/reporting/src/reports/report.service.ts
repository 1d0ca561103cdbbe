import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { ApplicationEntity, CallEntity, CallService, formatMoney } from '@mosaic/applications';
import { AuditService, auditDiff } from '@mosaic/audit';
import { ClusterEntity, GrantEntity } from '@mosaic/clustering';
import { Clock, DomainException, forbidden, notFound } from '@mosaic/common';
import { FilesService, StoredFileEntity } from '@mosaic/files';
import { pickLanguage } from '@mosaic/i18n';
import { AuthContext, OrganisationEntity, organisationsWhere, Role } from '@mosaic/identity';
import { ReviewReportDto, SaveReportDto } from '../dto/report.dto';
import { ConsolidatedMember, FinancialLine, ReportAnswer, ReportEntity, ReportRequirementEntity } from '../entities';
import { GrantService } from '../grants/grant.service';
import { InstalmentService } from '../instalments/instalment.service';
import { ReportingPolicyService } from '../reporting-policy.service';
import { reallocationProblems, ReportQuestion, reportShape } from './report.rules';

export const REPORT_FILE_OWNER = 'report';

const closed = (requirement: ReportRequirementEntity) => requirement.status === 'accepted' || requirement.status === 'cancelled';

/**
 * Reports against requirements: the grantee drafts and submits; the reviewer (the lead partner for
 * a cluster member, the officer otherwise) accepts or returns with a comment. A lead's consolidated
 * report starts from its members' accepted reports.
 */
@Injectable()
export class ReportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly grants: GrantService,
    private readonly calls: CallService,
    private readonly policies: ReportingPolicyService,
    private readonly instalments: InstalmentService,
    private readonly files: FilesService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** The requirement, if the caller may see its grant. */
  async requirement(auth: AuthContext, id: string) {
    const requirement = await this.dataSource.getRepository(ReportRequirementEntity).findOneBy({ id });
    if (!requirement) throw notFound('requirement', id);
    const grant = await this.grants.get(auth, requirement.grantId).catch(() => {
      throw notFound('requirement', id);
    });
    return { requirement, grant };
  }

  isWriter(auth: AuthContext, grant: GrantEntity): boolean {
    return organisationsWhere(auth, Role.Applicant, Role.LeadPartner).includes(grant.organisationId);
  }

  async isReviewer(auth: AuthContext, requirement: ReportRequirementEntity, grant: GrantEntity): Promise<boolean> {
    if (requirement.reviewer === 'lead') {
      const cluster = grant.clusterId ? await this.dataSource.getRepository(ClusterEntity).findOneBy({ id: grant.clusterId }) : null;
      return !!cluster && organisationsWhere(auth, Role.LeadPartner).includes(cluster.leadOrganisationId);
    }
    const call = await this.dataSource.getRepository(CallEntity).findOneByOrFail({ id: grant.callId });
    return this.calls.manages(auth, call);
  }

  /** The form and the report as it stands (null before the first save), with what the reader may do. */
  async open(auth: AuthContext, requirementId: string) {
    const { requirement, grant } = await this.requirement(auth, requirementId);
    const report = await this.dataSource.getRepository(ReportEntity).findOneBy({ requirementId });
    const organisation = await this.dataSource.getRepository(OrganisationEntity).findOneByOrFail({ id: grant.organisationId });
    const shape = reportShape(requirement.kind, requirement.profile);
    const budget = await this.budgetLines(grant);
    return {
      requirement,
      grant,
      organisation: { id: organisation.id, name: organisation.name, languages: organisation.languages },
      report,
      form: {
        questions: shape.questions,
        financial: shape.financial,
        peopleReached: shape.peopleReached,
        written: shape.written,
        // A T0 grant may answer by voice note, for groups more at ease speaking than writing.
        voiceAllowed: grant.tier === 'T0' && shape.questions.length > 0,
        budgetLines: shape.financial ? budget : [],
        consolidatedMembers: requirement.kind === 'consolidated' ? (report?.consolidatedMembers ?? (await this.membersSummary(grant))) : null,
      },
      canWrite: this.isWriter(auth, grant) && shape.written && !closed(requirement) && requirement.status !== 'submitted',
      canReview: await this.isReviewer(auth, requirement, grant),
    };
  }

  /** The budget the spend is reported against: the application's lines, or for a lead agreement, members and fee. */
  private async budgetLines(grant: GrantEntity): Promise<{ category: string; budgetMinor: number }[]> {
    if (grant.applicationId) {
      const application = await this.dataSource.getRepository(ApplicationEntity).findOneByOrFail({ id: grant.applicationId });
      return application.budgetLines.map((line) => ({ category: line.category, budgetMinor: line.amountMinor }));
    }
    const cluster = grant.clusterId ? await this.dataSource.getRepository(ClusterEntity).findOneBy({ id: grant.clusterId }) : null;
    if (!cluster) return [];
    return [
      { category: 'sub_grants', budgetMinor: cluster.totalMinor - cluster.feeMinor },
      { category: 'lead_fee', budgetMinor: cluster.feeMinor },
    ];
  }

  /** The members of a lead's cluster, with what their accepted reports say (the consolidated report's start). */
  private async membersSummary(grant: GrantEntity): Promise<ConsolidatedMember[]> {
    if (!grant.clusterId) return [];
    const members = await this.dataSource.getRepository(GrantEntity).findBy({ clusterId: grant.clusterId, kind: 'sub_grant' });
    if (!members.length) return [];
    const names = new Map((await this.dataSource.getRepository(OrganisationEntity).findBy({ id: In(members.map((m) => m.organisationId)) })).map((o) => [o.id, o.name]));
    const reports = await this.dataSource.getRepository(ReportEntity).find({ where: { grantId: In(members.map((m) => m.id)) }, order: { submittedAt: 'DESC' } });
    return members.map((member) => {
      const own = reports.filter((r) => r.grantId === member.id);
      const accepted = own.filter((r) => r.status === 'accepted');
      return {
        organisationId: member.organisationId,
        name: names.get(member.organisationId) ?? '',
        amountMinor: member.amountMinor,
        spentMinor: accepted.find((r) => r.totalSpentMinor !== null)?.totalSpentMinor ?? null,
        peopleReached: accepted.find((r) => r.peopleReached !== null)?.peopleReached ?? null,
        reportStatus: member.status === 'closed' ? 'withdrawn' : (own[0]?.status ?? 'not_started'),
      };
    });
  }

  private writable(auth: AuthContext, requirement: ReportRequirementEntity, grant: GrantEntity) {
    if (!this.isWriter(auth, grant)) throw forbidden('Only the grantee writes this report');
    if (!reportShape(requirement.kind, requirement.profile).written) throw new DomainException('conflict', 'NOT_A_WRITTEN_REPORT', 'Calls, visits and audits are recorded by the reviewer');
    if (closed(requirement)) throw new DomainException('conflict', 'REPORT_CLOSED', `This report is ${requirement.status}: it can no longer change`, { status: requirement.status });
    if (requirement.status === 'submitted') throw new DomainException('conflict', 'REPORT_SUBMITTED', 'This report is with its reviewer; it can change again if returned');
  }

  /** Saves the draft; only the fields sent change. A stale version changes nothing (409). */
  async save(auth: AuthContext, requirementId: string, dto: SaveReportDto): Promise<ReportEntity> {
    const { requirement, grant } = await this.requirement(auth, requirementId);
    this.writable(auth, requirement, grant);
    const shape = reportShape(requirement.kind, requirement.profile);
    const unknown = (dto.answers ?? []).filter((a) => !shape.questions.includes(a.question)).map((a) => a.question);
    if (unknown.length) throw new DomainException('invalid', 'UNKNOWN_QUESTION', 'This report does not ask these questions', { questions: unknown });
    const budget = await this.budgetLines(grant);
    const strangers = (dto.financialLines ?? []).filter((l) => !budget.some((b) => b.category === l.category)).map((l) => l.category);
    if (strangers.length) throw new DomainException('invalid', 'UNKNOWN_BUDGET_LINE', 'These lines are not in the grant’s budget', { lines: strangers });

    return this.dataSource.transaction(async (manager) => {
      const existing = await manager.findOne(ReportEntity, { where: { requirementId }, lock: { mode: 'pessimistic_write' } });
      if (existing && dto.version !== undefined && existing.version !== dto.version) throw staleReport(existing.version);
      if (existing && dto.version === undefined) throw new DomainException('conflict', 'VERSION_REQUIRED', 'Send the version you read', { currentVersion: existing.version });
      const language = dto.language ?? existing?.language ?? pickLanguage([auth.language]);
      const answers: Record<string, ReportAnswer> = { ...(existing?.answers ?? {}) };
      for (const answer of dto.answers ?? []) answers[answer.question] = { ...answers[answer.question], value: answer.value, language: answer.language ?? language };
      const financialLines: FinancialLine[] = dto.financialLines
        ? budget.map((b) => ({ ...b, spentMinor: dto.financialLines!.find((l) => l.category === b.category)?.spentMinor ?? 0 }))
        : (existing?.financialLines ?? []);
      const values = {
        language,
        answers,
        financialLines,
        totalSpentMinor: financialLines.length ? financialLines.reduce((sum, l) => sum + l.spentMinor, 0) : (existing?.totalSpentMinor ?? null),
        peopleReached: dto.peopleReached ?? existing?.peopleReached ?? null,
      };
      const saved = existing
        ? await manager.save(Object.assign(existing, values, { status: existing.status === 'returned' ? 'returned' : 'draft' }))
        : await manager.save(
            manager.create(ReportEntity, {
              ...values,
              requirementId,
              grantId: grant.id,
              createdByUserId: auth.userId,
              consolidatedMembers: requirement.kind === 'consolidated' ? await this.membersSummary(grant) : null,
            }),
          );
      await this.audit.record(manager, { action: existing ? 'report.saved' : 'report.started', entityType: 'report', entityId: saved.id, changes: auditDiff(null, { requirementId, fields: Object.keys(dto).filter((k) => k !== 'version') }) });
      return saved;
    });
  }

  /** A voice note as the answer to one question (T0 grants). Over the size limit: 413, nothing changes. */
  async attachVoiceNote(auth: AuthContext, requirementId: string, question: ReportQuestion, upload: { originalName: string; bytes: Buffer } | undefined) {
    const { requirement, grant } = await this.requirement(auth, requirementId);
    this.writable(auth, requirement, grant);
    if (grant.tier !== 'T0' || !reportShape(requirement.kind, requirement.profile).questions.includes(question)) {
      throw new DomainException('invalid', 'VOICE_NOT_ALLOWED', 'Voice notes answer narrative questions of the smallest grants (T0)');
    }
    if (!upload) throw new DomainException('invalid', 'FILE_MISSING', 'Send the voice note in the "file" field');
    return this.dataSource.transaction(async (manager) => {
      let report = await manager.findOne(ReportEntity, { where: { requirementId }, lock: { mode: 'pessimistic_write' } });
      report ??= await manager.save(manager.create(ReportEntity, { requirementId, grantId: grant.id, createdByUserId: auth.userId, language: pickLanguage([auth.language]) }));
      const file = await this.files.store(manager, upload, { ownerType: REPORT_FILE_OWNER, ownerId: report.id, organisationId: grant.organisationId }, auth.userId);
      if (!['m4a', 'ogg', 'mp3'].includes(file.kind)) throw new DomainException('unsupported', 'NOT_A_VOICE_NOTE', 'Send a voice recording (m4a, ogg or mp3)');
      report.answers = { ...report.answers, [question]: { ...report.answers[question], fileId: file.id, language: report.answers[question]?.language ?? report.language } };
      const saved = await manager.save(report);
      await this.audit.record(manager, { action: 'report.voice_note_attached', entityType: 'report', entityId: report.id, changes: { [`answers.${question}`]: { to: { fileId: file.id, sizeBytes: file.sizeBytes } } } });
      return saved;
    });
  }

  async openFile(auth: AuthContext, requirementId: string, fileId: string): Promise<{ file: StoredFileEntity; bytes: Buffer }> {
    await this.requirement(auth, requirementId);
    const report = await this.dataSource.getRepository(ReportEntity).findOneBy({ requirementId });
    const { file, bytes } = await this.files.open(fileId);
    if (!report || file.ownerType !== REPORT_FILE_OWNER || file.ownerId !== report.id) throw notFound('file', fileId);
    return { file, bytes };
  }

  /** Checks the report is complete and the spend within the reallocation tolerance, then sends it to its reviewer. */
  async submit(auth: AuthContext, requirementId: string): Promise<ReportEntity> {
    const { requirement, grant } = await this.requirement(auth, requirementId);
    this.writable(auth, requirement, grant);
    const report = await this.dataSource.getRepository(ReportEntity).findOneBy({ requirementId });
    if (!report) throw new DomainException('unprocessable', 'REPORT_EMPTY', 'Write the report before sending it');
    const shape = reportShape(requirement.kind, requirement.profile);
    const missing = shape.questions.filter((q) => !report.answers[q]?.value?.trim() && !report.answers[q]?.fileId);
    if (missing.length) throw new DomainException('unprocessable', 'ANSWERS_MISSING', 'Some questions have no answer yet', { questions: missing });
    if (shape.financial) {
      const policy = await this.policies.byId(grant.policyId!);
      const problems = reallocationProblems(report.financialLines, policy.document.reallocationTolerancePercent, (minor) => formatMoney(minor, grant.currency, 'en'));
      if (!report.financialLines.length) throw new DomainException('unprocessable', 'SPEND_MISSING', 'Give what was spent on each budget line');
      if (problems.length) throw new DomainException('unprocessable', 'REALLOCATION_OVER_TOLERANCE', problems[0].message, { lines: problems });
    }
    return this.dataSource.transaction(async (manager) => {
      const moved = await manager.update(ReportRequirementEntity, { id: requirementId, status: In(['pending', 'returned']) }, { status: 'submitted' });
      if (!moved.affected) throw new DomainException('conflict', 'REPORT_SUBMITTED', 'This report was sent at the same time');
      await manager.update(ReportEntity, report.id, { status: 'submitted', submittedAt: this.clock.now(), version: () => 'version + 1' });
      await this.audit.record(manager, { action: 'report.submitted', entityType: 'report', entityId: report.id, changes: { status: { from: report.status, to: 'submitted' } } });
      return manager.findOneByOrFail(ReportEntity, { id: report.id });
    });
  }

  /**
   * The reviewer accepts or returns a report (a comment is required to return one). Calls, visits
   * and audits have no written report: accepting records that they took place. Accepting can make
   * the next instalment requestable.
   */
  async review(auth: AuthContext, requirementId: string, dto: ReviewReportDto) {
    const { requirement, grant } = await this.requirement(auth, requirementId);
    if (!(await this.isReviewer(auth, requirement, grant))) throw forbidden(requirement.reviewer === 'lead' ? 'The cluster’s lead partner reviews this report' : 'The funder’s officers review this report');
    const comment = dto.comment?.trim() || null;
    if (dto.decision === 'return' && !comment) throw new DomainException('invalid', 'COMMENT_REQUIRED', 'Say what to change when returning a report');
    const written = reportShape(requirement.kind, requirement.profile).written;
    if (closed(requirement)) throw new DomainException('conflict', 'REPORT_CLOSED', `This report is already ${requirement.status}`, { status: requirement.status });
    if (written && requirement.status !== 'submitted') throw new DomainException('conflict', 'REPORT_NOT_SUBMITTED', 'This report has not been sent yet');
    if (!written && dto.decision === 'return') throw new DomainException('invalid', 'NOTHING_TO_RETURN', 'A call, visit or audit is recorded as done, not returned');
    const status = dto.decision === 'accept' ? 'accepted' : 'returned';

    return this.dataSource.transaction(async (manager) => {
      const moved = await manager.update(ReportRequirementEntity, { id: requirementId, status: requirement.status }, { status });
      if (!moved.affected) throw new DomainException('conflict', 'CONCURRENT_REVIEW', 'Someone reviewed this at the same time; reload it');
      const report = await manager.findOneBy(ReportEntity, { requirementId });
      if (report) {
        await manager.update(ReportEntity, report.id, { status, reviewedAt: this.clock.now(), reviewedByUserId: auth.userId, reviewComment: comment, version: () => 'version + 1' });
      }
      await this.audit.record(manager, {
        action: `report.${status}`,
        entityType: 'report_requirement',
        entityId: requirementId,
        changes: { status: { from: requirement.status, to: status }, ...(comment ? { comment: { to: comment } } : {}) },
      });
      if (status === 'accepted') await this.instalments.refresh(manager, grant.id);
      return { requirement: await manager.findOneByOrFail(ReportRequirementEntity, { id: requirementId }), report: report ? await manager.findOneByOrFail(ReportEntity, { id: report.id }) : null };
    });
  }

  /** Everything due across the caller's grants, for the pages: open requirements with their grant and organisation. */
  async dueFor(grantIds: string[], manager: EntityManager = this.dataSource.manager) {
    if (!grantIds.length) return [];
    return manager.find(ReportRequirementEntity, { where: { grantId: In(grantIds), status: In(['pending', 'returned', 'submitted']) }, order: { dueDate: 'ASC' } });
  }
}

const staleReport = (currentVersion: number) => new DomainException('conflict', 'STALE_VERSION', 'This report changed since you opened it', { currentVersion });

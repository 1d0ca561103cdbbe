import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, Not } from 'typeorm';
import { AuditService, auditDiff } from '@mosaic/audit';
import { Clock, DomainException, forbidden, notFound } from '@mosaic/common';
import { AppConfig } from '@mosaic/config';
import { pickLanguage } from '@mosaic/i18n';
import {
  AuthContext,
  hasAnyRole,
  isAdmin,
  MembershipEntity,
  OrganisationEntity,
  OrganisationKind,
  organisationsWhere,
  Role,
  UserEntity,
} from '@mosaic/identity';
import { FilesService, StoredFileEntity } from '@mosaic/files';
import { MailOutbox } from '@mosaic/mail';
import { answerProblem, canMoveTo, Problem, QuestionTerms, submissionProblems, tierFor } from './application.rules';
import { CallService } from './call.service';
import { DecideApplicationDto, ListApplicationsQuery, StartApplicationDto, UpdateApplicationDto } from './dto/application.dto';
import { ApplicationEntity, ApplicationEventEntity, CallEntity, QuestionEntity, ReviewAssignmentEntity } from './entities';
import { formatMoney } from './money.rules';
import { Answer, ApplicationStatus, CallStatus, QuestionType } from './vocabulary';

export const APPLICATION_FILE_OWNER = 'application';

/** Roles that apply on behalf of an organisation. */
const APPLYING_ROLES = [Role.Applicant, Role.LeadPartner];

export interface FormQuestion extends QuestionTerms {
  question: QuestionEntity;
}

const problemsException = (problems: Problem[], code = 'APPLICATION_INCOMPLETE', message = 'The application is not ready to submit') =>
  new DomainException('unprocessable', code, message, { problems });

/** Runs inside the withdrawal's transaction, so what it changes commits or rolls back with it. */
export type WithdrawalListener = (manager: EntityManager, application: ApplicationEntity, auth: AuthContext) => Promise<void>;

@Injectable()
export class ApplicationService {
  private readonly withdrawalListeners: WithdrawalListener[] = [];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly calls: CallService,
    private readonly audit: AuditService,
    private readonly outbox: MailOutbox,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly files: FilesService,
  ) {}

  /**
   * Starts a draft (or returns the live one: one application per organisation and call). A first-time
   * applicant gives her organisation's profile in the first answers and becomes its applicant.
   */
  async start(auth: AuthContext, callId: string, dto: StartApplicationDto): Promise<ApplicationEntity> {
    if (!hasAnyRole(auth, APPLYING_ROLES) && hasAnyRole(auth, [Role.Officer, Role.Reviewer, Role.Mentor, Role.Board, Role.Admin])) {
      throw forbidden('Funders’ staff, reviewers and mentors cannot apply');
    }
    const call = await this.calls.get(auth, callId);
    if (call.status !== CallStatus.Published) throw new DomainException('conflict', 'CALL_NOT_OPEN', 'This call is not open');
    const now = this.clock.now();
    if (now >= call.closesAt) throw new DomainException('conflict', 'CALL_CLOSED', 'This call has closed');
    if (now < call.opensAt) throw new DomainException('conflict', 'CALL_NOT_OPEN', 'This call is not open yet');

    return this.dataSource.transaction(async (manager) => {
      const organisationId = await this.applyingOrganisation(manager, auth, dto);
      const live = await manager.findOne(ApplicationEntity, {
        where: { callId, organisationId, status: Not(ApplicationStatus.Withdrawn) },
      });
      if (live) return live;
      const organisation = await manager.findOneByOrFail(OrganisationEntity, { id: organisationId });
      const application = await manager.save(
        manager.create(ApplicationEntity, {
          callId,
          organisationId,
          createdByUserId: auth.userId,
          currency: call.currency,
          language: pickLanguage([dto.language, auth.language, ...organisation.languages]),
        }),
      );
      await this.recordEvent(manager, application, null, ApplicationStatus.Draft, auth.userId);
      await this.audit.record(manager, {
        action: 'application.created',
        entityType: 'application',
        entityId: application.id,
        changes: auditDiff(null, { callId, organisationId, status: application.status }),
      });
      return application;
    });
  }

  private async applyingOrganisation(manager: EntityManager, auth: AuthContext, dto: StartApplicationDto): Promise<string> {
    const mine = organisationsWhere(auth, ...APPLYING_ROLES);
    if (dto.organisationId) {
      if (!mine.includes(dto.organisationId)) throw forbidden('You can only apply for an organisation you belong to as applicant or lead partner');
      return dto.organisationId;
    }
    if (!dto.organisation) {
      if (mine.length === 1) return mine[0];
      throw new DomainException('invalid', 'ORGANISATION_REQUIRED', mine.length ? 'Say which organisation applies (organisationId)' : 'Tell us about your organisation (organisation)');
    }
    // Her organisation's profile, created from the first answers and reused by the next application.
    const profile = dto.organisation;
    const language = pickLanguage([dto.language, auth.language]);
    const organisation = await manager.save(
      manager.create(OrganisationEntity, {
        name: profile.name,
        kind: OrganisationKind.Grassroots,
        country: profile.country,
        city: profile.city ?? null,
        registered: profile.registered,
        languages: [language],
        timeZone: 'UTC',
        themes: [],
      }),
    );
    await this.audit.record(manager, {
      action: 'organisation.created',
      entityType: 'organisation',
      entityId: organisation.id,
      changes: auditDiff(null, { name: organisation.name, country: organisation.country, registered: organisation.registered }),
    });
    const membership = await manager.save(manager.create(MembershipEntity, { userId: auth.userId, organisationId: organisation.id, role: Role.Applicant }));
    await this.audit.record(manager, {
      action: 'membership.created',
      entityType: 'membership',
      entityId: membership.id,
      changes: auditDiff(null, { userId: auth.userId, organisationId: organisation.id, role: Role.Applicant }),
    });
    auth.memberships.push({ organisationId: organisation.id, role: Role.Applicant });
    return organisation.id;
  }

  async list(auth: AuthContext, query: ListApplicationsQuery): Promise<ApplicationEntity[]> {
    const repository = this.dataSource.getRepository(ApplicationEntity).createQueryBuilder('application');
    if (!isAdmin(auth)) {
      const own = organisationsWhere(auth, ...APPLYING_ROLES);
      const funders = organisationsWhere(auth, Role.Officer);
      repository.andWhere(
        `(application.organisation_id = ANY(:own) OR (application.status <> 'draft' AND application.call_id IN (SELECT id FROM calls WHERE funder_id = ANY(:funders))))`,
        { own, funders },
      );
    }
    if (query.callId) repository.andWhere('application.call_id = :callId', { callId: query.callId });
    if (query.status) repository.andWhere('application.status = :status', { status: query.status });
    return repository.orderBy('application.updated_at', 'DESC').take(query.limit ?? 50).getMany();
  }

  /** The applicant's organisation sees everything; the funder's officers see it once submitted. */
  async get(auth: AuthContext, id: string): Promise<ApplicationEntity> {
    const application = await this.dataSource.getRepository(ApplicationEntity).findOneBy({ id });
    if (!application) throw notFound('application', id);
    if (this.isApplicant(auth, application)) return application;
    if (application.status !== ApplicationStatus.Draft || isAdmin(auth)) {
      const call = await this.dataSource.getRepository(CallEntity).findOneByOrFail({ id: application.callId });
      if (this.calls.manages(auth, call)) return application;
    }
    throw notFound('application', id);
  }

  isApplicant(auth: AuthContext, application: Pick<ApplicationEntity, 'organisationId'>): boolean {
    return organisationsWhere(auth, ...APPLYING_ROLES).includes(application.organisationId);
  }

  async history(auth: AuthContext, id: string): Promise<ApplicationEventEntity[]> {
    await this.get(auth, id);
    return this.dataSource.getRepository(ApplicationEventEntity).find({ where: { applicationId: id }, order: { id: 'ASC' } });
  }

  /** The questions of the application's tier (T-lowest until an amount places it), in order. */
  async form(application: ApplicationEntity): Promise<{ call: CallEntity; tier: string; questions: FormQuestion[] }> {
    const call = await this.dataSource.getRepository(CallEntity).findOneByOrFail({ id: application.callId });
    const tier = application.tier ?? call.tiers[0].code;
    const refs = call.questionSets[tier] ?? [];
    const bank = await this.dataSource.getRepository(QuestionEntity).findBy({ key: In(refs.map((r) => r.questionKey)) });
    const questions = refs
      .map((ref) => ({ ref, question: bank.find((q) => q.key === ref.questionKey) }))
      .filter((entry): entry is { ref: typeof entry.ref; question: QuestionEntity } => !!entry.question)
      .map(({ ref, question }) => ({
        question,
        key: question.key,
        type: question.type,
        required: ref.required,
        wordLimit: question.wordLimit,
        optionValues: question.options.map((o) => o.value),
      }));
    return { call, tier, questions };
  }

  /** Saves part of a draft. The caller names the version she read: a stale write answers 409 and changes nothing. */
  async update(auth: AuthContext, id: string, dto: UpdateApplicationDto): Promise<ApplicationEntity> {
    const application = await this.get(auth, id);
    if (!this.isApplicant(auth, application)) throw forbidden('Only the applying organisation can edit its application');
    if (application.status !== ApplicationStatus.Draft) {
      throw new DomainException('conflict', 'APPLICATION_NOT_EDITABLE', 'A submitted application can no longer be changed', { status: application.status });
    }
    if (application.version !== dto.version) throw staleApplication(application.version);

    const { call, questions } = await this.form(application);
    const next = { ...application };
    if (dto.requestedAmountMinor !== undefined) {
      next.requestedAmountMinor = dto.requestedAmountMinor;
      next.tier = tierFor(dto.requestedAmountMinor, application.currency, call)?.code ?? null;
    }
    if (dto.budgetLines !== undefined) next.budgetLines = dto.budgetLines.map((line) => ({ ...line }));
    if (dto.language !== undefined) next.language = dto.language;
    if (dto.answers !== undefined) next.answers = this.mergeAnswers(application.answers, dto.answers, questions, next.language);

    return this.dataSource.transaction(async (manager) => {
      // The version check and the write happen in one statement: two tabs cannot both win.
      const result = await manager
        .createQueryBuilder()
        .update(ApplicationEntity)
        .set({
          requestedAmountMinor: next.requestedAmountMinor,
          tier: next.tier,
          budgetLines: next.budgetLines,
          answers: next.answers,
          language: next.language,
          version: () => 'version + 1',
        })
        .where('id = :id AND version = :version AND status = :draft', { id, version: dto.version, draft: ApplicationStatus.Draft })
        .execute();
      if (!result.affected) throw staleApplication(application.version + 1);
      const changes = auditDiff(
        { requestedAmountMinor: application.requestedAmountMinor, tier: application.tier, budgetLines: application.budgetLines, answers: Object.keys(application.answers) },
        { requestedAmountMinor: next.requestedAmountMinor, tier: next.tier, budgetLines: next.budgetLines, answers: Object.keys(next.answers) },
      );
      const answered = Object.keys(dto.answers ?? {});
      await this.audit.record(manager, {
        action: 'application.updated',
        entityType: 'application',
        entityId: id,
        changes: answered.length ? { ...changes, answersChanged: { to: answered } } : changes,
      });
      return manager.findOneByOrFail(ApplicationEntity, { id });
    });
  }

  private mergeAnswers(current: Record<string, Answer>, incoming: Record<string, unknown>, questions: FormQuestion[], language: string) {
    const merged: Record<string, Answer> = { ...current };
    const problems: Problem[] = [];
    const allowed = new Set(questions.map((q) => q.key));
    for (const [key, raw] of Object.entries(incoming)) {
      const field = `answers.${key}`;
      if (!allowed.has(key)) {
        problems.push({ field, code: 'UNKNOWN_QUESTION' });
        continue;
      }
      const entry = raw as { value?: unknown; language?: unknown } | null;
      const extra = entry && typeof entry === 'object' ? Object.keys(entry).filter((k) => k !== 'value' && k !== 'language') : [];
      if (!entry || typeof entry !== 'object' || !('value' in entry) || extra.length) {
        problems.push({ field, code: 'ANSWER_SHAPE', params: { expected: '{ value, language? }' } });
        continue;
      }
      if (entry.language !== undefined && (typeof entry.language !== 'string' || !/^[a-z]{2,3}$/.test(entry.language))) {
        problems.push({ field: `${field}.language`, code: 'ANSWER_LANGUAGE_INVALID' });
        continue;
      }
      if (entry.value === null || entry.value === '') {
        delete merged[key];
        continue;
      }
      const answer: Answer = { value: entry.value as Answer['value'], language: (entry.language as string | undefined) ?? language };
      const problem = answerProblem(questions.find((q) => q.key === key)!, answer);
      if (problem) problems.push(problem);
      else merged[key] = answer;
    }
    if (problems.length) throw new DomainException('invalid', 'ANSWERS_INVALID', 'Some answers cannot be saved', { problems });
    return merged;
  }

  /** What still stops a submission (an empty list when none), for the applicant's checklist. */
  async problems(application: ApplicationEntity): Promise<Problem[]> {
    const { call, questions } = await this.form(application);
    const organisation = await this.dataSource.getRepository(OrganisationEntity).findOneByOrFail({ id: application.organisationId });
    return submissionProblems(call, questions, organisation, application, this.clock.now());
  }

  /** Idempotent: submitting a submitted application answers it unchanged. */
  async submit(auth: AuthContext, id: string): Promise<ApplicationEntity> {
    const application = await this.get(auth, id);
    if (!this.isApplicant(auth, application)) throw forbidden('Only the applying organisation can submit');
    if (application.status !== ApplicationStatus.Draft) {
      if (application.status === ApplicationStatus.Withdrawn) throw new DomainException('conflict', 'APPLICATION_WITHDRAWN', 'This application was withdrawn');
      return application;
    }
    const problems = await this.problems(application);
    if (problems.length) throw problemsException(problems);
    const { call } = await this.form(application);
    const emailIds: (string | null)[] = [];
    const saved = await this.dataSource.transaction(async (manager) => {
      const moved = await this.move(manager, application, ApplicationStatus.Submitted, auth.userId, { submittedAt: this.clock.now() });
      if (!moved) return manager.findOneByOrFail(ApplicationEntity, { id });
      const applicant = await manager.findOneByOrFail(UserEntity, { id: application.createdByUserId });
      emailIds.push(
        await this.outbox.add(manager, {
          to: applicant.email,
          template: 'application-submitted',
          language: application.language,
          dedupeKey: `application-submitted-${id}`,
          data: {
            callTitle: call.title[application.language] ?? call.title.en,
            amount: formatMoney(application.requestedAmountMinor ?? 0, application.currency, application.language),
            link: `${this.config.publicUrl}/applications/${id}`,
          },
        }),
      );
      return manager.findOneByOrFail(ApplicationEntity, { id });
    });
    await this.outbox.dispatch(emailIds);
    return saved;
  }

  async withdraw(auth: AuthContext, id: string): Promise<ApplicationEntity> {
    const application = await this.get(auth, id);
    if (!this.isApplicant(auth, application)) throw forbidden('Only the applying organisation can withdraw');
    if (application.status === ApplicationStatus.Withdrawn) return application;
    if (!canMoveTo(application.status, ApplicationStatus.Withdrawn)) {
      throw new DomainException('conflict', 'APPLICATION_DECIDED', 'A declined application cannot be withdrawn', { status: application.status });
    }
    return this.dataSource.transaction(async (manager) => {
      await this.move(manager, application, ApplicationStatus.Withdrawn, auth.userId);
      for (const listener of this.withdrawalListeners) await listener(manager, application, auth);
      return manager.findOneByOrFail(ApplicationEntity, { id });
    });
  }

  /** Lets a module that depends on applications (clustering) act on a withdrawal without a cycle. */
  onWithdrawal(listener: WithdrawalListener): void {
    this.withdrawalListeners.push(listener);
  }

  async decide(auth: AuthContext, id: string, dto: DecideApplicationDto): Promise<ApplicationEntity> {
    const application = await this.get(auth, id);
    const call = await this.dataSource.getRepository(CallEntity).findOneByOrFail({ id: application.callId });
    if (!this.calls.manages(auth, call)) throw forbidden('Only the funder’s officers decide');
    const to = dto.decision === 'approve' ? ApplicationStatus.Approved : ApplicationStatus.Declined;
    if (application.status === to) return application;
    if (![ApplicationStatus.Submitted, ApplicationStatus.InReview].includes(application.status)) {
      throw new DomainException('conflict', 'APPLICATION_NOT_DECIDABLE', `An application that is ${application.status} cannot be decided`, { status: application.status });
    }
    const emailIds: (string | null)[] = [];
    const saved = await this.dataSource.transaction(async (manager) => {
      const moved = await this.move(manager, application, to, auth.userId, { decidedAt: this.clock.now(), decisionFeedback: dto.feedback });
      if (!moved) throw new DomainException('conflict', 'CONCURRENT_DECISION', 'Someone else changed this application at the same time; reload it');
      const applicant = await manager.findOneByOrFail(UserEntity, { id: application.createdByUserId });
      emailIds.push(
        await this.outbox.add(manager, {
          to: applicant.email,
          template: to === ApplicationStatus.Approved ? 'application-approved' : 'application-declined',
          language: application.language,
          dedupeKey: `application-decided-${id}`,
          data: { callTitle: call.title[application.language] ?? call.title.en, feedback: dto.feedback, link: `${this.config.publicUrl}/applications/${id}` },
        }),
      );
      return manager.findOneByOrFail(ApplicationEntity, { id });
    });
    await this.outbox.dispatch(emailIds);
    return saved;
  }

  /**
   * Stores an attachment or voice note as the answer to a file question of a draft. The bytes are
   * sniffed (413/415 refuse before anything is saved); the answer then names the stored file.
   */
  async attachFile(auth: AuthContext, id: string, questionKey: string, upload: { originalName: string; bytes: Buffer } | undefined, language?: string) {
    const application = await this.get(auth, id);
    if (!this.isApplicant(auth, application)) throw forbidden('Only the applying organisation can add files');
    if (application.status !== ApplicationStatus.Draft) {
      throw new DomainException('conflict', 'APPLICATION_NOT_EDITABLE', 'A submitted application can no longer be changed', { status: application.status });
    }
    const { questions } = await this.form(application);
    const question = questions.find((q) => q.key === questionKey);
    if (!question || (question.type !== QuestionType.File && question.type !== QuestionType.VoiceNote)) {
      throw new DomainException('invalid', 'NOT_A_FILE_QUESTION', 'This question does not take a file', { questionKey });
    }
    if (!upload) throw new DomainException('invalid', 'FILE_MISSING', 'Send the file in the "file" field');
    return this.dataSource.transaction(async (manager) => {
      const file = await this.files.store(manager, upload, { ownerType: APPLICATION_FILE_OWNER, ownerId: id, organisationId: application.organisationId }, auth.userId);
      const answers = { ...application.answers, [questionKey]: { value: file.id, language: language ?? application.language } };
      await manager.update(ApplicationEntity, id, { answers, version: () => 'version + 1' });
      await this.audit.record(manager, {
        action: 'application.file_attached',
        entityType: 'application',
        entityId: id,
        changes: { [`answers.${questionKey}`]: { to: { fileId: file.id, kind: file.kind, sizeBytes: file.sizeBytes } } },
      });
      return { file: fileView(file), application: await manager.findOneByOrFail(ApplicationEntity, { id }) };
    });
  }

  /** A file of an application, for whoever may read the application (reviewers once they declared no conflict). */
  async openFile(auth: AuthContext, id: string, fileId: string): Promise<{ file: StoredFileEntity; bytes: Buffer }> {
    const readable = await this.get(auth, id).catch(async (error: unknown) => {
      const cleared = await this.dataSource.getRepository(ReviewAssignmentEntity).existsBy({ applicationId: id, reviewerUserId: auth.userId, hasConflict: false });
      if (!cleared) throw error;
      return this.dataSource.getRepository(ApplicationEntity).findOneByOrFail({ id });
    });
    const opened = await this.files.open(fileId);
    if (opened.file.ownerType !== APPLICATION_FILE_OWNER || opened.file.ownerId !== readable.id) throw notFound('file', fileId);
    return opened;
  }

  /** Conditional status change: returns false when another request moved it first. */
  async move(
    manager: EntityManager,
    application: ApplicationEntity,
    to: ApplicationStatus,
    actorUserId: string,
    extra: Partial<ApplicationEntity> = {},
  ): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(ApplicationEntity)
      .set({ ...extra, status: to, version: () => 'version + 1' })
      .where('id = :id AND status = :from', { id: application.id, from: application.status })
      .execute();
    if (!result.affected) return false;
    await this.recordEvent(manager, application, application.status, to, actorUserId);
    await this.audit.record(manager, {
      action: `application.${to}`,
      entityType: 'application',
      entityId: application.id,
      changes: auditDiff({ status: application.status }, { status: to, ...(extra.decisionFeedback ? { decisionFeedback: extra.decisionFeedback } : {}) }),
    });
    return true;
  }

  private async recordEvent(manager: EntityManager, application: ApplicationEntity, from: ApplicationStatus | null, to: ApplicationStatus, actorUserId: string) {
    await manager.insert(ApplicationEventEntity, { applicationId: application.id, fromStatus: from, toStatus: to, actorUserId });
  }
}

export function fileView(file: StoredFileEntity) {
  return { id: file.id, originalName: file.originalName, kind: file.kind, mime: file.mime, sizeBytes: file.sizeBytes, createdAt: file.createdAt };
}

function staleApplication(current: number) {
  return new DomainException('conflict', 'STALE_VERSION', 'This application was saved elsewhere since you loaded it; reload to see the latest answers', {
    currentVersion: current,
  });
}


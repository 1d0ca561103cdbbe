import { Body, Controller, Get, Param, Post, Query, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { Request, Response } from 'express';
import { DataSource, In } from 'typeorm';
import { CallEntity, formatMoney, parseMoney } from '@mosaic/applications';
import { ClusterEntity, GrantEntity } from '@mosaic/clustering';
import { Clock, DomainException } from '@mosaic/common';
import { AuthContext, OrganisationEntity, organisationsWhere, Role } from '@mosaic/identity';
import {
  CORE_QUESTIONS,
  GrantService,
  InstalmentEntity,
  InstalmentService,
  OPTIONAL_QUESTIONS,
  ReportQuestion,
  ReportRequirementEntity,
  ReportService,
  RISK_LEVELS,
  RiskLevel,
} from '@mosaic/reporting';
import { Auth, MosaicRequest, Roles } from '../access/access.decorators';
import { uuidParam } from '../http/uuid-param';
import { PageContext } from './page-context';
import { dueInWords, fieldsWithPrefix } from './reporting-view';

type PageRequest = Request & MosaicRequest;
const GRANT_READERS = [Role.Applicant, Role.LeadPartner, Role.Officer, Role.Admin];
const QUESTIONS = new Set<string>([...CORE_QUESTIONS, ...OPTIONAL_QUESTIONS]);
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A service refusal shown on the page it came from, instead of an error page. */
const shownOnPage = (error: unknown): error is DomainException => error instanceof DomainException && ['unprocessable', 'invalid', 'conflict', 'too_large', 'unsupported'].includes(error.kind);
const statusOf = (error: DomainException) => ({ unprocessable: 422, invalid: 400, conflict: 409, too_large: 413, unsupported: 415 })[error.kind as 'invalid'] ?? 400;

/**
 * Reporting pages: the grantee sees what is due in plain words and writes her reports; the lead
 * partner sees her members at a glance and reviews their reports; the officer sees what is due,
 * overdue and returned across her portfolio, starts grants and releases instalments.
 */
@ApiExcludeController()
@Controller()
export class ReportingPagesController {
  constructor(
    private readonly pages: PageContext,
    private readonly grants: GrantService,
    private readonly reports: ReportService,
    private readonly instalments: InstalmentService,
    private readonly clock: Clock,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Get('grants')
  @Roles(...GRANT_READERS)
  async list(@Auth() auth: AuthContext, @Req() req: PageRequest, @Res() res: Response) {
    const own = organisationsWhere(auth, Role.Applicant, Role.LeadPartner);
    const grants = (await this.grants.list(auth)).filter((g) => own.includes(g.organisationId));
    const items = await this.withDue(grants);
    await this.pages.render(req, res, 'grants', { title: 'grants.title', items });
  }

  @Get('grants/:id')
  @Roles(...GRANT_READERS)
  async detail(@Param('id', uuidParam) id: string, @Auth() auth: AuthContext, @Req() req: PageRequest, @Res() res: Response, error?: { message: string }, status = 200) {
    const grant = await this.grants.detail(auth, id);
    const [organisation, call] = await Promise.all([
      this.dataSource.getRepository(OrganisationEntity).findOneByOrFail({ id: grant.organisationId }),
      this.dataSource.getRepository(CallEntity).findOneByOrFail({ id: grant.callId }),
    ]);
    const isOfficer = organisationsWhere(auth, Role.Officer).includes(call.funderId) || auth.memberships.some((m) => m.role === Role.Admin);
    const isGrantee = organisationsWhere(auth, Role.Applicant, Role.LeadPartner).includes(grant.organisationId);
    const cluster = grant.clusterId ? await this.dataSource.getRepository(ClusterEntity).findOneBy({ id: grant.clusterId }) : null;
    const isLead = !!cluster && organisationsWhere(auth, Role.LeadPartner).includes(cluster.leadOrganisationId) && grant.kind === 'sub_grant';
    const now = this.clock.now();
    const zone = grant.timeZone ?? organisation.timeZone;
    await this.pages.render(
      req,
      res,
      'grant',
      {
        title: 'grants.one',
        grant,
        organisation,
        call,
        error,
        requirements: grant.requirements.filter((r) => r.status !== 'cancelled').map((r) => ({ ...r, due: dueInWords(r, zone, now) })),
        instalments: grant.instalments.map((i) => ({
          ...i,
          canRequest: isGrantee && i.status === 'requestable' && i.number > 1,
          canRelease: (grant.kind === 'sub_grant' ? isLead : isOfficer) && (i.status === 'requested' || (i.number === 1 && i.status === 'requestable')),
        })),
        canActivate: isOfficer && grant.status === 'pending' && grant.kind !== 'sub_grant',
        canReplan: isOfficer && grant.status === 'active',
        risks: RISK_LEVELS,
        burdenHours: grant.burden ? Math.round(grant.burden.hours * 10) / 10 : null,
      },
      status,
    );
  }

  @Post('grants/:id/activate')
  @Roles(Role.Officer, Role.Admin)
  async activate(@Param('id', uuidParam) id: string, @Body() body: Record<string, unknown>, @Auth() auth: AuthContext, @Req() req: PageRequest, @Res() res: Response) {
    const dates = { startDate: dateField(body.startDate), endDate: dateField(body.endDate) };
    try {
      await this.grants.activate(auth, id, dates);
    } catch (error) {
      if (!shownOnPage(error)) throw error;
      return this.detail(id, auth, req, res, { message: error.message }, statusOf(error));
    }
    res.redirect(303, `/grants/${id}`);
  }

  @Post('grants/:id/update')
  @Roles(Role.Officer, Role.Admin)
  async update(@Param('id', uuidParam) id: string, @Body() body: Record<string, unknown>, @Auth() auth: AuthContext, @Req() req: PageRequest, @Res() res: Response) {
    const riskLevel = RISK_LEVELS.includes(body.riskLevel as RiskLevel) ? (body.riskLevel as RiskLevel) : undefined;
    try {
      await this.grants.update(auth, id, { version: Number(body.version), endDate: dateField(body.endDate), riskLevel });
    } catch (error) {
      if (!shownOnPage(error)) throw error;
      return this.detail(id, auth, req, res, { message: error.message }, statusOf(error));
    }
    res.redirect(303, `/grants/${id}`);
  }

  @Get('reports/:id')
  @Roles(...GRANT_READERS)
  async report(@Param('id', uuidParam) id: string, @Auth() auth: AuthContext, @Req() req: PageRequest, @Res() res: Response, problem?: { message: string; fields?: string[] }, status = 200) {
    const lang = await this.pages.language(req, res);
    const opened = await this.reports.open(auth, id);
    const answers = opened.report?.answers ?? {};
    const currency = opened.grant.currency;
    await this.pages.render(
      req,
      res,
      'report',
      {
        title: 'report.title',
        ...opened,
        problem,
        due: dueInWords(opened.requirement, opened.grant.timeZone ?? 'UTC', this.clock.now()),
        questions: opened.form.questions.map((key) => ({
          key,
          label: this.pages.t(lang, `reportQuestion.${key}`),
          hint: this.pages.t(lang, `reportQuestion.${key}.hint`),
          value: answers[key]?.value ?? '',
          fileId: answers[key]?.fileId,
          missing: problem?.fields?.includes(key),
        })),
        lines: opened.form.budgetLines.map((line) => {
          const spent = opened.report?.financialLines.find((l) => l.category === line.category)?.spentMinor;
          return { ...line, spent: spent === undefined ? '' : plainAmount(spent, currency), over: problem?.fields?.includes(line.category) };
        }),
        currency,
        lang,
      },
      status,
    );
  }

  /** Saves the draft, and sends it when asked; a refusal (missing answers, spend over tolerance) shows on the form. */
  @Post('reports/:id')
  @Roles(Role.Applicant, Role.LeadPartner)
  async saveReport(@Param('id', uuidParam) id: string, @Body() body: Record<string, unknown>, @Auth() auth: AuthContext, @Req() req: PageRequest, @Res() res: Response) {
    const lang = await this.pages.language(req, res);
    const opened = await this.reports.open(auth, id);
    const answers = fieldsWithPrefix(body, 'answer_')
      .filter(([question]) => QUESTIONS.has(question) && opened.form.questions.includes(question as ReportQuestion))
      .map(([question, value]) => ({ question: question as ReportQuestion, value: value.slice(0, 10_000), language: lang }));
    const badAmounts: string[] = [];
    const financialLines = opened.form.financial
      ? opened.form.budgetLines.map((line) => {
          const raw = String(body[`spent_${line.category}`] ?? '').trim();
          const spentMinor = raw === '' ? 0 : parseMoney(raw, opened.grant.currency);
          if (spentMinor === null || spentMinor < 0) badAmounts.push(line.category);
          return { category: line.category, spentMinor: spentMinor ?? 0 };
        })
      : undefined;
    const people = String(body.peopleReached ?? '').trim();
    const peopleReached = people === '' ? undefined : Number(people);
    if (badAmounts.length || (peopleReached !== undefined && !(Number.isInteger(peopleReached) && peopleReached >= 0))) {
      return this.report(id, auth, req, res, { message: this.pages.t(lang, 'report.numbersInvalid'), fields: badAmounts }, 400);
    }
    try {
      await this.reports.save(auth, id, { version: opened.report?.version, answers, financialLines, peopleReached, language: opened.report?.language ?? lang });
      if (body.action === 'submit') await this.reports.submit(auth, id);
    } catch (error) {
      if (!shownOnPage(error)) throw error;
      const fields = [...((error.details.questions as string[]) ?? []), ...(((error.details.lines as { line: string }[]) ?? []).map((l) => l.line))];
      const message = error.code === 'ANSWERS_MISSING' ? this.pages.t(lang, 'report.answersMissing') : error.message;
      return this.report(id, auth, req, res, { message, fields }, statusOf(error));
    }
    res.redirect(303, body.action === 'submit' ? `/reports/${id}?sent=1` : `/reports/${id}?saved=1`);
  }

  @Post('reports/:id/voice')
  @Roles(Role.Applicant, Role.LeadPartner)
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: 100 * 1024 * 1024, files: 1 } }))
  async voice(@Param('id', uuidParam) id: string, @Query('question') question: string, @Auth() auth: AuthContext, @Req() req: PageRequest, @Res() res: Response, @UploadedFile() file?: Express.Multer.File) {
    try {
      if (!QUESTIONS.has(question)) throw new DomainException('invalid', 'UNKNOWN_QUESTION', 'Choose a question for the voice note');
      await this.reports.attachVoiceNote(auth, id, question as ReportQuestion, file ? { originalName: file.originalname, bytes: file.buffer } : undefined);
    } catch (error) {
      if (!shownOnPage(error)) throw error;
      return this.report(id, auth, req, res, { message: error.message, fields: [question] }, statusOf(error));
    }
    res.redirect(303, `/reports/${id}?saved=1`);
  }

  @Post('reports/:id/review')
  @Roles(Role.LeadPartner, Role.Officer, Role.Admin)
  async review(@Param('id', uuidParam) id: string, @Body() body: Record<string, unknown>, @Auth() auth: AuthContext, @Req() req: PageRequest, @Res() res: Response) {
    const decision = body.decision === 'accept' || body.decision === 'return' ? body.decision : undefined;
    try {
      if (!decision) throw new DomainException('invalid', 'VALIDATION_FAILED', 'Choose accept or return');
      await this.reports.review(auth, id, { decision, comment: typeof body.comment === 'string' ? body.comment.slice(0, 5000) : undefined });
    } catch (error) {
      if (!shownOnPage(error)) throw error;
      return this.report(id, auth, req, res, { message: error.message }, statusOf(error));
    }
    res.redirect(303, `/reports/${id}?reviewed=1`);
  }

  @Post('instalments/:id/request')
  @Roles(Role.Applicant, Role.LeadPartner)
  async requestInstalment(@Param('id', uuidParam) id: string, @Body() body: Record<string, unknown>, @Auth() auth: AuthContext, @Req() req: PageRequest, @Res() res: Response) {
    const instalment = await this.instalmentInScope(auth, id);
    const spent = parseMoney(String(body.previousSpent ?? ''), instalment.currency);
    try {
      if (spent === null) throw new DomainException('invalid', 'VALIDATION_FAILED', 'Give what was spent of the previous instalment');
      await this.instalments.request(auth, id, { previousSpentMinor: spent });
    } catch (error) {
      if (!shownOnPage(error)) throw error;
      return this.detail(instalment.grantId, auth, req, res, { message: error.message }, statusOf(error));
    }
    res.redirect(303, `/grants/${instalment.grantId}`);
  }

  @Post('instalments/:id/release')
  @Roles(Role.LeadPartner, Role.Officer, Role.Admin)
  async releaseInstalment(@Param('id', uuidParam) id: string, @Auth() auth: AuthContext, @Req() req: PageRequest, @Res() res: Response) {
    const instalment = await this.instalmentInScope(auth, id);
    try {
      await this.instalments.release(auth, id);
    } catch (error) {
      if (!shownOnPage(error)) throw error;
      return this.detail(instalment.grantId, auth, req, res, { message: error.message }, statusOf(error));
    }
    res.redirect(303, `/grants/${instalment.grantId}`);
  }

  /** The lead partner's members at a glance: what each owes, what is late, what waits for her review. */
  @Get('lead/members')
  @Roles(Role.LeadPartner)
  async members(@Auth() auth: AuthContext, @Req() req: PageRequest, @Res() res: Response) {
    const clusters = await this.dataSource.getRepository(ClusterEntity).findBy({ leadOrganisationId: In(organisationsWhere(auth, Role.LeadPartner)) });
    const grants = clusters.length ? await this.dataSource.getRepository(GrantEntity).find({ where: { clusterId: In(clusters.map((c) => c.id)) }, order: { kind: 'ASC' } }) : [];
    const items = await this.withDue(grants);
    await this.pages.render(req, res, 'lead-members', {
      title: 'lead.members',
      agreements: items.filter((i) => i.grant.kind === 'lead_agreement'),
      members: items.filter((i) => i.grant.kind === 'sub_grant'),
    });
  }

  /** The officer's portfolio: due, overdue, returned, waiting for review; grants to start; instalments to release. */
  @Get('officer/reporting')
  @Roles(Role.Officer, Role.Admin)
  async portfolio(@Auth() auth: AuthContext, @Req() req: PageRequest, @Res() res: Response) {
    const grants = await this.grants.list(auth);
    const items = await this.withDue(grants);
    const open = items.flatMap((item) => item.open.map((r) => ({ ...r, grant: item.grant, organisation: item.organisation })));
    const instalments = grants.length ? await this.dataSource.getRepository(InstalmentEntity).findBy({ grantId: In(grants.map((g) => g.id)), status: 'requested' }) : [];
    await this.pages.render(req, res, 'officer-reporting', {
      title: 'officer.reporting',
      toReview: open.filter((r) => r.status === 'submitted' && r.reviewer === 'officer'),
      overdue: open.filter((r) => r.due.late),
      returned: open.filter((r) => r.status === 'returned'),
      upcoming: open.filter((r) => r.status === 'pending' && !r.due.late).slice(0, 50),
      pending: items.filter((i) => i.grant.status === 'pending' && i.grant.kind !== 'sub_grant'),
      instalments: instalments.filter((i) => grants.find((g) => g.id === i.grantId)?.kind !== 'sub_grant').map((i) => ({ ...i, grant: items.find((g) => g.grant.id === i.grantId) })),
    });
  }

  private async instalmentInScope(auth: AuthContext, id: string): Promise<InstalmentEntity> {
    const instalment = await this.dataSource.getRepository(InstalmentEntity).findOneBy({ id });
    if (!instalment) throw new DomainException('not_found', 'INSTALMENT_NOT_FOUND', 'instalment not found', { id });
    await this.grants.get(auth, instalment.grantId).catch(() => {
      throw new DomainException('not_found', 'INSTALMENT_NOT_FOUND', 'instalment not found', { id });
    });
    return instalment;
  }

  /** Each grant with its organisation and its open requirements, due dates in words. */
  private async withDue(grants: GrantEntity[]) {
    if (!grants.length) return [];
    const organisations = new Map((await this.dataSource.getRepository(OrganisationEntity).findBy({ id: In([...new Set(grants.map((g) => g.organisationId))]) })).map((o) => [o.id, o]));
    const requirements = await this.dataSource
      .getRepository(ReportRequirementEntity)
      .find({ where: { grantId: In(grants.map((g) => g.id)), status: In(['pending', 'returned', 'submitted']) }, order: { dueDate: 'ASC' } });
    const now = this.clock.now();
    return grants.map((grant) => {
      const organisation = organisations.get(grant.organisationId)!;
      const open = requirements.filter((r) => r.grantId === grant.id).map((r) => ({ ...r, due: dueInWords(r, grant.timeZone ?? organisation.timeZone, now) }));
      return { grant, organisation, open, next: open.find((r) => r.status !== 'submitted'), late: open.filter((r) => r.due.late).length, waiting: open.filter((r) => r.status === 'submitted').length };
    });
  }
}

const dateField = (value: unknown) => (typeof value === 'string' && DATE.test(value.trim()) ? value.trim() : undefined);

/** An amount as typed in a form: digits and a dot, no grouping (parseMoney reads it back). */
function plainAmount(minor: number, currency: string): string {
  const text = formatMoney(minor, currency, 'en');
  return text.replace(/[^\d.]/g, '');
}

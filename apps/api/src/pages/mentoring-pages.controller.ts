import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { Request, Response } from 'express';
import { DataSource, In, LessThan } from 'typeorm';
import { DomainException } from '@mosaic/common';
import { translated } from '@mosaic/i18n';
import { AuthContext, MembershipEntity, MentorAssignmentEntity, OrganisationEntity, OrganisationService, Role, UserEntity } from '@mosaic/identity';
import {
  ActionItemEntity,
  AssessmentService,
  DOMAIN_CODES,
  DomainCode,
  GraduationEntity,
  MentoringAccess,
  MentoringService,
  MentoringSessionEntity,
  progressChartSvg,
  SESSION_MODES,
  SessionMode,
} from '@mosaic/mentoring';
import { todayIn } from '@mosaic/reporting';
import { Auth, MosaicRequest, Roles } from '../access/access.decorators';
import { uuidParam } from '../http/uuid-param';
import { PageContext } from './page-context';
import { fieldsWithPrefix } from './reporting-view';

type PageRequest = Request & MosaicRequest;
const READERS = [Role.Applicant, Role.LeadPartner, Role.Mentor, Role.Officer, Role.Admin];
const WRITERS = [Role.Applicant, Role.LeadPartner, Role.Mentor];
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const refusal = (error: unknown): error is DomainException => error instanceof DomainException && ['unprocessable', 'invalid', 'conflict', 'too_large', 'unsupported'].includes(error.kind);
const statusOf = (error: DomainException) => ({ unprocessable: 422, invalid: 400, conflict: 409, too_large: 413, unsupported: 415 })[error.kind as 'invalid'] ?? 400;

/**
 * Mentoring pages: the mentor's caseload, an organisation's capacity plan (progress charts, actions,
 * sessions), the assessment form one domain at a time, the session log, and the officer's view of
 * capacity across the portfolio with graduations to decide.
 */
@ApiExcludeController()
@Controller()
export class MentoringPagesController {
  constructor(
    private readonly pages: PageContext,
    private readonly access: MentoringAccess,
    private readonly assessments: AssessmentService,
    private readonly mentoring: MentoringService,
    private readonly organisations: OrganisationService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Get('mentor/caseload')
  @Roles(Role.Mentor)
  async caseload(@Auth() auth: AuthContext, @Req() req: PageRequest, @Res() res: Response) {
    const ids = await this.access.mentoredOrganisationIds(auth.userId);
    const organisations = ids.length ? await this.dataSource.getRepository(OrganisationEntity).find({ where: { id: In(ids) }, order: { name: 'ASC' } }) : [];
    const items = [];
    for (const organisation of organisations) {
      const history = await this.assessments.history(auth, organisation.id);
      const latest = [...history].reverse().find((a) => a.status === 'validated');
      const [last] = await this.dataSource.getRepository(MentoringSessionEntity).find({ where: { organisationId: organisation.id }, order: { heldOn: 'DESC' }, take: 1 });
      const overdue = await this.dataSource.getRepository(ActionItemEntity).countBy({ organisationId: organisation.id, status: 'open', dueDate: LessThan(todayIn(organisation.timeZone, new Date())) });
      items.push({ organisation, lastSession: last?.heldOn ?? null, overdue, scores: latest?.scores ?? [], riskLevel: organisation.riskLevel });
    }
    await this.pages.render(req, res, 'mentor-caseload', { title: 'mentor.caseload', items });
  }

  @Get('capacity/:id')
  @Roles(...READERS)
  async plan(@Param('id', uuidParam) id: string, @Auth() auth: AuthContext, @Req() req: PageRequest, @Res() res: Response, problem?: { message: string }, status = 200) {
    const lang = await this.pages.language(req, res);
    const standing = await this.access.standing(auth, id);
    const organisation = await this.dataSource.getRepository(OrganisationEntity).findOneByOrFail({ id });
    const history = await this.assessments.history(auth, id);
    const validated = history.filter((a) => a.status === 'validated');
    const open = history.find((a) => a.status !== 'validated');
    const latest = validated[validated.length - 1];
    const levelLabels = [1, 2, 3, 4].map((level) => this.pages.t(lang, `maturity.${level}`)) as [string, string, string, string];
    const charts = DOMAIN_CODES.map((code) => ({
      code,
      svg: progressChartSvg(
        this.pages.t(lang, `domain.${code}`),
        levelLabels,
        validated.map((a) => ({ label: new Intl.DateTimeFormat(lang, { month: 'short', year: 'numeric' }).format(a.validatedAt ?? a.createdAt), maturity: a.scores.find((s) => s.domain === code)?.maturity ?? null })),
      ),
    }));
    const sessions = await this.mentoring.sessions(auth, id);
    const actions = await this.mentoring.actions(auth, id);
    const pending = await this.dataSource.getRepository(GraduationEntity).findOneBy({ organisationId: id, status: 'pending' });
    await this.pages.render(
      req,
      res,
      'capacity',
      {
        title: 'capacity.title',
        organisation,
        standing,
        problem,
        latest,
        open,
        charts,
        unmet: (latest?.eligibility?.unmet ?? []).map((u) => ({
          ...u,
          text: this.pages.t(lang, `unmet.${u.condition}`, { indicator: u.indicator ?? '', domain: this.pages.t(lang, `domain.${u.domain}`), need: this.ruleValue(lang, u.need), have: this.ruleValue(lang, u.have) }),
        })),
        eligible: latest?.eligibility?.eligible ?? false,
        sessions,
        actions: actions.map((a) => ({ ...a, overdue: a.status === 'open' && a.dueDate < todayIn(organisation.timeZone, new Date()) })),
        modes: SESSION_MODES,
        domains: DOMAIN_CODES,
        pending,
        canAssess: standing.member || standing.mentor,
        canRecommend: standing.mentor && !!latest?.eligibility?.eligible && !pending && !organisation.isLeadPartner,
      },
      status,
    );
  }

  /** The rules speak in codes (a band, a level, "not rated"); the page says them in the reader's language. */
  private ruleValue(lang: string, value: string): string {
    if (['low', 'medium', 'full'].includes(value)) return this.pages.t(lang, `band.${value}`);
    if (value === 'not rated') return this.pages.t(lang, 'capacity.notRated');
    return value;
  }

  @Post('capacity/:id/assessments')
  @Roles(...WRITERS)
  async start(@Param('id', uuidParam) id: string, @Auth() auth: AuthContext, @Req() req: PageRequest, @Res() res: Response) {
    try {
      const assessment = await this.assessments.start(auth, id);
      res.redirect(303, `/assessments/${assessment.id}`);
    } catch (error) {
      if (!refusal(error)) throw error;
      if (error.code === 'ASSESSMENT_OPEN') return res.redirect(303, `/assessments/${String(error.details.assessmentId)}`);
      return this.plan(id, auth, req, res, { message: error.message }, statusOf(error));
    }
  }

  @Get('assessments/:id')
  @Roles(...READERS)
  async assessment(@Param('id', uuidParam) id: string, @Query('domain') domainQuery: string, @Auth() auth: AuthContext, @Req() req: PageRequest, @Res() res: Response, problem?: { message: string }, status = 200) {
    const lang = await this.pages.language(req, res);
    const { assessment, framework, ratings, standing, scores } = await this.assessments.get(auth, id);
    const document = framework.document;
    const domainCode = (DOMAIN_CODES.includes(domainQuery as DomainCode) ? domainQuery : document.domains[0].code) as DomainCode;
    const domain = document.domains.find((d) => d.code === domainCode)!;
    const scale = document.scales.find((s) => s.code === domain.scale)!;
    const asMentor = standing.mentor && !standing.member;
    const editable = assessment.status !== 'validated' && (asMentor || (standing.member && assessment.status === 'draft'));
    const organisation = await this.dataSource.getRepository(OrganisationEntity).findOneByOrFail({ id: assessment.organisationId });
    const index = document.domains.findIndex((d) => d.code === domainCode);
    await this.pages.render(
      req,
      res,
      'assessment',
      {
        title: 'assessment.title',
        assessment,
        organisation,
        problem,
        asMentor,
        editable,
        domain: { code: domain.code, title: translated(domain.title, lang) },
        domains: document.domains.map((d) => ({ code: d.code, title: translated(d.title, lang), current: d.code === domainCode, score: scores.find((s) => s.domain === d.code) })),
        next: document.domains[index + 1]?.code,
        indicators: domain.indicators.map((indicator) => {
          const rating = ratings.find((r) => r.indicator === indicator.code);
          const chosen = asMentor ? (rating?.mentorValue ?? rating?.selfValue) : rating?.selfValue;
          return {
            code: indicator.code,
            text: translated(indicator.text, lang),
            evidence: indicator.evidence.map((e) => translated(e, lang)),
            key: indicator.key,
            self: rating?.selfValue ? translated(scale.levels.find((l) => l.value === rating.selfValue)?.label, lang) : null,
            mentor: rating?.mentorValue ? translated(scale.levels.find((l) => l.value === rating.mentorValue)?.label, lang) : null,
            mentorComment: rating?.mentorComment,
            evidenceCount: rating?.evidenceFileIds.length ?? 0,
            levels: scale.levels.map((level) => ({ value: level.value, label: translated(level.label, lang), checked: level.value === chosen })),
          };
        }),
        canSubmit: standing.member && assessment.status === 'draft',
        canValidate: standing.mentor && assessment.status !== 'validated',
      },
      status,
    );
  }

  @Post('assessments/:id/ratings')
  @Roles(...WRITERS)
  async rate(@Param('id', uuidParam) id: string, @Query('domain') domain: string, @Body() body: Record<string, unknown>, @Auth() auth: AuthContext, @Req() req: PageRequest, @Res() res: Response) {
    const comments = new Map(fieldsWithPrefix(body, 'comment_'));
    const ratings = fieldsWithPrefix(body, 'rating_').map(([indicator, value]) => ({ indicator, value, comment: comments.get(indicator)?.slice(0, 2000) || undefined }));
    try {
      if (ratings.length) await this.assessments.rate(auth, id, { version: Number(body.version), ratings });
    } catch (error) {
      if (!refusal(error)) throw error;
      return this.assessment(id, domain, auth, req, res, { message: error.message }, statusOf(error));
    }
    const next = typeof body.next === 'string' && DOMAIN_CODES.includes(body.next as DomainCode) ? body.next : domain;
    res.redirect(303, `/assessments/${id}?domain=${encodeURIComponent(next ?? '')}&saved=1`);
  }

  @Post('assessments/:id/submit')
  @Roles(Role.Applicant, Role.LeadPartner)
  async submit(@Param('id', uuidParam) id: string, @Auth() auth: AuthContext, @Req() req: PageRequest, @Res() res: Response) {
    try {
      const assessment = await this.assessments.submit(auth, id);
      res.redirect(303, `/capacity/${assessment.organisationId}`);
    } catch (error) {
      if (!refusal(error)) throw error;
      return this.assessment(id, '', auth, req, res, { message: this.missingMessage(req, error) }, statusOf(error));
    }
  }

  @Post('assessments/:id/validate')
  @Roles(Role.Mentor)
  async validate(@Param('id', uuidParam) id: string, @Auth() auth: AuthContext, @Req() req: PageRequest, @Res() res: Response) {
    try {
      const { assessment } = await this.assessments.validate(auth, id);
      res.redirect(303, `/capacity/${assessment.organisationId}`);
    } catch (error) {
      if (!refusal(error)) throw error;
      return this.assessment(id, '', auth, req, res, { message: this.missingMessage(req, error) }, statusOf(error));
    }
  }

  private missingMessage(req: PageRequest, error: DomainException): string {
    const missing = (error.details.indicators as string[] | undefined) ?? [];
    return missing.length ? `${error.message}: ${missing.join(', ')}` : error.message;
  }

  @Post('capacity/:id/sessions')
  @Roles(Role.Mentor)
  async logSession(@Param('id', uuidParam) id: string, @Body() body: Record<string, unknown>, @Auth() auth: AuthContext, @Req() req: PageRequest, @Res() res: Response) {
    const topics = [body.topics]
      .flat()
      .filter((t): t is DomainCode => typeof t === 'string' && DOMAIN_CODES.includes(t as DomainCode))
      .map((domain) => ({ domain }));
    const actions = [1, 2, 3]
      .map((n) => ({ title: String(body[`action${n}_title`] ?? '').trim(), owner: body[`action${n}_owner`] === 'mentor' ? ('mentor' as const) : ('organisation' as const), dueDate: String(body[`action${n}_due`] ?? '') }))
      .filter((a) => a.title);
    try {
      const heldOn = String(body.heldOn ?? '');
      const durationMinutes = Number(body.durationMinutes);
      if (!DATE.test(heldOn) || !Number.isInteger(durationMinutes) || durationMinutes < 5 || !SESSION_MODES.includes(body.mode as SessionMode) || actions.some((a) => !DATE.test(a.dueDate))) {
        throw new DomainException('invalid', 'VALIDATION_FAILED', 'Give the date, the length in minutes, the way you met, and a due date for each action');
      }
      await this.mentoring.logSession(auth, id, { heldOn, durationMinutes, mode: body.mode as SessionMode, topics, notes: typeof body.notes === 'string' ? body.notes.slice(0, 10_000) : undefined, actions });
    } catch (error) {
      if (!refusal(error)) throw error;
      return this.plan(id, auth, req, res, { message: error.message }, statusOf(error));
    }
    res.redirect(303, `/capacity/${id}`);
  }

  @Post('sessions/:id/sharing')
  @Roles(Role.Applicant, Role.LeadPartner)
  async share(@Param('id', uuidParam) id: string, @Body() body: Record<string, unknown>, @Auth() auth: AuthContext, @Res() res: Response) {
    const session = await this.mentoring.share(auth, id, body.shared === 'yes');
    res.redirect(303, `/capacity/${session.organisationId}`);
  }

  @Post('actions/:id')
  @Roles(...WRITERS)
  async action(@Param('id', uuidParam) id: string, @Body() body: Record<string, unknown>, @Auth() auth: AuthContext, @Res() res: Response) {
    const status = body.status === 'done' || body.status === 'dropped' || body.status === 'open' ? body.status : 'done';
    const action = await this.mentoring.updateAction(auth, id, { version: Number(body.version), status });
    res.redirect(303, `/capacity/${action.organisationId}`);
  }

  @Post('capacity/:id/graduation')
  @Roles(Role.Mentor)
  async recommend(@Param('id', uuidParam) id: string, @Body() body: Record<string, unknown>, @Auth() auth: AuthContext, @Req() req: PageRequest, @Res() res: Response) {
    try {
      await this.mentoring.recommend(auth, id, { rationale: String(body.rationale ?? '').slice(0, 5000) });
    } catch (error) {
      if (!refusal(error)) throw error;
      return this.plan(id, auth, req, res, { message: error.message }, statusOf(error));
    }
    res.redirect(303, `/capacity/${id}`);
  }

  @Get('officer/capacity')
  @Roles(Role.Officer, Role.Admin)
  async portfolio(@Auth() auth: AuthContext, @Req() req: PageRequest, @Res() res: Response) {
    const organisations = await this.dataSource.getRepository(OrganisationEntity).find({ where: { kind: In(['grassroots']) }, order: { name: 'ASC' } });
    const items = [];
    for (const organisation of organisations) {
      const history = await this.assessments.history(auth, organisation.id);
      const latest = [...history].reverse().find((a) => a.status === 'validated');
      items.push({ organisation, latest, scores: latest?.scores ?? [] });
    }
    const graduations = await this.mentoring.pendingGraduations(auth);
    const names = new Map(organisations.map((o) => [o.id, o.name]));
    // The mentors of the officer's own funder, to assign.
    const funders = auth.memberships.filter((m) => m.role === Role.Officer).map((m) => m.organisationId!);
    const mentorIds = funders.length ? (await this.dataSource.getRepository(MembershipEntity).findBy({ organisationId: In(funders), role: Role.Mentor })).map((m) => m.userId) : [];
    const mentors = mentorIds.length ? await this.dataSource.getRepository(UserEntity).find({ where: { id: In(mentorIds) }, select: { id: true, name: true } }) : [];
    const assigned = await this.dataSource.getRepository(MentorAssignmentEntity).findBy({ organisationId: In(organisations.map((o) => o.id).concat('00000000-0000-4000-8000-000000000000')) });
    await this.pages.render(req, res, 'officer-capacity', {
      title: 'officer.capacity',
      items: items.map((item) => ({ ...item, mentors: assigned.filter((a) => a.organisationId === item.organisation.id).map((a) => mentors.find((m) => m.id === a.mentorUserId)?.name).filter(Boolean) })),
      mentors,
      domains: DOMAIN_CODES,
      graduations: graduations.map((g) => ({ ...g, organisationName: names.get(g.organisationId) ?? g.organisationId })),
    });
  }

  @Post('capacity/:id/mentors')
  @Roles(Role.Officer, Role.Admin)
  async assignMentor(@Param('id', uuidParam) id: string, @Body() body: Record<string, unknown>, @Auth() auth: AuthContext, @Res() res: Response) {
    if (typeof body.mentorUserId !== 'string' || !/^[0-9a-f-]{36}$/.test(body.mentorUserId)) throw new DomainException('invalid', 'VALIDATION_FAILED', 'Choose a mentor');
    await this.organisations.assignMentor(auth, id, body.mentorUserId);
    res.redirect(303, '/officer/capacity');
  }

  @Post('graduations/:id')
  @Roles(Role.Officer, Role.Admin)
  async decide(@Param('id', uuidParam) id: string, @Body() body: Record<string, unknown>, @Auth() auth: AuthContext, @Res() res: Response) {
    const decision = body.decision === 'approve' || body.decision === 'decline' ? body.decision : undefined;
    if (!decision) throw new DomainException('invalid', 'VALIDATION_FAILED', 'Choose approve or decline');
    await this.mentoring.decide(auth, id, { decision, comment: typeof body.comment === 'string' ? body.comment.slice(0, 5000) : undefined });
    res.redirect(303, '/officer/capacity');
  }
}

import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { ApplicationService, ReviewPanel, ReviewService } from '@mosaic/applications';
import { DomainException } from '@mosaic/common';
import { translated } from '@mosaic/i18n';
import { AuthContext, MembershipEntity, OrganisationEntity, Role, UserEntity } from '@mosaic/identity';
import { Auth, MosaicRequest, Roles } from '../access/access.decorators';
import { uuidParam } from '../http/uuid-param';
import { PageContext } from './page-context';

type PageRequest = Request & MosaicRequest;

/** The programme officer's pages: applications to her funder's calls, reviews, decisions. */
@ApiExcludeController()
@Controller('officer/applications')
export class OfficerPagesController {
  constructor(
    private readonly pages: PageContext,
    private readonly applications: ApplicationService,
    private readonly reviews: ReviewService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Get()
  @Roles(Role.Officer, Role.Admin)
  async list(@Auth() auth: AuthContext, @Req() req: PageRequest, @Res() res: Response) {
    const applications = (await this.applications.list(auth, {})).filter((a) => a.status !== 'draft');
    const organisations = applications.length ? await this.dataSource.getRepository(OrganisationEntity).findBy(applications.map((a) => ({ id: a.organisationId }))) : [];
    const items = applications.map((application) => ({ application, organisation: organisations.find((o) => o.id === application.organisationId) }));
    await this.pages.render(req, res, 'officer-applications', { title: 'officer.title', items });
  }

  @Get(':id')
  @Roles(Role.Officer, Role.Admin)
  async detail(@Param('id', uuidParam) id: string, @Auth() auth: AuthContext, @Req() req: PageRequest, @Res() res: Response) {
    const lang = await this.pages.language(req, res);
    const application = await this.applications.get(auth, id);
    const { call, questions } = await this.applications.form(application);
    const summary = await this.reviews.summary(auth, id);
    const reviewerIds = (await this.dataSource.getRepository(MembershipEntity).findBy({ organisationId: call.funderId, role: Role.Reviewer })).map((m) => m.userId);
    const reviewers = reviewerIds.length ? await this.dataSource.getRepository(UserEntity).findBy(reviewerIds.map((rid) => ({ id: rid }))) : [];
    const organisation = await this.dataSource.getRepository(OrganisationEntity).findOneBy({ id: application.organisationId });
    await this.pages.render(req, res, 'officer-application', {
      title: 'officer.title',
      application,
      call,
      organisation,
      answers: questions.map((q) => ({ label: translated(q.question.labels, lang), answer: application.answers[q.key] })),
      summary,
      reviewers,
      panels: Object.values(ReviewPanel),
      decidable: ['submitted', 'in_review'].includes(application.status),
    });
  }

  @Post(':id/reviewers')
  @Roles(Role.Officer, Role.Admin)
  async assign(@Param('id', uuidParam) id: string, @Body() body: Record<string, unknown>, @Auth() auth: AuthContext, @Res() res: Response) {
    const panel = String(body.panel) as ReviewPanel;
    if (typeof body.reviewerUserId !== 'string' || !Object.values(ReviewPanel).includes(panel)) {
      throw new DomainException('invalid', 'VALIDATION_FAILED', 'Choose a reviewer and a panel');
    }
    await this.reviews.assign(auth, id, { reviewerUserId: body.reviewerUserId, panel });
    res.redirect(303, `/officer/applications/${id}`);
  }

  @Post(':id/decision')
  @Roles(Role.Officer, Role.Admin)
  async decide(@Param('id', uuidParam) id: string, @Body() body: Record<string, unknown>, @Auth() auth: AuthContext, @Res() res: Response) {
    const feedback = typeof body.feedback === 'string' ? body.feedback.trim() : '';
    if ((body.decision !== 'approve' && body.decision !== 'decline') || !feedback) {
      throw new DomainException('invalid', 'VALIDATION_FAILED', 'Choose approve or decline and write feedback');
    }
    await this.applications.decide(auth, id, { decision: body.decision, feedback: feedback.slice(0, 5000) });
    res.redirect(303, `/officer/applications/${id}`);
  }
}

import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { ApplicationService, CallService, ReviewService } from '@mosaic/applications';
import { DomainException } from '@mosaic/common';
import { translated } from '@mosaic/i18n';
import { AuthContext, Role } from '@mosaic/identity';
import { Auth, MosaicRequest, Roles } from '../access/access.decorators';
import { uuidParam } from '../http/uuid-param';
import { PageContext } from './page-context';

type PageRequest = Request & MosaicRequest;

/** A reviewer's pages: declare any conflict of interest first; only then does the application open. */
@ApiExcludeController()
@Controller('reviews')
export class ReviewPagesController {
  constructor(
    private readonly pages: PageContext,
    private readonly reviews: ReviewService,
    private readonly applications: ApplicationService,
    private readonly calls: CallService,
  ) {}

  @Get()
  @Roles(Role.Reviewer)
  async list(@Auth() auth: AuthContext, @Req() req: PageRequest, @Res() res: Response) {
    await this.pages.render(req, res, 'reviews', { title: 'review.title', assignments: await this.reviews.mine(auth) });
  }

  @Get(':id')
  @Roles(Role.Reviewer)
  async review(@Param('id', uuidParam) id: string, @Auth() auth: AuthContext, @Req() req: PageRequest, @Res() res: Response) {
    const assignment = await this.reviews.assignment(auth, id);
    if (!assignment.conflictDeclaredAt) return this.pages.render(req, res, 'review-declare', { title: 'review.declareTitle', assignment });
    if (assignment.hasConflict) return this.pages.render(req, res, 'message', { title: 'review.declareTitle', message: this.pages.t(await this.pages.language(req, res), 'review.conflictDeclared') });
    const { application, call } = await this.reviews.open(auth, id);
    const lang = await this.pages.language(req, res);
    const { questions } = await this.applications.form(application);
    await this.pages.render(req, res, 'review', {
      title: 'review.title',
      assignment,
      application,
      call,
      answers: questions.map((q) => ({ label: translated(q.question.labels, lang), answer: application.answers[q.key] })),
      criteria: call.rubric.map((c) => ({ key: c.key, label: translated(c.labels, lang), weight: c.weight, score: assignment.scores?.[c.key] })),
    });
  }

  @Post(':id/declaration')
  @Roles(Role.Reviewer)
  async declare(@Param('id', uuidParam) id: string, @Body() body: Record<string, unknown>, @Auth() auth: AuthContext, @Res() res: Response) {
    if (body.conflict !== 'yes' && body.conflict !== 'no') throw new DomainException('invalid', 'VALIDATION_FAILED', 'Choose one answer');
    await this.reviews.declare(auth, id, { hasConflict: body.conflict === 'yes', statement: typeof body.statement === 'string' ? body.statement.slice(0, 2000) : undefined });
    res.redirect(303, `/reviews/${id}`);
  }

  @Post(':id/scores')
  @Roles(Role.Reviewer)
  async score(@Param('id', uuidParam) id: string, @Body() body: Record<string, unknown>, @Auth() auth: AuthContext, @Req() req: PageRequest, @Res() res: Response) {
    const scores = Object.fromEntries(
      Object.entries(body)
        .filter(([key]) => key.startsWith('score_'))
        .map(([key, value]) => [key.slice('score_'.length), Number(value)]),
    );
    await this.reviews.submit(auth, id, { scores, comment: typeof body.comment === 'string' ? body.comment : undefined });
    await this.pages.render(req, res, 'message', { title: 'review.title', message: this.pages.t(await this.pages.language(req, res), 'review.saved'), link: '/reviews' });
  }
}

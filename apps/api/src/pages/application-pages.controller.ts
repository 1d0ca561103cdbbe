import { Body, Controller, Get, Param, Post, Query, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiExcludeController } from '@nestjs/swagger';
import { Request, Response } from 'express';
import {
  ApplicationEntity,
  ApplicationService,
  BUDGET_CATEGORIES,
  BudgetLine,
  CallService,
  FormQuestion,
  formatMoney,
  minorDigits,
  parseMoney,
  Problem,
} from '@mosaic/applications';
import { DomainException } from '@mosaic/common';
import { isSupportedLanguage, SUPPORTED_LANGUAGES, translated } from '@mosaic/i18n';
import { AuthContext, AuthService, SignInLinkRequestDto } from '@mosaic/identity';
import { Auth, MosaicRequest, Public, SignedIn } from '../access/access.decorators';
import { clientAddress, SESSION_COOKIE } from '../access/channels';
import { Csrf } from '../access/csrf';
import { AppConfig } from '@mosaic/config';
import { uuidParam } from '../http/uuid-param';
import { validateForm } from './form-validation';
import { PageContext } from './page-context';
import { safeNext } from './safe-next';

type PageRequest = Request & MosaicRequest;

/** Steps 1 and 2 are fixed (who you are; how much and for what); then one question per step. */
const FIXED_STEP_KEYS = ['who_you_are', 'how_much_for_what'];

function stepKeys(questions: FormQuestion[]): string[] {
  return [...FIXED_STEP_KEYS, ...questions.map((q) => q.key).filter((key) => !FIXED_STEP_KEYS.includes(key))];
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** The applicant's pages: plain forms, each step saves; nothing needs JavaScript. */
@ApiExcludeController()
@Controller()
export class ApplicationPagesController {
  constructor(
    private readonly pages: PageContext,
    private readonly calls: CallService,
    private readonly applications: ApplicationService,
    private readonly auth: AuthService,
    private readonly csrf: Csrf,
    private readonly config: AppConfig,
  ) {}

  @Get('calls')
  @Public()
  async callList(@Req() req: PageRequest, @Res() res: Response) {
    const calls = (await this.calls.list(null)).map((call) => ({ ...call }));
    await this.pages.render(req, res, 'calls', { title: 'calls.title', calls });
  }

  @Get('calls/:id')
  @Public()
  async callDetail(@Param('id', uuidParam) id: string, @Req() req: PageRequest, @Res() res: Response) {
    const call = await this.calls.get(req.auth ?? null, id);
    await this.pages.render(req, res, 'call', { title: 'calls.one', call, callTitle: translated(call.title, await this.pages.language(req, res)) });
  }

  /** Anonymous: an e-mail address is enough. Signed in: step 1, or her live application. */
  @Get('calls/:id/apply')
  @Public()
  async apply(@Param('id', uuidParam) id: string, @Req() req: PageRequest, @Res() res: Response) {
    const call = await this.calls.get(req.auth ?? null, id);
    if (!req.auth) return this.pages.render(req, res, 'sign-in-link', { title: 'signin.title', call, next: `/calls/${id}/apply` });
    const live = (await this.applications.list(req.auth, { callId: id })).find((a) => a.status !== 'withdrawn' && this.applications.isApplicant(req.auth!, a));
    if (live) return res.redirect(303, `/applications/${live.id}`);
    await this.pages.render(req, res, 'apply-start', {
      title: 'apply.start',
      call,
      needsOrganisation: !req.auth.memberships.some((m) => m.role === 'applicant' || m.role === 'lead_partner'),
      countries: call.eligibleCountries,
    });
  }

  @Post('calls/:id/apply')
  @SignedIn()
  async start(@Param('id', uuidParam) id: string, @Body() body: Record<string, unknown>, @Auth() auth: AuthContext, @Req() req: PageRequest, @Res() res: Response) {
    const lang = await this.pages.language(req, res);
    const needsOrganisation = !auth.memberships.some((m) => m.role === 'applicant' || m.role === 'lead_partner');
    const organisation = needsOrganisation
      ? { name: text(body.organisationName).trim(), country: text(body.country), city: text(body.city).trim() || undefined, registered: body.registered === 'yes' }
      : undefined;
    const errors: Record<string, string> = {};
    if (organisation && organisation.name.length < 2) errors.organisationName = this.pages.t(lang, 'problem.REQUIRED');
    if (organisation && !/^[A-Z]{2}$/.test(organisation.country)) errors.country = this.pages.t(lang, 'problem.REQUIRED');
    if (Object.keys(errors).length) {
      const call = await this.calls.get(auth, id);
      return this.pages.render(req, res, 'apply-start', { title: 'apply.start', call, needsOrganisation, countries: call.eligibleCountries, errors, form: body }, 400);
    }
    const application = await this.applications.start(auth, id, { language: lang, organisation });
    res.redirect(303, `/applications/${application.id}/steps/1`);
  }

  /** Where signed-out visitors land: an e-mail link first (most applicants have no password). */
  @Get('sign-in-link')
  @Public()
  async linkForm(@Query('next') next: string, @Req() req: PageRequest, @Res() res: Response) {
    await this.pages.render(req, res, 'sign-in-link', { title: 'signin.title', next: safeNext(next, '/applications') });
  }

  @Post('sign-in-link')
  @Public()
  async requestLink(@Body() body: Record<string, unknown>, @Req() req: PageRequest, @Res() res: Response) {
    const lang = await this.pages.language(req, res);
    const { value, errors } = await validateForm(SignInLinkRequestDto, { email: body.email, next: body.next, language: lang });
    if (errors) {
      return this.pages.render(req, res, 'sign-in-link', { title: 'signin.title', next: body.next, email: body.email, errors: { email: this.pages.t(lang, 'problem.EMAIL') } }, 400);
    }
    try {
      await this.auth.requestSignInLink(value.email, lang, value.next ?? '/', clientAddress(req));
    } catch (error) {
      if (error instanceof DomainException && error.kind === 'too_many') {
        return this.pages.render(req, res, 'message', { title: 'signin.title', message: this.pages.t(lang, 'signin.tooMany') }, 429);
      }
      throw error;
    }
    await this.pages.render(req, res, 'message', { title: 'signin.sentTitle', message: this.pages.t(lang, 'signin.sent', { email: value.email }) });
  }

  /** Opening the link shows a button: e-mail scanners that fetch links must not use up the token. */
  @Get('sign-in')
  @Public()
  async signInForm(@Query('token') token: string, @Query('next') next: string, @Req() req: PageRequest, @Res() res: Response) {
    await this.pages.render(req, res, 'sign-in', { title: 'signin.continueTitle', token, next });
  }

  @Post('sign-in')
  @Public()
  async signIn(@Body() body: Record<string, unknown>, @Req() req: PageRequest, @Res() res: Response) {
    const lang = await this.pages.language(req, res);
    const token = text(body.token);
    if (!/^[A-Za-z0-9_-]{10,200}$/.test(token)) {
      return this.pages.render(req, res, 'message', { title: 'signin.title', message: this.pages.t(lang, 'signin.invalid') }, 410);
    }
    try {
      const signedIn = await this.auth.confirmSignInLink(token, 'web', clientAddress(req), lang);
      res.cookie(SESSION_COOKIE, signedIn.accessToken, { httpOnly: true, secure: this.config.cookieSecure, sameSite: 'lax', path: '/', expires: signedIn.expiresAt });
      this.csrf.renew(res);
      res.redirect(303, safeNext(body.next, '/applications'));
    } catch (error) {
      if (error instanceof DomainException && error.kind === 'gone') {
        return this.pages.render(req, res, 'message', { title: 'signin.title', message: this.pages.t(lang, 'signin.invalid') }, 410);
      }
      throw error;
    }
  }

  @Get('applications')
  @SignedIn()
  async myApplications(@Auth() auth: AuthContext, @Req() req: PageRequest, @Res() res: Response) {
    const applications = (await this.applications.list(auth, {})).filter((a) => this.applications.isApplicant(auth, a));
    const withCalls = await Promise.all(applications.map(async (application) => ({ application, call: await this.calls.get(auth, application.callId) })));
    await this.pages.render(req, res, 'applications', { title: 'applications.title', items: withCalls });
  }

  @Get('applications/:id')
  @SignedIn()
  async overview(@Param('id', uuidParam) id: string, @Auth() auth: AuthContext, @Req() req: PageRequest, @Res() res: Response) {
    const application = await this.applications.get(auth, id);
    if (!this.applications.isApplicant(auth, application)) return res.redirect(303, `/officer/applications/${id}`);
    await this.renderOverview(req, res, auth, application);
  }

  private async renderOverview(req: PageRequest, res: Response, auth: AuthContext, application: ApplicationEntity, status = 200, extra: Record<string, unknown> = {}) {
    const lang = await this.pages.language(req, res);
    const { call, questions } = await this.applications.form(application);
    const keys = stepKeys(questions);
    const draft = application.status === 'draft';
    const problems = draft ? await this.applications.problems(application) : [];
    const steps = keys.map((key, index) => ({
      number: index + 1,
      label: translated(questions.find((q) => q.key === key)?.question.labels, lang),
      done: key === 'how_much_for_what' ? !!application.answers[key] && !!application.requestedAmountMinor : !!application.answers[key],
    }));
    const nextStep = steps.find((s) => !s.done)?.number ?? steps.length;
    await this.pages.render(req, res, 'application', {
      title: 'application.title',
      application,
      call,
      steps,
      draft,
      nextStep,
      problems: problems.map((p) => this.describe(lang, p, questions, application.currency)),
      ready: draft && problems.length === 0,
      canWithdraw: ['draft', 'submitted', 'in_review', 'approved'].includes(application.status),
      history: await this.applications.history(auth, application.id),
      ...extra,
    }, status);
  }

  @Get('applications/:id/steps/:step')
  @SignedIn()
  async step(@Param('id', uuidParam) id: string, @Param('step') step: string, @Auth() auth: AuthContext, @Req() req: PageRequest, @Res() res: Response) {
    const application = await this.applications.get(auth, id);
    if (application.status !== 'draft' || !this.applications.isApplicant(auth, application)) return res.redirect(303, `/applications/${id}`);
    await this.renderStep(req, res, application, Number(step));
  }

  private async renderStep(req: PageRequest, res: Response, application: ApplicationEntity, number: number, status = 200, extra: Record<string, unknown> = {}) {
    const lang = await this.pages.language(req, res);
    const { call, questions } = await this.applications.form(application);
    const keys = stepKeys(questions);
    if (!Number.isInteger(number) || number < 1 || number > keys.length) return res.redirect(303, `/applications/${application.id}`);
    const key = keys[number - 1];
    const question = questions.find((q) => q.key === key)!;
    const answer = application.answers[key];
    const amounts = Object.fromEntries(application.budgetLines.map((line) => [line.category, line.amountMinor]));
    await this.pages.render(req, res, 'application-step', {
      title: 'application.stepTitle',
      titleParams: { number, total: keys.length },
      application,
      call,
      number,
      total: keys.length,
      isLast: number === keys.length,
      question: {
        key,
        type: question.type,
        label: translated(question.question.labels, lang),
        hint: translated(question.question.hints, lang),
        wordLimit: question.wordLimit,
        value: extra.value ?? answer?.value ?? '',
        answerLanguage: answer?.language ?? lang,
      },
      isMoney: key === 'how_much_for_what',
      isFile: question.type === 'file' || question.type === 'voice_note',
      isVoice: question.type === 'voice_note',
      amount: extra.amount ?? (application.requestedAmountMinor ? formatPlain(application.requestedAmountMinor, application.currency) : ''),
      budget: BUDGET_CATEGORIES.map((category) => ({
        category,
        label: this.pages.t(lang, `budget.${category}`),
        value: (extra.budget as Record<string, string> | undefined)?.[category] ?? (amounts[category] ? formatPlain(amounts[category], application.currency) : ''),
      })),
      answerLanguages: SUPPORTED_LANGUAGES.map((code) => ({ code, name: this.pages.t(lang, `language.${code}`) })),
      ...extra,
    }, status);
  }

  @Post('applications/:id/steps/:step')
  @SignedIn()
  async saveStep(
    @Param('id', uuidParam) id: string,
    @Param('step') step: string,
    @Body() body: Record<string, unknown>,
    @Auth() auth: AuthContext,
    @Req() req: PageRequest,
    @Res() res: Response,
  ) {
    const lang = await this.pages.language(req, res);
    const application = await this.applications.get(auth, id);
    const { questions, keys, number, key } = await this.stepOf(application, step);
    if (!key || application.status !== 'draft') return res.redirect(303, `/applications/${id}`);

    const value = text(body.value);
    const answerLanguage = isSupportedLanguage(body.answerLanguage) ? body.answerLanguage : lang;
    const question = questions.find((q) => q.key === key)!;
    const answerValue = question.type === 'yes_no' ? (body.value === 'yes' ? true : body.value === 'no' ? false : null) : value.trim();
    const update: { version: number; answers: Record<string, { value: unknown; language: string }>; requestedAmountMinor?: number; budgetLines?: BudgetLine[] } = {
      version: Number(body.version),
      answers: { [key]: { value: answerValue === '' ? null : answerValue, language: answerLanguage } },
    };
    const fieldErrors: Record<string, string> = {};
    const budgetInput = Object.fromEntries(BUDGET_CATEGORIES.map((category) => [category, text(body[`budget_${category}`]).trim()]));
    if (key === 'how_much_for_what') {
      const amount = text(body.amount).trim();
      if (amount) {
        const parsed = parseMoney(amount, application.currency);
        if (parsed === null || parsed <= 0) fieldErrors.amount = this.pages.t(lang, 'problem.AMOUNT_FORMAT');
        else update.requestedAmountMinor = parsed;
      }
      const lines: BudgetLine[] = [];
      for (const category of BUDGET_CATEGORIES) {
        if (!budgetInput[category]) continue;
        const parsed = parseMoney(budgetInput[category], application.currency);
        if (parsed === null) fieldErrors[`budget_${category}`] = this.pages.t(lang, 'problem.AMOUNT_FORMAT');
        else if (parsed > 0) lines.push({ category, amountMinor: parsed });
      }
      update.budgetLines = lines;
    }
    const keep = { value, amount: text(body.amount), budget: budgetInput };
    if (Object.keys(fieldErrors).length) return this.renderStep(req, res, application, number, 400, { ...keep, errors: fieldErrors });
    try {
      await this.applications.update(auth, id, update as never);
    } catch (error) {
      if (error instanceof DomainException && (error.code === 'ANSWERS_INVALID' || error.code === 'STALE_VERSION')) {
        const fresh = await this.applications.get(auth, id);
        const [first] = (error.details.problems as Problem[] | undefined) ?? [];
        const messages = { value: error.code === 'STALE_VERSION' || !first ? this.pages.t(lang, 'problem.STALE_VERSION') : this.describe(lang, first, questions, application.currency) };
        return this.renderStep(req, res, fresh, number, error.code === 'STALE_VERSION' ? 409 : 400, { ...keep, errors: messages });
      }
      throw error;
    }
    res.redirect(303, afterStep(id, number, keys.length, body.action));
  }

  /** File and voice-note questions: a plain multipart form, no script needed. */
  @Post('applications/:id/steps/:step/file')
  @SignedIn()
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: 100 * 1024 * 1024, files: 1 } }))
  async saveFileStep(
    @Param('id', uuidParam) id: string,
    @Param('step') step: string,
    @Body() body: Record<string, unknown>,
    @Auth() auth: AuthContext,
    @Req() req: PageRequest,
    @Res() res: Response,
    @UploadedFile() file?: Express.Multer.File,
  ) {
    const lang = await this.pages.language(req, res);
    const application = await this.applications.get(auth, id);
    const { keys, number, key } = await this.stepOf(application, step);
    if (!key || application.status !== 'draft') return res.redirect(303, `/applications/${id}`);
    if (file) {
      try {
        await this.applications.attachFile(auth, id, key, { originalName: file.originalname, bytes: file.buffer }, lang);
      } catch (error) {
        if (error instanceof DomainException && (error.kind === 'too_large' || error.kind === 'unsupported')) {
          const status = error.kind === 'too_large' ? 413 : 415;
          return this.renderStep(req, res, application, number, status, { errors: { value: this.pages.t(lang, `problem.${error.code}`) } });
        }
        throw error;
      }
    }
    res.redirect(303, afterStep(id, number, keys.length, body.action));
  }

  @Post('applications/:id/submit')
  @SignedIn()
  async submit(@Param('id', uuidParam) id: string, @Auth() auth: AuthContext, @Req() req: PageRequest, @Res() res: Response) {
    try {
      await this.applications.submit(auth, id);
    } catch (error) {
      if (error instanceof DomainException && error.code === 'APPLICATION_INCOMPLETE') {
        return this.renderOverview(req, res, auth, await this.applications.get(auth, id), 422);
      }
      throw error;
    }
    res.redirect(303, `/applications/${id}`);
  }

  @Post('applications/:id/withdraw')
  @SignedIn()
  async withdraw(@Param('id', uuidParam) id: string, @Auth() auth: AuthContext, @Res() res: Response) {
    await this.applications.withdraw(auth, id);
    res.redirect(303, `/applications/${id}`);
  }

  /** A problem in the applicant's words: which question, amounts as money. */
  /** The step a URL names: its number, its question key (undefined when out of range) and the form. */
  private async stepOf(application: ApplicationEntity, step: string) {
    const { questions } = await this.applications.form(application);
    const keys = stepKeys(questions);
    const number = Number(step);
    return { questions, keys, number, key: Number.isInteger(number) ? keys[number - 1] : undefined };
  }

  private describe(lang: string, problem: Problem, questions: FormQuestion[] = [], currency = 'USD'): string {
    const params: Record<string, unknown> = { ...(problem.params ?? {}) };
    const key = problem.field.startsWith('answers.') ? problem.field.slice('answers.'.length) : null;
    if (key) params.question = translated(questions.find((q) => q.key === key)?.question.labels, lang) || key;
    for (const name of ['total', 'amount']) {
      if (typeof params[name] === 'number') params[name] = formatMoney(params[name] as number, currency, lang);
    }
    return this.pages.t(lang, `problem.${problem.code}`, params);
  }
}

/** "Save and come back later", or the last step, lead to the overview; otherwise to the next step. */
function afterStep(id: string, number: number, total: number, action: unknown): string {
  return action === 'leave' || number >= total ? `/applications/${id}` : `/applications/${id}/steps/${number + 1}`;
}

/** "1234.5" style, for putting an amount back in a form field. */
function formatPlain(amountMinor: number, currency: string): string {
  const digits = minorDigits(currency);
  return (amountMinor / 10 ** digits).toFixed(digits).replace(/\.0+$/, '');
}

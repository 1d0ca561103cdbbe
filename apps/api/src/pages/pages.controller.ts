import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { DomainException } from '@mosaic/common';
import { AppConfig } from '@mosaic/config';
import {
  AcceptInvitationDto,
  AuthService,
  LoginDto,
  PasswordResetConfirmDto,
  PasswordResetRequestDto,
} from '@mosaic/identity';
import { MosaicRequest, Public } from '../access/access.decorators';
import { clientAddress, SESSION_COOKIE } from '../access/channels';
import { Csrf } from '../access/csrf';
import { validateForm } from './form-validation';
import { PageContext } from './page-context';
import { safeNext } from './safe-next';


/** Server-rendered pages: plain forms that work without JavaScript. */
@ApiExcludeController()
@Controller()
export class PagesController {
  constructor(
    private readonly auth: AuthService,
    private readonly csrf: Csrf,
    private readonly config: AppConfig,
    private readonly pages: PageContext,
  ) {}

  /** Signed in: where to go next; otherwise the open calls. */
  @Get()
  @Public()
  async home(@Req() req: Request & MosaicRequest, @Res() res: Response) {
    if (!req.auth) return res.redirect(303, '/calls');
    await this.pages.render(req, res, 'home', { title: 'app.name' });
  }

  @Get('login')
  @Public()
  loginForm(@Query('next') next: string, @Req() req: Request, @Res() res: Response) {
    res.render('login', { title: 'Sign in', next: safeNext(next), csrfToken: this.csrf.tokenFor(req, res) });
  }

  @Post('login')
  @Public()
  async login(@Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const next = safeNext(body.next);
    const { value, errors } = await validateForm(LoginDto, { email: body.email, password: body.password });
    const again = (status: number, message?: string, fieldErrors = errors) =>
      res.status(status).render('login', {
        title: 'Sign in',
        next,
        email: typeof body.email === 'string' ? body.email : '',
        errors: fieldErrors,
        message,
        csrfToken: this.csrf.tokenFor(req, res),
      });
    if (errors) return again(400);
    try {
      const signedIn = await this.auth.login(value.email, value.password, 'web', clientAddress(req));
      this.setSessionCookie(res, signedIn.accessToken, signedIn.expiresAt);
      return res.redirect(303, next);
    } catch (error) {
      if (error instanceof DomainException && (error.kind === 'unauthenticated' || error.kind === 'too_many')) {
        if (typeof error.details.retryAfterSeconds === 'number') res.setHeader('Retry-After', String(error.details.retryAfterSeconds));
        return again(error.kind === 'too_many' ? 429 : 401, error.message, null);
      }
      throw error;
    }
  }

  @Post('logout')
  @Public()
  async logout(@Req() req: Request & MosaicRequest, @Res() res: Response) {
    if (req.authToken) await this.auth.logout(req.authToken);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    this.csrf.renew(res);
    res.redirect(303, '/login');
  }

  @Get('password/forgot')
  @Public()
  forgotForm(@Req() req: Request, @Res() res: Response) {
    res.render('password-forgot', { title: 'Forgot your password?', csrfToken: this.csrf.tokenFor(req, res) });
  }

  @Post('password/forgot')
  @Public()
  async forgot(@Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const { value, errors } = await validateForm(PasswordResetRequestDto, { email: body.email });
    if (errors) {
      return res.status(400).render('password-forgot', {
        title: 'Forgot your password?',
        errors,
        email: body.email,
        csrfToken: this.csrf.tokenFor(req, res),
      });
    }
    await this.auth.requestPasswordReset(value.email);
    res.render('message', { title: 'Check your e-mail', message: 'If this address has an account, we sent it a link to choose a new password. The link works once, for one hour.' });
  }

  @Get('password/reset')
  @Public()
  resetForm(@Query('token') token: string, @Req() req: Request, @Res() res: Response) {
    res.render('password-reset', { title: 'Choose a new password', token, csrfToken: this.csrf.tokenFor(req, res) });
  }

  @Post('password/reset')
  @Public()
  async reset(@Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const { value, errors } = await validateForm(PasswordResetConfirmDto, { token: body.token, password: body.password });
    if (errors) {
      return res.status(400).render('password-reset', {
        title: 'Choose a new password',
        token: body.token,
        errors,
        csrfToken: this.csrf.tokenFor(req, res),
      });
    }
    await this.auth.confirmPasswordReset(value.token, value.password);
    res.render('message', { title: 'Password changed', message: 'Your password is changed. Sign in with it now.', link: '/login' });
  }

  @Get('invitations/accept')
  @Public()
  invitationForm(@Query('token') token: string, @Req() req: Request, @Res() res: Response) {
    res.render('invitation', { title: 'Join Mosaic', token, csrfToken: this.csrf.tokenFor(req, res) });
  }

  @Post('invitations/accept')
  @Public()
  async acceptInvitation(@Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const { value, errors } = await validateForm(AcceptInvitationDto, { token: body.token, name: body.name, password: body.password });
    if (errors) {
      return res.status(400).render('invitation', {
        title: 'Join Mosaic',
        token: body.token,
        name: body.name,
        errors,
        csrfToken: this.csrf.tokenFor(req, res),
      });
    }
    const signedIn = await this.auth.acceptInvitation(value.token, value.name, value.password, clientAddress(req), 'web');
    this.setSessionCookie(res, signedIn.accessToken, signedIn.expiresAt);
    res.redirect(303, '/');
  }

  /** A new session gets a new CSRF seed, so a token planted before sign-in is worthless after it. */
  private setSessionCookie(res: Response, token: string, expires: Date) {
    res.cookie(SESSION_COOKIE, token, { httpOnly: true, secure: this.config.cookieSecure, sameSite: 'lax', path: '/', expires });
    this.csrf.renew(res);
  }
}

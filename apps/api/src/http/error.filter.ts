import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import { acceptLanguages, isRightToLeft, pickLanguage, Translator } from '@mosaic/i18n';
import { Request, Response } from 'express';
import { MosaicRequest } from '../access/access.decorators';
import { isApiRequest } from '../access/channels';
import { LANGUAGE_COOKIE } from '../pages/page-context';
import { toErrorBody } from './error-body';

/** Maps every error to the stable shape (API) or to a readable page (web). */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(private readonly translator: Translator) {}

  catch(exception: unknown, host: ArgumentsHost) {
    const context = host.switchToHttp();
    const req = context.getRequest<Request>();
    const res = context.getResponse<Response>();
    const body = toErrorBody(exception);
    if (body.statusCode >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    if (res.headersSent) return;
    if (typeof body.details.retryAfterSeconds === 'number') res.setHeader('Retry-After', String(body.details.retryAfterSeconds));

    if (isApiRequest(req) || !req.accepts('html')) {
      res.status(body.statusCode).json(body);
      return;
    }
    if (body.statusCode === 401) {
      res.redirect(303, `/sign-in-link?next=${encodeURIComponent(req.originalUrl)}`);
      return;
    }
    // Pages speak the visitor's language; the API's English message is the fallback.
    const lang = pickLanguage([(req as Request & MosaicRequest).auth?.language, req.cookies?.[LANGUAGE_COOKIE], ...acceptLanguages(req.header('accept-language'))]);
    const key = `error.${body.code}`;
    res.status(body.statusCode).render('error', {
      lang,
      rtl: isRightToLeft(lang),
      title: this.translator.t(lang, 'error.title'),
      error: body,
      errorMessage: this.translator.has(lang, key) || this.translator.has('en', key) ? this.translator.t(lang, key) : body.message,
    });
  }
}

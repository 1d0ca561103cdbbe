import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import { Request, Response } from 'express';
import { isApiRequest } from '../access/channels';
import { toErrorBody } from './error-body';

/** Maps every error to the stable shape (API) or to a readable page (web). */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

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
      res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
      return;
    }
    res.status(body.statusCode).render('error', { title: 'Error', error: body });
  }
}

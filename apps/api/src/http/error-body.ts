import { HttpException, HttpStatus } from '@nestjs/common';
import { DomainErrorKind, DomainException } from '@mosaic/common';

/** The one error shape every client can rely on. */
export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details: Record<string, unknown>;
}

const KIND_STATUS: Record<DomainErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  too_large: 413,
  unsupported: 415,
  unprocessable: 422,
  too_many: 429,
};

const STATUS_CODE: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'TOO_MANY_REQUESTS',
};

/** Errors raised by body-parser before routing (malformed JSON, oversized or mis-encoded bodies). */
const BODY_PARSER_ERRORS: Record<string, { code: string; message: string }> = {
  'entity.parse.failed': { code: 'MALFORMED_JSON', message: 'The request body is not valid JSON' },
  'entity.too.large': { code: 'PAYLOAD_TOO_LARGE', message: 'The request body is too large' },
  'encoding.unsupported': { code: 'UNSUPPORTED_ENCODING', message: 'The request body encoding is not supported' },
  'charset.unsupported': { code: 'UNSUPPORTED_CHARSET', message: 'The request body charset is not supported' },
  'request.aborted': { code: 'REQUEST_ABORTED', message: 'The request was aborted' },
};

/** PostgreSQL errors that mean the caller sent something impossible rather than that we failed. */
const POSTGRES_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  '23505': { status: 409, code: 'ALREADY_EXISTS', message: 'This already exists' },
  '22P02': { status: 400, code: 'INVALID_IDENTIFIER', message: 'An identifier in the request is not valid' },
  '40001': { status: 409, code: 'CONCURRENT_UPDATE', message: 'Someone else changed this at the same time; try again' },
};

export function toErrorBody(exception: unknown): ErrorBody {
  if (exception instanceof DomainException) {
    return { statusCode: KIND_STATUS[exception.kind], code: exception.code, message: exception.message, details: exception.details };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    if (typeof response === 'object' && response && 'code' in response) {
      const body = response as Partial<ErrorBody>;
      return { statusCode: status, code: String(body.code), message: String(body.message ?? exception.message), details: body.details ?? {} };
    }
    // Nest turns body-parser's SyntaxError into a plain 400 carrying the parser's message.
    if (status === 400 && /JSON/.test(exception.message)) {
      return { statusCode: 400, code: 'MALFORMED_JSON', message: 'The request body is not valid JSON', details: {} };
    }
    const routeMissing = status === 404 && /^Cannot [A-Z]+ /.test(exception.message);
    return {
      statusCode: status,
      code: routeMissing ? 'ROUTE_NOT_FOUND' : (STATUS_CODE[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST')),
      message: routeMissing ? 'No such route' : exception.message,
      details: {},
    };
  }
  const error = exception as { type?: string; status?: number; code?: string; name?: string } | undefined;
  if (error?.type && BODY_PARSER_ERRORS[error.type]) {
    const known = BODY_PARSER_ERRORS[error.type];
    return { statusCode: error.status ?? 400, code: known.code, message: known.message, details: {} };
  }
  if (error?.name === 'QueryFailedError' && error.code && POSTGRES_ERRORS[error.code]) {
    const known = POSTGRES_ERRORS[error.code];
    return { statusCode: known.status, code: known.code, message: known.message, details: {} };
  }
  if (error?.name === 'OptimisticLockVersionMismatchError') {
    return { statusCode: 409, code: 'STALE_VERSION', message: 'This was changed since you loaded it', details: {} };
  }
  if (typeof error?.status === 'number' && error.status >= 400 && error.status < 500) {
    return { statusCode: error.status, code: STATUS_CODE[error.status] ?? 'BAD_REQUEST', message: 'The request could not be read', details: {} };
  }
  return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, code: 'INTERNAL_ERROR', message: 'Something went wrong on our side', details: {} };
}

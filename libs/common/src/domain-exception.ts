/**
 * A refusal decided by the domain. It carries a stable code that clients can rely on; the API's
 * global filter maps it to HTTP once, so services never import HTTP types.
 */
export type DomainErrorKind =
  | 'invalid' // 400
  | 'unauthenticated' // 401
  | 'forbidden' // 403
  | 'not_found' // 404
  | 'conflict' // 409
  | 'gone' // 410
  | 'too_large' // 413
  | 'unsupported' // 415
  | 'unprocessable' // 422
  | 'too_many'; // 429

export class DomainException extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainException';
  }
}

export const notFound = (entity: string, id?: string) =>
  new DomainException('not_found', `${entity.toUpperCase()}_NOT_FOUND`, `${entity} not found`, id ? { id } : {});

export const forbidden = (message = 'You are not allowed to do this') =>
  new DomainException('forbidden', 'FORBIDDEN', message);

import { BadRequestException, NotFoundException } from '@nestjs/common';
import { DomainException } from '@mosaic/common';
import { toErrorBody } from './error-body';

describe(toErrorBody.name, () => {
  it.each([
    [new DomainException('conflict', 'STALE_VERSION', 'Changed'), 409, 'STALE_VERSION'],
    [new DomainException('too_many', 'TOO_MANY_LOGIN_ATTEMPTS', 'Wait'), 429, 'TOO_MANY_LOGIN_ATTEMPTS'],
    [new BadRequestException({ code: 'VALIDATION_FAILED', message: 'bad', details: { fields: [] } }), 400, 'VALIDATION_FAILED'],
    [new BadRequestException('Unexpected token } in JSON at position 3'), 400, 'MALFORMED_JSON'],
    [new NotFoundException('Cannot GET /nowhere'), 404, 'ROUTE_NOT_FOUND'],
    [Object.assign(new Error('too big'), { type: 'entity.too.large', status: 413 }), 413, 'PAYLOAD_TOO_LARGE'],
    [Object.assign(new Error('dup'), { name: 'QueryFailedError', code: '23505' }), 409, 'ALREADY_EXISTS'],
    [new Error('database password is hunter2'), 500, 'INTERNAL_ERROR'],
  ])('%#: maps to %i %s', (exception, statusCode, code) => {
    const body = toErrorBody(exception);
    expect(body).toEqual({ statusCode, code, message: expect.any(String), details: expect.any(Object) });
  });

  it('never leaks an internal message', () => {
    expect(toErrorBody(new Error('database password is hunter2')).message).not.toContain('hunter2');
  });
});

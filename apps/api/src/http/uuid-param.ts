import { BadRequestException, ParseUUIDPipe } from '@nestjs/common';

/** Path ids are uuids; anything else is a 400 in the error shape, never a database error. */
export const uuidParam = new ParseUUIDPipe({
  exceptionFactory: () => new BadRequestException({ code: 'INVALID_ID', message: 'An id in the path is not a valid id' }),
});

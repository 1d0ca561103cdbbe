import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { AuditService } from '@mosaic/audit';
import { Role } from '@mosaic/identity';
import { Roles } from '../access/access.decorators';

export class ListAuditEventsQuery {
  @ApiPropertyOptional({ example: 'organisation' }) @IsOptional() @IsString() @MaxLength(40)
  entityType?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64)
  entityId?: string;

  @ApiPropertyOptional() @IsOptional() @IsUUID()
  actorUserId?: string;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' }) @IsOptional() @Matches(/^\d{1,18}$/)
  cursor?: string;

  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500)
  limit?: number;
}

@ApiTags('admin')
@Controller('api/admin/audit-events')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Roles(Role.Admin)
  @ApiOkResponse({ description: '{ items, nextCursor }, newest first' })
  list(@Query() query: ListAuditEventsQuery) {
    return this.audit.page({ ...query, limit: query.limit ?? 50 });
  }
}

import { Body, Controller, Get, HttpCode, Param, Patch, Post, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CallService, CreateCallDto, UpdateCallDto } from '@mosaic/applications';
import { AuthContext, Role } from '@mosaic/identity';
import { Auth, MosaicRequest, Public, Roles } from '../access/access.decorators';
import { uuidParam } from '../http/uuid-param';

@ApiTags('calls')
@Controller('api/calls')
export class CallsController {
  constructor(private readonly calls: CallService) {}

  @Get()
  @Public()
  @ApiOkResponse({ description: 'Open calls; with a bearer token an officer also gets her funder’s drafts and closed calls' })
  list(@Req() req: MosaicRequest) {
    return this.calls.list(req.auth ?? null);
  }

  @Get(':id')
  @Public()
  get(@Req() req: MosaicRequest, @Param('id', uuidParam) id: string) {
    return this.calls.get(req.auth ?? null, id);
  }

  @Post()
  @Roles(Role.Officer, Role.Admin)
  @ApiCreatedResponse({ description: 'A draft call with the default tiers, question sets and rubric unless given' })
  create(@Auth() auth: AuthContext, @Body() dto: CreateCallDto) {
    return this.calls.create(auth, dto);
  }

  @Patch(':id')
  @Roles(Role.Officer, Role.Admin)
  update(@Auth() auth: AuthContext, @Param('id', uuidParam) id: string, @Body() dto: UpdateCallDto) {
    return this.calls.update(auth, id, dto);
  }

  @Post(':id/publish')
  @Roles(Role.Officer, Role.Admin)
  @HttpCode(200)
  publish(@Auth() auth: AuthContext, @Param('id', uuidParam) id: string) {
    return this.calls.publish(auth, id);
  }
}

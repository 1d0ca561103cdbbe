import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { AuthContext, Role } from '@mosaic/identity';
import { ActivateGrantDto, GrantService, ListGrantsQuery, PreviewPlanDto, ReportingPolicyDto, ReportingPolicyService, UpdateGrantDto } from '@mosaic/reporting';
import { Auth, Roles } from '../access/access.decorators';
import { uuidParam } from '../http/uuid-param';

export class FunderQuery {
  @IsOptional() @IsUUID()
  funderId?: string;
}

@ApiTags('reporting')
@Controller('api')
export class ReportingController {
  constructor(
    private readonly policies: ReportingPolicyService,
    private readonly grants: GrantService,
  ) {}

  @Get('reporting/policy')
  @Roles(Role.Officer, Role.Admin)
  @ApiOkResponse({ description: 'The funder’s current policy (versioned) with the burden of each cell' })
  policy(@Auth() auth: AuthContext, @Query() query: FunderQuery) {
    return this.policies.describe(this.policies.funderFor(auth, query.funderId));
  }

  @Put('reporting/policy')
  @Roles(Role.Officer, Role.Admin)
  @ApiOkResponse({ description: 'The new version' })
  @ApiUnprocessableEntityResponse({ description: 'POLICY_INVALID: the problems, and for the burden check the figures of every cell over the warning level' })
  savePolicy(@Auth() auth: AuthContext, @Query() query: FunderQuery, @Body() dto: ReportingPolicyDto) {
    return this.policies.save(auth, this.policies.funderFor(auth, query.funderId), dto);
  }

  @Post('reporting/preview')
  @Roles(Role.Officer, Role.Admin)
  @HttpCode(200)
  @ApiOkResponse({ description: '{ tier, requirements: [{ kind, profile, dueDate }], instalments: [{ number, dueDate, amount }], burden: { hours, percentOfGrant } }' })
  preview(@Auth() auth: AuthContext, @Query() query: FunderQuery, @Body() dto: PreviewPlanDto) {
    return this.policies.preview(this.policies.funderFor(auth, query.funderId), dto);
  }

  @Post('applications/:id/grant')
  @Roles(Role.Officer, Role.Admin)
  @ApiCreatedResponse({ description: 'A direct grant (pending) for an approved application of a registered organisation' })
  createDirect(@Auth() auth: AuthContext, @Param('id', uuidParam) id: string) {
    return this.grants.createDirect(auth, id);
  }

  @Get('grants')
  @Roles(Role.Applicant, Role.LeadPartner, Role.Officer, Role.Admin)
  list(@Auth() auth: AuthContext, @Query() query: ListGrantsQuery) {
    return this.grants.list(auth, query);
  }

  @Get('grants/:id')
  @Roles(Role.Applicant, Role.LeadPartner, Role.Officer, Role.Admin)
  @ApiOkResponse({ description: 'The grant with its requirements, instalments and burden' })
  get(@Auth() auth: AuthContext, @Param('id', uuidParam) id: string) {
    return this.grants.detail(auth, id);
  }

  @Post('grants/:id/activate')
  @Roles(Role.Officer, Role.Admin)
  @HttpCode(200)
  @ApiOkResponse({ description: 'The grants started (a lead agreement starts with its members’ sub-grants)' })
  activate(@Auth() auth: AuthContext, @Param('id', uuidParam) id: string, @Body() dto: ActivateGrantDto) {
    return this.grants.activate(auth, id, dto);
  }

  @Patch('grants/:id')
  @Roles(Role.Officer, Role.Admin)
  @ApiOkResponse({ description: 'Re-planned: only requirements not yet delivered move' })
  update(@Auth() auth: AuthContext, @Param('id', uuidParam) id: string, @Body() dto: UpdateGrantDto) {
    return this.grants.update(auth, id, dto);
  }
}

import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { IsBoolean } from 'class-validator';
import { ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  AssignMentorDto,
  AuthContext,
  CreateOrganisationDto,
  InviteDto,
  ListOrganisationsQuery,
  OrganisationService,
  Role,
  UpdateOrganisationDto,
} from '@mosaic/identity';
import { Auth, Roles, SignedIn } from '../access/access.decorators';
import { uuidParam } from '../http/uuid-param';

const uuid = uuidParam;
const STAFF = [Role.Applicant, Role.LeadPartner, Role.Officer, Role.Admin];

export class AtRiskDto {
  @IsBoolean()
  atRisk: boolean;
}

@ApiTags('organisations')
@Controller('api/organisations')
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationService) {}

  @Get()
  @SignedIn()
  @ApiOkResponse({ description: 'The organisations the caller may see: her own, those she mentors; officers also see grassroots organisations' })
  list(@Auth() auth: AuthContext, @Query() query: ListOrganisationsQuery) {
    return this.organisations.list(auth, query);
  }

  @Get(':id')
  @SignedIn()
  @ApiNotFoundResponse({ description: 'Unknown, or not visible to the caller' })
  get(@Auth() auth: AuthContext, @Param('id', uuid) id: string) {
    return this.organisations.get(auth, id);
  }

  @Post()
  @Roles(Role.Admin)
  @ApiCreatedResponse({ description: 'The new organisation' })
  create(@Body() dto: CreateOrganisationDto) {
    return this.organisations.create(dto);
  }

  @Patch(':id')
  @Roles(...STAFF)
  @ApiOkResponse({ description: 'The updated organisation' })
  update(@Auth() auth: AuthContext, @Param('id', uuid) id: string, @Body() dto: UpdateOrganisationDto) {
    return this.organisations.update(auth, id, dto);
  }

  @Get(':id/memberships')
  @Roles(...STAFF)
  members(@Auth() auth: AuthContext, @Param('id', uuid) id: string) {
    return this.organisations.members(auth, id);
  }

  @Post(':id/invitations')
  @Roles(...STAFF)
  @ApiCreatedResponse({ description: 'A single-use invitation link is e-mailed' })
  invite(@Auth() auth: AuthContext, @Param('id', uuid) id: string, @Body() dto: InviteDto) {
    return this.organisations.invite(auth, id, dto);
  }

  @Delete(':id/memberships/:membershipId')
  @Roles(Role.Admin)
  @HttpCode(204)
  @ApiNoContentResponse()
  async removeMembership(@Param('id', uuid) id: string, @Param('membershipId', uuid) membershipId: string) {
    await this.organisations.removeMembership(id, membershipId);
  }

  @Put(':id/at-risk')
  @Roles(Role.Applicant, Role.LeadPartner, Role.Officer, Role.Admin)
  @ApiOkResponse({ description: 'Marked (or no longer) at risk: exports withhold its name, location below country and free text' })
  setAtRisk(@Auth() auth: AuthContext, @Param('id', uuid) id: string, @Body() dto: AtRiskDto) {
    return this.organisations.setAtRisk(auth, id, dto.atRisk);
  }

  @Post(':id/mentors')
  @Roles(Role.Officer, Role.Admin)
  @HttpCode(200)
  assignMentor(@Auth() auth: AuthContext, @Param('id', uuid) id: string, @Body() dto: AssignMentorDto) {
    return this.organisations.assignMentor(auth, id, dto.mentorUserId);
  }
}

import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiConflictResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApproveRunDto, ClusterService, ClusteringService, LeadPartnerProfileDto, ListClustersQuery, StartClusteringRunDto } from '@mosaic/clustering';
import { AuthContext, Role } from '@mosaic/identity';
import { Auth, Roles } from '../access/access.decorators';
import { uuidParam } from '../http/uuid-param';

@ApiTags('clustering')
@Controller('api')
export class ClusteringController {
  constructor(
    private readonly clustering: ClusteringService,
    private readonly clusterService: ClusterService,
  ) {}

  @Put('lead-partners/:organisationId/profile')
  @Roles(Role.LeadPartner, Role.Officer, Role.Admin)
  saveProfile(@Auth() auth: AuthContext, @Param('organisationId', uuidParam) organisationId: string, @Body() dto: LeadPartnerProfileDto) {
    return this.clustering.saveLeadProfile(auth, organisationId, dto);
  }

  @Post('calls/:id/clustering-runs')
  @Roles(Role.Officer, Role.Admin)
  @HttpCode(202)
  @ApiAcceptedResponse({ description: 'The run is queued; the worker solves it. Poll GET /api/clustering-runs/{id}.' })
  start(@Auth() auth: AuthContext, @Param('id', uuidParam) callId: string, @Body() dto: StartClusteringRunDto) {
    return this.clustering.startRun(auth, callId, dto);
  }

  @Get('clustering-runs/:id')
  @Roles(Role.Officer, Role.Admin)
  @ApiOkResponse({ description: 'The run: status, and once done the proposal (clusters with factors, reasons for every unplaced application)' })
  get(@Auth() auth: AuthContext, @Param('id', uuidParam) id: string) {
    return this.clustering.getRun(auth, id);
  }

  @Post('clustering-runs/:id/approve')
  @Roles(Role.Officer, Role.Admin)
  @HttpCode(201)
  @ApiConflictResponse({ description: 'RUN_ALREADY_APPROVED when another officer approved it first' })
  approve(@Auth() auth: AuthContext, @Param('id', uuidParam) id: string, @Body() dto: ApproveRunDto) {
    return this.clustering.approve(auth, id, dto.version);
  }

  @Get('calls/:id/clustering-runs')
  @Roles(Role.Officer, Role.Admin)
  @ApiOkResponse({ description: 'The call’s runs, newest first, without their problem and result' })
  runs(@Auth() auth: AuthContext, @Param('id', uuidParam) callId: string) {
    return this.clustering.listRuns(auth, callId);
  }

  @Get('clusters')
  @Roles(Role.LeadPartner, Role.Officer, Role.Admin)
  @ApiOkResponse({ description: 'Clusters the caller leads or whose call her funder runs, with members (withdrawn ones carry withdrawnAt)' })
  clusters(@Auth() auth: AuthContext, @Query() query: ListClustersQuery) {
    return this.clusterService.list(auth, query);
  }

  @Get('clusters/:id')
  @Roles(Role.LeadPartner, Role.Officer, Role.Admin)
  @ApiOkResponse({ description: 'One cluster with its members and grants (lead agreement and sub-grants)' })
  cluster(@Auth() auth: AuthContext, @Param('id', uuidParam) id: string) {
    return this.clusterService.get(auth, id);
  }
}

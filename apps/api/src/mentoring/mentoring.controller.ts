import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Res, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiPayloadTooLargeResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { Response } from 'express';
import { AuthContext, Role } from '@mosaic/identity';
import {
  AssessmentService,
  CapacityRulesDto,
  CapacityRulesService,
  DecideGraduationDto,
  EvidenceDto,
  FrameworkService,
  LogSessionDto,
  MentoringService,
  RecommendGraduationDto,
  SaveRatingsDto,
  ShareSessionDto,
  UpdateActionDto,
} from '@mosaic/mentoring';
import { Auth, Roles, SignedIn } from '../access/access.decorators';
import { uuidParam } from '../http/uuid-param';

const UPLOAD_LIMIT_BYTES = 100 * 1024 * 1024;
const MEMBERS = [Role.Applicant, Role.LeadPartner];
const READERS = [Role.Applicant, Role.LeadPartner, Role.Mentor, Role.Officer, Role.Admin];

@ApiTags('mentoring')
@Controller('api')
export class MentoringController {
  constructor(
    private readonly frameworks: FrameworkService,
    private readonly assessments: AssessmentService,
    private readonly mentoring: MentoringService,
    private readonly rules: CapacityRulesService,
  ) {}

  @Get('mentoring/frameworks')
  @SignedIn()
  @ApiOkResponse({ description: 'Capacity frameworks (versioned) with their domains, indicators, scales and the mapping onto the maturity scale' })
  async listFrameworks() {
    return (await this.frameworks.list()).map((f) => ({ id: f.id, ...f.document }));
  }

  @Get('mentoring/rules')
  @Roles(Role.Officer, Role.Mentor, Role.Admin)
  @ApiOkResponse({ description: 'The capacity rules that apply to the caller’s funder: when an organisation is low or high risk, and when it may lead a cluster' })
  async capacityRules(@Auth() auth: AuthContext) {
    return this.rules.forCaller(auth);
  }

  @Put('mentoring/rules')
  @Roles(Role.Officer)
  @ApiOkResponse({ description: 'A new version of the funder’s capacity rules' })
  saveRules(@Auth() auth: AuthContext, @Body() dto: CapacityRulesDto) {
    return this.rules.save(auth, dto);
  }

  @Post('organisations/:id/assessments')
  @Roles(...MEMBERS, Role.Mentor)
  startAssessment(@Auth() auth: AuthContext, @Param('id', uuidParam) id: string) {
    return this.assessments.start(auth, id);
  }

  @Get('organisations/:id/assessments')
  @Roles(...READERS)
  @ApiOkResponse({ description: 'Assessments over time with domain scores, risk and (once validated) lead-partner eligibility' })
  history(@Auth() auth: AuthContext, @Param('id', uuidParam) id: string) {
    return this.assessments.history(auth, id);
  }

  @Get('assessments/:id')
  @Roles(...READERS)
  async assessment(@Auth() auth: AuthContext, @Param('id', uuidParam) id: string) {
    const { assessment, framework, ratings, scores } = await this.assessments.get(auth, id);
    return { ...assessment, framework: { id: framework.id, code: framework.code, version: framework.version }, ratings, scores };
  }

  @Put('assessments/:id/ratings')
  @Roles(...MEMBERS, Role.Mentor)
  @ApiUnprocessableEntityResponse({ description: 'RATING_OUTSIDE_SCALE naming the indicator and the allowed values; COMMENT_REQUIRED when a mentor changes a rating without saying why' })
  rate(@Auth() auth: AuthContext, @Param('id', uuidParam) id: string, @Body() dto: SaveRatingsDto) {
    return this.assessments.rate(auth, id, dto);
  }

  @Post('assessments/:id/evidence')
  @Roles(...MEMBERS, Role.Mentor)
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: UPLOAD_LIMIT_BYTES, files: 1 } }))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file', 'indicator'], properties: { file: { type: 'string', format: 'binary' }, indicator: { type: 'string' } } } })
  @ApiPayloadTooLargeResponse({ description: 'FILE_TOO_LARGE; UNSUPPORTED_FILE_TYPE (415) for anything but pdf, jpg, png, docx or audio' })
  evidence(@Auth() auth: AuthContext, @Param('id', uuidParam) id: string, @Body() dto: EvidenceDto, @UploadedFile() file?: Express.Multer.File) {
    return this.assessments.attachEvidence(auth, id, dto.indicator, file ? { originalName: file.originalname, bytes: file.buffer } : undefined);
  }

  @Get('assessments/:id/evidence/:fileId')
  @Roles(...READERS)
  async evidenceFile(@Auth() auth: AuthContext, @Param('id', uuidParam) id: string, @Param('fileId', uuidParam) fileId: string, @Res({ passthrough: true }) res: Response) {
    const { file, bytes } = await this.assessments.openEvidence(auth, id, fileId);
    res.setHeader('Content-Type', file.mime);
    res.setHeader('Content-Disposition', `attachment; filename="${file.originalName.replace(/[^\w.\- ]/g, '_')}"`);
    res.setHeader('Cache-Control', 'private, no-store');
    return new StreamableFile(bytes);
  }

  @Post('assessments/:id/submit')
  @Roles(...MEMBERS)
  @HttpCode(200)
  submit(@Auth() auth: AuthContext, @Param('id', uuidParam) id: string) {
    return this.assessments.submit(auth, id);
  }

  @Post('assessments/:id/validate')
  @Roles(Role.Mentor)
  @HttpCode(200)
  @ApiOkResponse({ description: '{ assessment, riskLevel, replannedGrants }: a change of risk re-plans the organisation’s active grants' })
  validate(@Auth() auth: AuthContext, @Param('id', uuidParam) id: string) {
    return this.assessments.validate(auth, id);
  }

  @Post('organisations/:id/sessions')
  @Roles(Role.Mentor)
  logSession(@Auth() auth: AuthContext, @Param('id', uuidParam) id: string, @Body() dto: LogSessionDto) {
    return this.mentoring.logSession(auth, id, dto);
  }

  @Get('organisations/:id/sessions')
  @Roles(...READERS)
  @ApiOkResponse({ description: 'Sessions; notes only for the mentor, the organisation and admins, or where the organisation shared them' })
  sessions(@Auth() auth: AuthContext, @Param('id', uuidParam) id: string) {
    return this.mentoring.sessions(auth, id);
  }

  @Patch('sessions/:id/sharing')
  @Roles(...MEMBERS)
  share(@Auth() auth: AuthContext, @Param('id', uuidParam) id: string, @Body() dto: ShareSessionDto) {
    return this.mentoring.share(auth, id, dto.sharedWithFunder);
  }

  @Get('organisations/:id/actions')
  @Roles(...READERS)
  actions(@Auth() auth: AuthContext, @Param('id', uuidParam) id: string) {
    return this.mentoring.actions(auth, id);
  }

  @Patch('actions/:id')
  @Roles(...MEMBERS, Role.Mentor)
  updateAction(@Auth() auth: AuthContext, @Param('id', uuidParam) id: string, @Body() dto: UpdateActionDto) {
    return this.mentoring.updateAction(auth, id, dto);
  }

  @Post('organisations/:id/graduations')
  @Roles(Role.Mentor)
  @ApiUnprocessableEntityResponse({ description: 'NOT_YET_ELIGIBLE with every unmet condition' })
  recommend(@Auth() auth: AuthContext, @Param('id', uuidParam) id: string, @Body() dto: RecommendGraduationDto) {
    return this.mentoring.recommend(auth, id, dto);
  }

  @Get('graduations')
  @Roles(Role.Officer, Role.Admin)
  graduations(@Auth() auth: AuthContext) {
    return this.mentoring.pendingGraduations(auth);
  }

  @Post('graduations/:id/decision')
  @Roles(Role.Officer, Role.Admin)
  @HttpCode(200)
  decide(@Auth() auth: AuthContext, @Param('id', uuidParam) id: string, @Body() dto: DecideGraduationDto) {
    return this.mentoring.decide(auth, id, dto);
  }
}

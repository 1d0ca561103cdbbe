import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Res, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiPayloadTooLargeResponse, ApiTags, ApiUnprocessableEntityResponse, ApiUnsupportedMediaTypeResponse } from '@nestjs/swagger';
import { Response } from 'express';
import { Matches } from 'class-validator';
import { ApiProperty } from '@nestjs/swagger';
import {
  ApplicationService,
  AssignReviewerDto,
  DecideApplicationDto,
  ListApplicationsQuery,
  ReviewService,
  StartApplicationDto,
  UpdateApplicationDto,
} from '@mosaic/applications';
import { AuthContext, Role } from '@mosaic/identity';
import { Auth, Roles, SignedIn } from '../access/access.decorators';
import { uuidParam } from '../http/uuid-param';

const APPLYING = [Role.Applicant, Role.LeadPartner];
/** Multer stops reading past the limit (413); the files service checks the exact limit and the type. */
const UPLOAD_LIMIT_BYTES = 100 * 1024 * 1024;

export class AttachFileDto {
  @ApiProperty({ example: 'registration_document' }) @Matches(/^[a-z][a-z0-9_]{1,59}$/)
  questionKey: string;
}

@ApiTags('applications')
@Controller('api')
export class ApplicationsController {
  constructor(
    private readonly applications: ApplicationService,
    private readonly reviews: ReviewService,
  ) {}

  @Post('calls/:id/applications')
  @SignedIn()
  @ApiCreatedResponse({ description: 'A draft (or the organisation’s live application for this call)' })
  start(@Auth() auth: AuthContext, @Param('id', uuidParam) callId: string, @Body() dto: StartApplicationDto) {
    return this.applications.start(auth, callId, dto);
  }

  @Get('applications')
  @SignedIn()
  list(@Auth() auth: AuthContext, @Query() query: ListApplicationsQuery) {
    return this.applications.list(auth, query);
  }

  @Get('applications/:id')
  @SignedIn()
  @ApiOkResponse({ description: '{ application, problems }: problems lists what still stops a draft’s submission' })
  async get(@Auth() auth: AuthContext, @Param('id', uuidParam) id: string) {
    const application = await this.applications.get(auth, id);
    return { application, problems: application.status === 'draft' ? await this.applications.problems(application) : [] };
  }

  @Get('applications/:id/history')
  @SignedIn()
  history(@Auth() auth: AuthContext, @Param('id', uuidParam) id: string) {
    return this.applications.history(auth, id);
  }

  @Patch('applications/:id')
  @Roles(...APPLYING)
  @ApiOkResponse({ description: 'Saved draft; 409 STALE_VERSION when the version you sent is not the current one' })
  update(@Auth() auth: AuthContext, @Param('id', uuidParam) id: string, @Body() dto: UpdateApplicationDto) {
    return this.applications.update(auth, id, dto);
  }

  @Post('applications/:id/submit')
  @Roles(...APPLYING)
  @HttpCode(200)
  @ApiUnprocessableEntityResponse({ description: 'APPLICATION_INCOMPLETE with details.problems' })
  submit(@Auth() auth: AuthContext, @Param('id', uuidParam) id: string) {
    return this.applications.submit(auth, id);
  }

  @Post('applications/:id/withdraw')
  @Roles(...APPLYING)
  @HttpCode(200)
  withdraw(@Auth() auth: AuthContext, @Param('id', uuidParam) id: string) {
    return this.applications.withdraw(auth, id);
  }

  @Post('applications/:id/files')
  @Roles(...APPLYING)
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: UPLOAD_LIMIT_BYTES, files: 1 } }))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file', 'questionKey'], properties: { file: { type: 'string', format: 'binary' }, questionKey: { type: 'string' } } } })
  @ApiCreatedResponse({ description: '{ file, application }: the answer to the question now names the file' })
  @ApiPayloadTooLargeResponse({ description: 'FILE_TOO_LARGE (10 MB by default)' })
  @ApiUnsupportedMediaTypeResponse({ description: 'UNSUPPORTED_FILE_TYPE: pdf, jpg, png, docx, m4a, ogg or mp3, judged by content' })
  attachFile(@Auth() auth: AuthContext, @Param('id', uuidParam) id: string, @Body() dto: AttachFileDto, @UploadedFile() file?: Express.Multer.File) {
    return this.applications.attachFile(auth, id, dto.questionKey, file ? { originalName: file.originalname, bytes: file.buffer } : undefined);
  }

  @Get('applications/:id/files/:fileId')
  @SignedIn()
  @ApiOkResponse({ description: 'The file, to those who may read the application' })
  async downloadFile(@Auth() auth: AuthContext, @Param('id', uuidParam) id: string, @Param('fileId', uuidParam) fileId: string, @Res({ passthrough: true }) res: Response) {
    const { file, bytes } = await this.applications.openFile(auth, id, fileId);
    res.setHeader('Content-Type', file.mime);
    res.setHeader('Content-Disposition', `attachment; filename="${file.originalName.replace(/[^\w.\- ]/g, '_')}"`);
    res.setHeader('Cache-Control', 'private, no-store');
    return new StreamableFile(bytes);
  }

  @Post('applications/:id/decision')
  @Roles(Role.Officer, Role.Admin)
  @HttpCode(200)
  decide(@Auth() auth: AuthContext, @Param('id', uuidParam) id: string, @Body() dto: DecideApplicationDto) {
    return this.applications.decide(auth, id, dto);
  }

  @Post('applications/:id/reviews')
  @Roles(Role.Officer, Role.Admin)
  assignReviewer(@Auth() auth: AuthContext, @Param('id', uuidParam) id: string, @Body() dto: AssignReviewerDto) {
    return this.reviews.assign(auth, id, dto);
  }

  @Get('applications/:id/reviews')
  @Roles(Role.Officer, Role.Admin)
  @ApiOkResponse({ description: '{ aggregate, reviews }: the weighted rubric score and each review' })
  reviewSummary(@Auth() auth: AuthContext, @Param('id', uuidParam) id: string) {
    return this.reviews.summary(auth, id);
  }
}

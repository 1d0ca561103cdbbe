import { Body, Controller, Get, Header, HttpCode, Param, Post, Put, Query, Res, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiPayloadTooLargeResponse, ApiProduces, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { Response } from 'express';
import { AuthContext, Role } from '@mosaic/identity';
import { CORE_QUESTIONS, ExportReleasesQuery, InstalmentService, OPTIONAL_QUESTIONS, ReportQuestion, ReportService, RequestInstalmentDto, ReviewReportDto, SaveReportDto } from '@mosaic/reporting';
import { Auth, Roles } from '../access/access.decorators';
import { uuidParam } from '../http/uuid-param';

/** Multer stops reading past the limit (413); the files service checks the exact limit and the type. */
const UPLOAD_LIMIT_BYTES = 100 * 1024 * 1024;
const GRANT_READERS = [Role.Applicant, Role.LeadPartner, Role.Officer, Role.Admin];

export class VoiceNoteDto {
  @IsIn([...CORE_QUESTIONS, ...OPTIONAL_QUESTIONS])
  question: ReportQuestion;
}

@ApiTags('reporting')
@Controller('api')
export class ReportsController {
  constructor(
    private readonly reports: ReportService,
    private readonly instalments: InstalmentService,
  ) {}

  @Get('requirements/:id/report')
  @Roles(...GRANT_READERS)
  @ApiOkResponse({ description: '{ requirement, grant, report (null before the first save), form, canWrite, canReview }' })
  open(@Auth() auth: AuthContext, @Param('id', uuidParam) id: string) {
    return this.reports.open(auth, id);
  }

  @Put('requirements/:id/report')
  @Roles(Role.Applicant, Role.LeadPartner)
  @ApiOkResponse({ description: 'The draft; 409 after submission or acceptance, or on a stale version' })
  save(@Auth() auth: AuthContext, @Param('id', uuidParam) id: string, @Body() dto: SaveReportDto) {
    return this.reports.save(auth, id, dto);
  }

  @Post('requirements/:id/report/voice-notes')
  @Roles(Role.Applicant, Role.LeadPartner)
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: UPLOAD_LIMIT_BYTES, files: 1 } }))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file', 'question'], properties: { file: { type: 'string', format: 'binary' }, question: { type: 'string' } } } })
  @ApiPayloadTooLargeResponse({ description: 'FILE_TOO_LARGE: nothing already saved changes' })
  voiceNote(@Auth() auth: AuthContext, @Param('id', uuidParam) id: string, @Body() dto: VoiceNoteDto, @UploadedFile() file?: Express.Multer.File) {
    return this.reports.attachVoiceNote(auth, id, dto.question, file ? { originalName: file.originalname, bytes: file.buffer } : undefined);
  }

  @Get('requirements/:id/report/files/:fileId')
  @Roles(...GRANT_READERS)
  async file(@Auth() auth: AuthContext, @Param('id', uuidParam) id: string, @Param('fileId', uuidParam) fileId: string, @Res({ passthrough: true }) res: Response) {
    const { file, bytes } = await this.reports.openFile(auth, id, fileId);
    res.setHeader('Content-Type', file.mime);
    res.setHeader('Content-Disposition', `attachment; filename="${file.originalName.replace(/[^\w.\- ]/g, '_')}"`);
    res.setHeader('Cache-Control', 'private, no-store');
    return new StreamableFile(bytes);
  }

  @Post('requirements/:id/report/submit')
  @Roles(Role.Applicant, Role.LeadPartner)
  @HttpCode(200)
  @ApiUnprocessableEntityResponse({ description: 'ANSWERS_MISSING, SPEND_MISSING, or REALLOCATION_OVER_TOLERANCE naming the line' })
  submit(@Auth() auth: AuthContext, @Param('id', uuidParam) id: string) {
    return this.reports.submit(auth, id);
  }

  @Post('requirements/:id/review')
  @Roles(Role.LeadPartner, Role.Officer, Role.Admin)
  @HttpCode(200)
  @ApiOkResponse({ description: 'Accepted or returned (with a comment); for a call, visit or audit, accepting records it as done' })
  review(@Auth() auth: AuthContext, @Param('id', uuidParam) id: string, @Body() dto: ReviewReportDto) {
    return this.reports.review(auth, id, dto);
  }

  @Post('instalments/:id/request')
  @Roles(Role.Applicant, Role.LeadPartner)
  @HttpCode(200)
  @ApiUnprocessableEntityResponse({ description: 'SPEND_BELOW_THRESHOLD: less than the policy’s share of the previous instalment spent' })
  request(@Auth() auth: AuthContext, @Param('id', uuidParam) id: string, @Body() dto: RequestInstalmentDto) {
    return this.instalments.request(auth, id, dto);
  }

  @Post('instalments/:id/release')
  @Roles(Role.LeadPartner, Role.Officer, Role.Admin)
  @HttpCode(200)
  release(@Auth() auth: AuthContext, @Param('id', uuidParam) id: string) {
    return this.instalments.release(auth, id);
  }

  @Get('instalments/releases.csv')
  @Roles(Role.LeadPartner, Role.Officer, Role.Admin)
  @ApiProduces('text/csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="instalment-releases.csv"')
  @ApiOkResponse({ description: 'Every release in the caller’s scope, for the finance system' })
  releases(@Auth() auth: AuthContext, @Query() query: ExportReleasesQuery) {
    return this.instalments.exportReleases(auth, query);
  }
}

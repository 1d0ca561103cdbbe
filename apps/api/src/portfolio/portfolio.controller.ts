import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { Response } from 'express';
import { AuthContext, Role } from '@mosaic/identity';
import { IatiExportService, PortfolioExportService } from '@mosaic/portfolio';
import { Auth, Roles } from '../access/access.decorators';

export class ThreeSixtyGivingQuery {
  @IsOptional() @IsUUID() callId?: string;
  @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/) from?: string;
  @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/) to?: string;
  @IsOptional() @IsIn(['json', 'csv']) format?: 'json' | 'csv';
}

export class IatiQuery {
  @IsUUID() clusterId: string;
}

@ApiTags('portfolio')
@Controller('api/portfolio')
export class PortfolioController {
  constructor(
    private readonly exports: PortfolioExportService,
    private readonly iati: IatiExportService,
  ) {}

  @Get('exports/360giving')
  @Roles(Role.Officer, Role.Board, Role.Admin)
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ description: 'A 360Giving 1.4 package (JSON) or flat CSV for a call or a date range; at-risk organisations withheld (X-Withheld-Organisations says how many)' })
  async threeSixtyGiving(@Auth() auth: AuthContext, @Query() query: ThreeSixtyGivingQuery, @Res({ passthrough: true }) res: Response) {
    const result = await this.exports.threeSixtyGiving(auth, query);
    res.setHeader('X-Withheld-Organisations', String(result.withheld));
    if (result.format === 'csv') {
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', 'attachment; filename="360giving.csv"');
      return result.body;
    }
    res.setHeader('Content-Disposition', 'attachment; filename="360giving.json"');
    return result.body;
  }

  @Get('exports/iati')
  @Roles(Role.Officer, Role.Board, Role.Admin)
  @ApiProduces('application/xml')
  @ApiOkResponse({ description: 'A cluster as an IATI 2.03 activity (XML), valid against the IATI XSD; at-risk organisations withheld (X-Withheld-Organisations says how many)' })
  async iatiActivity(@Auth() auth: AuthContext, @Query() query: IatiQuery, @Res({ passthrough: true }) res: Response) {
    const result = await this.iati.activity(auth, query.clusterId);
    res.setHeader('X-Withheld-Organisations', String(result.withheld));
    res.setHeader('Content-Type', 'application/xml; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="iati-${query.clusterId}.xml"`);
    return result.body;
  }
}

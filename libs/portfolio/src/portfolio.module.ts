import { Module } from '@nestjs/common';
import { IatiExportService } from './iati-export.service';
import { PortfolioExportService } from './portfolio-export.service';
import { PortfolioService } from './portfolio.service';

/** The donor's portfolio: open-data exports (360Giving now; IATI and the portfolio pages next). */
@Module({
  providers: [PortfolioExportService, PortfolioService, IatiExportService],
  exports: [PortfolioExportService, PortfolioService, IatiExportService],
})
export class PortfolioModule {}

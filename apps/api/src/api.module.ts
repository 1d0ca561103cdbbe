import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { ApplicationsModule } from '@mosaic/applications';
import { AuditModule } from '@mosaic/audit';
import { ClusteringModule } from '@mosaic/clustering';
import { ReportingModule } from '@mosaic/reporting';
import { MentoringModule } from '@mosaic/mentoring';
import { PortfolioModule } from '@mosaic/portfolio';
import { CommonModule } from '@mosaic/common';
import { AppConfig, ConfigModule } from '@mosaic/config';
import { I18nModule } from '@mosaic/i18n';
import { IdentityModule } from '@mosaic/identity';
import { QueueModule } from '@mosaic/queue';
import { dataSourceOptions } from '@mosaic/schema';
import { AccessGuard } from './access/access.guard';
import { Csrf } from './access/csrf';
import { RouteAccessCheck } from './access/route-access.check';
import { ApplicationsController } from './applications/applications.controller';
import { CallsController } from './applications/calls.controller';
import { ReviewsController } from './applications/reviews.controller';
import { AuditController } from './audit/audit.controller';
import { ClusteringController } from './clustering/clustering.controller';
import { ReportingController } from './reporting/reporting.controller';
import { ReportsController } from './reporting/reports.controller';
import { MentoringController } from './mentoring/mentoring.controller';
import { PortfolioController } from './portfolio/portfolio.controller';
import { AuthController } from './auth/auth.controller';
import { HealthController } from './health/health.controller';
import { ErrorFilter } from './http/error.filter';
import { loggerOptions } from './http/logger-options';
import { OrganisationsController } from './organisations/organisations.controller';
import { PageContext } from './pages/page-context';
import { ApplicationPagesController } from './pages/application-pages.controller';
import { ClusteringPagesController } from './pages/clustering-pages.controller';
import { ReportingPagesController } from './pages/reporting-pages.controller';
import { MentoringPagesController } from './pages/mentoring-pages.controller';
import { PortfolioPagesController } from './pages/portfolio-pages.controller';
import { OfficerPagesController } from './pages/officer-pages.controller';
import { PagesController } from './pages/pages.controller';
import { ReviewPagesController } from './pages/review-pages.controller';

@Module({
  imports: [
    ConfigModule.forRoot(),
    CommonModule,
    I18nModule,
    LoggerModule.forRootAsync({ inject: [AppConfig], useFactory: loggerOptions }),
    TypeOrmModule.forRootAsync({ inject: [AppConfig], useFactory: (config: AppConfig) => dataSourceOptions(config.databaseUrl) }),
    QueueModule,
    AuditModule,
    IdentityModule,
    ApplicationsModule,
    ClusteringModule,
    ReportingModule,
    MentoringModule,
    PortfolioModule,
    DiscoveryModule,
  ],
  controllers: [
    AuthController,
    OrganisationsController,
    CallsController,
    ApplicationsController,
    ReviewsController,
    ClusteringController,
    ReportingController,
    ReportsController,
    MentoringController,
    PortfolioController,
    AuditController,
    HealthController,
    PagesController,
    ApplicationPagesController,
    ReviewPagesController,
    OfficerPagesController,
    ClusteringPagesController,
    ReportingPagesController,
    MentoringPagesController,
    PortfolioPagesController,
  ],
  providers: [
    { provide: Csrf, inject: [AppConfig], useFactory: (config: AppConfig) => new Csrf(config) },
    PageContext,
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: APP_FILTER, useClass: ErrorFilter },
    RouteAccessCheck,
  ],
})
export class ApiModule {}

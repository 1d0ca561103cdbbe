import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { AuditModule } from '@mosaic/audit';
import { ClusteringWorkerModule } from '@mosaic/clustering';
import { CommonModule } from '@mosaic/common';
import { AppConfig, ConfigModule } from '@mosaic/config';
import { I18nModule } from '@mosaic/i18n';
import { MailWorkerModule } from '@mosaic/mail';
import { MentoringWorkerModule } from '@mosaic/mentoring';
import { QueueModule } from '@mosaic/queue';
import { ReportingWorkerModule } from '@mosaic/reporting';
import { dataSourceOptions } from '@mosaic/schema';
import { JobSchedules } from './job-schedules';
import { JobCoverageCheck } from './job-coverage.check';

/** No HTTP: BullMQ processors only. */
@Module({
  imports: [
    ConfigModule.forRoot(),
    CommonModule,
    I18nModule,
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ pinoHttp: { level: config.logLevel } }),
    }),
    TypeOrmModule.forRootAsync({ inject: [AppConfig], useFactory: (config: AppConfig) => dataSourceOptions(config.databaseUrl) }),
    QueueModule,
    AuditModule,
    DiscoveryModule,
    MailWorkerModule,
    ClusteringWorkerModule,
    ReportingWorkerModule,
    MentoringWorkerModule,
  ],
  providers: [JobCoverageCheck, JobSchedules],
})
export class WorkerModule {}

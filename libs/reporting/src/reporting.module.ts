import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApplicationsModule } from '@mosaic/applications';
import { CLUSTERING_ENTITIES } from '@mosaic/clustering';
import { FilesModule } from '@mosaic/files';
import { MailModule } from '@mosaic/mail';
import { REPORTING_ENTITIES } from './entities';
import { GrantService } from './grants/grant.service';
import { InstalmentService } from './instalments/instalment.service';
import { ReportService } from './reports/report.service';
import { ReminderScheduler } from './reminders/reminder-scheduler';
import { ReminderProcessor } from './reminders/reminder.processor';
import { ReminderService } from './reminders/reminder.service';
import { ReminderMaterialiser } from './reminders/reminder-window';
import { ReportingPolicyService } from './reporting-policy.service';

/** Policies, grants and their plans, reports and instalments (api and worker). */
@Module({
  imports: [TypeOrmModule.forFeature([...REPORTING_ENTITIES, ...CLUSTERING_ENTITIES]), ApplicationsModule, MailModule, FilesModule],
  providers: [ReportingPolicyService, GrantService, ReminderScheduler, ReminderMaterialiser, ReminderService, ReportService, InstalmentService],
  exports: [ReportingPolicyService, GrantService, ReminderScheduler, ReminderMaterialiser, ReminderService, ReportService, InstalmentService],
})
export class ReportingModule {}

/** Sending reminders and sweeping them (worker only). */
@Module({
  imports: [ReportingModule],
  providers: [ReminderProcessor],
})
export class ReportingWorkerModule {}

import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FilesModule } from '@mosaic/files';
import { MailModule } from '@mosaic/mail';
import { ReportingModule } from '@mosaic/reporting';
import { ActionReminderProcessor } from './actions/action-reminder.processor';
import { ActionReminderService } from './actions/action-reminder.service';
import { AssessmentService } from './assessments/assessment.service';
import { MENTORING_ENTITIES } from './entities';
import { FrameworkService } from './frameworks/framework.service';
import { MentoringAccess } from './mentoring-access';
import { CapacityRulesService } from './rules/capacity-rules.service';
import { MentoringService } from './sessions/mentoring.service';

/** Capacity frameworks, assessments, sessions, actions and graduation (api and worker). */
@Module({
  imports: [TypeOrmModule.forFeature(MENTORING_ENTITIES), FilesModule, ReportingModule],
  providers: [FrameworkService, MentoringAccess, AssessmentService, MentoringService, CapacityRulesService],
  exports: [FrameworkService, MentoringAccess, AssessmentService, MentoringService, CapacityRulesService],
})
export class MentoringModule {}

/** Reminding owners of overdue actions (worker only). */
@Module({
  imports: [MailModule],
  providers: [ActionReminderService, ActionReminderProcessor],
  exports: [ActionReminderService],
})
export class MentoringWorkerModule {}

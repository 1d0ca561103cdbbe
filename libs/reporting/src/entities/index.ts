import { InstalmentEntity } from './instalment.entity';
import { ReminderWatermarkEntity } from './reminder-watermark.entity';
import { ReminderEntity } from './reminder.entity';
import { ReportRequirementEntity } from './report-requirement.entity';
import { ReportEntity } from './report.entity';
import { ReportingPolicyEntity } from './reporting-policy.entity';

export * from './instalment.entity';
export * from './reminder-watermark.entity';
export * from './reminder.entity';
export * from './report-requirement.entity';
export * from './report.entity';
export * from './reporting-policy.entity';

export const REPORTING_ENTITIES = [ReportingPolicyEntity, ReportRequirementEntity, ReminderEntity, ReminderWatermarkEntity, InstalmentEntity, ReportEntity];

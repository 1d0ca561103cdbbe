import { JobsOptions } from 'bullmq';

/** Every queue Mosaic uses; exactly one processor consumes each. */
export enum QueueName {
  Email = 'email',
  Clustering = 'clustering',
  Reporting = 'reporting',
  Mentoring = 'mentoring',
}

/** Every job Mosaic runs; the worker refuses to start if one has no handler. */
export enum JobName {
  SendEmail = 'send-email',
  SweepOutbox = 'sweep-outbox',
  SolveClustering = 'solve-clustering',
  SendReminder = 'send-reminder',
  SweepReminders = 'sweep-reminders',
  SweepOverdueActions = 'sweep-overdue-actions',
}

export interface SendEmailJob {
  emailId: string;
}
export type SweepOutboxJob = Record<string, never>;
export interface SolveClusteringJob {
  runId: string;
}
export interface SendReminderJob {
  reminderId: string;
}
export type SweepRemindersJob = Record<string, never>;
export type SweepOverdueActionsJob = Record<string, never>;

/** The payload of each job, beside its name. */
export interface JobPayloads {
  [JobName.SendEmail]: SendEmailJob;
  [JobName.SweepOutbox]: SweepOutboxJob;
  [JobName.SolveClustering]: SolveClusteringJob;
  [JobName.SendReminder]: SendReminderJob;
  [JobName.SweepReminders]: SweepRemindersJob;
  [JobName.SweepOverdueActions]: SweepOverdueActionsJob;
}

export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.SendEmail]: QueueName.Email,
  [JobName.SweepOutbox]: QueueName.Email,
  [JobName.SolveClustering]: QueueName.Clustering,
  [JobName.SendReminder]: QueueName.Reporting,
  [JobName.SweepReminders]: QueueName.Reporting,
  [JobName.SweepOverdueActions]: QueueName.Mentoring,
};

const KEEP_FINISHED = { removeOnComplete: { age: 24 * 3600, count: 1000 }, removeOnFail: { age: 7 * 24 * 3600 } };

export const EMAIL_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 5_000 },
  ...KEEP_FINISHED,
};
export const SWEEP_JOB_OPTIONS: JobsOptions = { attempts: 1, ...KEEP_FINISHED };

/** A solve is deterministic and its run row records failure: retrying would repeat the same minutes. */
export const CLUSTERING_JOB_OPTIONS: JobsOptions = { attempts: 2, backoff: { type: 'fixed', delay: 5_000 }, ...KEEP_FINISHED };

/** A reminder job only claims a row in PostgreSQL: retrying is always safe. */
export const REMINDER_JOB_OPTIONS: JobsOptions = { attempts: 6, backoff: { type: 'exponential', delay: 2_000 }, removeOnComplete: true, removeOnFail: { age: 7 * 24 * 3600 } };

export const JOB_OPTIONS: Record<JobName, JobsOptions> = {
  [JobName.SendEmail]: EMAIL_JOB_OPTIONS,
  [JobName.SweepOutbox]: SWEEP_JOB_OPTIONS,
  [JobName.SolveClustering]: CLUSTERING_JOB_OPTIONS,
  [JobName.SendReminder]: REMINDER_JOB_OPTIONS,
  [JobName.SweepReminders]: SWEEP_JOB_OPTIONS,
  [JobName.SweepOverdueActions]: SWEEP_JOB_OPTIONS,
};


/** BullMQ rejects ':' in custom ids; business keys are joined with '-'. */
export function jobId(...parts: (string | number)[]): string {
  return parts.map((part) => String(part).replace(/:/g, '_')).join('-');
}

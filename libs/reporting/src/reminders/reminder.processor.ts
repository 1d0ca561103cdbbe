import { Processor } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { CatalogueWorker, JobName, QueueName, SendReminderJob } from '@mosaic/queue';
import { ReminderService } from './reminder.service';

/** Reminders and their sweep (worker). Several workers may run: the database decides who sends. */
@Processor(QueueName.Reporting, { concurrency: 8 })
export class ReminderProcessor extends CatalogueWorker {
  constructor(private readonly reminders: ReminderService) {
    super();
  }

  readonly handlers = {
    [JobName.SendReminder]: (job: Job<SendReminderJob>) => this.reminders.process(job.data.reminderId),
    [JobName.SweepReminders]: () => this.reminders.sweep(),
  };
}

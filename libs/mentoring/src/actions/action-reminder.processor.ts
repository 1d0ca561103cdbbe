import { Processor } from '@nestjs/bullmq';
import { CatalogueWorker, JobName, QueueName } from '@mosaic/queue';
import { ActionReminderService } from './action-reminder.service';

/** The overdue-action sweep (worker). Several workers may run it at once: the database decides who sends. */
@Processor(QueueName.Mentoring, { concurrency: 1 })
export class ActionReminderProcessor extends CatalogueWorker {
  constructor(private readonly reminders: ActionReminderService) {
    super();
  }

  readonly handlers = {
    [JobName.SweepOverdueActions]: () => this.reminders.sweep(),
  };
}

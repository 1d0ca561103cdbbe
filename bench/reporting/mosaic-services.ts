import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { Clock, SystemClock } from '@mosaic/common';
import { AppConfig } from '@mosaic/config';
import { Translator } from '@mosaic/i18n';
import { MailOutbox, MailTemplates, OutboundEmailEntity } from '@mosaic/mail';
import { bullConnection, JobProducer, QueueName } from '@mosaic/queue';
import { ReminderMaterialiser, ReminderScheduler, ReminderService } from '@mosaic/reporting';

/** The configuration with another key prefix or reminder horizon (the class keeps its getters). */
export function configWith(config: AppConfig, changes: { prefix?: string; horizonMs?: number }): AppConfig {
  return Object.assign(Object.create(AppConfig.prototype) as AppConfig, config, {
    redis: { ...config.redis, prefix: changes.prefix ?? config.redis.prefix },
    reminders: { ...config.reminders, horizonMs: changes.horizonMs ?? config.reminders.horizonMs },
  });
}

/**
 * Mosaic's own reminder classes wired by hand, as QueueModule and ReportingModule wire them in Nest:
 * the same queues, key prefix, job options and code paths, without booting the api or the worker.
 */
/** The system clock moved by a fixed offset: the portfolio seen some weeks on. */
export class ShiftedClock extends Clock {
  constructor(private readonly offsetMs: number) {
    super();
  }
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

export class MosaicReminders {
  readonly queues: Record<QueueName, Queue>;
  readonly producer: JobProducer;
  readonly scheduler: ReminderScheduler;
  readonly service: ReminderService;
  readonly bullPrefix: string;

  constructor(
    readonly dataSource: DataSource,
    readonly config: AppConfig,
    clock: Clock = new SystemClock(),
  ) {
    const connection = bullConnection(config.redis);
    this.bullPrefix = `${config.redis.prefix}-bull`;
    const queue = (name: QueueName) => new Queue(name, { connection, prefix: this.bullPrefix });
    this.queues = Object.fromEntries(Object.values(QueueName).map((name) => [name, queue(name)])) as Record<QueueName, Queue>;
    this.producer = new JobProducer(this.queues[QueueName.Email], this.queues[QueueName.Clustering], this.queues[QueueName.Reporting], this.queues[QueueName.Mentoring]);
    this.scheduler = new ReminderScheduler(dataSource, this.producer, config);
    const outbox = new MailOutbox(new MailTemplates(), this.producer, dataSource.getRepository(OutboundEmailEntity));
    this.service = new ReminderService(dataSource, outbox, new Translator(), this.scheduler, new ReminderMaterialiser(dataSource, config, clock), config, clock);
  }

  /** Reminder jobs Redis holds, delayed or ready. */
  async reminderJobsInRedis(): Promise<number> {
    const counts = await this.queues[QueueName.Reporting].getJobCounts('delayed', 'waiting', 'prioritized');
    return Object.values(counts).reduce((sum, n) => sum + n, 0);
  }

  async close(): Promise<void> {
    await Promise.all(Object.values(this.queues).map((q) => q.close()));
  }
}

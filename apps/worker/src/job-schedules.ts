import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@mosaic/config';
import { JOB_OPTIONS, JobName, JobProducer } from '@mosaic/queue';


/**
 * Declares the repeatable sweepers at start and re-declares them periodically: Redis here keeps
 * nothing on disk, and a FLUSHALL or restart would otherwise remove the schedules until the next
 * deploy. Upserting is idempotent, so several workers doing it is harmless. The timer only re-declares
 * schedules; all work runs as BullMQ jobs.
 */
@Injectable()
export class JobSchedules implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(JobSchedules.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly producer: JobProducer,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap() {
    await this.declare();
    this.timer = setInterval(() => {
      this.declare().catch((error: unknown) => this.logger.warn(`Could not re-declare schedules: ${String(error)}`));
    }, this.config.scheduleRefreshMs);
    this.timer.unref();
  }

  onApplicationShutdown() {
    clearInterval(this.timer);
  }

  /** Repeatable jobs and their period. */
  private schedules(): { name: JobName; everyMs: number }[] {
    return [
      { name: JobName.SweepOutbox, everyMs: this.config.outboxSweepMs },
      { name: JobName.SweepReminders, everyMs: this.config.reminders.sweepMs },
      { name: JobName.SweepOverdueActions, everyMs: this.config.actionSweepMs },
    ];
  }

  async declare(): Promise<void> {
    for (const schedule of this.schedules()) {
      await this.producer
        .queue(schedule.name)
        .upsertJobScheduler(schedule.name, { every: schedule.everyMs }, { name: schedule.name, data: {}, opts: JOB_OPTIONS[schedule.name] });
    }
  }
}

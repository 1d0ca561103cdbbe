import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { JOB_OPTIONS, JobName, JobProducer, OUTBOX_SWEEP_EVERY_MS } from '@mosaic/queue';

/** Repeatable sweepers, (re)declared at every start: idempotent, and restored after Redis loses them. */
@Injectable()
export class JobSchedules implements OnApplicationBootstrap {
  constructor(private readonly producer: JobProducer) {}

  async onApplicationBootstrap() {
    await this.producer
      .queue(JobName.SweepOutbox)
      .upsertJobScheduler(
        JobName.SweepOutbox,
        { every: OUTBOX_SWEEP_EVERY_MS },
        { name: JobName.SweepOutbox, data: {}, opts: JOB_OPTIONS[JobName.SweepOutbox] },
      );
  }
}

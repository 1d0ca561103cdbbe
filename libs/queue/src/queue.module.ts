import { BullModule } from '@nestjs/bullmq';
import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis, { Cluster } from 'ioredis';
import { AppConfig } from '@mosaic/config';
import { QueueName } from './job-catalogue';
import { JobProducer } from './job-producer';
import { bullConnection, createRedisConnection } from './redis-connection';

/** A general-purpose Redis client (throttling, health); BullMQ opens its own connections. */
export const REDIS_CLIENT = Symbol('REDIS_CLIENT');
export type RedisClient = Redis | Cluster;

@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        connection: bullConnection(config.redis),
        prefix: `${config.redis.prefix}-bull`,
      }),
    }),
    BullModule.registerQueue(...Object.values(QueueName).map((name) => ({ name }))),
  ],
  providers: [
    JobProducer,
    {
      provide: REDIS_CLIENT,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => createRedisConnection(config.redis, { maxRetriesPerRequest: 2 }),
    },
  ],
  exports: [JobProducer, REDIS_CLIENT, BullModule],
})
export class QueueModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CLIENT) private readonly redis: RedisClient) {}

  async onApplicationShutdown() {
    await this.redis.quit().catch(() => undefined);
  }
}

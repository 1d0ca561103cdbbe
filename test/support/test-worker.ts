import { WorkerHost } from '@nestjs/bullmq';
import { DiscoveryService } from '@nestjs/core';
import { Test, TestingModule } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import { PARAMS_PROVIDER_TOKEN } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { AppConfig } from '@mosaic/config';
import { JobProducer, REDIS_CLIENT, RedisClient } from '@mosaic/queue';
import { WorkerModule } from '../../apps/worker/src/worker.module';

/** The real worker module on the test's database and Redis prefix. */
export async function startTestWorker(
  config: AppConfig,
  customise: (builder: ReturnType<typeof Test.createTestingModule>) => ReturnType<typeof Test.createTestingModule> = (b) => b,
): Promise<TestingModule> {
  const builder = Test.createTestingModule({ imports: [WorkerModule] })
    .overrideProvider(AppConfig)
    .useValue(config)
    .overrideProvider(PARAMS_PROVIDER_TOKEN)
    .useValue({ pinoHttp: { level: 'silent' } });
  const worker = await customise(builder).compile();
  try {
    await worker.init();
  } catch (error) {
    // Nest cannot close a context whose start failed, and the real worker simply exits; a test
    // process lives on, so close what the refused start had opened.
    const bullWorkers = worker
      .get(DiscoveryService)
      .getProviders()
      .map((wrapper) => wrapper.instance as unknown)
      .filter((instance): instance is WorkerHost => instance instanceof WorkerHost)
      .map((host) => {
        try {
          return host.worker.close();
        } catch {
          return Promise.resolve(); // never started
        }
      });
    await Promise.allSettled([
      ...bullWorkers,
      worker.get<DataSource>(getDataSourceToken()).destroy(),
      worker.get<RedisClient>(REDIS_CLIENT).quit(),
      ...worker.get(JobProducer).allQueues().map((queue) => queue.close()),
    ]);
    throw error;
  }
  return worker;
}

import { Test, TestingModule } from '@nestjs/testing';
import { PARAMS_PROVIDER_TOKEN } from 'nestjs-pino';
import { AppConfig } from '@mosaic/config';
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
  worker.enableShutdownHooks();
  await worker.init();
  return worker;
}

import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppConfig, ConfigError, loadConfigFromProcess } from '@mosaic/config';
import { prepareDatabase } from '@mosaic/database';
import { dataSourceOptions } from '@mosaic/schema';
import { WorkerModule } from './worker.module';

async function bootstrap() {
  let config: AppConfig;
  try {
    config = loadConfigFromProcess();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  await prepareDatabase(dataSourceOptions(config.databaseUrl));
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  // SIGTERM/SIGINT: BullMQ workers finish their current jobs, then connections close.
  app.enableShutdownHooks();
  await app.init();
  app.get(Logger).log('Mosaic worker started');
}

void bootstrap().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

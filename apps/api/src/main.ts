import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppConfig, ConfigError, loadConfigFromProcess } from '@mosaic/config';
import { prepareDatabase } from '@mosaic/database';
import { dataSourceOptions } from '@mosaic/schema';
import { ApiModule } from './api.module';
import { configureApp } from './configure-app';

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
  const app = await NestFactory.create<NestExpressApplication>(ApiModule, { bodyParser: false, bufferLogs: true });
  configureApp(app);
  await app.listen(config.port);
}

void bootstrap().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig } from './app-config';
import { loadConfigFromProcess } from './load-config';

@Global()
@Module({})
export class ConfigModule {
  /** Pass a ready config (tests, scripts) or let it be read from the environment. */
  static forRoot(config?: AppConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: AppConfig, useFactory: () => config ?? loadConfigFromProcess() }],
      exports: [AppConfig],
    };
  }
}

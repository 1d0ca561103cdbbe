import { DataSource } from 'typeorm';
import { loadConfigFromProcess } from '@mosaic/config';
import { dataSourceOptions } from './data-source-options';

/** For the TypeORM CLI (npm run db:migration:generate / db:check). */
export default new DataSource(dataSourceOptions(loadConfigFromProcess().databaseUrl));

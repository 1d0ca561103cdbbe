export * from './job-catalogue';
export * from './job-producer';
export * from './queue.module';
export * from './redis-connection';
export * from './catalogue-worker';

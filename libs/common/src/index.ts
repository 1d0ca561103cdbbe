export * from './domain-exception';
export * from './request-context';
export * from './pagination';
export * from './clock';
export * from './common.module';

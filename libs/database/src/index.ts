export * from './prepare-database';
export * from './snake-naming.strategy';
export * from './column-transformers';

export * from './frameworks/framework.types';
export * from './rules/capacity.rules';
export * from './entities';

export * from './assignment.evaluate';
export * from './assignment.heuristic';
export * from './assignment.milp';
export * from './assignment.solver';
export * from './assignment.types';
export * from './domain.compiler';
export * from './domain.types';
export * from './problem-validation';

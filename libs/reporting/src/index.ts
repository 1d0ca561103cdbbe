export * from './policy/reporting-policy.types';
export * from './policy/default-policy';
export * from './policy/policy.rules';
export * from './planning/civil-date';
export * from './planning/plan-reports';

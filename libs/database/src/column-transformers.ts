import { ValueTransformer } from 'typeorm';

/**
 * pg returns bigint and numeric columns as strings (they may exceed 2^53). Money in minor units and
 * rates stay well inside Number's exact range, so entities read them as numbers.
 */
export const NUMBER_COLUMN: ValueTransformer = {
  to: (value?: number | null) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

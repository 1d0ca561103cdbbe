import { ClassConstructor, plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';

export type FieldErrors = Record<string, string>;

/** Validates a posted form against the same DTO as the API, keeping one message per field for display. */
export async function validateForm<T extends object>(
  dto: ClassConstructor<T>,
  body: unknown,
): Promise<{ value: T; errors: FieldErrors | null }> {
  const value = plainToInstance(dto, body ?? {});
  const failures = await validate(value, { whitelist: true, forbidNonWhitelisted: false });
  if (failures.length === 0) return { value, errors: null };
  const errors: FieldErrors = {};
  for (const failure of failures) errors[failure.property] = Object.values(failure.constraints ?? {})[0] ?? 'Not valid';
  return { value, errors };
}

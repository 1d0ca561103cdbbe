import fc from 'fast-check';
import { DateTime } from 'luxon';
import { addDays, addMonths, addWorkingDays, daysBetween, monthsCovered } from './civil-date';

/** The luxon arithmetic the day-number implementation replaces: the reference it must equal. */
const utc = (date: string) => DateTime.fromISO(date, { zone: 'UTC' });
const reference = {
  addDays: (date: string, days: number) => utc(date).plus({ days }).toISODate(),
  addMonths: (date: string, months: number) => utc(date).plus({ months }).toISODate(),
  daysBetween: (from: string, to: string) => Math.round(utc(to).diff(utc(from), 'days').days),
  monthsCovered: (start: string, end: string) => utc(end).plus({ days: 1 }).diff(utc(start), 'months').months,
  addWorkingDays: (date: string, days: number) => {
    let current = utc(date);
    for (let left = days; left > 0; ) {
      current = current.plus({ days: 1 });
      if (current.weekday <= 5) left -= 1;
    }
    return current.toISODate();
  },
};

// Dates from 1899 to 2200, month ends and leap days included.
const civilDate = fc.integer({ min: -25_600, max: 84_000 }).map((n) => DateTime.fromMillis(n * 86_400_000, { zone: 'UTC' }).toISODate()!);
const monthEnd = fc.record({ y: fc.integer({ min: 1896, max: 2104 }), m: fc.integer({ min: 1, max: 12 }) }).map(({ y, m }) => DateTime.utc(y, m, 1).endOf('month').toISODate()!);
const anyDate = fc.oneof(civilDate, monthEnd);

describe('civil dates equal luxon on the calendar', () => {
  it('addDays', () => fc.assert(fc.property(anyDate, fc.integer({ min: -2_000, max: 2_000 }), (date, days) => addDays(date, days) === reference.addDays(date, days)), { numRuns: 2_000 }));

  it('addMonths, clamping to the month end', () =>
    fc.assert(fc.property(anyDate, fc.integer({ min: -60, max: 60 }), (date, months) => addMonths(date, months) === reference.addMonths(date, months)), { numRuns: 2_000 }));

  it('daysBetween', () => fc.assert(fc.property(anyDate, anyDate, (from, to) => daysBetween(from, to) === reference.daysBetween(from, to)), { numRuns: 2_000 }));

  it('monthsCovered, partial months included', () =>
    fc.assert(
      fc.property(anyDate, fc.integer({ min: 0, max: 1_500 }), (start, length) => {
        const end = reference.addDays(start, length)!;
        return monthsCovered(start, end) === reference.monthsCovered(start, end);
      }),
      { numRuns: 3_000 },
    ));

  it('addWorkingDays', () => fc.assert(fc.property(anyDate, fc.integer({ min: 0, max: 40 }), (date, days) => addWorkingDays(date, days) === reference.addWorkingDays(date, days)), { numRuns: 1_000 }));

  it('known cases: leap days, month ends, a year', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2023-01-31', 1)).toBe('2023-02-28');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2100-02-28', 1)).toBe('2100-03-01');
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(monthsCovered('2027-01-01', '2027-12-31')).toBe(12);
    expect(addWorkingDays('2026-11-27', 1)).toBe('2026-11-30');
  });

  it('refuses what is not a calendar date', () => {
    for (const bad of ['2023-02-29', '2024-13-01', '2024-00-10', '2024-1-01', 'tomorrow']) expect(() => addDays(bad, 1)).toThrow(RangeError);
  });
});

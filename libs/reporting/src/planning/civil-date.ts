import { DateTime } from 'luxon';

/**
 * Calendar dates ("YYYY-MM-DD") in an organisation's time zone. Deadlines are days, not instants:
 * arithmetic happens on the calendar (month ends clamp, leap days count) and only the last step
 * turns a day into an instant, so daylight-saving changes never move a due date.
 */
export type CivilDate = string;

const parse = (date: CivilDate) => {
  const parsed = DateTime.fromISO(date, { zone: 'UTC' });
  if (!parsed.isValid || !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RangeError(`not a calendar date: ${date}`);
  return parsed;
};
const format = (value: DateTime): CivilDate => value.toISODate()!;

export const isCivilDate = (value: unknown): value is CivilDate => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && DateTime.fromISO(value).isValid;

export const addDays = (date: CivilDate, days: number): CivilDate => format(parse(date).plus({ days }));

/** Months from the start, clamped to the month's end (31 Jan + 1 month = 28 or 29 Feb); never chained, so no drift. */
export const addMonths = (date: CivilDate, months: number): CivilDate => format(parse(date).plus({ months }));

export const daysBetween = (from: CivilDate, to: CivilDate): number => Math.round(parse(to).diff(parse(from), 'days').days);

/** Whole and partial months from the first day to the day after the last (a 1 Jan - 31 Dec grant lasts 12). */
export const monthsCovered = (start: CivilDate, endInclusive: CivilDate): number => parse(addDays(endInclusive, 1)).diff(parse(start), 'months').months;

/** Monday to Friday; public holidays differ by country and are not counted. */
export function addWorkingDays(date: CivilDate, days: number): CivilDate {
  let current = parse(date);
  let left = days;
  while (left > 0) {
    current = current.plus({ days: 1 });
    if (current.weekday <= 5) left -= 1;
  }
  return format(current);
}

/** The instant a day ends in a time zone (the deadline of a due date), as UTC. */
export const endOfDayUtc = (date: CivilDate, timeZone: string): Date => DateTime.fromISO(date, { zone: timeZone }).plus({ days: 1 }).startOf('day').toJSDate();

/** A local wall-clock time on a day, as UTC (reminders go out at 09:00 where the grantee is). */
export const atLocalTime = (date: CivilDate, hour: number, timeZone: string): Date => DateTime.fromISO(date, { zone: timeZone }).set({ hour, minute: 0, second: 0, millisecond: 0 }).toJSDate();

/** Today in a time zone. */
export const todayIn = (timeZone: string, now: Date): CivilDate => DateTime.fromJSDate(now, { zone: timeZone }).toISODate()!;

export const isValidTimeZone = (zone: string): boolean => DateTime.local().setZone(zone).isValid;

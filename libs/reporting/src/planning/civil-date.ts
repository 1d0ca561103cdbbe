import { DateTime } from 'luxon';

/**
 * Calendar dates ("YYYY-MM-DD") in an organisation's time zone. Deadlines are days, not instants:
 * arithmetic happens on the calendar (month ends clamp, leap days count) and only the last step
 * turns a day into an instant, so daylight-saving changes never move a due date.
 *
 * The calendar arithmetic is integer day numbers (proleptic Gregorian, days since 1970-01-01) with
 * the same results as luxon in UTC, which civil-date.spec.ts checks on random dates; planning a
 * portfolio calls it millions of times and luxon's objects were most of the planner's time. Only
 * the steps that involve a time zone use luxon.
 */
export type CivilDate = string;

interface Ymd {
  y: number;
  m: number;
  d: number;
}

const CIVIL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const daysInMonth = (y: number, m: number) => (m === 2 ? (isLeap(y) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31);

function parse(date: CivilDate): Ymd {
  const match = CIVIL_DATE.exec(date);
  const ymd = match ? { y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) } : undefined;
  if (!ymd || ymd.m < 1 || ymd.m > 12 || ymd.d < 1 || ymd.d > daysInMonth(ymd.y, ymd.m)) throw new RangeError(`not a calendar date: ${date}`);
  return ymd;
}

const pad = (value: number, width: number) => String(value).padStart(width, '0');
const format = ({ y, m, d }: Ymd): CivilDate => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;

/** Days since 1970-01-01 (H. Hinnant's days_from_civil). */
function dayNumber({ y, m, d }: Ymd): number {
  const year = m <= 2 ? y - 1 : y;
  const era = Math.floor(year / 400);
  const yearOfEra = year - era * 400;
  const dayOfYear = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** The inverse (civil_from_days). */
function fromDayNumber(days: number): Ymd {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1_460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: era * 400 + yearOfEra + (m <= 2 ? 1 : 0), m, d: dayOfYear - Math.floor((153 * mp + 2) / 5) + 1 };
}

function plusMonths({ y, m, d }: Ymd, months: number): Ymd {
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return { y: year, m: month, d: Math.min(d, daysInMonth(year, month)) };
}

export const isCivilDate = (value: unknown): value is CivilDate => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && DateTime.fromISO(value).isValid;

export const addDays = (date: CivilDate, days: number): CivilDate => format(fromDayNumber(dayNumber(parse(date)) + days));

/** Months from the start, clamped to the month's end (31 Jan + 1 month = 28 or 29 Feb); never chained, so no drift. */
export const addMonths = (date: CivilDate, months: number): CivilDate => format(plusMonths(parse(date), months));

export const daysBetween = (from: CivilDate, to: CivilDate): number => dayNumber(parse(to)) - dayNumber(parse(from));

/**
 * Whole and partial months from the first day to the day after the last (a 1 Jan - 31 Dec grant
 * lasts 12): whole months from the start, then the rest as a share of the next month, as luxon's
 * diff in months counts them.
 */
export function monthsCovered(start: CivilDate, endInclusive: CivilDate): number {
  const from = parse(start);
  const later = dayNumber(parse(endInclusive)) + 1;
  const laterYmd = fromDayNumber(later);
  let months = (laterYmd.y - from.y) * 12 + (laterYmd.m - from.m);
  let cursor = dayNumber(plusMonths(from, months));
  let next: number;
  if (cursor > later) {
    next = cursor;
    months -= 1;
    cursor = dayNumber(plusMonths(from, months));
  } else {
    if (cursor === later) return months;
    next = dayNumber(plusMonths(fromDayNumber(cursor), 1));
  }
  return months + (later - cursor) / (next - cursor);
}

/** Monday to Friday; public holidays differ by country and are not counted. */
export function addWorkingDays(date: CivilDate, days: number): CivilDate {
  let current = dayNumber(parse(date));
  let left = days;
  while (left > 0) {
    current += 1;
    // 1970-01-01 was a Thursday: (n + 3) mod 7 is 0 on Mondays, 5 and 6 at the weekend.
    if (((current + 3) % 7 + 7) % 7 < 5) left -= 1;
  }
  return format(fromDayNumber(current));
}

/** The instant a day ends in a time zone (the deadline of a due date), as UTC. */
export const endOfDayUtc = (date: CivilDate, timeZone: string): Date => DateTime.fromISO(date, { zone: timeZone }).plus({ days: 1 }).startOf('day').toJSDate();

/** A local wall-clock time on a day, as UTC (reminders go out at 09:00 where the grantee is). */
export const atLocalTime = (date: CivilDate, hour: number, timeZone: string): Date => DateTime.fromISO(date, { zone: timeZone }).set({ hour, minute: 0, second: 0, millisecond: 0 }).toJSDate();

/** Today in a time zone. */
export const todayIn = (timeZone: string, now: Date): CivilDate => DateTime.fromJSDate(now, { zone: timeZone }).toISODate()!;

export const isValidTimeZone = (zone: string): boolean => DateTime.local().setZone(zone).isValid;

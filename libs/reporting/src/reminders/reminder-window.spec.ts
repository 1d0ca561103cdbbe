import fc from 'fast-check';
import { DEFAULT_REPORTING_POLICY } from '../policy/default-policy';
import { addDays } from '../planning/civil-date';
import { dueDatesReaching, remindersFor } from './reminder-window';

const ZONES = ['Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Asia/Kathmandu', 'America/St_Johns', 'Europe/London', 'Africa/Nairobi', 'Pacific/Auckland'];

describe('dueDatesReaching', () => {
  it('covers every due date with a reminder in the window, in any zone (UTC-11 to UTC+14)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3_000 }),
        fc.constantFrom(...ZONES),
        fc.integer({ min: 0, max: 1_000 * 86_400 }),
        fc.integer({ min: 1, max: 40 * 86_400 }),
        (day, zone, fromSeconds, lengthSeconds) => {
          const dueDate = addDays('2026-01-01', day);
          const from = new Date(Date.UTC(2026, 0, 1) + fromSeconds * 1_000);
          const until = new Date(from.getTime() + lengthSeconds * 1_000);
          const { first, last } = dueDatesReaching(DEFAULT_REPORTING_POLICY.reminderOffsetsDays, from, until);
          const reaches = remindersFor(DEFAULT_REPORTING_POLICY, { id: 'r', dueDate }, zone).some((r) => r.remindAt! > from && r.remindAt! <= until);
          return !reaches || (dueDate >= first! && dueDate <= last);
        },
      ),
      { numRuns: 3_000 },
    );
  });

  it('is open below when there is no lower end', () => {
    expect(dueDatesReaching([-14, -3, 0, 7], null, new Date('2027-03-01T12:00:00Z'))).toEqual({ first: null, last: '2027-03-16' });
  });
});

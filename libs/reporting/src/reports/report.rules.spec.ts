import fc from 'fast-check';
import { reallocationProblems, reportShape, spentEnough } from './report.rules';

describe('report rules', () => {
  it('asks more narrative questions as the profile grows, never fewer', () => {
    const sizes = (['3+0', '4+1', '5+1', '8+0', '8+3'] as const).map((p) => reportShape('narrative', p).questions.length);
    expect(sizes).toEqual([3, 5, 6, 8, 11]);
    expect(reportShape('financial', 'summary')).toEqual({ questions: [], financial: true, peopleReached: false, written: true });
    expect(reportShape('check_in', 'call').written).toBe(false);
  });

  it('lets spend move between lines up to the tolerance, and names the line that goes further', () => {
    const lines = [
      { category: 'travel', budgetMinor: 1_000_00, spentMinor: 1_200_00 },
      { category: 'staff', budgetMinor: 2_000_00, spentMinor: 2_500_00 },
      { category: 'equipment', budgetMinor: 0, spentMinor: 1 },
    ];
    expect(reallocationProblems(lines, 20)).toEqual([
      { line: 'staff', message: expect.stringMatching(/^staff: 250000 spent against 200000 budgeted, 25% over; up to 20% may move/) },
      { line: 'equipment', message: expect.stringMatching(/^equipment: 1 spent against 0 budgeted; up to 20%/) },
    ]);
  });

  it('never flags a line spent within its budget, whatever the tolerance', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), (budget, share, tolerance) => {
        const spent = Math.floor((budget * share) / 100);
        expect(reallocationProblems([{ category: 'x', budgetMinor: budget, spentMinor: spent }], tolerance)).toEqual([]);
      }),
    );
  });

  it('opens the next instalment at 70% spent, not before', () => {
    expect(spentEnough(1_000_00, 700_00, 70)).toBe(true);
    expect(spentEnough(1_000_00, 699_99, 70)).toBe(false);
  });
});

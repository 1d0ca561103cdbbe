import fc from 'fast-check';
import { auditDiff } from './audit-diff.rules';

describe(auditDiff.name, () => {
  it('lists only the fields that changed, with both values', () => {
    expect(auditDiff({ city: 'Goma', country: 'CD', themes: ['a'] }, { city: 'Bukavu', country: 'CD', themes: ['a', 'b'] })).toEqual({
      city: { from: 'Goma', to: 'Bukavu' },
      themes: { from: ['a'], to: ['a', 'b'] },
    });
  });

  it('records creations and deletions', () => {
    expect(auditDiff(null, { name: 'X' })).toEqual({ name: { from: undefined, to: 'X' } });
    expect(auditDiff({ role: 'applicant' }, null)).toEqual({ role: { from: 'applicant', to: undefined } });
  });

  it('never records the value of a secret', () => {
    const changes = auditDiff({ passwordHash: '$argon2id$old' }, { passwordHash: '$argon2id$new' });
    expect(changes).toEqual({ passwordHash: { to: '[changed]' } });
  });

  it('finds no change between equal snapshots (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1 }), fc.jsonValue()), (snapshot) => {
        expect(auditDiff(snapshot, structuredClone(snapshot))).toEqual({});
      }),
    );
  });
});

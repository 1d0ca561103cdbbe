import { NotesCipher } from './notes-cipher';

describe('NotesCipher', () => {
  const cipher = new NotesCipher('a-secret-long-enough-for-tests-0123456789');

  it('reads back what it sealed, and never stores the words', () => {
    const sealed = cipher.encrypt('Talked about the board minutes; Amina will draft the policy.');
    expect(sealed).toMatch(/^v1:/);
    expect(sealed).not.toContain('Amina');
    expect(cipher.decrypt(sealed)).toBe('Talked about the board minutes; Amina will draft the policy.');
    expect(cipher.encrypt('same')).not.toBe(cipher.encrypt('same'));
  });

  it('refuses a note sealed with another secret, or tampered with', () => {
    const sealed = cipher.encrypt('private');
    expect(() => new NotesCipher('another-secret-long-enough-0123456789').decrypt(sealed)).toThrow();
    const [version, iv, tag, body] = sealed.split(':');
    const flipped = Buffer.from(body, 'base64');
    flipped[0] ^= 1;
    expect(() => cipher.decrypt([version, iv, tag, flipped.toString('base64')].join(':'))).toThrow();
  });
});

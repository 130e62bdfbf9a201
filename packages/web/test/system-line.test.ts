import { describe, expect, it } from 'vitest';
import { systemLineParts } from '../src/widget/system-line.js';

describe('system lines', () => {
  it('cut the sign-in line around the userId it names, so the userId is shown as an isolate', () => {
    expect(systemLineParts('Visitor signed in as user-7 🔒')).toEqual({ before: 'Visitor signed in as ', userId: 'user-7', after: ' 🔒' });
    expect(systemLineParts('Visitor signed in as a\u202Eb 🔒 — continued in conversation c_1')).toEqual({
      before: 'Visitor signed in as ',
      userId: 'a\u202Eb',
      after: ' 🔒 — continued in conversation c_1',
    });
  });

  it('keep a userId that looks like the end of the line whole', () => {
    expect(systemLineParts('Visitor signed in as x 🔒 — continued in conversation y 🔒')?.userId).toBe(
      'x 🔒 — continued in conversation y',
    );
    expect(systemLineParts('Visitor signed in as two\nlines 🔒')?.userId).toBe('two\nlines');
  });

  it('leave other lines whole', () => {
    expect(systemLineParts('Visitor signed out')).toBeNull();
  });
});

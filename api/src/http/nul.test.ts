import { describe, expect, it } from 'vitest';
import { findNul, urlHasNul } from './nul';

describe('NUL characters in input', () => {
  it('finds the first NUL and names its path', () => {
    expect(findNul({ a: 'ok', b: [1, 'x\u0000y'] })).toBe('b.1');
    expect(findNul(JSON.parse('{"k\\u0000": 1}'))).toBe('k');
    expect(findNul('\u0000')).toBe('_');
    expect(findNul({ a: ['fine', { b: '中文' }] })).toBeNull();
  });

  it('survives hostile nesting', () => {
    let deep: unknown = '\u0000';
    for (let i = 0; i < 20_000; i++) deep = [deep];
    expect(findNul(deep)).toMatch(/^0(\.0)+$/);
  });

  it('spots an encoded NUL in a URL', () => {
    expect(urlHasNul('http://x/api/cases/a%00b')).toBe(true);
    expect(urlHasNul('http://x/api/cases?q=%2500')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { normalizeName } from './names';

describe('normalizeName', () => {
  it.each([
    ['张三\u200b李四', '张三李四'],
    ['王\u202e五', '王五'],
    ['\ufeff李\u200d四\u2060', '李四'],
    ['ＡＢＣ电子有限公司', 'ABC电子有限公司'],
    ['义乌市　某某公司', '义乌市 某某公司'],
    ['  陈   晓东 ', '陈 晓东'],
    ['㈱义乌', '(株)义乌'],
    ['Zhang San', 'Zhang San'],
  ])('%j → %j', (raw, normal) => {
    expect(normalizeName(raw)).toBe(normal);
  });

  it('is idempotent', () => {
    for (const s of ['张三\u200b李四', 'ＡＢＣ', '王\u202e五', '㈱']) {
      expect(normalizeName(normalizeName(s))).toBe(normalizeName(s));
    }
  });
});

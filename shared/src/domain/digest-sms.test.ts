import { describe, expect, it } from 'vitest';
import { digestSmsText } from './digest-sms';
import type { TodayList } from './today';

function list(reasons: string[], instalments = 0): TodayList<unknown> {
  return {
    today: '2026-12-02',
    horizon: '2026-12-03',
    cases: reasons.map((reason) => ({ case: {}, reason, deadline: '', clock: {} })) as never,
    instalments: Array.from({ length: instalments }, () => ({})) as never,
  };
}

describe('morning digest SMS', () => {
  it('counts what the today view lists, in the order that matters', () => {
    expect(digestSmsText(list(['overdue', 'warning', 'warning', 'first_action_due'], 1))).toBe(
      '【义乌安心外勤】12月2日待办：逾期 1 件，临近预警 2 件，待首次处理 1 件，分期款到期待记录 1 笔。请打开安心外勤查看“今日”。',
    );
  });

  it('says nothing when nothing is due', () => {
    expect(digestSmsText(list([]))).toBeNull();
  });
});

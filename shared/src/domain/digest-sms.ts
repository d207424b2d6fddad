import { renderSms, type SmsMessage } from './sms-templates';
import type { TodayList } from './today';

/**
 * The officer's morning digest SMS (zh-CN, one message): the counts of what their 今日 view
 * lists, so the officer knows before opening the app whether today holds a deadline. Web
 * Push does not reach phones in mainland China; an SMS does. Nothing to do sends nothing.
 */
export function digestSms(list: TodayList<unknown>): SmsMessage | null {
  const count = (reason: string) => list.cases.filter((c) => c.reason === reason).length;
  const parts = [
    [count('overdue'), '逾期', '件'],
    [count('resolve_due'), '化解期限将到', '件'],
    [count('warning'), '临近预警', '件'],
    [count('first_action_due'), '待首次处理', '件'],
    [list.instalments.length, '分期款到期待记录', '笔'],
  ]
    .filter(([n]) => (n as number) > 0)
    .map(([n, what, unit]) => `${what} ${n} ${unit}`);
  if (parts.length === 0) return null;
  const [, month, day] = list.today.split('-').map(Number);
  return renderSms('digest', { date: `${month}月${day}日`, items: parts.join('，') });
}

export function digestSmsText(list: TodayList<unknown>): string | null {
  return digestSms(list)?.body ?? null;
}

import type { Case, CaseOutcome } from '../schemas/case';
import { formatFen } from '../validation/money';
import { renderSms, type SmsMessage } from './sms-templates';

const OUTCOME_ZH: Record<CaseOutcome, string> = {
  paid_in_full: '欠薪已全额支付',
  instalments: '已达成分期支付协议',
  insurance_advance: '已由工资保障险先行垫付',
  transferred_arbitration: '已移送劳动仲裁',
  transferred_enforcement: '已移送劳动保障监察执法',
  withdrawn: '申请已撤回',
  no_violation: '经核查未发现欠薪',
};

/**
 * The resolution SMS to a worker (zh-CN): case number, result and, when money was
 * recovered, how much — two templates, since a gateway's template has no optional part.
 */
export function resolutionSms(c: Pick<Case, 'caseNo' | 'outcome' | 'recoveredFen'>): SmsMessage {
  const caseNo = c.caseNo ?? '';
  const result = c.outcome ? OUTCOME_ZH[c.outcome] : '已处理完毕';
  return c.recoveredFen > 0
    ? renderSms('resolvedRecovered', { caseNo, result, amount: formatFen(c.recoveredFen) })
    : renderSms('resolved', { caseNo, result });
}

export function resolutionSmsText(c: Pick<Case, 'caseNo' | 'outcome' | 'recoveredFen'>): string {
  return resolutionSms(c).body;
}

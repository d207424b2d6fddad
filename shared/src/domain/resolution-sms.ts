import type { Case, CaseOutcome } from '../schemas/case';
import { formatFen } from '../validation/money';

const OUTCOME_ZH: Record<CaseOutcome, string> = {
  paid_in_full: '欠薪已全额支付',
  instalments: '已达成分期支付协议',
  insurance_advance: '已由工资保障险先行垫付',
  transferred_arbitration: '已移送劳动仲裁',
  transferred_enforcement: '已移送劳动保障监察执法',
  withdrawn: '申请已撤回',
  no_violation: '经核查未发现欠薪',
};

/** The resolution SMS to a worker (zh-CN): case number, result, money recovered. */
export function resolutionSmsText(c: Pick<Case, 'caseNo' | 'outcome' | 'recoveredFen'>): string {
  const result = c.outcome ? OUTCOME_ZH[c.outcome] : '已处理完毕';
  const money = c.recoveredFen > 0 ? `，追回金额${formatFen(c.recoveredFen)}` : '';
  return `【义乌安心外勤】您反映的欠薪案件（编号${c.caseNo ?? ''}）已化解：${result}${money}。如有疑问请联系所在镇街劳动保障所。`;
}

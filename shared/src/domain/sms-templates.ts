/**
 * Every text message the system sends, as the named templates with parameters that Chinese
 * SMS gateways require (a gateway approves each template's wording once; a message then
 * names the template and fills its parameters). ONE table: the log provider renders the
 * body from it, the HTTP provider sends the template id and the parameters (and the body,
 * for gateways that take free text), and docs/operations.md lists them for registration.
 *
 * A parameter is written `{name}` in the text. Texts are zh-CN: the recipients are workers
 * and officers in China, and the gateway signature 【义乌安心外勤】 leads every message.
 */
export interface SmsTemplate {
  /** Stable id the gateway knows the template by. Never reuse one for another wording. */
  readonly id: string;
  readonly name: string;
  readonly text: string;
  readonly params: readonly string[];
}

export const SMS_TEMPLATES = {
  otp: {
    id: 'AX_OTP',
    name: '验证码',
    text: '【义乌安心外勤】您的验证码为{code}，{minutes}分钟内有效。如非本人操作请忽略。',
    params: ['code', 'minutes'],
  },
  received: {
    id: 'AX_RECEIVED',
    name: '投诉已受理',
    text: '【义乌安心外勤】您反映的欠薪问题已受理，案件编号{caseNo}。我们将在1天内处理、7天内化解。查询进度：{link}',
    params: ['caseNo', 'link'],
  },
  dispatched: {
    id: 'AX_DISPATCHED',
    name: '已派发到承办单位',
    text: '【义乌安心外勤】您的欠薪案件（编号{caseNo}）已派发到{unit}办理，工作人员将尽快与您联系。',
    params: ['caseNo', 'unit'],
  },
  resolved: {
    id: 'AX_RESOLVED',
    name: '案件已化解',
    text: '【义乌安心外勤】您反映的欠薪案件（编号{caseNo}）已化解：{result}。如有疑问请联系所在镇街劳动保障所。',
    params: ['caseNo', 'result'],
  },
  resolvedRecovered: {
    id: 'AX_RESOLVED_AMOUNT',
    name: '案件已化解（含追回金额）',
    text: '【义乌安心外勤】您反映的欠薪案件（编号{caseNo}）已化解：{result}，追回金额{amount}。如有疑问请联系所在镇街劳动保障所。',
    params: ['caseNo', 'result', 'amount'],
  },
  arbitration: {
    id: 'AX_ARBITRATION',
    name: '已移送劳动仲裁',
    text: '【义乌安心外勤】您的欠薪案件（编号{caseNo}）已移送劳动人事争议仲裁，仲裁机构将与您联系。',
    params: ['caseNo'],
  },
  insuranceApproved: {
    id: 'AX_INSURANCE',
    name: '保险垫付已审批',
    text: '【义乌安心外勤】您的欠薪案件（编号{caseNo}）工资保障险先行垫付已审批，保险公司应于{dueDate}前将工资支付给您。',
    params: ['caseNo', 'dueDate'],
  },
  digest: {
    id: 'AX_DIGEST',
    name: '每日待办',
    text: '【义乌安心外勤】{date}待办：{items}。请打开安心外勤查看“今日”。',
    params: ['date', 'items'],
  },
} as const satisfies Record<string, SmsTemplate>;

export type SmsTemplateKey = keyof typeof SMS_TEMPLATES;

/** A message as queued: which template, its parameters, and the body rendered from them. */
export interface SmsMessage {
  templateId: string;
  params: Record<string, string>;
  body: string;
}

export function smsTemplateById(id: string): SmsTemplate | undefined {
  return Object.values(SMS_TEMPLATES).find((t) => t.id === id);
}

/**
 * Fills a template. Every parameter must be given and none may be left over, so a message
 * never reaches a gateway with a hole its approved template would not accept.
 */
export function renderSms(key: SmsTemplateKey, params: Record<string, string>): SmsMessage {
  const template: SmsTemplate = SMS_TEMPLATES[key];
  const given = Object.keys(params).sort();
  const wanted = [...template.params].sort();
  if (given.join(',') !== wanted.join(',')) {
    throw new Error(`SMS template ${template.id} wants {${wanted.join(',')}}, got {${given}}`);
  }
  const body = template.text.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? '');
  return { templateId: template.id, params: { ...params }, body };
}

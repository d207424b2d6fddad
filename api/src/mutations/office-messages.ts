import type { Lang } from '@anxin/shared';

/** Why an office/inspector mutation was refused, in plain words, Chinese first. */
export const OFFICE_REJECT_MESSAGES = {
  plannerOnly: {
    zh: '只有监察员可以制定走访计划',
    en: 'Only inspectors make visit plans',
  },
  planNotYours: {
    zh: '此走访计划属于另一位监察员',
    en: 'This visit plan belongs to another inspector',
  },
  weekOfNotMonday: { zh: '计划周应从星期一开始', en: 'The planned week must start on a Monday' },
  visitOutsideWeek: {
    zh: '走访日期不在计划周内',
    en: 'The visit date is not in the planned week',
  },
  townNotYours: {
    zh: '只能计划走访您负责的镇街',
    en: 'You can only plan visits to your own towns',
  },
  planCaseNotFound: {
    zh: '计划中的案件不存在或不在走访的镇街',
    en: 'A planned case does not exist or is not in a visited town',
  },
  noteExists: {
    zh: '走访记录已存在，不能被覆盖',
    en: 'This visit note already exists and cannot be overwritten',
  },
  claimNeedsStatus: {
    zh: '请先将案件转为“保险垫付”状态，再发起垫付申请',
    en: 'Move the case to insurance advance before starting a claim',
  },
  claimOpen: {
    zh: '此案件已有一份未完成的保险垫付申请',
    en: 'This case already has an unfinished insurance claim',
  },
  claimExists: {
    zh: '保险垫付申请编号已被使用',
    en: 'An insurance claim with this id already exists',
  },
  claimNotFound: {
    zh: '保险垫付申请不存在或不在您的辖区内',
    en: 'Insurance claim not found or not in your area',
  },
  claimNotStarted: {
    zh: '只有待审批的申请可以审批',
    en: 'Only a claim awaiting approval can be approved',
  },
  claimNotApproved: {
    zh: '只有已审批的申请可以登记赔付',
    en: 'Only an approved claim can be recorded as paid',
  },
  dateInFuture: { zh: '日期不能晚于今天', en: 'The date cannot be after today' },
  paidBeforeAgreement: {
    zh: '赔付日期不能早于协议签订日期',
    en: 'The paid date cannot be before the agreement date',
  },
  officeOnly: { zh: '只有市局工作人员可以执行此操作', en: 'Only office staff can do this' },
  mergeSourceNotReceived: {
    zh: '只有尚未指派的新受理案件可以并入其他案件',
    en: 'Only a newly received, unassigned case can be merged into another',
  },
  mergeTargetClosed: {
    zh: '不能并入已结案或已被合并的案件',
    en: 'Cannot merge into a closed or already merged case',
  },
  alreadyMerged: { zh: '此案件已并入其他案件', en: 'This case was already merged into another' },
  mergeTooManyClaimants: {
    zh: '合并后劳动者人数超过上限（500 人）',
    en: 'The merged case would have more than 500 claimants',
  },
} as const satisfies Record<string, Record<Lang, string>>;

export type OfficeRejectMessage = keyof typeof OFFICE_REJECT_MESSAGES;

export function officeRejectText(key: OfficeRejectMessage, lang: Lang): string {
  return OFFICE_REJECT_MESSAGES[key][lang];
}

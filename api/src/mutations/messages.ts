import { INVALID_MESSAGE, type Lang } from '@anxin/shared';

/** Why a mutation was refused, in plain words, Chinese first. */
export const REJECT_MESSAGES = {
  caseNotFound: { zh: '案件不存在或不在您的辖区内', en: 'Case not found or not in your area' },
  dependsOnRejectedCreate: {
    zh: '此案件的新建请求已被拒绝，案件未创建，因此此操作无法执行',
    en: 'This case was never created because its creation was rejected, so this change cannot apply',
  },
  caseIdTaken: {
    zh: '案件编号已被使用，未重复创建',
    en: 'A case with this id already exists; nothing was created',
  },
  townNotInScope: {
    zh: '只能在您负责的镇街新建或处理案件',
    en: 'You can only create or handle cases in your own towns',
  },
  invalid: INVALID_MESSAGE,
  unknownMutation: { zh: '不支持的操作类型', en: 'Unknown mutation' },
  idReused: {
    zh: '此操作编号已用于另一项不同内容的提交，未执行',
    en: 'This mutation id was already used for a different change; nothing was applied',
  },
  baseVersionMissing: { zh: '缺少基准版本号', en: 'baseVersion is required' },
  baseVersionAhead: {
    zh: '基准版本号比服务器上的版本还新',
    en: 'baseVersion is newer than the server copy',
  },
  conflict: {
    zh: '其他人已修改了相同的内容，以服务器上的版本为准；您的修改已保留，可查看后重新提交',
    en: 'Someone else changed the same fields; the server copy wins and your change is kept for you to review',
  },
  caseClosed: { zh: '案件已结案，不能再修改', en: 'The case is closed and can no longer change' },
  roleNotAllowed: { zh: '您的角色不能执行此操作', en: 'Your role cannot do this' },
  officerInvalid: {
    zh: '指派的办案人员不存在、已停用或不负责该镇街',
    en: 'The officer does not exist, is disabled, or does not work in that town',
  },
  mediationExists: {
    zh: '调解记录已存在，不能被覆盖；如需修改请新建一份并注明替代的记录',
    en: 'This mediation record already exists and cannot be overwritten; record a new one that supersedes it',
  },
  mediationIdTaken: {
    zh: '此调解记录编号已被使用，请重新保存以生成新的编号',
    en: 'This mediation record id is already taken; save again to get a new one',
  },
  supersedesMissing: {
    zh: '被替代的调解记录不存在于此案件',
    en: 'The superseded mediation record is not in this case',
  },
  blobMissing: {
    zh: '附件文件尚未上传',
    en: 'The attachment file has not been uploaded',
  },
  blobMismatch: {
    zh: '附件的类型或大小与已上传的文件不一致',
    en: 'Attachment type or size does not match the uploaded file',
  },
} as const satisfies Record<string, Record<Lang, string>>;

export type RejectMessage = keyof typeof REJECT_MESSAGES;

export function rejectText(key: RejectMessage, lang: Lang): string {
  return REJECT_MESSAGES[key][lang];
}

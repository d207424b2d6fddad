import type { ApiErrorBody } from '@anxin/shared';

/** Why something is in the conflicts inbox, in plain words, Chinese first. */
export interface Reason {
  reason: string;
  reasonEn: string;
}

export const CONFLICT_REASON: Reason = {
  reason:
    '您修改的内容在服务器上已被他人改动，现显示服务器上的版本；您填写的内容保存在这里，可放弃或在新版本上重新提交。',
  reasonEn:
    'Someone changed the same details on the server. The server copy is shown; what you entered is kept here to discard or apply again on top.',
};

export const OUT_OF_SCOPE_REASON: Reason = {
  reason: '已移出您的辖区：此案件已不由您负责，未发送的更改保存在这里，没有丢失。',
  reasonEn:
    'Moved out of your area: this case is no longer yours. The unsent change is kept here, not lost.',
};

export const DEPENDENT_REASON: Reason = {
  reason: '此案件未能在服务器上创建，因此这项更改也无法提交；它与案件一起保存在这里。',
  reasonEn:
    'The case could not be created on the server, so this change could not be sent either; it is kept here with the case.',
};

const BY_CODE: Record<string, Reason> = {
  invalid: {
    reason: '服务器认为提交的内容有误，未予接受',
    reasonEn: 'The server found the submitted details invalid',
  },
  forbidden: {
    reason: '您无权进行此项操作，或此案件已移出您的辖区',
    reasonEn: 'You may not make this change, or the case has left your area',
  },
  not_found: {
    reason: '服务器上找不到此案件（可能已移出您的辖区）',
    reasonEn: 'The server has no such case for you (it may have left your area)',
  },
  rejected: {
    reason: '服务器未接受此项更改',
    reasonEn: 'The server did not accept this change',
  },
  conflict: CONFLICT_REASON,
  payload_too_large: {
    reason: '内容太大，服务器无法接受',
    reasonEn: 'The change is too large for the server',
  },
  unsupported_media_type: {
    reason: '附件类型不受支持',
    reasonEn: 'The attachment type is not supported',
  },
};

/**
 * The server's own words come in Chinese (we ask for zh-CN) and follow a plain summary.
 * The English text stays generic rather than mixing in Chinese detail.
 */
export function reasonFor(
  error: ApiErrorBody | null | undefined,
  fallbackCode = 'rejected',
): Reason {
  const code = error?.code ?? fallbackCode;
  const base = BY_CODE[code] ?? BY_CODE.rejected!;
  const detail = error?.message?.trim();
  const fieldText = error?.fields
    ? Object.entries(error.fields)
        .map(([k, v]) => `${k}: ${v}`)
        .join('；')
    : '';
  const extra = [detail, fieldText].filter((s) => s && s !== base.reason).join('；');
  return {
    reason: extra ? `${base.reason}：${extra}` : base.reason,
    reasonEn: fieldText
      ? `${base.reasonEn} (${Object.keys(error?.fields ?? {}).join(', ')})`
      : base.reasonEn,
  };
}

/** Rejections that mean "not yours any more" go to the inbox as out_of_scope. */
export function isScopeError(error: ApiErrorBody | null | undefined): boolean {
  return error?.code === 'not_found' || error?.code === 'forbidden';
}

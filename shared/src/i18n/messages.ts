/**
 * Every user-facing message the shared rules can produce, Chinese first, English beside it.
 * Schemas carry a key (never prose) so the client and the server translate the same way.
 */
export const MESSAGES = {
  required: { zh: '必填', en: 'Required' },
  invalid: { zh: '格式不正确', en: 'Invalid value' },
  invalidType: { zh: '类型不正确', en: 'Wrong type' },
  unknownField: { zh: '不允许的字段', en: 'Field not allowed' },
  tooShort: { zh: '太短', en: 'Too short' },
  tooLong: { zh: '太长', en: 'Too long' },
  tooSmall: { zh: '数值太小', en: 'Too small' },
  tooLarge: { zh: '数值太大', en: 'Too large' },
  notInList: { zh: '不是可选的值', en: 'Not one of the allowed values' },
  tooMany: { zh: '数量太多', en: 'Too many items' },
  tooFew: { zh: '至少需要一项', en: 'At least one item is needed' },
  tooDeep: { zh: '内容嵌套层级过深', en: 'Nested too deeply' },
  'text.malformed': {
    zh: '文字中含有无法保存的字符（空字符或残缺的 Unicode 字符）',
    en: 'Text contains characters that cannot be stored (NUL or a broken Unicode character)',
  },

  'mobile.invalid': {
    zh: '手机号码应为 11 位中国大陆手机号，以 1 开头',
    en: 'Mobile number must be an 11-digit mainland China number starting with 1',
  },
  'phone.invalid': {
    zh: '电话号码格式不正确（手机号或带区号的固定电话）',
    en: 'Phone number must be a mobile or a landline with area code',
  },
  'residentId.length': {
    zh: '身份证号码应为 18 位',
    en: 'Resident ID number must have 18 characters',
  },
  'residentId.charset': {
    zh: '身份证号码前 17 位应为数字，最后一位为数字或 X',
    en: 'Resident ID number: 17 digits followed by a digit or X',
  },
  'residentId.region': {
    zh: '身份证号码的地区码不存在',
    en: 'Resident ID number has an unknown region code',
  },
  'residentId.birthDate': {
    zh: '身份证号码中的出生日期不是有效日期',
    en: 'Resident ID number contains an invalid birth date',
  },
  'residentId.future': {
    zh: '身份证号码中的出生日期晚于今天',
    en: 'Resident ID number has a birth date in the future',
  },
  'residentId.checkDigit': {
    zh: '身份证号码校验位不正确，请核对',
    en: 'Resident ID number check digit is wrong; please check it',
  },
  'creditCode.length': {
    zh: '统一社会信用代码应为 18 位',
    en: 'Unified social credit code must have 18 characters',
  },
  'creditCode.charset': {
    zh: '统一社会信用代码只能包含数字和大写字母（不含 I、O、S、V、Z）',
    en: 'Unified social credit code uses digits and capital letters except I, O, S, V, Z',
  },
  'creditCode.region': {
    zh: '统一社会信用代码第 3–8 位应为行政区划码（数字）',
    en: 'Unified social credit code positions 3–8 must be a numeric region code',
  },
  'creditCode.checkDigit': {
    zh: '统一社会信用代码校验位不正确，请核对',
    en: 'Unified social credit code check digit is wrong; please check it',
  },
  'creditCode.department': {
    zh: '统一社会信用代码第 1 位（登记管理部门代码）不存在，应为 1–9、A、N 或 Y',
    en: 'Unified social credit code position 1 (registration authority) must be 1–9, A, N or Y',
  },
  'creditCode.type': {
    zh: '统一社会信用代码第 2 位（机构类别代码）与第 1 位的登记管理部门不符',
    en: 'Unified social credit code position 2 (organisation type) does not exist for the authority in position 1',
  },
  'creditCode.orgCode': {
    zh: '统一社会信用代码第 9–17 位（组织机构代码）校验位不正确，请核对',
    en: 'Unified social credit code positions 9–17 (organisation code) have a wrong check digit; please check them',
  },
  'creditCode.orgCodeZero': {
    zh: '统一社会信用代码第 9–17 位（组织机构代码）全为 0，是占位号码，不是真实代码',
    en: 'Unified social credit code positions 9–17 (organisation code) are all zeros: a placeholder, not a real code',
  },
  'money.notInteger': {
    zh: '金额必须以分为单位的整数',
    en: 'Amount must be a whole number of fen',
  },
  'money.negative': { zh: '金额不能为负数', en: 'Amount cannot be negative' },
  'money.tooLarge': {
    zh: '金额超出上限（1 亿元）',
    en: 'Amount is over the limit (100 million yuan)',
  },
  'date.invalid': {
    zh: '日期格式应为 YYYY-MM-DD 且为真实日期',
    en: 'Date must be YYYY-MM-DD and a real calendar date',
  },
  'datetime.invalid': {
    zh: '时间格式应为带时区的 ISO 8601 时间',
    en: 'Time must be an ISO 8601 timestamp with a time zone',
  },
  'period.order': {
    zh: '欠薪期间的结束日期不能早于开始日期',
    en: 'Wage period end must not be before its start',
  },
  'instalments.range': {
    zh: '分期付款日期应在调解当天至其后 5 年之内',
    en: 'An instalment must fall due between the day of the agreement and 5 years after it',
  },
  'period.future': {
    zh: '欠薪期间不能晚于今天',
    en: 'The wage period cannot be in the future',
  },
  'amount.overOwed': {
    zh: '金额超过欠薪总额；如含利息、赔偿金等，请在“超出原因”中写明（至少 4 个字）',
    en: 'The amount is more than the total owed; if it includes interest or compensation, give the reason (at least 4 characters)',
  },
  'claimant.maskedOnly': {
    zh: '已登记的号码只能按打码形式提交，不能直接改写；如登记有误，请先清空该号码并保存，再填写正确的号码',
    en: 'A number already on file can only be sent back masked, not overwritten; to correct it, clear it and save first, then enter the right one',
  },
  'workers.fewerThanClaimants': {
    zh: '涉及人数不能少于申请人人数',
    en: 'Number of workers cannot be fewer than the claimants listed',
  },
  'instalments.sum': {
    zh: '分期金额之和应等于约定金额减去当场支付金额',
    en: 'Instalments must add up to the agreed amount less the amount paid on site',
  },
  'instalments.order': {
    zh: '分期日期应按先后顺序排列且不重复',
    en: 'Instalment dates must be in order and distinct',
  },
  'mediation.paidOverAgreed': {
    zh: '当场支付金额不能超过约定金额',
    en: 'Amount paid on site cannot exceed the amount agreed',
  },
  'sha256.invalid': {
    zh: '附件哈希应为 64 位十六进制 SHA-256',
    en: 'Attachment hash must be a 64-character hex SHA-256',
  },
  'id.invalid': { zh: '编号格式不正确', en: 'Invalid identifier' },
  'transition.notAllowed': {
    zh: '案件当前状态不能进行此操作',
    en: 'This status change is not allowed from the current status',
  },
  'transition.roleNotAllowed': {
    zh: '您的角色无权进行此状态变更',
    en: 'Your role may not make this status change',
  },
  'transition.missing': {
    zh: '此状态变更缺少必填信息',
    en: 'This status change is missing required details',
  },
  'transition.requires.outcome': {
    zh: '化解案件须填写处理结果',
    en: 'Resolving a case needs an outcome',
  },
  'transition.requires.recoveredFen': {
    zh: '化解案件须填写追回金额（无追回填 0）',
    en: 'Resolving a case needs the amount recovered (0 if none)',
  },
  'transition.requires.comment': {
    zh: '此操作须填写说明',
    en: 'This step needs a comment',
  },
  'transition.requires.transferTarget': {
    zh: '移送须选择移送去向（仲裁或执法）',
    en: 'A transfer needs a target: arbitration or enforcement',
  },
  'unit.id': {
    zh: '单位编码应为 2–32 位小写字母、数字或连字符，以字母开头',
    en: 'Unit code: 2–32 lower-case letters, digits or hyphens, starting with a letter',
  },
  'username.invalid': {
    zh: '用户名应为 3–40 位小写字母、数字、点、下划线或连字符',
    en: 'Username: 3–40 lower-case letters, digits, dots, underscores or hyphens',
  },
  'admin.unitsRequired': {
    zh: '街镇劳动保障员和监察员至少要属于一个承办单位',
    en: 'Officers and inspectors must belong to at least one unit',
  },
  'admin.unitsForDesk': {
    zh: '市局人员和系统管理员可查看全部单位，不能指定所属单位',
    en: 'Office staff and administrators see every unit and belong to none',
  },
  'admin.unknownUnit': { zh: '没有这个承办单位', en: 'No such unit' },
  'admin.inactiveUnit': {
    zh: '此承办单位已停用，不能再分配人员',
    en: 'This unit is inactive and takes no new people',
  },
  'admin.usernameTaken': { zh: '用户名已被使用', en: 'This username is taken' },
  'admin.unitIdTaken': { zh: '单位编码已被使用', en: 'This unit code is taken' },
  'admin.selfDisable': {
    zh: '不能停用自己的账号',
    en: 'You cannot disable your own account',
  },
  'admin.selfDemote': {
    zh: '不能取消自己的系统管理员角色',
    en: 'You cannot remove your own administrator role',
  },
  'password.tooShort': { zh: '密码至少 10 位', en: 'At least 10 characters' },
  'password.isUsername': {
    zh: '密码不能与用户名相同',
    en: 'The password cannot be the username',
  },
  'password.common': {
    zh: '这个密码太常见，容易被猜中，请换一个',
    en: 'This password is too common and easy to guess; choose another',
  },
  'password.same': {
    zh: '新密码不能与当前密码相同',
    en: 'The new password must differ from the current one',
  },
  'password.wrongCurrent': { zh: '当前密码不正确', en: 'The current password is wrong' },
  'calendar.wrongYear': {
    zh: '日期不在这一年内',
    en: 'This date is not in that year',
  },
  'calendar.duplicate': { zh: '日期重复', en: 'This date is listed twice' },
  'calendar.both': {
    zh: '同一天不能既是节假日又是调休上班日',
    en: 'A day cannot be both a holiday and a make-up working day',
  },
  'calendar.makeupNotWeekend': {
    zh: '调休上班日应为周六或周日（工作日本来就上班）',
    en: 'A make-up working day must be a Saturday or Sunday (weekdays are working days anyway)',
  },
} as const satisfies Record<string, { zh: string; en: string }>;

export type MessageKey = keyof typeof MESSAGES;
export type Lang = 'zh' | 'en';

export function isMessageKey(value: string): value is MessageKey {
  return Object.hasOwn(MESSAGES, value);
}

export function t(key: MessageKey, lang: Lang = 'zh'): string {
  return MESSAGES[key][lang];
}

/** Picks the answer language from an Accept-Language header: Chinese unless English comes first. */
export function langFromAcceptLanguage(header: string | null | undefined): Lang {
  if (!header) return 'zh';
  const first = header.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh';
}

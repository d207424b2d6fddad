/**
 * Every user-facing message the shared rules and the server's refusals can produce, Chinese
 * first, English beside it. Schemas carry a key (never prose) so the client and the server
 * translate the same way.
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
  'money.decimals': { zh: '金额最多两位小数（分）', en: 'At most two decimal places (fen)' },
  'money.notNumber': {
    zh: '请用数字填写金额，例如 5000 或 5000.50',
    en: 'Use digits for the amount, such as 5000 or 5000.50',
  },
  'money.notPositive': { zh: '欠薪金额须大于 0', en: 'The amount owed must be more than 0' },
  'date.invalid': {
    zh: '日期格式应为 YYYY-MM-DD 且为真实日期',
    en: 'Date must be YYYY-MM-DD and a real calendar date',
  },
  'month.invalid': {
    zh: '月份格式应为 YYYY-MM，例如 2026-11',
    en: 'Month must be YYYY-MM, such as 2026-11',
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
  'claimant.maskUnknown': {
    zh: '打码的号码与已登记的号码都对不上，请填写完整的号码',
    en: 'This masked number matches none on file; enter the full number',
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
  // Why the server refused a pushed mutation (api/src/mutations/, through rejectText).
  'reject.caseNotFound': {
    zh: '案件不存在或不在您的辖区内',
    en: 'Case not found or not in your area',
  },
  'reject.dependsOnRejectedCreate': {
    zh: '此案件的新建请求已被拒绝，案件未创建，因此此操作无法执行',
    en: 'This case was never created because its creation was rejected, so this change cannot apply',
  },
  'reject.caseIdTaken': {
    zh: '案件编号已被使用，未重复创建',
    en: 'A case with this id already exists; nothing was created',
  },
  'reject.townNotInScope': {
    zh: '只能在您负责的镇街新建或处理案件',
    en: 'You can only create or handle cases in your own towns',
  },
  'reject.unknownMutation': { zh: '不支持的操作类型', en: 'Unknown mutation' },
  'reject.idReused': {
    zh: '此操作编号已用于另一项不同内容的提交，未执行',
    en: 'This mutation id was already used for a different change; nothing was applied',
  },
  'reject.baseVersionMissing': { zh: '缺少基准版本号', en: 'baseVersion is required' },
  'reject.baseVersionAhead': {
    zh: '基准版本号比服务器上的版本还新',
    en: 'baseVersion is newer than the server copy',
  },
  'reject.conflict': {
    zh: '其他人已修改了相同的内容，以服务器上的版本为准；您的修改已保留，可查看后重新提交',
    en: 'Someone else changed the same fields; the server copy wins and your change is kept for you to review',
  },
  'reject.caseClosed': {
    zh: '案件已结案，不能再修改',
    en: 'The case is closed and can no longer change',
  },
  'reject.roleNotAllowed': { zh: '您的角色不能执行此操作', en: 'Your role cannot do this' },
  'reject.undoWindowPassed': {
    zh: '已超过可撤销的时限（结案后 10 分钟），不能再撤销结案',
    en: 'The approval can be undone only within 10 minutes of closing; that time has passed',
  },
  'reject.undoNotApproval': {
    zh: '该案件不是经审核通过结案的（并案或确认移送结案），不能撤销',
    en: 'This case was not closed by an approval (merged, or a confirmed transfer), so there is nothing to undo',
  },
  'reject.officerInvalid': {
    zh: '指派的办案人员不存在、已停用或不负责该镇街',
    en: 'The officer does not exist, is disabled, or does not work in that town',
  },
  'reject.mediationExists': {
    zh: '调解记录已存在，不能被覆盖；如需修改请新建一份并注明替代的记录',
    en: 'This mediation record already exists and cannot be overwritten; record a new one that supersedes it',
  },
  'reject.mediationIdTaken': {
    zh: '此调解记录编号已被使用，请重新保存以生成新的编号',
    en: 'This mediation record id is already taken; save again to get a new one',
  },
  'reject.supersedesMissing': {
    zh: '被替代的调解记录不存在于此案件',
    en: 'The superseded mediation record is not in this case',
  },
  'reject.blobMissing': {
    zh: '附件文件尚未上传',
    en: 'The attachment file has not been uploaded',
  },
  'reject.blobMismatch': {
    zh: '附件的类型或大小与已上传的文件不一致',
    en: 'Attachment type or size does not match the uploaded file',
  },
  'reject.plannerOnly': {
    zh: '只有监察员可以制定走访计划',
    en: 'Only inspectors make visit plans',
  },
  'reject.planNotYours': {
    zh: '此走访计划属于另一位监察员',
    en: 'This visit plan belongs to another inspector',
  },
  'reject.weekOfNotMonday': {
    zh: '计划周应从星期一开始',
    en: 'The planned week must start on a Monday',
  },
  'reject.visitOutsideWeek': {
    zh: '走访日期不在计划周内',
    en: 'The visit date is not in the planned week',
  },
  'reject.townNotYours': {
    zh: '只能计划走访您负责的镇街',
    en: 'You can only plan visits to your own towns',
  },
  'reject.planCaseNotFound': {
    zh: '计划中的案件不存在或不在走访的镇街',
    en: 'A planned case does not exist or is not in a visited town',
  },
  'reject.noteExists': {
    zh: '走访记录已存在，不能被覆盖',
    en: 'This visit note already exists and cannot be overwritten',
  },
  'reject.claimNeedsStatus': {
    zh: '请先将案件转为“保险垫付”状态，再发起垫付申请',
    en: 'Move the case to insurance advance before starting a claim',
  },
  'reject.claimOpen': {
    zh: '此案件已有一份未完成的保险垫付申请',
    en: 'This case already has an unfinished insurance claim',
  },
  'reject.claimExists': {
    zh: '保险垫付申请编号已被使用',
    en: 'An insurance claim with this id already exists',
  },
  'reject.claimNotFound': {
    zh: '保险垫付申请不存在或不在您的辖区内',
    en: 'Insurance claim not found or not in your area',
  },
  'reject.claimNotStarted': {
    zh: '只有待审批的申请可以审批',
    en: 'Only a claim awaiting approval can be approved',
  },
  'reject.claimNotApproved': {
    zh: '只有已审批的申请可以登记赔付',
    en: 'Only an approved claim can be recorded as paid',
  },
  'reject.dateInFuture': { zh: '日期不能晚于今天', en: 'The date cannot be after today' },
  'reject.paidBeforeAgreement': {
    zh: '赔付日期不能早于协议签订日期',
    en: 'The paid date cannot be before the agreement date',
  },
  'reject.officeOnly': {
    zh: '只有市局工作人员可以执行此操作',
    en: 'Only office staff can do this',
  },
  'reject.mergeSourceNotReceived': {
    zh: '只有尚未指派的新受理案件可以并入其他案件',
    en: 'Only a newly received, unassigned case can be merged into another',
  },
  'reject.mergeTargetClosed': {
    zh: '不能并入已结案或已被合并的案件',
    en: 'Cannot merge into a closed or already merged case',
  },
  'reject.alreadyMerged': {
    zh: '此案件已并入其他案件',
    en: 'This case was already merged into another',
  },
  'reject.mergeTooManyClaimants': {
    zh: '合并后劳动者人数超过上限（500 人）',
    en: 'The merged case would have more than 500 claimants',
  },

  // What the server notes on a case event (i18n/event-notes.ts), shown on the timeline.
  'note.timeInFuture': {
    zh: '设备提交的{{what}} {{sentAt}} 晚于服务器时间，已按 {{placedAt}} 记录',
    en: 'The {{what}} the device gave, {{sentAt}}, was later than the server clock; recorded as {{placedAt}}',
  },
  'note.timeBeforeContact': {
    zh: '设备提交的{{what}} {{sentAt}} 早于设备上次联网，已按 {{placedAt}} 记录',
    en: 'The {{what}} the device gave, {{sentAt}}, was before its last contact with the server; recorded as {{placedAt}}',
  },
  'note.recoveredOverOwed': {
    zh: '追回金额超过欠薪总额，原因：{{reason}}',
    en: 'Recovered more than the total owed; reason: {{reason}}',
  },
  'note.mediation': {
    zh: '调解记录：{{place}}，约定 {{agreedFen}}',
    en: 'Mediation at {{place}}, {{agreedFen}} agreed',
  },
  'note.mediationDraft': {
    zh: '调解协议草稿更新（已签字 {{signed}}/{{of}}）：{{place}}，约定 {{agreedFen}}',
    en: 'Draft agreement updated ({{signed}} of {{of}} signed): {{place}}, {{agreedFen}} agreed',
  },
  'note.approvalUndone': {
    zh: '撤销结案审核（{{closedAt}} 通过），案件退回待审核',
    en: 'Approval of {{closedAt}} undone; the case is back for review',
  },
  'note.agreedOverOwed': {
    zh: '约定金额超过欠薪总额，原因：{{reason}}',
    en: 'Agreed more than the total owed; reason: {{reason}}',
  },
  // The times a device gives for what it did, as the notes above name them.
  'time.receivedAt': { zh: '受理时间', en: 'time of receipt' },
  'time.actedAt': { zh: '操作时间', en: 'time of the action' },
  'time.heldAt': { zh: '调解时间', en: 'time of the mediation' },
  'time.takenAt': { zh: '拍摄时间', en: 'time the photo was taken' },
  'time.visitedAt': { zh: '走访时间', en: 'time of the visit' },

  // Refusals of the HTTP layer itself: body, session, role (api/src/http/).
  'http.badJson': { zh: '请求内容不是有效的 JSON', en: 'The request body is not valid JSON' },
  'http.notJson': {
    zh: '请求类型应为 application/json',
    en: 'Content-Type must be application/json',
  },
  'http.tooLarge': { zh: '请求内容太大', en: 'The request body is too large' },
  'http.notFound': { zh: '未找到', en: 'Not found' },
  'http.unauthorized': { zh: '请先登录', en: 'Please sign in' },
  'http.sessionExpired': {
    zh: '登录已过期，请重新登录',
    en: 'Your session has expired; sign in again',
  },
  'http.accountDisabled': {
    zh: '此账号已被管理员停用',
    en: 'This account has been disabled by an administrator',
  },
  'http.noUnits': {
    zh: '你已不属于任何单位，请联系管理员',
    en: 'You no longer belong to any unit; contact an administrator',
  },
  'http.passwordChangeRequired': {
    zh: '请先设置新密码',
    en: 'Set a new password first',
  },
  'http.adminOnly': { zh: '只有系统管理员可以执行此操作', en: 'Only administrators may do this' },
  'http.forbidden': { zh: '没有权限执行此操作', en: 'You are not allowed to do this' },
  'http.internal': { zh: '服务器内部错误', en: 'Internal server error' },
  'http.bodyTimeout': {
    zh: '请求内容在 {{seconds}} 秒内没有传完，请在网络较好时重试',
    en: 'The request body did not arrive within {{seconds}} s; try again on a better connection',
  },

  // Other refusals of the server's services, by area.
  'auth.badCredentials': { zh: '用户名或密码不正确', en: 'Wrong username or password' },
  'auth.tooManyFailures': {
    zh: '登录失败次数过多，请 {{minutes}} 分钟后再试',
    en: 'Too many failed sign-ins; try again in {{minutes}} minutes',
  },
  'auth.busy': {
    zh: '同时登录的人太多，请稍后再试',
    en: 'Too many sign-ins at once; try again shortly',
  },
  'case.revealForbidden': {
    zh: '只有市局工作人员可以查看完整身份证号码',
    en: 'Only office staff may view full ID numbers',
  },
  'duplicates.tooManyLookups': {
    zh: '查重次数过多，请 {{minutes}} 分钟后再试',
    en: 'Too many duplicate look-ups; try again in {{minutes}} minutes',
  },
  // 码上办事, the worker's public channel (api/src/services/public/).
  'public.otpFormat': { zh: '验证码应为 6 位数字', en: 'The code has 6 digits' },
  'public.caseNoFormat': {
    zh: '案件编号格式应为 YW-年份-6位数字，例如 YW-2026-000123',
    en: 'A case number reads YW-year-6 digits, e.g. YW-2026-000123',
  },
  'public.projectRequired': {
    zh: '工程建设领域请填写项目名称和总承包单位',
    en: 'For construction, give the project name and the general contractor',
  },
  'public.codeWrong': {
    zh: '验证码不正确或已失效，请重新获取',
    en: 'The code is wrong or no longer valid; request a new one',
  },
  'public.tooManyCodes': {
    zh: '获取验证码次数过多，请 {{minutes}} 分钟后再试',
    en: 'Too many codes requested; try again in {{minutes}} minutes',
  },
  'public.tooManyPhotos': {
    zh: '上传照片次数过多，请 {{minutes}} 分钟后再试',
    en: 'Too many photos uploaded; try again in {{minutes}} minutes',
  },
  'public.notFound': {
    zh: '没有找到该案件：请核对案件编号和手机号码',
    en: 'No such case: check the case number and the mobile number',
  },
  'public.unitUnknown': {
    zh: '请从列表中选择所在单位，或选择“不清楚”',
    en: 'Choose the unit from the list, or “Not sure”',
  },
  'public.photoUnknown': {
    zh: '照片未上传或已过期，请重新上传',
    en: 'The photo was not uploaded or has expired; upload it again',
  },
  'public.photoTooLarge': {
    zh: '照片太大（最多 2 MB），请压缩后重新上传',
    en: 'The photo is too large (2 MB at most); compress it and upload again',
  },
  'public.notClosed': {
    zh: '案件办结后才能评价',
    en: 'The case can be rated once it is closed',
  },
  'public.alreadyRated': {
    zh: '该案件已经评价过了，感谢您的反馈',
    en: 'This case has been rated already',
  },
  'directory.badRole': { zh: '角色不是可选的值', en: 'Unknown role' },
  'admin.unitHasOpenCases': {
    zh: '该单位还有 {{count}} 件未办结案件，不能停用；请先把这些案件办结或改派到其他单位',
    en: 'This unit still has {{count}} unfinished cases and cannot be deactivated; close them or dispatch them elsewhere first',
    en_one:
      'This unit still has {{count}} unfinished case and cannot be deactivated; close it or dispatch it elsewhere first',
  },
  'blob.hashMismatch': {
    zh: '文件内容与哈希不一致，可能在传输中损坏，请重新上传',
    en: 'The content does not match its hash (damaged in transit?); upload it again',
  },
  'blob.badType': {
    zh: '只接受 JPEG、PNG、WebP 图片和 PDF 文件',
    en: 'Only JPEG, PNG, WebP images and PDF files are accepted',
  },
  'blob.notThatType': {
    zh: '文件内容与声明的类型不符（只接受真正的 JPEG、PNG、WebP 图片和 PDF 文件）',
    en: 'The content is not of the declared type (only real JPEG, PNG, WebP and PDF files)',
  },
  'blob.overQuota': {
    zh: '已上传但尚未关联到案件的附件超过 {{mib}} MiB，请先同步已上传的附件，或稍后再试',
    en: 'Over {{mib}} MiB of uploaded attachments are not linked to a case yet; sync those first or try later',
  },
  'blob.empty': { zh: '文件为空', en: 'The file is empty' },
  'blob.notFound': { zh: '附件不存在或无权查看', en: 'Attachment not found' },
  'sync.clientTaken': {
    zh: '此设备编号属于另一位用户，请重新登录后再同步',
    en: 'This device id belongs to another user; sign in again before syncing',
  },
  'sync.badCursor': { zh: '同步游标无效，请重新同步', en: 'Invalid sync cursor' },
  'sync.otherFeed': {
    zh: '服务器数据已从备份恢复，需要从头重新同步',
    en: 'The server was restored from a backup; sync again from the start',
  },
  'sync.busy': {
    zh: '服务器繁忙，请稍后自动重试同步',
    en: 'The server is busy; sync will retry shortly',
  },

  // The headline of a refusal whose reasons are given field by field.
  'reject.invalid': { zh: '提交的内容有误，请按提示修改', en: 'Some fields are invalid' },
  // Why a sign-in did not go through (web/src/auth/sign-in.ts).
  'signIn.offline': {
    zh: '登录需要联网，请连接网络后再试',
    en: 'Signing in needs the network; connect and try again',
  },
  'signIn.rateLimited': {
    zh: '尝试次数过多，请 {{secs}} 秒后再试',
    en: 'Too many attempts; try again in {{secs}} s',
  },
  'signIn.rateLimitedLater': {
    zh: '尝试次数过多，请稍后再试',
    en: 'Too many attempts; try again later',
  },
  'signIn.serverDown': {
    zh: '服务器暂时无法登录，请稍后再试',
    en: 'Cannot sign in right now; try later',
  },
  'signIn.badAnswer': { zh: '服务器返回了无法识别的内容', en: 'Unexpected answer from the server' },
  'signIn.otherUserUnsent': {
    zh: '此设备上还有 {{name}} 未发送的 {{count}} 项更改，请该用户先登录同步',
    en: '{{name}} still has unsent changes on this device ({{count}}); they must sign in and sync first',
  },
  'signIn.badCredentials': { zh: '用户名或密码不正确', en: 'Wrong username or password' },
  'signIn.deviceKeyMismatch': {
    zh: '此账号的设备密钥已更换，本机 {{count}} 项未发送的工作无法用密码打开：请用 PIN 解锁后同步，或联系管理员',
    en: "This account's device key has changed, so the {{count}} unsent items here cannot be opened with the password: unlock with the PIN and sync, or ask your administrator",
  },
  'signIn.again': { zh: '请重新登录', en: 'Please sign in again' },
  // Why this device refused a change before queueing it (web/src/data/errors.ts).
  'device.notSignedIn': { zh: '请先登录', en: 'Please sign in first' },
  'device.caseNotOnDevice': { zh: '本设备上找不到该案件', en: 'This case is not on this device' },
  'device.storageFull': {
    zh: '设备存储空间已满，本次内容未保存。请清理手机空间或先联网同步后再试。',
    en: 'Device storage is full; this was not saved. Free some space or sync first, then try again.',
  },
  'device.fileType': {
    zh: '只能添加 JPEG、PNG、WebP 图片或 PDF 文件',
    en: 'Only JPEG, PNG or WebP images and PDF files can be attached',
  },
  'device.fileSize': {
    zh: '文件为空或超过 {{maxMb}} MB，无法添加',
    en: 'The file is empty or larger than {{maxMb}} MB',
  },
  'device.notReapplicable': {
    zh: '此案件已不在本设备上（可能已移出您的辖区），无法重新提交',
    en: 'This case is no longer on this device (it may have left your area); it cannot be re-applied',
  },
  // Why a change waits in the device's conflicts inbox (web/src/sync/reasons.ts); the
  // server's own words, if any, follow the summary when it is shown.
  'inbox.conflict': {
    zh: '您修改的内容在服务器上已被他人改动，现显示服务器上的版本；您填写的内容保存在这里，可放弃或在新版本上重新提交。',
    en: 'Someone changed the same details on the server. The server copy is shown; what you entered is kept here to discard or apply again on top.',
  },
  'inbox.outOfScope': {
    zh: '已移出您的辖区：此案件已不由您负责，未发送的更改保存在这里，没有丢失。',
    en: 'Moved out of your area: this case is no longer yours. The unsent change is kept here, not lost.',
  },
  'inbox.dependent': {
    zh: '此案件未能在服务器上创建，因此这项更改也无法提交；它与案件一起保存在这里。',
    en: 'The case could not be created on the server, so this change could not be sent either; it is kept here with the case.',
  },
  'inbox.invalid': {
    zh: '服务器认为提交的内容有误，未予接受',
    en: 'The server found the submitted details invalid',
  },
  'inbox.forbidden': {
    zh: '您无权进行此项操作，或此案件已移出您的辖区',
    en: 'You may not make this change, or the case has left your area',
  },
  'inbox.notFound': {
    zh: '服务器上找不到此案件（可能已移出您的辖区）',
    en: 'The server has no such case for you (it may have left your area)',
  },
  'inbox.rejected': { zh: '服务器未接受此项更改', en: 'The server did not accept this change' },
  'inbox.payloadTooLarge': {
    zh: '内容太大，服务器无法接受',
    en: 'The change is too large for the server',
  },
  'inbox.unsupportedMediaType': {
    zh: '附件类型不受支持',
    en: 'The attachment type is not supported',
  },
  // Issue 15: the case's next step, and agreements that stay open until both parties sign.
  'nextStep.awaitingReview': {
    zh: '已提交化解，等待办公室审核',
    en: 'Submitted as resolved; waiting for the office to review it',
  },
  'nextStep.awaitingClose': {
    zh: '已移送，等待办公室确认结案',
    en: 'Transferred; waiting for the office to close the case',
  },
  'nextStep.closed': {
    zh: '案件已结案，无需再办理',
    en: 'The case is closed; nothing is left to do',
  },
  'nextStep.nothingForRole': {
    zh: '此状态下您没有可办理的事项',
    en: 'There is nothing for you to do in this status',
  },
  'reject.agreementFrozen': {
    zh: '双方已签字，协议已定稿，不能修改；如需修改请新建一个版本',
    en: 'Both parties have signed: the agreement is final and cannot change; record a new version instead',
  },
  'reject.mediationOtherCase': {
    zh: '此调解记录属于另一个案件，不能在此修改',
    en: 'This mediation record belongs to another case and cannot be changed here',
  },
  'mediation.signedTextChanged': {
    zh: '协议内容已修改，已有的签字需要重新签',
    en: 'The agreement text changed, so the signatures already given must be given again',
  },
  // Issue 15: instalments after an agreement, checked one by one (mutators/instalment.ts).
  'reject.instalmentNotFound': {
    zh: '协议中没有这一期分期付款',
    en: 'The agreement has no instalment due on that day',
  },
  'reject.instalmentExists': {
    zh: '这条分期记录已存在，内容不同',
    en: 'An instalment record with this id already exists with other content',
  },
  'instalment.dateFuture': { zh: '日期不能晚于今天', en: 'The date cannot be after today' },
  'instalment.dateBeforeAgreement': {
    zh: '日期不能早于调解日期',
    en: 'The date cannot be before the mediation',
  },
  'instalment.notDueYet': {
    zh: '还没到这一期的付款日，不能记为未支付',
    en: 'This instalment is not due yet, so it cannot be recorded as not paid',
  },
  'instalment.paidShort': {
    zh: '金额少于这一期应付金额，请记为“未支付”并填写实际收到的金额',
    en: 'Less than this instalment; record it as not paid with the amount received',
  },
  'instalment.missedFull': {
    zh: '已收到全部金额，请记为“已支付”',
    en: 'The whole amount arrived; record it as paid',
  },
  // Why the device's sync stopped or waits (web/src/sync/status.ts); the sync bar says one.
  'syncError.network': {
    zh: '无法连接服务器，更改已保存在本机，稍后自动重试',
    en: 'Cannot reach the server; changes are saved on this device and will be retried',
  },
  'syncError.server': {
    zh: '服务器暂时出错，稍后自动重试',
    en: 'The server had a problem; sync will be retried',
  },
  'syncError.rateLimited': {
    zh: '服务器繁忙，稍后自动重试',
    en: 'The server is busy; retrying later',
  },
  'syncError.rateLimitedIn': {
    zh: '服务器繁忙，{{secs}} 秒后自动重试',
    en: 'The server is busy; retrying in {{secs}} s',
  },
  'syncError.unauthorized': {
    zh: '登录已过期，请联网重新登录；未发送的更改仍保存在本机',
    en: 'Your sign-in has expired; sign in again. Unsent changes stay on this device',
  },
  'syncError.accountDisabled': {
    zh: '此账号已被管理员停用，无法再同步；如有疑问请联系单位管理员',
    en: 'This account has been disabled by an administrator and can no longer sync; ask your administrator',
  },
  'syncError.noUnits': {
    zh: '您已不属于任何单位，无法再同步；如有疑问请联系单位管理员',
    en: 'You no longer belong to any unit and can no longer sync; ask your administrator',
  },
  'syncError.storageFull': {
    zh: '设备存储空间已满，无法保存同步数据，请清理空间',
    en: 'Device storage is full; sync data could not be saved. Free some space',
  },
  'syncError.badResponse': {
    zh: '服务器返回了无法识别的内容，稍后自动重试',
    en: 'The server sent an answer this app does not understand; will retry',
  },
  'syncError.uploadFailed': {
    zh: '附件上传失败，稍后自动重试',
    en: 'An attachment could not be uploaded; will retry',
  },
  'syncError.internal': {
    zh: '同步时出错，更改仍保存在本机，稍后自动重试',
    en: 'Sync hit an error; changes stay on this device and sync will be retried',
  },
} as const satisfies Record<string, { zh: string; en: string; en_one?: string }>;

export type MessageKey = keyof typeof MESSAGES;
export type Lang = 'zh' | 'en';

export function isMessageKey(value: string): value is MessageKey {
  return Object.hasOwn(MESSAGES, value);
}

/** Message parameters, written `{{name}}` in the texts (the same syntax as the web's i18next). */
export type MessageParams = Readonly<Record<string, string | number>>;

/**
 * A message in `lang` with its parameters. English has a singular where a `count` of 1
 * needs one (`en_one`, as i18next's `_one`); Chinese counts need none.
 */
export function t(key: MessageKey, lang: Lang = 'zh', params?: MessageParams): string {
  const m: { zh: string; en: string; en_one?: string } = MESSAGES[key];
  const text = lang === 'en' && params?.count === 1 && m.en_one ? m.en_one : m[lang];
  if (!params) return text;
  return text.replace(/\{\{(\w+)\}\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

let byText: Map<string, MessageKey> | null = null;

/**
 * The server words a refusal in the language of the request that carried it, and a device
 * keeps those words; shown later in the other language they would stay foreign. A text that
 * is one of the catalogue's (without parameters) is given in `lang`; any other as it came.
 */
export function inLang(text: string, lang: Lang): string {
  if (!byText) {
    byText = new Map();
    for (const [key, m] of Object.entries(MESSAGES) as Array<
      [MessageKey, (typeof MESSAGES)[MessageKey]]
    >) {
      if (m.zh.includes('{{')) continue;
      if (!byText.has(m.zh)) byText.set(m.zh, key);
      if (!byText.has(m.en)) byText.set(m.en, key);
    }
  }
  const key = byText.get(text.trim());
  return key ? t(key, lang) : text;
}

// Chinese joins names with 、, clauses with ；and puts details after ：; English writes ", ",
// "; " and ": ". Every text made of parts goes through these, so no 、 lands in English.
const JOINERS = {
  zh: { list: '、', clauses: '；', detail: '：' },
  en: { list: ', ', clauses: '; ', detail: ': ' },
} as const satisfies Record<Lang, Record<string, string>>;

/** Names or labels as one list ("雇主、描述" / "employer, description"). */
export function joinList(items: readonly string[], lang: Lang): string {
  return items.join(JOINERS[lang].list);
}

/** Sentences or reasons as one line ("a；b" / "a; b"). */
export function joinClauses(items: readonly string[], lang: Lang): string {
  return items.join(JOINERS[lang].clauses);
}

/** A headline and what it is about ("提交的内容有误：…" / "Some fields are invalid: …"). */
export function withDetail(head: string, detail: string, lang: Lang): string {
  return `${head}${JOINERS[lang].detail}${detail}`;
}

/** Picks the answer language from an Accept-Language header: Chinese unless English comes first. */
export function langFromAcceptLanguage(header: string | null | undefined): Lang {
  if (!header) return 'zh';
  const first = header.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh';
}

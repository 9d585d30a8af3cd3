// The console's words, Chinese first (the district works in Chinese), English switchable; the
// choice is remembered in localStorage.
import { createI18n } from 'vue-i18n'

const zh = {
  app: { title: '一网统管', district: '管城回族区', lang: 'English', signOut: '退出', live: '实时', offline: '已断开' },
  nav: { dispatch: '派遣工作台', inbox: '处置单位', worker: '网格员', command: '指挥大屏', admin: '系统管理' },
  login: {
    title: '登录', username: '用户名', password: '密码', submit: '登录', failed: '登录失败',
    throttled: '登录失败次数过多，请于 {time} 后再试（{seconds} 秒后）', busy: '服务器正忙，稍后自动重试…',
  },
  password: {
    title: '修改密码', current: '当前密码', next: '新密码', repeat: '再次输入新密码', mismatch: '两次输入的新密码不一致',
    changed: '密码已修改，其他设备上的登录已退出', mustChange: '管理员已重置您的密码：请先设置新密码，再继续使用。',
    policy: '新密码须达到规定长度（至少 8 个字符，以系统设置为准），不能是用户名，也不能是常见密码。',
  },
  common: {
    search: '搜索', all: '全部', refresh: '刷新', more: '加载更多', none: '暂无', save: '保存', cancel: '取消',
    submit: '提交', note: '意见', loading: '加载中…', close: '关闭', saved: '已保存', yes: '是', no: '否', add: '新增',
    edit: '编辑', version: '版本',
  },
  cases: {
    number: '案卷号', category: '类别', street: '街道', grid: '网格', state: '状态', light: '灯', created: '上报时间',
    unit: '处置单位', address: '地址', description: '描述', source: '来源', urgency: '紧急程度', reporter: '上报人',
    history: '办理过程', photos: '照片', map: '位置', actions: '可办操作', noActions: '当前无可办操作',
    duplicates: '疑似重复', routing: '派遣建议', fallback: '（兜底规则）', deadline: '时限', stepDue: '本环节时限',
    wholeDue: '总时限', left: '剩余', overdue: '已超时', unitCode: '派往单位', newDeadline: '新时限',
    master: '主案卷号 (ID)', upload: '上传照片', uploaded: '照片已上传', done: '已办理', notFound: '案卷不存在或不在您的管辖范围内',
    denied: '无权办理', pick: '请选择左侧案卷', q: '描述或地址', distance: '相距 {m} 米', mergedInto: '已合并到 #{id}',
    queue: '队列', assistUnits: '协办单位', called: '吹哨召集的部门', checkinLimit: '报到时限', call: '吹哨',
    assistWaived: '协办未完成仍反馈的理由', calls: '吹哨报到', checkedIn: '已报到', reportedBack: '已反馈', missed: '未按时报到',
  },
  light: { green: '绿灯', yellow: '黄灯', red: '红灯' },
  urgency: { normal: '一般', urgent: '紧急' },
  inbox: { title: '本单位待办', notices: '督办与提醒', todo: '待签收/处置', read: '标为已读', empty: '没有待办案卷' },
  worker: {
    report: '上报', checks: '待核查', grids: '我的网格', kind: '类型', locate: '获取定位', located: '已定位',
    crs: '坐标系', camera: '拍照', submitted: '已上报：{number}', noGps: '无法定位：{msg}', lon: '经度', lat: '纬度',
    resolved: '所在网格', pickCategory: '请选择类别',
  },
  command: {
    title: '管城回族区 城市运行指挥大屏', open: '在办', reportedToday: '今日上报', closedToday: '今日结案',
    trend: '近90天趋势', byCategory: '高发问题', byLight: '时限灯', streets: '街道排名（在办）', hotGrids: '热点网格（30天）',
    reported: '上报', closed: '结案', overdue: '超时', feed: '实时动态', asOf: '数据时间', layer: '图层', load: '在办量',
  },
  admin: {
    users: '用户', units: '单位', routing: '派遣规则', sla: '时限标准', calendar: '工作日历', username: '用户名',
    displayName: '姓名', phone: '电话', roles: '角色', scope: '范围', password: '初始密码', addUser: '新增用户',
    code: '代码', name: '名称', kind: '类型', area: '辖区', contact: '联系方式', addUnit: '新增单位', rulesJson: '规则（JSON）',
    policiesJson: '时限标准（JSON）', years: '已导入年份', importYear: '导入节假日文件（holiday-cn JSON）', hours: '作息时间',
    disabled: '停用', replace: '保存为新版本', unlock: '解除登录限制', unlocked: '已解除 {user} 的登录限制',
    memberOf: '现属 {unit}', membersMove: '{n} 人将从其他单位移入本单位', membersRemove: '{n} 人将移出本单位（不属任何单位）',
    parent: '上级单位', leader: '负责人', active: '启用', members: '成员', versionNote: '版本说明', resetEditor: '重置', versions: '版本历史', current: '当前版本', createdAt: '时间', createdBy: '创建人', view: '查看', window: '时段', leadUnit: '主办单位', autoDispatch: '自动派遣', escalateAfter: '超时后督办', defaultAreaClass: '默认区域类别', areaClasses: '区域类别', areaClass: '区域类别', limits: '各环节时限', statutory: '法定节假日', local: '本地停工日', holidayFile: '节假日文件', days: '{n} 天', replaced: '已替换原文件', casesRetimed: '重算 {n} 件案卷时限', workingTime: '工作时间计算', from: '从', to: '到', compute: '计算', timeZone: '时区', workingDay: '工作日时长', seasons: '季节作息', calendarUnknown: '所涉年份的节假日未导入，结果可能不准',
    lastSignIn: '最近登录', never: '从未登录', showActive: '在用账号', showDisabled: '已停用账号', manage: '管理',
    disable: '停用账号', enable: '启用账号', disabledDone: '已停用 {user}，其登录已全部退出', enabledDone: '已启用 {user}',
    resetPassword: '重置密码', newPassword: '临时密码', resetDone: '已重置 {user} 的密码，对方下次登录须先修改',
    mustChange: '待改密码', editGrants: '修改角色与范围', saveGrants: '保存角色', grantsDone: '已更新 {user} 的角色',
  },
  state: {
    reported: '待受理', accepted: '已受理', verifying: '核实中', registered: '已立案', dispatched: '已派遣', handling: '处置中',
    handled: '已处置', checking: '核查中', closed: '已结案', rejected: '不予受理', cancelled: '已作废', hung: '挂账',
    return_requested: '申请回退', extension_requested: '申请延期', hang_requested: '申请挂账',
  },
  action: {
    accept: '受理', reject: '不予受理', request_verify: '发核实', confirm: '核实属实', refute: '核实不属实', register: '立案',
    cancel: '作废', dispatch: '派遣', sign: '签收', request_return: '申请回退', approve_return: '同意回退',
    deny_return: '驳回回退', request_extension: '申请延期', approve_extension: '同意延期', deny_extension: '驳回延期',
    request_hang: '申请挂账', approve_hang: '同意挂账', deny_hang: '驳回挂账', resume: '恢复处置', feedback: '处置反馈',
    check_pass: '核查通过', check_fail: '核查不通过（返工）', send_back: '退回返工', close: '结案', remind: '催办',
    merge: '合并为重复', unmerge: '取消合并', report: '上报', assist_report: '协办反馈', whistle: '吹哨', check_in: '报到',
    whistle_report: '报到反馈', close_whistle: '结束吹哨', attach: '上传照片', overdue: '超时', escalate: '督办', yellow: '黄灯预警',
  },
  source: {
    grid_worker: '网格员', hotline: '12345热线', public_app: '公众上报', open311: 'Open311', leader: '领导交办',
    video: '视频发现', patrol: '巡查', import: '导入',
  },
  unitKind: { department: '职能部门', street_office: '街道办事处', contractor: '作业单位' },
  step: { accept: '受理', dispatch: '派遣', sign: '签收', handle: '处置', verify: '核实', check: '核查' },
  kind: { event: '事件', component: '部件', hazard: '隐患', supervision: '督查', whistle: '吹哨' },
  role: {
    admin: '系统管理员', grid_worker: '网格员', intake_operator: '受理员', shift_lead: '值班长', dispatcher: '派遣员',
    unit_staff: '处置单位人员', leader: '指挥长', unit_leader: '处置单位负责人',
  },
  error: {
    not_found: '不存在或不在您的管辖范围内', permission_denied: '无权操作', failed_precondition: '当前状态不允许此操作',
    aborted: '案卷已被他人更新，请刷新后重试', invalid_argument: '输入有误', out_of_range: '超出范围',
    unauthenticated: '请重新登录', already_exists: '已存在', payload_too_large: '文件过大', resource_exhausted: '请求过于频繁',
    unavailable: '服务暂不可用', internal: '服务器错误',
  },
}

type Messages = typeof zh

const en: Messages = {
  app: { title: 'onegrid', district: 'Guancheng Hui District', lang: '中文', signOut: 'Sign out', live: 'live', offline: 'disconnected' },
  nav: { dispatch: 'Dispatch', inbox: 'Unit inbox', worker: 'Grid worker', command: 'Command center', admin: 'Admin' },
  login: {
    title: 'Sign in', username: 'Username', password: 'Password', submit: 'Sign in', failed: 'Sign-in failed',
    throttled: 'Too many failed sign-ins: try again at {time} (in {seconds} s)', busy: 'The server is busy; retrying shortly…',
  },
  password: {
    title: 'Change password', current: 'Current password', next: 'New password', repeat: 'New password again',
    mismatch: 'The two new passwords differ', changed: 'Password changed; sessions on other devices have ended',
    mustChange: 'An administrator reset your password: choose a new one before going on.',
    policy: 'Long enough (8 characters at least, or as the district set it), not your user name, not a common password.',
  },
  common: {
    search: 'Search', all: 'All', refresh: 'Refresh', more: 'Load more', none: 'None', save: 'Save', cancel: 'Cancel',
    submit: 'Submit', note: 'Note', loading: 'Loading…', close: 'Close', saved: 'Saved', yes: 'Yes', no: 'No', add: 'Add',
    edit: 'Edit', version: 'Version',
  },
  cases: {
    number: 'Number', category: 'Category', street: 'Street', grid: 'Grid', state: 'State', light: 'Light', created: 'Reported',
    unit: 'Unit', address: 'Address', description: 'Description', source: 'Source', urgency: 'Urgency', reporter: 'Reporter',
    history: 'History', photos: 'Photos', map: 'Location', actions: 'Actions', noActions: 'No action is yours here',
    duplicates: 'Possible duplicates', routing: 'Routing suggestion', fallback: '(fallback rule)', deadline: 'Deadline',
    stepDue: 'Step due', wholeDue: 'Case due', left: 'left', overdue: 'overdue', unitCode: 'Unit',
    newDeadline: 'New deadline', master: 'Master case (ID)', upload: 'Upload photo', uploaded: 'Photo uploaded', done: 'Done',
    notFound: 'No such case in your scope', denied: 'Not allowed', pick: 'Pick a case on the left', q: 'Description or address',
    distance: '{m} m away', mergedInto: 'Merged into #{id}', queue: 'Queue', assistUnits: 'Assisting units',
    called: 'Departments called', checkinLimit: 'Check-in within', call: 'Call', assistWaived: 'Why report before the assisting units',
    calls: 'Whistle calls', checkedIn: 'checked in', reportedBack: 'reported', missed: 'missed check-in',
  },
  light: { green: 'Green', yellow: 'Yellow', red: 'Red' },
  urgency: { normal: 'Normal', urgent: 'Urgent' },
  inbox: { title: 'Our cases', notices: 'Supervision notices', todo: 'To sign for / handle', read: 'Mark read', empty: 'Nothing to do' },
  worker: {
    report: 'Report', checks: 'To check', grids: 'My grids', kind: 'Kind', locate: 'Locate me', located: 'Located',
    crs: 'Coordinates', camera: 'Photo', submitted: 'Reported: {number}', noGps: 'No position: {msg}', lon: 'Longitude',
    lat: 'Latitude', resolved: 'Grid', pickCategory: 'Pick a category',
  },
  command: {
    title: 'Guancheng District Operations Center', open: 'Open', reportedToday: 'Reported today', closedToday: 'Closed today',
    trend: 'Last 90 days', byCategory: 'Top problems', byLight: 'Deadline lights', streets: 'Streets by open cases',
    hotGrids: 'Hot grids (30 days)', reported: 'Reported', closed: 'Closed', overdue: 'Overdue', feed: 'Live events',
    asOf: 'As of', layer: 'Layer', load: 'Open cases',
  },
  admin: {
    users: 'Users', units: 'Units', routing: 'Routing rules', sla: 'SLA policies', calendar: 'Calendar', username: 'Username',
    displayName: 'Name', phone: 'Phone', roles: 'Roles', scope: 'Scope', password: 'Initial password', addUser: 'Add user',
    code: 'Code', name: 'Name', kind: 'Kind', area: 'Area', contact: 'Contact', addUnit: 'Add unit', rulesJson: 'Rules (JSON)',
    policiesJson: 'Policies (JSON)', years: 'Years loaded', importYear: 'Import a holiday file (holiday-cn JSON)',
    hours: 'Working hours', disabled: 'Disabled', replace: 'Save as a new version', unlock: 'Lift the sign-in limit',
    unlocked: 'Sign-ins of {user} are no longer slowed',
    memberOf: 'now in {unit}', membersMove: '{n} will move here from other units', membersRemove: '{n} will leave this unit (and belong to none)',
    parent: 'Parent unit', leader: 'Leader', active: 'Active', members: 'Members', versionNote: 'Version note', resetEditor: 'Reset', versions: 'Versions', current: 'Current version', createdAt: 'Created', createdBy: 'Created by', view: 'View', window: 'Time window', leadUnit: 'Lead unit', autoDispatch: 'Auto-dispatch', escalateAfter: 'Escalate after', defaultAreaClass: 'Default area class', areaClasses: 'Area classes', areaClass: 'Area class', limits: 'Step limits', statutory: 'Statutory holidays', local: 'Local closures', holidayFile: 'Holiday file', days: '{n} days', replaced: 'replaced the earlier file', casesRetimed: '{n} cases retimed', workingTime: 'Working time between two instants', from: 'From', to: 'To', compute: 'Compute', timeZone: 'Time zone', workingDay: 'Working day', seasons: 'Seasons', calendarUnknown: 'A year in this range has no holiday file: the result may be off',
    lastSignIn: 'Last sign-in', never: 'never', showActive: 'Active accounts', showDisabled: 'Disabled accounts', manage: 'Manage',
    disable: 'Disable account', enable: 'Enable account', disabledDone: '{user} disabled; every session ended', enabledDone: '{user} enabled',
    resetPassword: 'Reset password', newPassword: 'Temporary password', resetDone: 'Password of {user} reset: to be changed at the next sign-in',
    mustChange: 'must change password', editGrants: 'Roles and scopes', saveGrants: 'Save roles', grantsDone: 'Roles of {user} updated',
  },
  state: {
    reported: 'Reported', accepted: 'Accepted', verifying: 'Verifying', registered: 'Registered', dispatched: 'Dispatched',
    handling: 'Handling', handled: 'Handled', checking: 'Checking', closed: 'Closed', rejected: 'Rejected',
    cancelled: 'Cancelled', hung: 'Hung', return_requested: 'Return requested', extension_requested: 'Extension requested',
    hang_requested: 'Hang requested',
  },
  action: {
    accept: 'Accept', reject: 'Reject', request_verify: 'Send to verify', confirm: 'Confirm', refute: 'Refute',
    register: 'Register', cancel: 'Cancel', dispatch: 'Dispatch', sign: 'Sign for', request_return: 'Request return',
    approve_return: 'Approve return', deny_return: 'Deny return', request_extension: 'Request extension',
    approve_extension: 'Approve extension', deny_extension: 'Deny extension', request_hang: 'Request hang',
    approve_hang: 'Approve hang', deny_hang: 'Deny hang', resume: 'Resume', feedback: 'Report handled',
    check_pass: 'Check passed', check_fail: 'Check failed (rework)', send_back: 'Send back', close: 'Close',
    remind: 'Remind', merge: 'Merge as duplicate', unmerge: 'Unmerge', report: 'Report', assist_report: 'Assist report',
    whistle: 'Whistle', check_in: 'Check in', whistle_report: 'Whistle report', close_whistle: 'Close whistle',
    attach: 'Photo attached',
    overdue: 'Overdue', escalate: 'Escalated', yellow: 'Yellow warning',
  },
  source: {
    grid_worker: 'Grid worker', hotline: '12345 hotline', public_app: 'Public app', open311: 'Open311', leader: 'Leader',
    video: 'Video', patrol: 'Patrol', import: 'Import',
  },
  unitKind: { department: 'Department', street_office: 'Street office', contractor: 'Contractor' },
  step: { accept: 'Accept', dispatch: 'Dispatch', sign: 'Sign', handle: 'Handle', verify: 'Verify', check: 'Check' },
  kind: { event: 'Event', component: 'Component', hazard: 'Hazard', supervision: 'Supervision', whistle: 'Whistle' },
  role: {
    admin: 'Administrator', grid_worker: 'Grid worker', intake_operator: 'Intake operator', shift_lead: 'Shift lead',
    dispatcher: 'Dispatcher', unit_staff: 'Unit staff', leader: 'Leader', unit_leader: 'Unit leader',
  },
  error: {
    not_found: 'Not found in your scope', permission_denied: 'Not allowed', failed_precondition: 'Not allowed in this state',
    aborted: 'Changed by someone else: refresh and retry', invalid_argument: 'Invalid input', out_of_range: 'Out of range',
    unauthenticated: 'Please sign in again', already_exists: 'Already exists', payload_too_large: 'Too large',
    resource_exhausted: 'Too many requests', unavailable: 'Service unavailable', internal: 'Server error',
  },
}

const LANG_KEY = 'onegrid.lang'

export const i18n = createI18n({
  legacy: false,
  locale: localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh',
  fallbackLocale: 'zh',
  messages: { zh, en },
})

export function toggleLanguage() {
  const next = i18n.global.locale.value === 'zh' ? 'en' : 'zh'
  i18n.global.locale.value = next
  localStorage.setItem(LANG_KEY, next)
  document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en'
}

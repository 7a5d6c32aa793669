/** Technician sentences for guide assistance. The staff PIN is never logged, only its outcome. */
import { defineTechnicianEvents } from './define.js';

export const GUIDE_EVENTS = defineTechnicianEvents({
  'guide.called': {
    level: 'info',
    en: 'A customer called a guide (call {callId}); queued for the branch service',
    'zh-CN': '客户呼叫大堂经理（呼叫 {callId}），等待同步到网点服务',
  },
  'guide.acknowledged': {
    level: 'info',
    en: 'A guide answered call {callId} at the branch service ({guideId}); the customer is told a guide is on the way',
    'zh-CN': '大堂经理已在网点服务应答呼叫 {callId}（{guideId}），已告知客户马上就到',
  },
  'guide.callFailed': {
    level: 'error',
    en: 'A customer’s call for a guide could not be stored: {reason}. Check the data folder disk space and the database',
    'zh-CN': '客户呼叫大堂经理未能保存：{reason}。请检查数据目录的磁盘空间和数据库',
  },
  'guide.pinAccepted': {
    level: 'info',
    en: 'Staff PIN accepted: assisted mode unlocked (audit {auditId})',
    'zh-CN': '员工密码正确，已进入协助模式（审计记录 {auditId}）',
  },
  'guide.pinRejected': {
    level: 'warn',
    en: 'Wrong staff PIN ({failures} in a row; audit {auditId})',
    'zh-CN': '员工密码错误（连续 {failures} 次；审计记录 {auditId}）',
  },
  'guide.lockedOut': {
    level: 'warn',
    en: 'Staff PIN keypad locked until {lockedUntil} after {failures} wrong PINs (audit {auditId}); if no guide mistyped, check who is at the kiosk',
    'zh-CN':
      '连续 {failures} 次员工密码错误，密码键盘锁定至 {lockedUntil}（审计记录 {auditId}）；如非工作人员误输，请查看终端前的人员',
  },
  'guide.checkFailed': {
    level: 'error',
    en: 'The staff PIN could not be checked or audited: {reason}. Assisted mode stays locked; check guide.pinHash in the configuration and the database',
    'zh-CN':
      '员工密码无法验证或记录审计：{reason}。协助模式保持锁定；请检查配置中的 guide.pinHash 和数据库',
  },
  'guide.assistedTicket': {
    level: 'info',
    en: 'Assisted mode: a guide started a {priority} priority ticket for a customer (unlock audit {auditId})',
    'zh-CN': '协助模式：大堂经理为客户办理优先取号（{priority}；解锁审计记录 {auditId}）',
  },
  'guide.disabilityFlag': {
    level: 'info',
    en: 'Assisted mode: a guide set the disability priority flag to {disability} (unlock audit {auditId})',
    'zh-CN': '协助模式：大堂经理将残障优先标记设为 {disability}（解锁审计记录 {auditId}）',
  },
});

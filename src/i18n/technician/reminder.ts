/**
 * Technician sentences for the SMS reminder, at the kiosk and at the branch service. The phone is
 * logged only under the field `phone`, which src/log masks (139****5678); never in a sentence.
 */
import { defineTechnicianEvents } from './define.js';

export const REMINDER_EVENTS = defineTechnicianEvents({
  'reminder.requested': {
    level: 'info',
    en: 'SMS reminder {reminderId} for ticket {ticketNumber} stored (phone {phone}, when {remindWhenAhead} or fewer are ahead) and queued for the branch service',
    'zh-CN':
      '号码 {ticketNumber} 的短信提醒 {reminderId} 已保存（手机 {phone}，前面剩 {remindWhenAhead} 位及以下时提醒），等待同步到网点服务',
  },
  'reminder.saveFailed': {
    level: 'error',
    en: 'A customer’s SMS reminder could not be saved: {reason}. Check the data folder disk space and the database',
    'zh-CN': '客户的短信提醒未能保存：{reason}。请检查数据目录的磁盘空间和数据库',
  },
  'reminder.phonesPurged': {
    level: 'info',
    en: 'Phone numbers of {reminderPhones} SMS reminder(s) and {outboxPayloads} sent item(s) removed after the branch acknowledged them',
    'zh-CN':
      '已删除 {reminderPhones} 条短信提醒及 {outboxPayloads} 条已发送记录中的手机号（网点服务已确认）',
  },
  'reminder.purgeFailed': {
    level: 'warn',
    en: 'Phone numbers of SMS reminders could not be removed now: {reason}. The next pass tries again; check the data folder',
    'zh-CN': '短信提醒的手机号暂未能删除：{reason}。下次会重试；请检查数据目录',
  },
  'reminder.handedOff': {
    level: 'info',
    en: 'SMS reminder {reminderId} for ticket {ticketNumber} handed to the SMS gateway (phone {phone})',
    'zh-CN': '号码 {ticketNumber} 的短信提醒 {reminderId} 已交给短信网关（手机 {phone}）',
  },
  'reminder.dropped': {
    level: 'info',
    en: 'SMS reminder {reminderId} dropped ({reason}); its phone number was deleted',
    'zh-CN': '短信提醒 {reminderId} 已取消（{reason}），手机号已删除',
  },
  'reminder.handOffFailed': {
    level: 'warn',
    en: 'The SMS gateway did not take reminder {reminderId}: {reason}. It stays queued and is tried at the next call; check the gateway',
    'zh-CN': '短信网关未接收提醒 {reminderId}：{reason}。提醒保留，下次叫号时重试；请检查短信网关',
  },
  'reminder.evaluationFailed': {
    level: 'error',
    en: 'SMS reminders could not be checked after a counter call: {reason}. The next call tries again; check the database',
    'zh-CN': '叫号后未能检查短信提醒：{reason}。下次叫号时重试；请检查数据库',
  },
});

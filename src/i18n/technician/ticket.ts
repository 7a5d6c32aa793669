/** Technician sentences for the ticket feature. */
import { defineTechnicianEvents } from './define.js';

export const TICKET_EVENTS = defineTechnicianEvents({
  'ticket.notPrinted': {
    level: 'warn',
    en: 'Ticket {ticket} was not printed ({reason}); the customer was shown the number on screen',
    'zh-CN': '号票 {ticket} 未能打印（{reason}），已在屏幕上向客户显示号码',
  },
  'ticket.printFailedUnexpectedly': {
    level: 'error',
    en: 'Printing failed in an unexpected way: {reason}. Run the printer self-test and send the log to support',
    'zh-CN': '打印出现意外错误：{reason}。请运行打印机自检并将日志发送给技术支持',
  },
  'ticket.reprintNotRecorded': {
    level: 'warn',
    en: 'Ticket {ticket} was reprinted, but the store could not record it ({reason}); the branch still sees it as shown on screen only',
    'zh-CN': '号票 {ticket} 已重新打印，但本机未能记录（{reason}）；网点仍视其为仅屏幕显示',
  },
  'ticket.issueRetrying': {
    level: 'warn',
    en: 'Recording ticket {ticket} failed ({reason}); retrying (attempt {attempt})',
    'zh-CN': '登记号票 {ticket} 失败（{reason}），正在重试（第 {attempt} 次）',
  },
  'ticket.flowFailed': {
    level: 'error',
    en: 'The ticket flow failed for ticket {ticket}: {reason}. Check the data folder disk space and the database',
    'zh-CN': '号票 {ticket} 的取号流程失败：{reason}。请检查数据目录的磁盘空间和数据库',
  },
});

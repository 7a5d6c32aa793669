/**
 * Customer words of the "follow my ticket" page the ticket's QR code opens on a phone (issue 8,
 * scan-to-follow; served by the branch service, branch-service/follow-page.ts). Combined in
 * ../messages.ts.
 */
import { defineMessages } from './define.js';

export const followMessages = defineMessages({
  'zh-CN': {
    'follow.title': '排队进度',
    'follow.yourNumber': '您的号码',
    'follow.businessType': '业务类型：{name}',
    'follow.waiting': '等候中',
    'follow.ahead': '您前面还有 {count} 人',
    'follow.youAreNext': '下一位就是您，请留意叫号',
    'follow.estimate': '预计还需等候约 {minutes} 分钟',
    'follow.estimateUnknown': '暂时无法估计等候时间',
    'follow.called': '已叫号',
    'follow.goToCounter': '请到{counter}办理',
    'follow.calledNoCounter': '请到柜台办理，或咨询大堂工作人员',
    'follow.served': '已办理完毕',
    'follow.servedText': '感谢您的光临。',
    'follow.noShow': '已过号',
    'follow.noShowText': '叫号时您不在窗口。请咨询大堂工作人员，或在取号机重新取号。',
    'follow.voided': '此号码未生效',
    'follow.voidedText': '这张号票没有排入队列。请咨询大堂工作人员，或在取号机重新取号。',
    'follow.asOf': '信息更新于',
    'follow.autoRefresh': '本页每 {seconds} 秒自动更新。',
    'follow.refresh': '立即刷新',
    'follow.otherLanguage': 'English',
    'follow.notFoundTitle': '找不到这张号票',
    'follow.notFoundText':
      '此链接没有对应本网点的号票。请重新扫描号票上的二维码，或咨询大堂工作人员。',
    'follow.otherDayTitle': '这张号票已过期',
    'follow.otherDayText': '这张号票属于 {day}，不在今天的队列中。请在取号机重新取号。',
  },
  en: {
    'follow.title': 'Your place in the queue',
    'follow.yourNumber': 'Your number',
    'follow.businessType': 'Service: {name}',
    'follow.waiting': 'Waiting',
    'follow.ahead': '{count} people ahead of you',
    'follow.youAreNext': 'You are next: watch the call display',
    'follow.estimate': 'Estimated wait: about {minutes} min',
    'follow.estimateUnknown': 'The wait cannot be estimated yet',
    'follow.called': 'Your number has been called',
    'follow.goToCounter': 'Please go to {counter}',
    'follow.calledNoCounter': 'Please go to the counters or ask a member of staff',
    'follow.served': 'Served',
    'follow.servedText': 'Thank you for your visit.',
    'follow.noShow': 'Number missed',
    'follow.noShowText':
      'You were not at the counter when your number was called. Please ask a member of staff, or take a new ticket at the kiosk.',
    'follow.voided': 'This number is not valid',
    'follow.voidedText':
      'This ticket never joined the queue. Please ask a member of staff, or take a new ticket at the kiosk.',
    'follow.asOf': 'As of',
    'follow.autoRefresh': 'This page updates itself every {seconds} seconds.',
    'follow.refresh': 'Refresh now',
    'follow.otherLanguage': '中文',
    'follow.notFoundTitle': 'Ticket not found',
    'follow.notFoundText':
      'This link does not match a ticket of this branch. Scan the QR code on your ticket again, or ask a member of staff.',
    'follow.otherDayTitle': 'This ticket has expired',
    'follow.otherDayText':
      'This ticket was for {day}; it is not in today’s queue. Please take a new ticket at the kiosk.',
  },
});

/**
 * The message catalogue: every string a customer or technician reads comes from here, in every
 * supported language. The host sends keys and parameters (see bridge/contract.ts); the renderer
 * formats them. Parameters are written {name}.
 *
 * This file is imported by the renderer: no Node, no DOM.
 */
import type { Language } from '../domain/business-type.js';

const zhCN = {
  'app.title': '自助服务终端',
  'attract.touchToStart': '请触摸屏幕开始',
  'attract.welcome': '欢迎光临',
  'menu.title': '请选择您要办理的服务',
  'menu.takeTicket': '取号排队',
  'chooseBusinessType.title': '请选择业务类型',
  'chooseBusinessType.none': '暂无可办理的业务，请咨询大堂工作人员',
  'printing.title': '正在打印您的号票',
  'printing.wait': '请稍候……',
  'ticketIssued.title': '取号成功',
  'ticketIssued.yourNumber': '您的号码',
  'ticketIssued.takeTicket': '请取走您的号票，留意叫号',
  'ticketIssued.waitingAhead': '前面还有 {count} 人等候',
  'ticketNotPrinted.title': '号票未能打印',
  'ticketNotPrinted.noteNumber':
    '请记下您的号码 {number}，留意叫号；如需纸质号票请咨询大堂工作人员',
  'notice.printerFailed': '打印机故障：{reason}',
  'notice.printerDown': '打印机暂不可用（{reason}），取号后请记下屏幕上的号码',
  'notice.unknownBusinessType': '该业务暂不可办理，请重新选择',
  'notice.ticketNotRegistered': '号票 {number} 未能登记，请持号票联系大堂工作人员',
  'notice.numberNotRegistered': '号码 {number} 未能登记，请记下号码并告知大堂工作人员',
  'outOfService.title': '暂停服务',
  'outOfService.body': '本机暂时无法使用，请到其他终端或柜台办理，工作人员已收到通知',
  'printerReason.paperOut': '缺纸',
  'printerReason.coverOpen': '机盖打开',
  'printerReason.cutterError': '切刀故障',
  'printerReason.offline': '打印机未响应',
  'printerReason.hardwareError': '硬件故障',
  'common.back': '返回',
  'common.finish': '完成',
  'common.language': 'English',
  'inactivity.warning': '{seconds} 秒后将返回首页，触摸屏幕继续',
  'inactivity.title': '您还在办理吗？',
  'inactivity.continue': '继续办理',
  'ticketIssued.noneAhead': '前面没有人等候，请留意叫号',
  'ticketIssued.oneAhead': '前面还有 1 人等候',
  'notice.label': '注意',
  'connecting.title': '正在连接终端服务……',
  'connecting.body': '请稍候。如长时间无法使用，请咨询大堂工作人员',
  'ticketIssued.waitUnknown': '等候时间暂时未知，请留意叫号',
  'ticketIssued.waitMinutes': '预计等候约 {minutes} 分钟',
  'ticketIssued.asOf': '（截至 {time}）',
  'ticketIssued.issuedOffline': '离线取号',
} as const;

export type MessageKey = keyof typeof zhCN;

const en: Record<MessageKey, string> = {
  'app.title': 'Self-service terminal',
  'attract.touchToStart': 'Touch the screen to start',
  'attract.welcome': 'Welcome',
  'menu.title': 'What would you like to do?',
  'menu.takeTicket': 'Take a queue ticket',
  'chooseBusinessType.title': 'Choose a service',
  'chooseBusinessType.none': 'No service is available here now. Please ask a lobby guide.',
  'printing.title': 'Printing your ticket',
  'printing.wait': 'Please wait…',
  'ticketIssued.title': 'Here is your ticket',
  'ticketIssued.yourNumber': 'Your number',
  'ticketIssued.takeTicket': 'Please take your ticket and listen for your number',
  'ticketIssued.waitingAhead': '{count} people ahead of you',
  'ticketNotPrinted.title': 'Your ticket could not be printed',
  'ticketNotPrinted.noteNumber':
    'Please note your number {number} and listen for it. A lobby guide can give you a paper ticket.',
  'notice.printerFailed': 'Printer problem: {reason}',
  'notice.printerDown':
    'The printer is not available ({reason}): take a number and note it from the screen.',
  'notice.unknownBusinessType': 'That service is not available now. Please choose another.',
  'notice.ticketNotRegistered':
    'Ticket {number} could not be registered. Please show it to a lobby guide.',
  'notice.numberNotRegistered':
    'Number {number} could not be registered. Please note it and tell a lobby guide.',
  'outOfService.title': 'Out of service',
  'outOfService.body':
    'This terminal cannot serve you right now. Please use another terminal or a counter; staff have been told.',
  'printerReason.paperOut': 'out of paper',
  'printerReason.coverOpen': 'cover open',
  'printerReason.cutterError': 'cutter error',
  'printerReason.offline': 'printer not responding',
  'printerReason.hardwareError': 'hardware error',
  'common.back': 'Back',
  'common.finish': 'Done',
  'common.language': '中文',
  'inactivity.warning': 'Returning to the start in {seconds} s. Touch the screen to continue.',
  'inactivity.title': 'Are you still there?',
  'inactivity.continue': 'Continue',
  'ticketIssued.noneAhead': 'No one is ahead of you. Listen for your number.',
  'ticketIssued.oneAhead': '1 person ahead of you',
  'notice.label': 'Notice',
  'connecting.title': 'Connecting to the terminal service…',
  'connecting.body': 'Please wait. If this takes long, please ask a lobby guide.',
  'ticketIssued.waitUnknown': 'Wait unknown for now. Listen for your number.',
  'ticketIssued.waitMinutes': 'Estimated wait about {minutes} min',
  'ticketIssued.asOf': '(as of {time})',
  'ticketIssued.issuedOffline': 'Issued offline',
};

export const MESSAGES: Record<Language, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

/** Formats a message; unknown parameters stay visible as {name} so a missing one is noticed. */
export function formatMessage(
  language: Language,
  key: MessageKey,
  params: Readonly<Record<string, string | number>> = {},
): string {
  return MESSAGES[language][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

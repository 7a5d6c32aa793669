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
  'inactivity.continue': '我需要更多时间',
  'ticketIssued.noneAhead': '前面没有人等候，请留意叫号',
  'ticketIssued.oneAhead': '前面还有 1 人等候',
  'notice.label': '注意',
  'connecting.title': '正在连接终端服务……',
  'connecting.body': '请稍候。如长时间无法使用，请咨询大堂工作人员',
  'ticketNotPrinted.printAgain': '重新打印号票',
  'attract.announcements': '网点公告',
  'header.elder': '长辈模式',
  'header.settings': '显示与语音',
  'voice.toggle': '语音播报',
  'voice.repeat': '再听一遍',
  'voice.louder': '大声点',
  'voice.quieter': '小声点',
  'voice.volume': '音量 {volume}%',
  'inactivity.spoken': '您还在办理吗？如需继续，请点击“我需要更多时间”',
  'notice.storeDown': '本机暂时无法取号，请到柜台办理',
  'outOfService.staffNote': '工作人员请注意（{code}）：{reason}',
  // The ID card (identify feature): offer, consent, reading, problems, the abuse guard.
  'identify.offer.title': '是否使用身份证取号？',
  'identify.offer.body': '年满 {age} 周岁的客户凭身份证可优先办理',
  'identify.offer.useCard': '使用身份证（老年客户优先）',
  'identify.offer.continueWithout': '不使用身份证，直接取号',
  'identify.consent.title': '读取身份证前请您授权',
  'identify.consent.what':
    '读取内容：姓名、出生日期和身份证号码。屏幕上只显示姓氏，照片和住址不读取使用。',
  'identify.consent.why': '用途：按年龄为您安排优先办理，并防止同一证件重复取号。',
  'identify.consent.keep':
    '保存期限：证件信息只在本次办理中使用，办理结束立即清除；本机只保存由证件号码计算出的不可还原的代码，用于当天的取号限制。',
  'identify.consent.question': '您是否同意读取您的身份证？',
  'identify.consent.agree': '同意并读取身份证',
  'identify.placeCard.title': '请放置身份证',
  'identify.placeCard': '请将身份证平放在读卡区',
  'identify.reading': '正在读取，请勿移动身份证',
  'identify.read.title': '身份证读取成功',
  'identify.read.prioritySenior': '您可优先办理（老年客户）',
  'identify.read.priorityNone': '您将按顺序办理',
  'identify.takeCard': '请取走您的身份证',
  'identify.notice.cardLeft': '身份证仍在读卡区，请立即取走，以免遗失',
  'identify.problem.title': '未能使用身份证',
  'identify.problem.unreadable': '身份证未能读取。请取回证件，擦拭后重新放置，或不使用身份证继续',
  'identify.problem.unsupportedCard':
    '暂不支持此类证件。请取回证件，不使用身份证继续取号，或咨询大堂工作人员',
  'identify.problem.noCardInTime': '没有检测到身份证。您可以重试，或不使用身份证继续取号',
  'identify.problem.readerOffline':
    '读卡器暂时无法使用，工作人员已收到通知。请不使用身份证继续取号，或咨询大堂工作人员',
  'identify.problem.whatNext': '您可以重试，或不使用身份证继续取号',
  'identify.retry': '重试',
  'identify.continueWithout': '不使用身份证继续',
  'identify.liveTicket.title': '您已取过此业务的号',
  'identify.liveTicket.body':
    '此证件已取得{businessType}的号码 {number}，{until} 之前不能再取同一业务的号。请留意叫号，如有疑问请咨询大堂工作人员。',
  'ticket.priority': '优先',
  'ticket.priority.senior': '优先办理（老年客户）',
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
  'inactivity.continue': 'I need more time',
  'ticketIssued.noneAhead': 'No one is ahead of you. Listen for your number.',
  'ticketIssued.oneAhead': '1 person ahead of you',
  'notice.label': 'Notice',
  'connecting.title': 'Connecting to the terminal service…',
  'connecting.body': 'Please wait. If this takes long, please ask a lobby guide.',
  'ticketNotPrinted.printAgain': 'Print my ticket again',
  'attract.announcements': 'Branch announcements',
  'header.elder': 'Larger text',
  'header.settings': 'Display and voice',
  'voice.toggle': 'Voice',
  'voice.repeat': 'Repeat',
  'voice.louder': 'Louder',
  'voice.quieter': 'Quieter',
  'voice.volume': 'Volume {volume}%',
  'inactivity.spoken': 'Are you still there? To keep going, touch "I need more time".',
  'notice.storeDown': 'This kiosk cannot take tickets now. Please go to a counter.',
  'outOfService.staffNote': 'For staff ({code}): {reason}',
  'identify.offer.title': 'Use your ID card for this ticket?',
  'identify.offer.body': 'Customers aged {age} or over are served first with their ID card.',
  'identify.offer.useCard': 'Use your ID card (priority for seniors)',
  'identify.offer.continueWithout': 'Continue without the card',
  'identify.consent.title': 'Before we read your ID card',
  'identify.consent.what':
    'What is read: your name, date of birth and ID number. Only your family name is shown; the photo and the address are not used.',
  'identify.consent.why':
    'Why: to serve seniors first, and to keep one card from taking a queue twice.',
  'identify.consent.keep':
    'How long: your card details are used for this visit only and erased when you finish; the terminal keeps only a code computed from the ID number, which cannot be turned back into it, to limit tickets today.',
  'identify.consent.question': 'Do you agree to your ID card being read?',
  'identify.consent.agree': 'I agree, read my card',
  'identify.placeCard.title': 'Place your ID card',
  'identify.placeCard': 'Place your ID card flat on the reader',
  'identify.reading': 'Reading your card, please do not move it',
  'identify.read.title': 'Your ID card has been read',
  'identify.read.prioritySenior': 'You will be served first (senior customer)',
  'identify.read.priorityNone': 'You will be served in turn',
  'identify.takeCard': 'Please take your ID card',
  'identify.notice.cardLeft': 'Your ID card is still on the reader: please take it now',
  'identify.problem.title': 'Your ID card could not be used',
  'identify.problem.unreadable':
    'Your ID card could not be read. Take it back, wipe it and place it again, or continue without it.',
  'identify.problem.unsupportedCard':
    'This kind of card cannot be used here. Take it back and continue without it, or ask a lobby guide.',
  'identify.problem.noCardInTime':
    'No card was placed on the reader. Try again, or continue without the card.',
  'identify.problem.readerOffline':
    'The card reader is not working right now; staff have been told. Continue without the card, or ask a lobby guide.',
  'identify.problem.whatNext': 'Try again, or continue without the card.',
  'identify.retry': 'Try again',
  'identify.continueWithout': 'Continue without the card',
  'identify.liveTicket.title': 'You already have a ticket for this service',
  'identify.liveTicket.body':
    'This card already took number {number} for {businessType}. Another ticket for this service can be taken after {until}. Please listen for your number, or ask a lobby guide.',
  'ticket.priority': 'Priority',
  'ticket.priority.senior': 'Priority (senior customer)',
  'ticketIssued.waitUnknown': 'Wait unknown for now. Listen for your number.',
  'ticketIssued.waitMinutes': 'Estimated wait about {minutes} min',
  'ticketIssued.asOf': '(as of {time})',
  'ticketIssued.issuedOffline': 'Issued offline',
};

export const MESSAGES: Record<Language, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

/**
 * Plainer words for elder mode (design.md §7): where a key has a variant here, elder mode shows
 * and speaks it instead. Short sentences, everyday words, one instruction each.
 */
export const ELDER_MESSAGES: Record<Language, Partial<Record<MessageKey, string>>> = {
  'zh-CN': {
    'attract.touchToStart': '请点一下屏幕',
    'menu.title': '您要办什么？请点一下',
    'chooseBusinessType.title': '您要办哪种业务？请点一下',
    'printing.wait': '请稍等，号票马上出来',
    'ticketIssued.takeTicket': '请拿好号票，等着叫您的号',
    'inactivity.warning': '{seconds} 秒后回到首页。还要办，请点一下',
    'inactivity.spoken': '您还在吗？还要办，请点“我需要更多时间”',
  },
  en: {
    'attract.touchToStart': 'Tap the screen to begin',
    'menu.title': 'What do you need? Tap one.',
    'chooseBusinessType.title': 'Which service do you need? Tap one.',
    'printing.wait': 'Please wait. Your ticket is coming.',
    'ticketIssued.takeTicket': 'Take your ticket. Wait for your number.',
    'inactivity.warning': 'Back to the start in {seconds} s. Tap to stay.',
    'inactivity.spoken': 'Are you still there? To stay, tap "I need more time".',
  },
};

/** A message in the words of the session's mode: elder mode's plainer variant where there is one. */
export function formatMessageInMode(
  mode: { readonly language: Language; readonly elder: boolean },
  key: MessageKey,
  params: Readonly<Record<string, string | number>> = {},
): string {
  const variant = mode.elder ? ELDER_MESSAGES[mode.language][key] : undefined;
  if (variant === undefined) return formatMessage(mode.language, key, params);
  return variant.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

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

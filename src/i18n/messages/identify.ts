/** Customer words for the ID-card flow: consent, reading, the card's outcomes. Combined in ../messages.ts. */
import { defineMessages } from './define.js';

export const identifyMessages = defineMessages({
  'zh-CN': {
    'identify.offer.title': '是否使用身份证取号？',
    'identify.offer.body': '年满 {age} 周岁的客户凭身份证可优先办理',
    'identify.offer.useCard': '使用身份证（老年客户优先）',
    'identify.offer.continueWithout': '不使用身份证，直接取号',
    'identify.consent.title': '读取身份证前请您授权',
    'identify.consent.what':
      '读取内容：姓名、出生日期和身份证号码。屏幕上只显示姓氏，照片和住址不读取使用。',
    'identify.consent.why':
      '用途：按年龄为您安排优先办理，查找您今天的预约和贵宾客户身份，并防止同一证件重复取号。',
    'identify.consent.keep':
      '保存期限：证件信息只在本次办理中使用，办理结束立即清除；本机只保存由证件号码计算出的不可还原的代码，用于当天的取号限制。',
    'identify.consent.question': '您是否同意读取您的身份证？',
    'identify.consent.agree': '同意并读取身份证',
    'identify.placeCard.title': '请放置身份证',
    'identify.placeCard': '请将身份证平放在读卡区',
    // Where the reader is; a terminal's configuration may say it otherwise (idReader.placementHint).
    'identify.placeCard.where': '读卡区在屏幕下方',
    'identify.reading': '正在读取，请勿移动身份证',
    'identify.read.title': '身份证读取成功',
    'identify.read.prioritySenior': '您可优先办理（老年客户）',
    'identify.read.priorityVip': '您可优先办理（贵宾客户）',
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
  },
  en: {
    'identify.offer.title': 'Use your ID card for this ticket?',
    'identify.offer.body': 'Customers aged {age} or over are served first with their ID card.',
    'identify.offer.useCard': 'Use your ID card (priority for seniors)',
    'identify.offer.continueWithout': 'Continue without the card',
    'identify.consent.title': 'Before we read your ID card',
    'identify.consent.what':
      'What is read: your name, date of birth and ID number. Only your family name is shown; the photo and the address are not used.',
    'identify.consent.why':
      'Why: to serve seniors first, to find your appointment today and your VIP status, and to keep one card from taking a queue twice.',
    'identify.consent.keep':
      'How long: your card details are used for this visit only and erased when you finish; the terminal keeps only a code computed from the ID number, which cannot be turned back into it, to limit tickets today.',
    'identify.consent.question': 'Do you agree to your ID card being read?',
    'identify.consent.agree': 'I agree, read my card',
    'identify.placeCard.title': 'Place your ID card',
    'identify.placeCard': 'Place your ID card flat on the reader',
    'identify.placeCard.where': 'The reader is below the screen',
    'identify.reading': 'Reading your card, please do not move it',
    'identify.read.title': 'Your ID card has been read',
    'identify.read.prioritySenior': 'You will be served first (senior customer)',
    'identify.read.priorityVip': 'You will be served first (VIP customer)',
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
  },
  elder: {
    'zh-CN': {
      'identify.offer.title': '用身份证取号吗？',
      'identify.offer.body': '满 {age} 岁，用身份证可以先办',
      'identify.offer.useCard': '用身份证',
      'identify.offer.continueWithout': '不用身份证',
      'identify.consent.question': '可以读您的身份证吗？',
      'identify.consent.agree': '可以，读身份证',
      'identify.placeCard.title': '请放身份证',
      'identify.placeCard': '把身份证平放在读卡的地方',
      'identify.placeCard.where': '读卡的地方在屏幕下面',
      'identify.reading': '正在读，请别动身份证',
      'identify.read.title': '身份证读好了',
      'identify.read.prioritySenior': '您可以先办',
      'identify.read.priorityNone': '您按顺序办',
      'identify.takeCard': '请拿走您的身份证',
      'identify.notice.cardLeft': '身份证还在机器上，请马上拿走',
      'identify.problem.title': '身份证用不了',
      'identify.problem.unreadable': '没读出来。请拿回身份证，擦一擦再放，或不用身份证',
      'identify.problem.unsupportedCard': '这种证件用不了。请拿回证件，不用证件继续，或找工作人员',
      'identify.problem.noCardInTime': '没看到身份证。您可以再试，或不用身份证',
      'identify.problem.readerOffline':
        '读卡器坏了，已告诉工作人员。请不用身份证继续，或找工作人员',
      'identify.problem.whatNext': '再试一次，或不用身份证',
      'identify.retry': '再试一次',
      'identify.continueWithout': '不用身份证',
    },
    en: {
      'identify.offer.title': 'Use your ID card?',
      'identify.offer.body': 'At {age} or over, your ID card gets you served first.',
      'identify.offer.useCard': 'Use my ID card',
      'identify.offer.continueWithout': 'No card',
      'identify.consent.question': 'May we read your ID card?',
      'identify.consent.agree': 'Yes, read my card',
      'identify.placeCard.title': 'Put your ID card down',
      'identify.placeCard': 'Lay your ID card flat on the reader',
      'identify.placeCard.where': 'The reader is under the screen',
      'identify.reading': 'Reading. Please keep the card still.',
      'identify.read.title': 'Your card is read',
      'identify.read.prioritySenior': 'You will be served first',
      'identify.read.priorityNone': 'You wait for your turn',
      'identify.takeCard': 'Take your ID card now',
      'identify.notice.cardLeft': 'Your card is still on the reader. Take it now.',
      'identify.problem.title': 'The card did not work',
      'identify.problem.unreadable':
        'We could not read it. Take it, wipe it, put it back, or go on without it.',
      'identify.problem.unsupportedCard':
        'This card does not work here. Take it and go on without it, or ask a guide.',
      'identify.problem.noCardInTime': 'No card yet. Try again, or go on without it.',
      'identify.problem.readerOffline':
        'The reader is not working; staff know. Go on without the card, or ask a guide.',
      'identify.problem.whatNext': 'Try again, or go on without the card.',
      'identify.retry': 'Try once more',
      'identify.continueWithout': 'Go on without the card',
    },
  },
});

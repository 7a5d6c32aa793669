/**
 * Technician sentences for the ID-card reader (design.md §4.2): its driver's failures
 * (devices/idcard/errors.ts) and the card events of its polling loop. Identity fields are never
 * parameters here: a sentence names the card type and the port, never the holder.
 */
import { defineTechnicianEvents } from './define.js';

export const IDCARD_EVENTS = defineTechnicianEvents({
  'idcard.offline': {
    level: 'warn',
    en: 'The ID card reader on {port} did not answer {command} ({why}). Check the cable, the power and that the baud rate matches the reader (115200 by default).',
    'zh-CN':
      '{port} 上的身份证阅读器没有应答 {command}（{why}）。请检查线缆、电源，并确认波特率与阅读器一致（默认 115200）。',
  },
  'idcard.corruptReply': {
    level: 'warn',
    en: 'The ID card reader on {port} answered {command} with damaged bytes ({why}). Check the cable and that the baud rate matches the reader.',
    'zh-CN':
      '{port} 上的身份证阅读器对 {command} 的应答已损坏（{why}）。请检查线缆，并确认波特率与阅读器一致。',
  },
  'idcard.samFailure': {
    level: 'error',
    en: "The security module (SAM) of the ID card reader on {port} answered {command} with {result} (code {code}). Cards cannot be read until the reader is serviced: call the reader's vendor.",
    'zh-CN':
      '{port} 上身份证阅读器的安全模块（SAM）对 {command} 返回 {result}（代码 {code}）。在阅读器维修前无法读卡，请联系阅读器厂商。',
  },
  'idcard.protocolError': {
    level: 'error',
    en: 'The ID card reader on {port} answered {command} with {result} (code {code}, {why}). Check that the device on this port is a second-generation ID card reader speaking the SAM protocol.',
    'zh-CN':
      '{port} 上的身份证阅读器对 {command} 返回 {result}（代码 {code}，{why}）。请确认此端口上的设备是使用 SAM 协议的二代证阅读器。',
  },
  // Reasons that go into another sentence's {why}.
  'idcard.badChecksum': {
    level: 'debug',
    en: 'only frames with a wrong checksum came back',
    'zh-CN': '收到的帧校验和均错误',
  },
  'idcard.impossibleLength': {
    level: 'debug',
    en: 'only frames with an impossible length came back',
    'zh-CN': '收到的帧长度均不可能',
  },
  'idcard.answerTooShort': {
    level: 'debug',
    en: 'an answer shorter than its status word',
    'zh-CN': '应答短于状态字',
  },
  'idcard.requestRefused': {
    level: 'debug',
    en: 'the reader refused the request',
    'zh-CN': '阅读器拒绝了该请求',
  },
  'idcard.unexpectedResult': {
    level: 'debug',
    en: 'not an answer this command can have',
    'zh-CN': '该命令不应有此应答',
  },
  'idcard.lengthsDoNotAddUp': {
    level: 'debug',
    en: "the read answer's lengths do not add up ({problem})",
    'zh-CN': '读卡应答中的长度不一致（{problem}）',
  },
  'idcard.noReasonGiven': {
    level: 'debug',
    en: 'no further detail',
    'zh-CN': '无更多信息',
  },
  'idcard.cardInserted': {
    level: 'debug',
    en: 'A card was placed on the ID card reader on {port}.',
    'zh-CN': '{port} 上的身份证阅读器检测到卡片。',
  },
  'idcard.cardRead': {
    level: 'info',
    en: 'A card ({cardType}) was read on the ID card reader on {port}.',
    'zh-CN': '{port} 上的身份证阅读器已读取一张卡（{cardType}）。',
  },
  'idcard.cardUnsupported': {
    level: 'info',
    en: 'A card of a type the kiosk cannot read (flag "{flag}") was placed on the reader on {port}; the customer is asked for a resident ID card.',
    'zh-CN':
      '{port} 上的阅读器读到自助机不支持的证件类型（标志“{flag}”），已提示客户使用居民身份证。',
  },
  'idcard.cardInvalid': {
    level: 'warn',
    en: 'The card read on {port} has an invalid {field} ({reason}). The card may be damaged or not genuine: ask the customer for another ID.',
    'zh-CN':
      '{port} 上读取的卡片 {field} 无效（{reason}）。卡片可能损坏或非真实证件，请让客户换一张证件。',
  },
  'idcard.cardUnreadable': {
    level: 'info',
    en: 'A card on the ID card reader on {port} could not be read ({result}, at {command}). If this happens with many cards, clean the reader window.',
    'zh-CN':
      '{port} 上的身份证阅读器无法读取卡片（{result}，于 {command}）。若多张卡都如此，请清洁阅读器感应区。',
  },
  'idcard.cardLeft': {
    level: 'info',
    en: 'The card is still on the ID card reader on {port} after its read; the customer is asked to take it.',
    'zh-CN': '读卡完成后卡片仍留在 {port} 上的身份证阅读器上，已提示客户取走。',
  },
  'idcard.cardRemoved': {
    level: 'debug',
    en: 'The card was taken off the ID card reader on {port}.',
    'zh-CN': '卡片已从 {port} 上的身份证阅读器取走。',
  },
  'idcard.pollFailed': {
    level: 'warn',
    en: 'Polling the ID card reader on {port} failed: {error}',
    'zh-CN': '轮询 {port} 上的身份证阅读器失败：{error}',
  },
  // The identify flow (main/features/identify.ts): what became of a customer's card.
  'identify.cardProblem': {
    level: 'warn',
    en: 'A customer could not use their ID card ({problem}) and was offered to try again or go on without it. Many of these: check the reader (window clean, cable, SAM).',
    'zh-CN':
      '客户未能使用身份证（{problem}），已提示重试或不使用身份证继续。若频繁发生，请检查阅读器（感应区清洁、线缆、SAM）。',
  },
  'identify.cardNotRemoved': {
    level: 'warn',
    en: 'A customer left their ID card on the reader for {seconds} s after its read; the screen asks them to take it. If the customer has gone, a guide should keep the card safe.',
    'zh-CN':
      '读卡后客户的身份证在阅读器上已停留 {seconds} 秒，屏幕正提示取走。若客户已离开，请大堂工作人员妥善保管该证件。',
  },
  'identify.readerUnavailable': {
    level: 'warn',
    en: 'The ID card reader was not ready when a customer wanted to use their card ({state}); they were offered to go on without it.',
    'zh-CN': '客户要使用身份证时阅读器未就绪（{state}），已提示不使用身份证继续。',
  },
  'identify.liveTicketRefused': {
    level: 'info',
    en: 'A second ticket for {businessType} was refused to an ID card that already holds {ticket} (one live ticket per card and queue, {minutes} minutes).',
    'zh-CN':
      '同一身份证已持有 {ticket}，再次取{businessType}的号被拒绝（每证每业务一个有效号，{minutes} 分钟）。',
  },
  'identify.guardFailed': {
    level: 'error',
    en: 'The one-ticket-per-card check could not run ({reason}); the ticket was issued without it. Check the kiosk database.',
    'zh-CN': '一证一号检查无法执行（{reason}），已在不检查的情况下出号。请检查终端数据库。',
  },
  'identify.customerKeyReceived': {
    level: 'info',
    en: 'The branch customer-key secret {keyId} was received and kept sealed: ID cards now give the branch-wide customer key (appointments and VIP customers by card)',
    'zh-CN':
      '已收到并加密保存网点客户标识密钥 {keyId}：身份证现生成全网点统一的客户标识（可按身份证签到预约、识别贵宾客户）',
  },
  'identify.customerKeyPending': {
    level: 'warn',
    en: 'The branch customer-key secret could not be fetched ({reason}); until it is, ID cards are keyed on this kiosk only, so appointments and VIP customers are not found by card. Check the link to the branch service',
    'zh-CN':
      '未能获取网点客户标识密钥（{reason}）；在此之前身份证仅按本机标识，无法按身份证找到预约和贵宾客户。请检查与网点服务的连接',
  },
  'identify.customerKeyUnreadable': {
    level: 'warn',
    en: 'The kept branch customer-key secret could not be opened ({reason}); it is fetched again from the branch service',
    'zh-CN': '已保存的网点客户标识密钥无法打开（{reason}），将重新从网点服务获取',
  },
  'identify.vipLookupFailed': {
    level: 'info',
    en: 'The branch service did not say whether the card holder is a VIP customer ({reason}); the ticket is prioritised by age alone',
    'zh-CN': '网点服务未能答复持卡人是否为贵宾客户（{reason}），号票仅按年龄确定优先',
  },
});

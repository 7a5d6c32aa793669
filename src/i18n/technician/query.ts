/** Technician sentences for the self-service query feature. */
import { defineTechnicianEvents } from './define.js';

export const QUERY_EVENTS = defineTechnicianEvents({
  'query.answered': {
    level: 'info',
    en: 'A customer read "{query}" (the copy was {ageMinutes} minutes old)',
    'zh-CN': '客户查看了“{query}”（信息副本已有 {ageMinutes} 分钟）',
  },
  'query.unavailable': {
    level: 'warn',
    en: 'A customer asked for "{query}", which the branch configuration does not provide. Add it in the branch service configuration',
    'zh-CN': '客户查询了“{query}”，但网点配置中没有此项信息。请在网点服务配置中添加',
  },
  'query.failed': {
    level: 'error',
    en: 'The query "{query}" failed: {reason}. The customer was told the information is unavailable; send the log to support',
    'zh-CN': '查询“{query}”失败：{reason}。已告知客户信息暂不可用；请将日志发送给技术支持',
  },
  'query.liveTicketUnavailable': {
    level: 'warn',
    en: 'The branch service gave no live answer for a ticket number ({code}: {reason}); the customer read what this kiosk holds. Check the connection to the branch service',
    'zh-CN':
      '网点服务未及时答复号票查询（{code}：{reason}），客户看到的是本机保存的信息。请检查与网点服务的连接',
  },
  'query.scanRead': {
    level: 'info',
    en: 'A customer scanned a ticket ({kind}; issued by this kiosk: {ownTicket}) to see where it stands',
    'zh-CN': '客户扫描了号票（{kind}；本机所出：{ownTicket}）查看排队进度',
  },
  'query.scanRefused': {
    level: 'info',
    en: 'A scanned code ({length} characters) is not a ticket of this branch ({reason}); the customer was told and can type the number. If customers scan their tickets and see this, check ticketQrBaseUrl in the kiosk configuration',
    'zh-CN':
      '扫描到的码（{length} 个字符）不是本网点的号票（{reason}），已告知客户并可改为输入号码。若客户扫描自己的号票也出现此情况，请检查终端配置中的 ticketQrBaseUrl',
  },
});

/** Technician sentences for branch numbers, number blocks and queue status (issue 7). */
import { defineTechnicianEvents } from './define.js';

export const NUMBER_EVENTS = defineTechnicianEvents({
  'numbers.blockLeased': {
    level: 'info',
    en: 'Leased numbers {first}–{last} of queue {businessType} for {serviceDay} for offline use',
    'zh-CN': '已为离线取号租用 {serviceDay} 队列 {businessType} 的号码 {first}–{last}',
  },
  'numbers.leaseFailed': {
    level: 'warn',
    en: 'Could not lease offline numbers for queue {businessType} ({reason}); {left} left for today. The kiosk tries again while it runs',
    'zh-CN':
      '无法为队列 {businessType} 租用离线号码（{reason}），今日剩余 {left} 个。终端运行期间会继续重试',
  },
  'numbers.leaseDeferred': {
    level: 'debug',
    en: 'The branch service asked to wait before leasing numbers for queue {businessType} ({reason}); {left} left for today. Asked again at the next refill',
    'zh-CN':
      '网点服务要求稍后再为队列 {businessType} 租用号码（{reason}），今日剩余 {left} 个。下次补充时再试',
  },
  'numbers.issuedOffline': {
    level: 'warn',
    en: 'Ticket {ticket} was numbered from this kiosk’s leased block: the branch service did not give a number ({reason})',
    'zh-CN': '号票 {ticket} 使用本机租用的号段编号：网点服务未分配号码（{reason}）',
  },
  'numbers.noNumbersLeft': {
    level: 'error',
    en: 'No number for queue {businessType}: the branch service did not give one ({reason}) and no leased number is left. Check the link to the branch service',
    'zh-CN':
      '队列 {businessType} 无可用号码：网点服务未分配（{reason}），且本机租用号段已用完。请检查与网点服务的连接',
  },
  'numbers.reservationsVoided': {
    level: 'warn',
    en: '{count} number(s) reserved before a stop and never issued were voided and reported to the branch: {numbers}',
    'zh-CN': '停机前已预留但未发出的 {count} 个号码已作废并报告网点：{numbers}',
  },
  'numbers.queueStatusUnavailable': {
    level: 'info',
    en: 'Queue status could not be fetched ({reason}); customers are told the wait is unknown',
    'zh-CN': '无法获取排队状态（{reason}），将向客户显示“等候时间未知”',
  },
  'numbers.queueStatusReachable': {
    level: 'info',
    en: 'Queue status is being fetched from the branch service again',
    'zh-CN': '已恢复从网点服务获取排队状态',
  },
});

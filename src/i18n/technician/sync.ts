/**
 * Technician sentences of the branch link (src/sync): delivery of the outbox and the branch
 * configuration. Logged once per change of state, not once per retry.
 */
import { defineTechnicianEvents } from './define.js';

export const SYNC_EVENTS = defineTechnicianEvents({
  'sync.deliveryFailing': {
    level: 'warn',
    en: 'Outbox not delivered ({reason}); {backlog} item(s) wait in the outbox, retrying.',
    'zh-CN': '待发队列未能送达（{reason}）；{backlog} 项在队列中等待，正在重试。',
  },
  'sync.blocked': {
    level: 'error',
    en:
      'The branch service refuses this kiosk ({reason}); {backlog} item(s) wait. Check ' +
      'kioskId/kioskToken and the service address ({url}); retrying every few minutes.',
    'zh-CN':
      '网点服务拒绝本终端（{reason}）；{backlog} 项在等待。请检查 kioskId/kioskToken 与服务地址' +
      '（{url}）；每隔几分钟重试一次。',
  },
  'sync.resumed': {
    level: 'info',
    en: 'The branch service takes deliveries again ({backlog} item(s) waiting).',
    'zh-CN': '网点服务已恢复接收（{backlog} 项等待中）。',
  },
  'sync.itemRejected': {
    level: 'error',
    en: 'The branch service rejected {kind} {id}: {reason}',
    'zh-CN': '网点服务拒绝了 {kind} {id}：{reason}',
  },
  'sync.configUpdated': {
    level: 'info',
    en: 'Branch configuration updated: {businessTypes} business type(s).',
    'zh-CN': '网点配置已更新：{businessTypes} 种业务类型。',
  },
  'sync.configUnavailable': {
    level: 'warn',
    en: 'Keeping the cached branch configuration (as of {cachedAt}): {reason}',
    'zh-CN': '继续使用缓存的网点配置（截至 {cachedAt}）：{reason}',
  },
  'sync.configCacheFailed': {
    level: 'error',
    en:
      "The kiosk's database could not read or save the cached branch configuration ({error}); " +
      'the kiosk keeps serving the configuration it has. Check the disk of the data folder ' +
      '(free space, permissions, errors in the system log).',
    'zh-CN':
      '自助机数据库无法读取或保存缓存的网点配置（{error}）；自助机继续使用现有配置。请检查数据目录' +
      '所在磁盘（剩余空间、权限、系统日志中的错误）。',
  },
  'sync.configRefreshFailed': {
    level: 'error',
    en:
      'Refreshing the branch configuration failed unexpectedly ({error}); the kiosk keeps ' +
      'serving the configuration it has. This is a kiosk software error: report it with the ' +
      'kiosk log.',
    'zh-CN':
      '刷新网点配置时发生意外错误（{error}）；自助机继续使用现有配置。这是自助机软件错误，请连同' +
      '日志一起报告。',
  },
  'sync.configReachable': {
    level: 'info',
    en: 'The branch configuration can be fetched again.',
    'zh-CN': '网点配置已可重新获取。',
  },
});

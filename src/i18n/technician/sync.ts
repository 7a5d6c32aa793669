/**
 * Technician sentences of the branch link (src/sync): delivery of the outbox and the branch
 * configuration. Logged once per change of state, not once per retry.
 */
import { defineTechnicianEvents } from './define.js';

export const SYNC_EVENTS = defineTechnicianEvents({
  'sync.deliveryFailing': {
    level: 'warn',
    en: 'Outbox not delivered ({code}: see the next line); {backlog} item(s) wait in the outbox, retrying.',
    'zh-CN': '待发队列未能送达（{code}：见下一行）；{backlog} 项在队列中等待，正在重试。',
  },
  'sync.blocked': {
    level: 'error',
    en:
      'The branch service refuses this kiosk ({code}: see the next line); {backlog} item(s) ' +
      'wait. Check kioskId/kioskToken and the service address ({url}); retrying every few minutes.',
    'zh-CN':
      '网点服务拒绝本终端（{code}：见下一行）；{backlog} 项在等待。请检查 kioskId/kioskToken 与' +
      '服务地址（{url}）；每隔几分钟重试一次。',
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
    en: 'Keeping the cached branch configuration (as of {cachedAt}): {code}, see the next line.',
    'zh-CN': '继续使用缓存的网点配置（截至 {cachedAt}）：{code}，见下一行。',
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

  // Why a request to the branch service failed (src/sync/errors.ts, by SyncError code). Each is
  // logged on the line after the state change it explains.
  'sync.serviceTimedOut': {
    level: 'warn',
    en: 'The branch service at {url} did not answer within {timeoutMs} ms.',
    'zh-CN': '网点服务（{url}）在 {timeoutMs} 毫秒内没有应答。',
  },
  'sync.connectionRefused': {
    level: 'warn',
    en: 'The branch service at {url} refused the connection: is it running, and is the URL right?',
    'zh-CN': '网点服务（{url}）拒绝连接：服务是否在运行，地址是否正确？',
  },
  'sync.hostNotFound': {
    level: 'warn',
    en: 'The branch service host in {url} cannot be resolved ({detail}): check DNS and the URL.',
    'zh-CN': '无法解析网点服务地址 {url} 中的主机（{detail}）：请检查 DNS 与地址。',
  },
  'sync.connectionCut': {
    level: 'warn',
    en: 'The connection to the branch service at {url} was cut ({detail}).',
    'zh-CN': '与网点服务（{url}）的连接被中断（{detail}）。',
  },
  'sync.networkError': {
    level: 'warn',
    en: 'Network error talking to the branch service at {url}: {detail}.',
    'zh-CN': '与网点服务（{url}）通信时发生网络错误：{detail}。',
  },
  'sync.kioskRefused': {
    level: 'error',
    en:
      'The branch service refused kiosk "{kioskId}" ({status}: {said}). Check that this kiosk id ' +
      'and its token are provisioned on the branch service.',
    'zh-CN':
      '网点服务拒绝了终端“{kioskId}”（{status}：{said}）。请确认网点服务上已配置本终端的 ID 及其令牌。',
  },
  'sync.unexpectedAnswer': {
    level: 'warn',
    en:
      'The branch service answered {status} with an unexpected body; check that the configured ' +
      'URL points at the branch service sync API.',
    'zh-CN':
      '网点服务以 {status} 应答，但内容不符合预期；请检查配置的地址是否指向网点服务的同步接口。',
  },
  'sync.serviceUnavailable': {
    level: 'warn',
    en: 'The branch service answered {status} ({said}).',
    'zh-CN': '网点服务应答 {status}（{said}）。',
  },
  'sync.requestRefused': {
    level: 'warn',
    en: 'The branch service refused the request ({status}: {said}).',
    'zh-CN': '网点服务拒绝了请求（{status}：{said}）。',
  },
  'sync.badBatchAnswer': {
    level: 'warn',
    en:
      'The branch service answered the batch with something that is not a batch response ' +
      '({problem}); check that the configured branch service URL points at the sync API.',
    'zh-CN':
      '网点服务对批次的应答不是批次响应（{problem}）；请检查配置的网点服务地址是否指向同步接口。',
  },
  'sync.answerTooLarge': {
    level: 'warn',
    en:
      'The branch service answered {status} with more than {limitBytes} bytes, which the kiosk ' +
      'does not read; check that {url} points at the branch service and not at a proxy page or ' +
      'a download.',
    'zh-CN':
      '网点服务以 {status} 应答，内容超过 {limitBytes} 字节，自助机不予读取；请检查 {url} 是否指向网点服务，而不是代理页面或下载文件。',
  },
  'sync.badConfig': {
    level: 'warn',
    en:
      'The branch service sent an unusable configuration ({problem}); keeping the cached one. ' +
      'Fix the configuration on the branch service.',
    'zh-CN':
      '网点服务发来的配置无法使用（{problem}）；继续使用缓存的配置。请在网点服务上修正配置。',
  },
  'sync.sendFailed': {
    level: 'warn',
    en: 'Sending to the branch service failed: {error}',
    'zh-CN': '向网点服务发送失败：{error}',
  },
  'sync.noneAccepted': {
    level: 'warn',
    en: 'The branch service accepted none of the batch; trying again later.',
    'zh-CN': '网点服务未接受该批次中的任何一项；稍后重试。',
  },
  'sync.unexpectedFailure': {
    level: 'error',
    en:
      'Sync failed unexpectedly: {error}. This is a kiosk software or database error: report it ' +
      'with the kiosk log.',
    'zh-CN': '同步发生意外错误：{error}。这是自助机软件或数据库错误，请连同日志一起报告。',
  },
  'sync.configBundled': {
    level: 'warn',
    en: 'No branch configuration has been received or cached yet: the kiosk offers its bundled default list ({businessTypes} business types) until the branch service answers; it retries within seconds.',
    'zh-CN':
      '尚未收到或缓存网点配置：在网点服务响应前，终端使用内置的默认服务列表（{businessTypes} 种业务）；将在数秒内重试。',
  },
});

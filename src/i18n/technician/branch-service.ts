/** Technician sentences of the reference branch service (branch-service/). */
import { defineTechnicianEvents } from './define.js';

export const BRANCH_SERVICE_EVENTS = defineTechnicianEvents({
  'branchService.listening': {
    level: 'info',
    en: 'Branch service listening on {url}; kiosks allowed: {kiosks}; database: {database}',
    'zh-CN': '网点服务已在 {url} 监听；允许的终端：{kiosks}；数据库：{database}',
  },
  'branchService.devKiosk': {
    level: 'warn',
    en:
      'The development kiosk "{kiosk}" with the well-known token is accepted (it was ' +
      'provisioned because no kiosk was). Never run like this in a branch: provision each kiosk ' +
      '(npm run branch-service:kiosks -- add <kioskId>), then revoke "{kiosk}".',
    'zh-CN':
      '正在接受使用公开令牌的开发终端 "{kiosk}"（因尚无任何终端而自动开通）。网点中切勿如此运行：' +
      '请为每台终端开通凭据（npm run branch-service:kiosks -- add <终端号>），然后吊销 "{kiosk}"。',
  },
  'branchService.inMemory': {
    level: 'warn',
    en: 'BRANCH_SERVICE_DATA is not set: the database is in memory and lost on exit.',
    'zh-CN': '未设置 BRANCH_SERVICE_DATA：数据库在内存中，退出后丢失。',
  },
  'branchService.noKiosks': {
    level: 'warn',
    en: 'No kiosks are configured: every kiosk request will be refused with 401.',
    'zh-CN': '未配置任何终端：所有终端请求都将以 401 拒绝。',
  },
  'branchService.personalDataPurged': {
    level: 'info',
    en:
      'Personal data older than {days} days removed: {feedbackComments} feedback comment texts, ' +
      '{appointmentKeys} appointment customer keys (counts and ratings kept).',
    'zh-CN':
      '已删除超过 {days} 天的个人信息：{feedbackComments} 条意见正文、{appointmentKeys} 个预约客户标识（保留计数和评分）。',
  },
  'branchService.purgeFailed': {
    level: 'error',
    en:
      'Personal data could not be purged ({reason}); it stays until the next hourly attempt. ' +
      'Check the database connection and disk space.',
    'zh-CN': '个人信息未能按期删除（{reason}），将在下一小时重试。请检查数据库连接和磁盘空间。',
  },
  'branchService.stopping': {
    level: 'info',
    en: '{signal} received: finishing in-flight requests and closing the database.',
    'zh-CN': '收到 {signal}：正在完成进行中的请求并关闭数据库。',
  },
  'branchService.stopFailed': {
    level: 'error',
    en: 'Stopping the branch service failed: {reason}',
    'zh-CN': '停止网点服务失败：{reason}',
  },
  'branchService.startFailed': {
    level: 'fatal',
    en: 'The branch service failed to start: {reason}',
    'zh-CN': '网点服务启动失败：{reason}',
  },
  'branchService.databaseUnavailable': {
    level: 'error',
    en: 'Health check: the database is unavailable ({reason}).',
    'zh-CN': '健康检查：数据库不可用（{reason}）。',
  },
  'branchService.batchApplied': {
    level: 'info',
    en:
      'Batch from kiosk {kiosk}: {items} item(s), {inserted} new, {duplicates} already held, ' +
      '{rejected} rejected.',
    'zh-CN':
      '终端 {kiosk} 的批次：{items} 项，新增 {inserted}，已有 {duplicates}，拒绝 {rejected}。',
  },
  'branchService.itemRejected': {
    level: 'warn',
    en: 'Rejected item {id} from kiosk {kiosk}: {reason}',
    'zh-CN': '拒绝了终端 {kiosk} 的条目 {id}：{reason}',
  },
  'branchService.authRefused': {
    level: 'warn',
    en:
      'Refused a request claiming kiosk {kiosk} ({cause}); refused since start: ' +
      '{unknownKiosk} unknown kiosk, {badCredential} bad credential. Provision the kiosk ' +
      '(npm run branch-service:kiosks -- add <kioskId>) or fix its token.',
    'zh-CN':
      '拒绝了自称终端 {kiosk} 的请求（{cause}）；启动以来已拒绝：未知终端 {unknownKiosk} 次，' +
      '凭据错误 {badCredential} 次。请为该终端开通凭据（npm run branch-service:kiosks -- add <终端号>）' +
      '或更正其令牌。',
  },
  'branchService.kioskProvisioned': {
    level: 'info',
    en: 'Kiosk {kiosk} provisioned with a new token (stored hashed).',
    'zh-CN': '已为终端 {kiosk} 开通新令牌（以摘要保存）。',
  },
  'branchService.kioskRevoked': {
    level: 'warn',
    en: 'Kiosk {kiosk} revoked: its requests are refused from now on.',
    'zh-CN': '已吊销终端 {kiosk}：此后其请求将被拒绝。',
  },
  'branchService.requestFailed': {
    level: 'error',
    en: '{method} {path} failed: {reason}',
    'zh-CN': '{method} {path} 处理失败：{reason}',
  },
  'branchService.serverError': {
    level: 'error',
    en: 'The HTTP server reported an error: {reason}',
    'zh-CN': 'HTTP 服务器报告错误：{reason}',
  },
});

/** Technician sentences for the kiosk's own life cycle: the composition root and the session. */
import { defineTechnicianEvents } from './define.js';

export const KIOSK_EVENTS = defineTechnicianEvents({
  'kiosk.started': {
    level: 'info',
    en: 'Kiosk {kiosk} started: printer {printer}, branch service {branchService}',
    'zh-CN': '终端 {kiosk} 已启动：打印机 {printer}，网点服务 {branchService}',
  },
  'kiosk.branchServiceUp': {
    level: 'info',
    en: 'The embedded branch service is up at {url}, {ms} ms after the screen started',
    'zh-CN': '内置网点服务已启动（地址 {url}），比屏幕晚 {ms} 毫秒',
  },
  'kiosk.branchServiceFailed': {
    level: 'error',
    en: 'The embedded branch service could not start ({reason}): the kiosk serves customers from its leased numbers only and keeps its tickets until a service answers. Check the data folder, then restart the kiosk service.',
    'zh-CN':
      '内置网点服务无法启动（{reason}）：终端仅用已租用的号码服务客户，票据保留至服务恢复。请检查数据文件夹后重启终端服务。',
  },
  'kiosk.stopFailed': {
    level: 'warn',
    en: 'While stopping, {part} failed: {reason}',
    'zh-CN': '停止时 {part} 出错：{reason}',
  },
  'session.flowCrashed': {
    level: 'error',
    en: 'The {flow} flow crashed ({reason}); the customer was sent back to the start screen',
    'zh-CN': '{flow} 流程异常（{reason}），已返回首页',
  },
  'bridge.viewListenerFailed': {
    level: 'warn',
    en: 'A shell could not take the new view: {reason}',
    'zh-CN': '界面无法接收新画面：{reason}',
  },
  'kiosk.outOfService': {
    level: 'fatal',
    en: 'The kiosk is out of service because its store cannot open ({code}): {reason} The screen shows this message. A disk or folder fault is retried by itself; otherwise restart the kiosk service once it is fixed.',
    'zh-CN':
      '终端因数据存储无法打开而暂停服务（{code}）：{reason} 屏幕上显示此信息。磁盘或文件夹问题会自动重试；其他情况请在处理完毕后重启终端服务。',
  },
  'kiosk.backInService': {
    level: 'info',
    en: 'The store opens again (it was out of service for {code}): the kiosk is back in service.',
    'zh-CN': '数据存储已可打开（此前因 {code} 暂停服务）：终端已恢复服务。',
  },
});

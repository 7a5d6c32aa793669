/** Technician sentences for the kiosk's own life cycle: the composition root and the session. */
import { defineTechnicianEvents } from './define.js';

export const KIOSK_EVENTS = defineTechnicianEvents({
  'kiosk.started': {
    level: 'info',
    en: 'Kiosk {kiosk} started: printer {printer}, branch service {branchService}',
    'zh-CN': '终端 {kiosk} 已启动：打印机 {printer}，网点服务 {branchService}',
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
    en: 'The kiosk is out of service because its store cannot open ({code}): {reason} The screen shows this message; restart the kiosk service once it is fixed.',
    'zh-CN':
      '终端因数据存储无法打开而暂停服务（{code}）：{reason} 屏幕上显示此信息；处理完毕后请重启终端服务。',
  },
});

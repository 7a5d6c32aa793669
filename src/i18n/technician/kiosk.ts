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
  'printer.cannotOpen': {
    level: 'warn',
    en: 'The printer cannot be opened ({reason}); tickets will be shown on screen until it is back. Check its cable, power and port settings',
    'zh-CN': '打印机无法打开（{reason}），恢复前号码将显示在屏幕上。请检查连接线、电源和端口设置',
  },
});

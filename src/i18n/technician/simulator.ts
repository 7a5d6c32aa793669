/**
 * Technician sentences for the device simulator panel (main/device-simulator/): served only for
 * devices the configuration says are simulated, so a person trying the kiosk on `npm start` can
 * place sample ID cards and take the printer's paper out. Fields hold the facts.
 */
import { defineTechnicianEvents } from './define.js';

export const SIMULATOR_EVENTS = defineTechnicianEvents({
  'simulator.panelReady': {
    level: 'info',
    en: 'device simulator: {page} (simulated devices only); open its one-time address, in {file} (readable by the kiosk user only), within {minutes} minutes',
    'zh-CN':
      '设备模拟器：{page}（仅限模拟设备）；请在 {minutes} 分钟内打开 {file}（仅终端用户可读）中的一次性地址',
  },
  'simulator.sessionOpened': {
    level: 'info',
    en: 'The device simulator panel was opened with its one-time address',
    'zh-CN': '已通过一次性地址打开设备模拟器面板',
  },
  'simulator.actionApplied': {
    level: 'info',
    en: 'Device simulator: {action} on the simulated {device}',
    'zh-CN': '设备模拟器：对模拟 {device} 执行 {action}',
  },
  'simulator.actionRefused': {
    level: 'warn',
    en: 'Device simulator: {action} refused, the {device} is not simulated in this configuration',
    'zh-CN': '设备模拟器：已拒绝 {action}，此配置中的 {device} 不是模拟设备',
  },
  'simulator.requestInvalid': {
    level: 'warn',
    en: 'Device simulator: a request was refused ({reason}); nothing was changed',
    'zh-CN': '设备模拟器：已拒绝一个请求（{reason}）；未做任何更改',
  },
});

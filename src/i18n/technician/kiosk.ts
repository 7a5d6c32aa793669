/** Technician sentences for the kiosk's own life cycle and its flows. */
import { defineTechnicianEvents } from './define.js';

export const KIOSK_EVENTS = defineTechnicianEvents({
  'kiosk.stopFailed': {
    level: 'warn',
    en: 'While stopping, {part} failed: {reason}',
    'zh-CN': '停止时 {part} 出错：{reason}',
  },
});

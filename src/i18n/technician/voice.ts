/** Technician sentences for the voice prompts (espeak-ng audio generated on demand). */
import { defineTechnicianEvents } from './define.js';

export const VOICE_EVENTS = defineTechnicianEvents({
  'voice.generated': {
    level: 'info',
    en: 'Voice prompt {key} ({language}) generated in {ms} ms',
    'zh-CN': '已生成语音提示 {key}（{language}），用时 {ms} 毫秒',
  },
  'voice.generationFailed': {
    level: 'warn',
    en: 'Voice prompt {key} ({language}) could not be generated: {reason}. Install espeak-ng (node scripts/ensure-system-deps.mjs as root); screens still show every prompt',
    'zh-CN':
      '无法生成语音提示 {key}（{language}）：{reason}。请安装 espeak-ng（以 root 运行 node scripts/ensure-system-deps.mjs）；屏幕文字不受影响',
  },
});

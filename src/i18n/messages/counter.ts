/**
 * How a counter (window) is named to customers when the branch configuration gives it no name
 * (src/i18n/counter-name.ts): "3号窗口" / "Counter 3" from an id that ends in its number
 * ("counter-3", "w03", "3"), else the id itself as the counter's name. Combined in ../messages.ts.
 */
import { defineMessages } from './define.js';

export const counterMessages = defineMessages({
  'zh-CN': {
    'counter.numbered': '{number}号窗口',
    'counter.named': '{name}窗口',
  },
  en: {
    'counter.numbered': 'Counter {number}',
    'counter.named': 'Counter {name}',
  },
});

/**
 * How the screen and the paper name each priority served first, from the catalogue: one table,
 * so a new priority (src/domain/ticket.ts) fails the type check here until it has its words.
 * Imported by the renderer: no Node, no DOM.
 */
import type { ServedFirstPriority } from '../domain/ticket.js';
import type { MessageKey } from './messages.js';

export const PRIORITY_WORDS: Readonly<Record<ServedFirstPriority, MessageKey>> = {
  senior: 'ticket.priority.senior',
  disability: 'ticket.priority.disability',
  appointment: 'ticket.priority.appointment',
  vip: 'ticket.priority.vip',
};

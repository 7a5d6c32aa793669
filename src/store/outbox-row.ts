/**
 * One stored outbox row on its way to the wire: its payload checked (and opened, for a kind that
 * is sealed at rest), its envelope as JSON text, and its copy for the quarantine. The queue
 * (./outbox.ts) reads rows; this is what it does with each one.
 */
import { quarantineInputOf, type QuarantineInput } from './quarantine.js';

export interface OutboxRow {
  id: string;
  seq: number;
  kiosk_id: string;
  kind: string;
  created_at: string;
  payload: string;
  attempts: number;
  last_error: string | null;
}

/**
 * Turns a kind's stored payload into the one sent. A feature whose item carries personal data
 * (the SMS reminder's phone: src/store/reminder.ts) stores it sealed in the row and registers
 * here how to open it, so the clear value exists only in the batch in memory, never on disk.
 * One that does not open is quarantined with the reason, like a row that is not JSON.
 */
export type OutboxPayloadOpener = (payload: unknown, itemId: string) => unknown;

/**
 * The row's payload to send, or why the row cannot be sent (the quarantine's reason). Only what
 * would stop the kiosk from building the item is checked here: a payload that is not JSON
 * (a damaged row). An item that is readable but breaks the contract goes to the branch service,
 * which rejects that one item with its reason (design.md §6) while it takes the others.
 */
export function checkRow(
  row: OutboxRow,
  opener?: OutboxPayloadOpener,
): { readonly payload: unknown; readonly payloadJson: string | undefined } | string {
  let payload: unknown;
  try {
    payload = JSON.parse(row.payload) as unknown;
  } catch (error) {
    return `payload is not JSON: ${(error as Error).message}`;
  }
  if (opener === undefined) return { payload, payloadJson: row.payload };
  try {
    payload = opener(payload, row.id);
    return { payload, payloadJson: JSON.stringify(payload) as string | undefined };
  } catch (error) {
    return `payload cannot be opened for sending: ${(error as Error).message}`;
  }
}

/**
 * The row's wire item as JSON text up to its payload (`JSON.stringify` of the wire item, whose
 * keys come in this order), from the short fields around the payload: with the stored payload
 * text after it and `}`, it is the item's serialisation with no parse and stringify round trip,
 * and what `maxBytes` counts.
 */
export function envelopeOf(row: OutboxRow): string {
  return (
    `{"id":${JSON.stringify(row.id)},"seq":${JSON.stringify(row.seq)},` +
    `"kioskId":${JSON.stringify(row.kiosk_id)},"kind":${JSON.stringify(row.kind)},` +
    `"createdAt":${JSON.stringify(row.created_at)},"payload":`
  );
}

export function rowForQuarantine(row: OutboxRow): QuarantineInput & { seq: number } {
  return { ...quarantineInputOf(row), seq: row.seq };
}

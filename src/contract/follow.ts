/**
 * "Follow my ticket" (issue 8, scan-to-follow): what the ticket's QR code opens on a customer's
 * phone, served by the branch service without any kiosk credential. The ticket id in the path
 * names the ticket; the follow token `k` (src/follow-link.ts) is the capability. No Node and
 * no DOM here.
 */
import { z } from 'zod';
import { CalendarDay, Identifier, Instant, Uuid, nonEmptyText, say } from './fields.js';
import { MAX_WAIT_MINUTES, QUEUE_ENTRY_STATES } from './numbers.js';

export const FOLLOW_PATHS = {
  /** GET ?k=<token>[&lang=zh-CN|en][&n=<number>] → the page (text/html). */
  page: '/t/:ticketId',
  /** GET ?k=<token> → FollowStatus (the page's refresh). */
  status: '/v1/follow/:ticketId',
} as const;

/** 128 bits of HMAC, base64url without padding. */
export const FollowToken = z
  .string({ error: say('must be the follow token of the ticket') })
  .regex(/^[A-Za-z0-9_-]{22}$/, { error: 'must be the follow token of the ticket' })
  .meta({ description: "The ticket's follow token, as its QR code carries it." });

export const FollowStatusQuerySchema = z.object({ k: FollowToken });

/** The page's own query: loose, so a damaged link gets the page's "not found", not a 400. */
export const FollowPageQuerySchema = z.object({
  k: z.string().max(64).optional(),
  lang: z.string().max(16).optional(),
  n: z.string().max(32).optional(),
});
export const FollowPageParamsSchema = z.object({ ticketId: z.string().max(64) });

/** One ticket as its customer follows it, as the branch knows it at `asOf`. */
export const FollowStatusSchema = z.object({
  ticketId: Uuid,
  number: nonEmptyText(32),
  businessTypeId: Identifier,
  serviceDay: CalendarDay,
  state: z.enum(QUEUE_ENTRY_STATES),
  /** Waiting tickets of the same queue before this one; null unless it is waiting. */
  waitingAhead: z.int().min(0).max(99_999).nullable(),
  /** For `waitingAhead`, from recent service times; null unless waiting, or nothing to go by. */
  estimatedWaitMinutes: z.int().min(0).max(MAX_WAIT_MINUTES).nullable(),
  /** The counter (window) it was called to; null before it was called. */
  counterId: Identifier.nullable(),
  calledAt: Instant.nullable(),
  asOf: Instant,
});
export type FollowStatus = z.infer<typeof FollowStatusSchema>;

/** A follow link's answer codes besides 200 (ErrorResponse.error.code). */
export const FOLLOW_ERRORS = {
  /** No such ticket, or the token does not match: deliberately the same answer. */
  unknown: 'TICKET_NOT_FOUND',
  /** The ticket belongs to an earlier (or later) service day. */
  otherDay: 'TICKET_NOT_TODAY',
} as const;

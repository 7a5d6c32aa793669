/**
 * What the kiosk tells a customer about their wait: the people ahead in their queue and the
 * estimated wait, as the branch counted them at `asOf`. `null` wherever one is expected means
 * "wait unknown" (the branch service is offline, or the kiosk's copy is stale): a customer is
 * never shown an old count as if it were current.
 */
export interface QueueEstimate {
  readonly waitingAhead: number;
  /** null: the branch has no service times yet to estimate from. */
  readonly estimatedWaitMinutes: number | null;
  /** When the branch counted (ISO 8601 instant). */
  readonly asOf: string;
}

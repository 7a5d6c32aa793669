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

/**
 * The kiosk's copy of the branch's queue status as a query shows it (every queue at once).
 * `current` false: the service did not answer the last fetch, or the copy is stale or another
 * day's; the counts are then not shown at all ("wait unknown"), only how old the copy is.
 */
export interface QueueStatusCopy {
  /** When the branch service last confirmed the copy (ISO 8601 instant). */
  readonly asOf: string;
  readonly current: boolean;
  /** Per business type; the waiting count includes this kiosk's tickets the copy lacks yet. */
  readonly queues: readonly {
    readonly businessTypeId: string;
    readonly waiting: number;
    readonly estimatedWaitMinutes: number | null;
  }[];
}

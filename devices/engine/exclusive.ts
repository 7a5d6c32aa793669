/**
 * One command in flight per device (design.md §4): tasks run one after another in the order
 * they were asked for, whether earlier ones succeeded or failed. Overlap inside a task (a status
 * poll while a job's barrier is awaited) is the {@link Waitress}'s business, not this queue's.
 */
export class Exclusive {
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;

  /** Whether a task is running or waiting to run. */
  get busy(): boolean {
    return this.pending > 0;
  }

  run<T>(task: () => Promise<T>): Promise<T> {
    this.pending += 1;
    const run = this.tail.then(task, task).finally(() => {
      this.pending -= 1;
    });
    this.tail = run.catch(() => undefined);
    return run;
  }
}

/**
 * The system under test for the model harness (model-harness.ts) when a machine's effects are
 * promise actors: each effect waits until the model's `xstate.done.actor.<name>` or
 * `xstate.error.actor.<name>` settles it, so a path decides every effect's outcome and the replay
 * sees the same states as the model.
 */
import { expect } from 'vitest';
import { fromPromise, type EventObject } from 'xstate';
import type { Sut } from './model-harness.js';

/** An effect the model settles: `heldActorSut` hands it the model's done or error event. */
export interface HeldActor {
  /** The invoked actor's id (the machine invokes each effect under its own name). */
  readonly name: string;
  settle(event: EventObject): void;
}

/**
 * A promise actor the model drives: each call records its input (in `calls`) and waits; the model's
 * `xstate.done.actor.<name>` resolves it with the event's `output` and `xstate.error.actor.<name>`
 * rejects it with the event's `error`. Give `logic` to the machine's `provide({ actors })`.
 */
export function heldPromiseActor<TInput, TOutput = void>(name: string, calls: TInput[] = []) {
  let pending: { resolve(v: unknown): void; reject(e: unknown): void } | null = null;
  return {
    name,
    calls,
    logic: fromPromise<TOutput, TInput>(
      ({ input }) =>
        new Promise<TOutput>((resolve, reject) => {
          calls.push(input);
          pending = { resolve: resolve as (v: unknown) => void, reject };
        }),
    ),
    /** Settles the call in flight as the model's done or error event says. */
    settle(event: EventObject): void {
      expect(pending, `${name} should be running`).not.toBeNull();
      const call = pending!;
      pending = null;
      if (event.type.startsWith('xstate.done'))
        call.resolve((event as { output?: unknown }).output);
      else call.reject((event as { error?: unknown }).error);
    },
  };
}

/**
 * The system under test for a running actor whose effects are held actors: the model's
 * `xstate.done.actor.<name>` or `xstate.error.actor.<name>` settles the held actor of that name
 * (one the test does not hold fails the step), any other event is sent to the actor. After each
 * step the actor has a turn to act, then `check` (if given) sees its snapshot: a test that must
 * hold in every state (a screen that fits the contract) runs on every path this way.
 */
export function heldActorSut<TSnapshot>(
  actor: { send(event: never): void; getSnapshot(): TSnapshot; stop(): void },
  held: HeldActor | readonly HeldActor[],
  check?: (snapshot: TSnapshot) => void,
): Sut<TSnapshot> {
  const effects = new Map(([] as HeldActor[]).concat(held).map((h) => [h.name, h]));
  return {
    async exec(event) {
      const settled = /^xstate\.(?:done|error)\.actor\.(.+)$/.exec(event.type);
      if (settled) {
        const effect = effects.get(settled[1]!);
        expect(effect, `${settled[1]} should be a held actor`).toBeDefined();
        effect!.settle(event);
      } else actor.send(event as never);
      await new Promise((r) => setTimeout(r, 0));
      check?.(actor.getSnapshot());
    },
    snapshot: () => actor.getSnapshot(),
    stop: () => actor.stop(),
  };
}

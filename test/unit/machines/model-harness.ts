/**
 * Model-based testing harness over `xstate/graph` (design.md §8).
 *
 * The model is the machine itself: `getShortestPaths` gives a path to every reachable state; from
 * each of those states every enabled event is tried once, so every transition is walked. Each
 * path is replayed against a running actor (the system under test) whose effects are real
 * promises the test controls; after each step the actor's state must equal the model's.
 * Coverage is then checked against the machine's own graph (`toDirectedGraph`): a state or a
 * transition that no path reached fails the test, so a new state cannot slip in untested.
 */
import { expect } from 'vitest';
import {
  fromPromise,
  getNextSnapshot,
  type AnyMachineSnapshot,
  type AnyStateMachine,
  type EventObject,
  type SnapshotFrom,
} from 'xstate';
import { getShortestPaths, toDirectedGraph, type DirectedGraphNode } from 'xstate/graph';

export interface Sut<TSnapshot> {
  /** Performs the event on the running actor (send it, resolve a promise, advance a clock). */
  exec(event: EventObject): Promise<void>;
  snapshot(): TSnapshot;
  stop(): void;
}

export interface ModelRun {
  readonly statesReached: ReadonlySet<string>;
  readonly transitionsWalked: ReadonlySet<string>;
  readonly paths: number;
}

function activeAtomicIds(snapshot: { _nodes: Array<{ id: string; type: string }> }): string[] {
  return snapshot._nodes.filter((n) => n.type === 'atomic' || n.type === 'final').map((n) => n.id);
}

function allNodes(node: DirectedGraphNode): DirectedGraphNode[] {
  return [node, ...node.children.flatMap(allNodes)];
}

export async function runModel<TMachine extends AnyStateMachine>(options: {
  machine: TMachine;
  input?: unknown;
  events: (snapshot: SnapshotFrom<TMachine>) => EventObject[];
  startSut: () => Sut<SnapshotFrom<TMachine>>;
  /** Serialises a snapshot for the traversal (defaults to value + context). */
  serializeState?: (snapshot: SnapshotFrom<TMachine>) => string;
  /**
   * The part of the context the replay compares with the model's (default: all of it). A
   * serializer that folds part of the context (a counter the graph must not follow) makes the
   * traversal keep one snapshot per class, so the folded part of the model's snapshot is that
   * representative's, not the path's: compare what the serializer keeps, and fold it so that
   * every member of a class has the same transitions.
   */
  comparedContext?: (snapshot: SnapshotFrom<TMachine>) => unknown;
}): Promise<ModelRun> {
  const compared = (options.comparedContext ?? ((s: AnyMachineSnapshot) => s.context)) as (
    snapshot: AnyMachineSnapshot,
  ) => unknown;
  const { machine } = options;
  // getShortestPaths rather than createTestModel: the test model refuses machines that invoke
  // actors, and ours must (effects are invoked actors). The replay below is the model test.
  const shortestPaths = getShortestPaths(machine, {
    // A finished actor takes no events, although the pure transition function would.
    events: ((snapshot: AnyMachineSnapshot) =>
      snapshot.status === 'done'
        ? []
        : options.events(snapshot as SnapshotFrom<TMachine>)) as never,
    input: options.input as never,
    serializeState: (options.serializeState ??
      ((s: AnyMachineSnapshot) => JSON.stringify({ v: s.value, c: s.context }))) as never,
  });
  const statesReached = new Set<string>();
  const transitionsWalked = new Set<string>();
  let paths = 0;

  for (const path of shortestPaths) {
    const last = path.state as unknown as AnyMachineSnapshot;
    // The path itself, then the path extended by each event enabled at its end: every transition.
    const steps = path.steps.map((s) => ({
      event: s.event as EventObject,
      expected: s.state as AnyMachineSnapshot,
    }));
    const extensions = options
      .events(last as SnapshotFrom<TMachine>)
      .filter((e) => last.status !== 'done' && last.can(e as never));
    const runs = [
      steps,
      ...extensions.map((event) => [
        ...steps,
        {
          event,
          expected: getNextSnapshot(machine, last as never, event as never) as AnyMachineSnapshot,
        },
      ]),
    ];
    for (const run of runs) {
      paths++;
      const sut = options.startSut();
      try {
        for (const id of activeAtomicIds(sut.snapshot() as never)) statesReached.add(id);
        for (const { event, expected } of run) {
          // The first step of a shortest path is the initial state (xstate.init): nothing to do.
          if (event.type === 'xstate.init') continue;
          for (const id of activeAtomicIds(sut.snapshot() as never)) {
            transitionsWalked.add(`${id} ${event.type}`);
          }
          await sut.exec(event);
          const actual = sut.snapshot() as AnyMachineSnapshot;
          expect(actual.value, `path to ${JSON.stringify(last.value)}, then ${event.type}`).toEqual(
            expected.value,
          );
          // Context too: a language, notice or ticket left behind is a bug even when the
          // screen is right.
          expect(compared(actual), `context after ${event.type}`).toEqual(compared(expected));
          for (const id of activeAtomicIds(actual as never)) statesReached.add(id);
        }
      } finally {
        sut.stop();
      }
    }
  }
  return { statesReached, transitionsWalked, paths };
}

/** Every state node and every transition of the machine must have been reached. */
export function expectFullCoverage(machine: AnyStateMachine, run: ModelRun): void {
  const graph = toDirectedGraph(machine);
  const nodes = allNodes(graph).filter((n) => n.children.length === 0);
  const missingStates = nodes.map((n) => n.id).filter((id) => !run.statesReached.has(id));
  expect(missingStates, 'states no path reached').toEqual([]);
  const edges = allNodes(graph).flatMap((n) => n.edges);
  const explicitTypes = (source: string) =>
    new Set(edges.filter((e) => e.source.id === source).map((e) => e.label.text));
  const missing = edges
    .map((e) => ({ source: e.source.id, type: e.label.text }))
    .filter(({ source, type }) => {
      // A transition on a compound/parallel node is walked when any of its atomic descendants
      // was active while the event was taken. A wildcard (`*`) is walked by any event its source
      // has no transition of its own for.
      const explicit = type === '*' ? explicitTypes(source) : null;
      return ![...run.transitionsWalked].some((walked) => {
        const space = walked.lastIndexOf(' ');
        const [at, event] = [walked.slice(0, space), walked.slice(space + 1)];
        const fromSource = at === source || at.startsWith(`${source}.`);
        return fromSource && (explicit ? !explicit.has(event) : event === type);
      });
    })
    .map(({ source, type }) => `${source} --${type}-->`);
  expect(missing, 'transitions no path walked').toEqual([]);
}

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

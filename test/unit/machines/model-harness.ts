/**
 * Model-based testing harness over `xstate/graph` (design.md §8).
 *
 * The model is the machine itself: `getShortestPaths` gives a path to every reachable state; from
 * each of those states every enabled event is tried once, so every transition is walked. Each
 * path is replayed against a running actor (the system under test) whose effects are real
 * promises the test controls (held-actors.ts builds that system under test from the machine's
 * invoked promise actors); after each step the actor's state must equal the model's.
 * Coverage is then checked against the machine's own graph (`toDirectedGraph`): a state or a
 * transition that no path reached fails the test, so a new state cannot slip in untested.
 */
import { expect } from 'vitest';
import {
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

/** A model run: the machine as the model, its start, the events to try, the system under test. */
export interface ModelOptions<TMachine extends AnyStateMachine> {
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
}

export async function runModel<TMachine extends AnyStateMachine>(
  options: ModelOptions<TMachine>,
): Promise<ModelRun> {
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

/**
 * The model test of a machine from one start: the run (`runModel`) reaches every state and walks
 * every transition (`expectFullCoverage`) on more than `minPaths` paths (a traversal that stops
 * early, from a serializer that folds too much, fails here).
 */
export async function expectEveryStateAndTransition<TMachine extends AnyStateMachine>(
  options: ModelOptions<TMachine> & { minPaths: number },
): Promise<ModelRun> {
  const run = await runModel(options);
  expectFullCoverage(options.machine, run);
  expect(run.paths).toBeGreaterThan(options.minPaths);
  return run;
}

/**
 * The runs of one machine from several starts (each start its own input) as one run: a machine
 * whose start depends on its input is covered by all of them together.
 */
export function mergeRuns(runs: readonly ModelRun[]): ModelRun {
  return {
    statesReached: new Set(runs.flatMap((r) => [...r.statesReached])),
    transitionsWalked: new Set(runs.flatMap((r) => [...r.transitionsWalked])),
    paths: runs.reduce((n, r) => n + r.paths, 0),
  };
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

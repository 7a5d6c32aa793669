/**
 * What every command-line tool of a branch's staff shares (the demo counter, the guide desk):
 * options parsed with the tool's own ones, help and usage errors (exit 2), and the branch
 * service's address and this tool's credential from options or the environment. Such a tool
 * authenticates like a kiosk, with a credential of its own provisioned on the branch service.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export interface BranchToolIo {
  out(line: string): void;
  err(line: string): void;
}

/** The connection every tool needs: --url, --id, --token or their environment variables. */
export interface BranchToolConnection {
  readonly baseUrl: string;
  readonly kioskId: string;
  readonly token: string;
}

export interface BranchToolSpec<O extends NonNullable<ParseArgsConfig['options']>> {
  readonly usage: string;
  /** The tool's own options, beside --url, --id, --token and --help. */
  readonly options: O;
  /** Where the id and token come from when not given, e.g. COUNTER_ID and COUNTER_TOKEN. */
  readonly idEnv: string;
  readonly tokenEnv: string;
  /** Whose credential, for the error: "this counter's", "this desk's". */
  readonly whose: string;
}

const COMMON_OPTIONS = {
  url: { type: 'string' },
  id: { type: 'string' },
  token: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export type BranchToolArgs<O extends NonNullable<ParseArgsConfig['options']>> = {
  readonly command: string;
  readonly rest: readonly string[];
  readonly values: ReturnType<
    typeof parseArgs<{ args: string[]; allowPositionals: true; options: O & typeof COMMON_OPTIONS }>
  >['values'];
  readonly connection: BranchToolConnection;
};

/**
 * Parses a tool's command line: its arguments, or the exit status to end with (0 after --help,
 * 2 for a usage error, said on `io`).
 */
export function parseBranchToolArgs<O extends NonNullable<ParseArgsConfig['options']>>(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  io: BranchToolIo,
  spec: BranchToolSpec<O>,
): BranchToolArgs<O> | { readonly exit: number } {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { ...spec.options, ...COMMON_OPTIONS },
    });
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${spec.usage}`);
    return { exit: 2 };
  }
  const { positionals } = parsed;
  // Read generically here; the caller gets them typed by its own options (BranchToolArgs).
  const values = parsed.values as Readonly<Record<string, string | boolean | undefined>>;
  const [command, ...rest] = positionals;
  if (values.help === true || command === undefined) {
    io.out(spec.usage);
    return { exit: values.help === true ? 0 : 2 };
  }
  const text = (name: string) =>
    typeof values[name] === 'string' ? (values[name] as string) : undefined;
  const baseUrl = text('url') ?? env.BRANCH_SERVICE_URL;
  const kioskId = text('id') ?? env[spec.idEnv];
  const token = text('token') ?? env[spec.tokenEnv];
  if (baseUrl === undefined || kioskId === undefined || token === undefined) {
    io.err(
      `Give the branch service --url, ${spec.whose} --id and --token (or set ` +
        `BRANCH_SERVICE_URL, ${spec.idEnv} and ${spec.tokenEnv}).`,
    );
    return { exit: 2 };
  }
  return {
    command,
    rest,
    values: parsed.values as BranchToolArgs<O>['values'],
    connection: { baseUrl, kioskId, token },
  };
}

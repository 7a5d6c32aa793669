/**
 * The branch configuration file: one JSON file per branch service holding what GET /v1/config
 * hands every kiosk (the contract's BranchConfig: branch, business types, announcements, branch
 * information, rates, frequent questions, priority rules…). A bank's IT writes it by hand, so it
 * is checked with the contract's own schema (BranchConfigSchema, the one the kiosks check the
 * answer with) and every problem is said with its JSON path and what to fix:
 * `businessTypes[1].prefix: must be one or two capital letters`.
 *
 * On top of the schema, what a person editing the file gets wrong and the schema lets through:
 * - an unknown field anywhere (the schema drops it: a typo such as "anouncements", or a
 *   language the kiosk does not speak such as "zh-TW", would vanish without a word);
 * - `openingHours` with no weekday at all (the queue would never be offered: a typo for "no
 *   hours", which is leaving the field out, or for a suspended queue, which is `enabled: false`);
 * - an exchange rate whose buying price is above its selling price (the two swapped);
 * - a field given twice in one object (a block pasted twice: JSON.parse keeps the last one
 *   without a word, so the first edit would be silently lost).
 * Duplicate business type ids and prefixes are refused by the schema itself, at the second use.
 *
 * Reading only: ./branch-config-source.ts serves the file and re-reads it when it changes.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { checkBranchConfig, BranchConfigSchema, type BranchConfig } from '../src/contract/sync.js';
import { formatPath } from '../src/contract/problems.js';

/** More problems than this are counted, not listed: the first ones are what to fix first. */
export const MAX_LISTED_PROBLEMS = 10;

/** Where to look when the file is missing: both settings that name it. */
const WHERE_SET =
  'Check BRANCH_SERVICE_BRANCH_CONFIG (npm run branch-service) or branchService.branchConfigFile ' +
  '(the kiosk configuration); start from config/branch.example.json';

/** A branch configuration file that cannot be served: the file, then each problem. */
export class BranchConfigFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(`branch configuration ${file}: ${listProblems(problems)}`);
    this.name = 'BranchConfigFileError';
  }
}

export type BranchConfigFileCheck =
  | { readonly ok: true; readonly config: BranchConfig }
  | { readonly ok: false; readonly problems: readonly string[] };

/** "a; b; c (and 4 more problems)" */
export function listProblems(problems: readonly string[]): string {
  const shown = problems.slice(0, MAX_LISTED_PROBLEMS).join('; ');
  const more = problems.length - MAX_LISTED_PROBLEMS;
  return more > 0 ? `${shown} (and ${more} more problem${more === 1 ? '' : 's'})` : shown;
}

/** Reads the file's text; a missing or unreadable file is a BranchConfigFileError. */
export function readBranchConfigText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw unreadable(file, error);
  }
}

/** The error for a file that could not be read, saying what to check. */
export function unreadable(file: string, error: unknown): BranchConfigFileError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new BranchConfigFileError(file, [`file not found. ${WHERE_SET}`]);
  if (code === 'EISDIR') {
    return new BranchConfigFileError(file, ['is a folder: name the JSON file itself']);
  }
  return new BranchConfigFileError(file, [
    `cannot be read (${code ?? String(error)}): check that the service user may read it`,
  ]);
}

/** Reads and checks the file: the configuration, or a BranchConfigFileError. */
export function readBranchConfigFile(file: string): BranchConfig {
  const checked = checkBranchConfigText(readBranchConfigText(file));
  if (!checked.ok) throw new BranchConfigFileError(file, checked.problems);
  return checked.config;
}

/** Checks the text of a branch configuration file; never throws. */
export function checkBranchConfigText(text: string): BranchConfigFileCheck {
  // Windows Notepad saves UTF-8 with a byte-order mark, which JSON.parse refuses.
  const json = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    return { ok: false, problems: [jsonProblem(json, error as Error)] };
  }
  const twice = duplicateKeys(json).map((path) =>
    said(path, 'is given twice in the same object: only the last would count; keep one'),
  );
  const checked = checkBranchConfigValue(raw);
  if (twice.length === 0) return checked;
  return { ok: false, problems: [...twice, ...(checked.ok ? [] : checked.problems)] };
}

/** Checks parsed JSON against the contract's schema and the checks above. */
export function checkBranchConfigValue(raw: unknown): BranchConfigFileCheck {
  const problems = unknownFields(BranchConfigSchema, raw, []);
  const checked = checkBranchConfig(raw);
  if (!checked.ok) {
    // A strict object's own words for an unknown key ("must be an object of weekdays") do
    // not name it: the walk above has, at the key's own path.
    const issues = checked.issues.filter((issue) => issue.code !== 'unrecognized_keys');
    problems.unshift(...issues.map((issue) => said(issue.path, issue.message)));
    return { ok: false, problems };
  }
  problems.push(...beyondTheSchema(checked.value));
  return problems.length === 0 ? { ok: true, config: checked.value } : { ok: false, problems };
}

/** `businessTypes[1].prefix: must be …`; the whole file when the path is empty. */
function said(path: readonly PropertyKey[], message: string): string {
  const where = formatPath(path);
  return `${where === '' ? 'the file' : where}: ${message}`;
}

/** "is not valid JSON at line 12, column 5 (…)": editors show lines, not offsets. */
function jsonProblem(text: string, error: Error): string {
  const at = /position (\d+)/.exec(error.message);
  let where = '';
  if (at) {
    const before = text.slice(0, Number(at[1]));
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    where = ` at line ${line}, column ${column}`;
  }
  return (
    `the file is not valid JSON${where} (${error.message}): a missing or extra comma or quote ` +
    'is the usual cause; comments are not allowed'
  );
}

/**
 * Fields the schema does not know, found by walking the value beside the schema: objects by
 * their shape, arrays by their element, optional fields unwrapped. Values of the wrong kind are
 * left to the schema's own issues.
 */
function unknownFields(schema: z.ZodType, value: unknown, path: PropertyKey[]): string[] {
  let inner: z.ZodType = schema;
  while (inner instanceof z.ZodOptional) inner = inner.unwrap() as z.ZodType;
  if (inner instanceof z.ZodArray && Array.isArray(value)) {
    return value.flatMap((item: unknown, index) =>
      unknownFields(inner.element as z.ZodType, item, [...path, index]),
    );
  }
  if (!(inner instanceof z.ZodObject) || !isPlainObject(value)) return [];
  const shape = inner.shape as Record<string, z.ZodType>;
  const known = Object.keys(shape);
  return Object.entries(value).flatMap(([key, item]) =>
    Object.hasOwn(shape, key)
      ? unknownFields(shape[key]!, item, [...path, key])
      : [said([...path, key], `is not a known field (a typo? known here: ${known.join(', ')})`)],
  );
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** What the schema accepts but a branch never means (see the file's comment). */
function beyondTheSchema(config: BranchConfig): string[] {
  const problems: string[] = [];
  for (const [index, type] of config.businessTypes.entries()) {
    if (type.openingHours !== undefined && Object.keys(type.openingHours).length === 0) {
      problems.push(
        said(
          ['businessTypes', index, 'openingHours'],
          'lists no weekday, so this queue would never be offered: add its days ' +
            '("mon": {"opens": "09:00", "closes": "17:00"}), leave openingHours out to offer it ' +
            'whenever the kiosk is on, or set "enabled": false to suspend it',
        ),
      );
    }
  }
  for (const [index, row] of (config.rates?.exchange ?? []).entries()) {
    if (row.buy > row.sell) {
      problems.push(
        said(
          ['rates', 'exchange', index],
          `buys ${row.currency} at ${row.buy}, above its selling price ${row.sell}: are "buy" ` +
            'and "sell" swapped?',
        ),
      );
    }
  }
  return problems;
}

type Frame =
  | { kind: 'object'; keys: Set<string>; key: string | null; expectKey: boolean }
  | { kind: 'array'; index: number };

/**
 * The paths of keys given twice in one object, read from JSON text already known to be valid
 * (JSON.parse accepted it): a scan of strings and brackets, tracking where it is.
 */
export function duplicateKeys(text: string): PropertyKey[][] {
  const found: PropertyKey[][] = [];
  const stack: Frame[] = [];
  const here = () => stack.slice(0, -1).map((f) => (f.kind === 'object' ? f.key! : f.index));
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const top = stack[stack.length - 1];
    if (c === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      if (top?.kind === 'object' && top.expectKey) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (top.keys.has(key)) found.push([...here(), key]);
        top.keys.add(key);
        top.key = key;
        top.expectKey = false;
      }
      i = end;
    } else if (c === '{')
      stack.push({ kind: 'object', keys: new Set(), key: null, expectKey: true });
    else if (c === '[') stack.push({ kind: 'array', index: 0 });
    else if (c === '}' || c === ']') stack.pop();
    else if (c === ',' && top?.kind === 'object') top.expectKey = true;
    else if (c === ',' && top?.kind === 'array') top.index += 1;
  }
  return found;
}

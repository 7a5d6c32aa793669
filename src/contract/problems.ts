/**
 * Reasons a person can read for a message a schema refuses: the field's path and what is wrong,
 * e.g. "items[3].payload.number must be a non-empty string". They go into the branch service's
 * 400 answers, into the reason a kiosk records for a rejected outbox item, and into the log.
 *
 * Schemas in this folder carry their own words where it matters (./fields.ts); every other issue
 * is put into words here, by its code, instead of zod's default English ("Invalid input: ...").
 */
import type { z } from 'zod';

type Issue = z.core.$ZodIssue;
type RawIssue = z.core.$ZodRawIssue;

const quote = (value: unknown) => (typeof value === 'string' ? `'${value}'` : String(value));

function oneOf(values: readonly unknown[]): string {
  const words = values.map(quote);
  return words.length <= 1
    ? (words[0] ?? 'nothing')
    : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

const KIND_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
  null: 'null',
};

function countOf(origin: string, n: number | bigint): string {
  if (origin === 'string') return `${n} character${n === 1 ? '' : 's'} long`;
  if (origin === 'array' || origin === 'set') return `${n} item${n === 1 ? '' : 's'}`;
  return String(n);
}

/**
 * A zod error map giving each issue the words after its path ("must be an integer", "is
 * missing"). Passed per parse (see `check`), so it never changes what other code's schemas say.
 */
export function readableIssue(issue: RawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is missing';
      return `must be ${KIND_NAMES[issue.expected] ?? issue.expected}`;
    case 'too_small': {
      const origin = String(issue.origin ?? '');
      if (issue.minimum === 1 && (origin === 'string' || origin === 'array')) {
        return origin === 'string' ? 'must not be empty' : 'must hold at least one item';
      }
      const verb = origin === 'array' || origin === 'set' ? 'must hold' : 'must be';
      return `${verb} at least ${countOf(origin, issue.minimum as number)}`;
    }
    case 'too_big': {
      const origin = String(issue.origin ?? '');
      const verb = origin === 'array' || origin === 'set' ? 'must hold' : 'must be';
      return `${verb} at most ${countOf(origin, issue.maximum as number)}`;
    }
    case 'invalid_value':
      return `must be ${oneOf(issue.values)}`;
    case 'invalid_format':
      return `must be in the ${issue.format} format`;
    case 'unrecognized_keys':
      return `has unknown field${issue.keys.length === 1 ? '' : 's'} ${issue.keys.join(', ')}`;
    case 'invalid_union': {
      const discriminator = (issue as { discriminator?: unknown }).discriminator;
      const options = (issue as { options?: unknown[] }).options;
      if (typeof discriminator === 'string') {
        const value = (issue.input as Record<string, unknown> | undefined)?.[discriminator];
        return `unknown ${discriminator} ${JSON.stringify(value)}; expected ${oneOf(options ?? [])}`;
      }
      return 'matches none of the allowed forms';
    }
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    default:
      return issue.message ?? 'is not valid';
  }
}

/** `items[3].payload.number`; keys that are not plain words are quoted (`name["zh-CN"]`). */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key))
      text += text === '' ? key : `.${key}`;
    else text += `[${JSON.stringify(String(key))}]`;
  }
  return text;
}

/**
 * One issue as a sentence: the path, then what is wrong. An unknown discriminator (an outbox
 * item's `kind`) already names its field, so it is said about the object that holds it.
 * `subject` names the whole message when the issue is about the message itself.
 */
export function describeIssue(issue: Issue, subject = 'the message'): string {
  const aboutDiscriminator =
    issue.code === 'invalid_union' &&
    typeof (issue as { discriminator?: unknown }).discriminator === 'string';
  const path = aboutDiscriminator ? issue.path.slice(0, -1) : issue.path;
  const where = formatPath(path);
  if (aboutDiscriminator) return where === '' ? issue.message : `${where}: ${issue.message}`;
  return `${where === '' ? subject : where} ${issue.message}`;
}

/** The first issue in words, plus how many more there were. */
export function describeError(error: z.ZodError, subject?: string): string {
  const [first, ...rest] = error.issues;
  if (first === undefined) return `${subject ?? 'the message'} is not valid`;
  const more =
    rest.length === 0 ? '' : ` (and ${rest.length} more problem${rest.length === 1 ? '' : 's'})`;
  return `${describeIssue(first, subject)}${more}`;
}

export type Checked<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problem: string; readonly issues: readonly Issue[] };

/** Parses `value` with `schema`; on refusal, the reason in words (never throws). */
export function check<S extends z.ZodType>(
  schema: S,
  value: unknown,
  subject?: string,
): Checked<z.output<S>> {
  const result = schema.safeParse(value, { error: readableIssue });
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, problem: describeError(result.error, subject), issues: result.error.issues };
}

// The branch configuration file a bank's IT writes by hand: checked with the contract's schema,
// every problem said with its JSON path, plus what the schema lets through (unknown fields, a
// queue with no weekday, swapped exchange prices). The documented example validates and uses
// every field the contract has.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  BranchConfigFileError,
  checkBranchConfigText,
  checkBranchConfigValue,
  MAX_LISTED_PROBLEMS,
  readBranchConfigFile,
} from '../../../branch-service/branch-config-file.js';
import { readBranchServiceEnv } from '../../../branch-service/config.js';
import {
  DEFAULT_BRANCH,
  DEFAULT_BUSINESS_TYPES,
  DEFAULT_CONTENT,
} from '../../../branch-service/defaults.js';
import { BranchConfigSchema } from '../../../src/contract/sync.js';

const EXAMPLE = resolve(import.meta.dirname, '../../../config/branch.example.json');
const example = () => JSON.parse(readFileSync(EXAMPLE, 'utf8')) as Record<string, unknown>;

const BRANCH = { id: 'b1', name: { 'zh-CN': '支行', en: 'Branch' } };
const PERSONAL = { id: 'personal', prefix: 'A', name: { 'zh-CN': '个人业务', en: 'Personal' } };
const BUSINESS = { id: 'business', prefix: 'B', name: { 'zh-CN': '对公业务', en: 'Business' } };

/** The problems of a value, or [] when it is accepted. */
function problems(value: unknown): readonly string[] {
  const checked = checkBranchConfigValue(value);
  return checked.ok ? [] : checked.problems;
}

/**
 * Paths of the schema's fields that no value in `values` sets: objects by their shape (every
 * field somewhere), arrays through their elements, optional fields unwrapped.
 */
function unusedFields(schema: z.ZodType, values: readonly unknown[], path: string): string[] {
  let inner: z.ZodType = schema;
  while (inner instanceof z.ZodOptional) inner = inner.unwrap() as z.ZodType;
  if (inner instanceof z.ZodArray) {
    const items = values.flatMap((v) => (Array.isArray(v) ? (v as unknown[]) : []));
    return unusedFields(inner.element as z.ZodType, items, `${path}[]`);
  }
  if (!(inner instanceof z.ZodObject)) return [];
  const objects = values.filter(
    (v): v is Record<string, unknown> => typeof v === 'object' && v !== null,
  );
  return Object.entries(inner.shape as Record<string, z.ZodType>).flatMap(([key, field]) => {
    const set = objects.filter((o) => Object.hasOwn(o, key)).map((o) => o[key]);
    const where = path === '' ? key : `${path}.${key}`;
    return set.length === 0 ? [where] : unusedFields(field, set, where);
  });
}

describe('the documented example, config/branch.example.json', () => {
  it('validates', () => {
    const checked = checkBranchConfigText(readFileSync(EXAMPLE, 'utf8'));
    expect(checked.ok ? [] : checked.problems).toEqual([]);
    expect(readBranchConfigFile(EXAMPLE).branch.id).toBe('cn-sh-0123');
  });

  it('sets every field of the contract, optional ones included', () => {
    expect(unusedFields(BranchConfigSchema, [example()], '')).toEqual([]);
  });

  it('shows a suspended queue and one open on some weekdays only', () => {
    const types = readBranchConfigFile(EXAMPLE).businessTypes;
    expect(types.some((t) => t.enabled === false)).toBe(true);
    expect(types.some((t) => t.openingHours !== undefined && !('sun' in t.openingHours))).toBe(
      true,
    );
  });
});

describe('checking a branch configuration file', () => {
  it('accepts the sample configuration the service runs on without a file', () => {
    expect(
      problems({
        ...DEFAULT_CONTENT,
        branch: DEFAULT_BRANCH,
        businessTypes: DEFAULT_BUSINESS_TYPES,
      }),
    ).toEqual([]);
  });

  it('names the JSON path and what to fix', () => {
    expect(
      problems({ branch: BRANCH, businessTypes: [PERSONAL, { ...BUSINESS, prefix: 'b2' }] }),
    ).toEqual(['businessTypes[1].prefix: must be one or two capital letters']);
    expect(problems({ branch: BRANCH })).toEqual(['businessTypes: is missing']);
    expect(problems([])).toEqual(['the file: must be an object']);
    expect(
      problems({
        branch: BRANCH,
        businessTypes: [PERSONAL],
        rates: { asOf: 'yesterday', deposit: [], exchange: [], fees: [] },
      }),
    ).toEqual([expect.stringMatching(/^rates\.asOf: /)]);
    expect(
      problems({
        branch: BRANCH,
        businessTypes: [
          { ...PERSONAL, openingHours: { mon: { opens: '17:00', closes: '09:00' } } },
        ],
      }),
    ).toEqual(['businessTypes[0].openingHours.mon: "closes" must be later than "opens"']);
  });

  it('lists every problem, not only the first', () => {
    const found = problems({
      branch: { id: '', name: BRANCH.name },
      businessTypes: [{ ...PERSONAL, prefix: '1' }],
      elderMode: { timeoutMultiplier: 9, voiceByDefault: 'yes', offerFromAge: 65 },
    });
    expect(found).toEqual([
      expect.stringMatching(/^branch\.id: /),
      'businessTypes[0].prefix: must be one or two capital letters',
      'elderMode.timeoutMultiplier: must be a number from 1 to 5',
      'elderMode.voiceByDefault: must be true or false',
    ]);
  });

  it('refuses a business type id or ticket prefix used twice, at the second use', () => {
    expect(
      problems({ branch: BRANCH, businessTypes: [PERSONAL, { ...BUSINESS, prefix: 'A' }] }),
    ).toEqual([
      'businessTypes[1].prefix: must use each ticket prefix once (prefix A is used twice; ' +
        'first at businessTypes[0])',
    ]);
    expect(
      problems({
        branch: BRANCH,
        businessTypes: [PERSONAL, BUSINESS, { ...BUSINESS, prefix: 'C' }],
      }),
    ).toEqual([
      'businessTypes[2].id: must use each id once (business type id business appears twice; ' +
        'first at businessTypes[1])',
    ]);
  });

  it('refuses fields the contract does not know: typos and languages the kiosk does not speak', () => {
    expect(problems({ branch: BRANCH, businessTypes: [PERSONAL], anouncements: [] })).toEqual([
      expect.stringMatching(/^anouncements: is not a known field .*announcements/),
    ]);
    expect(
      problems({
        branch: { ...BRANCH, name: { ...BRANCH.name, 'zh-TW': '支行' } },
        businessTypes: [{ ...PERSONAL, enabeld: false }],
      }),
    ).toEqual([
      'branch.name["zh-TW"]: is not a known field (a typo? known here: zh-CN, en)',
      expect.stringMatching(/^businessTypes\[0\]\.enabeld: is not a known field .*enabled/),
    ]);
    // Opening hours refuse unknown weekdays themselves: said once, naming the key.
    expect(
      problems({ branch: BRANCH, businessTypes: [{ ...PERSONAL, openingHours: { monday: {} } }] }),
    ).toEqual([
      expect.stringMatching(
        /^businessTypes\[0\]\.openingHours\.monday: is not a known field \(a typo\? known here: sun, mon,/,
      ),
    ]);
  });

  it('refuses a queue whose opening hours list no weekday (it would never be offered)', () => {
    expect(
      problems({ branch: BRANCH, businessTypes: [PERSONAL, { ...BUSINESS, openingHours: {} }] }),
    ).toEqual([
      expect.stringMatching(
        /^businessTypes\[1\]\.openingHours: lists no weekday, .*"enabled": false/,
      ),
    ]);
  });

  it('refuses an exchange rate bought above its selling price (buy and sell swapped)', () => {
    const rates = (buy: number, sell: number) => ({
      asOf: '2026-11-20T09:00:00+08:00',
      deposit: [],
      exchange: [
        { currency: 'USD', name: { 'zh-CN': '美元', en: 'US dollar' }, per: 100, buy, sell },
      ],
      fees: [],
    });
    expect(problems({ branch: BRANCH, businessTypes: [PERSONAL], rates: rates(710, 713) })).toEqual(
      [],
    );
    expect(problems({ branch: BRANCH, businessTypes: [PERSONAL], rates: rates(713, 710) })).toEqual(
      [expect.stringMatching(/^rates\.exchange\[0\]: buys USD at 713, .* swapped\?$/)],
    );
  });

  it('refuses a field given twice in one object (JSON would keep the last without a word)', () => {
    const text = `{
      "branch": {"id": "b1", "name": {"zh-CN": "支行", "en": "Say \\"{[\\" \\\\"}},
      "businessTypes": [
        {"id": "personal", "prefix": "A", "name": {"zh-CN": "个人", "en": "Personal"}},
        {"id": "business", "prefix": "B", "name": {"zh-CN": "对公", "en": "Business"}, "prefix": "C"}
      ],
      "announcements": [],
      "announcements": [{"zh-CN": "欢迎", "en": "Welcome"}]
    }`;
    const checked = checkBranchConfigText(text);
    expect(checked.ok ? [] : checked.problems).toEqual([
      'businessTypes[1].prefix: is given twice in the same object: only the last would count; keep one',
      'announcements: is given twice in the same object: only the last would count; keep one',
    ]);
    // The same keys in different objects are not twice.
    expect(
      checkBranchConfigText(text.replace(', "prefix": "C"', '').replace('"announcements": [],', ''))
        .ok,
    ).toBe(true);
  });

  it('says where the JSON is broken, by line and column', () => {
    const checked = checkBranchConfigText('{\n  "branch": {\n    "id": "b1",\n  }\n}\n');
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.problems).toEqual([
      expect.stringMatching(/^the file is not valid JSON at line 4, column 3 /),
    ]);
  });

  it('reads a file saved with a byte-order mark (Windows Notepad)', () => {
    const text = `\ufeff${JSON.stringify({ branch: BRANCH, businessTypes: [PERSONAL] })}`;
    expect(checkBranchConfigText(text).ok).toBe(true);
  });
});

describe('reading the file', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'branch-config-'));
    dirs.push(dir);
    return dir;
  };

  it('names the file when it is missing, and where it was set', () => {
    const file = join(tempDir(), 'branch.json');
    expect(() => readBranchConfigFile(file)).toThrow(BranchConfigFileError);
    expect(() => readBranchConfigFile(file)).toThrow(
      `branch configuration ${file}: file not found. Check BRANCH_SERVICE_BRANCH_CONFIG`,
    );
  });

  it('names the file and each problem when it is invalid, at most a screenful', () => {
    const file = join(tempDir(), 'branch.json');
    const types = Array.from({ length: 15 }, (_, i) => ({
      ...PERSONAL,
      id: `t${i}`,
      prefix: `p${i}`,
    }));
    writeFileSync(file, JSON.stringify({ branch: BRANCH, businessTypes: types }));
    let error: unknown;
    try {
      readBranchConfigFile(file);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(BranchConfigFileError);
    const { problems: found, message } = error as BranchConfigFileError;
    expect(found).toHaveLength(15);
    expect(message).toContain(`branch configuration ${file}: businessTypes[0].prefix: must be`);
    expect(message).toContain(`(and ${15 - MAX_LISTED_PROBLEMS} more problems)`);
    expect(message).not.toContain('businessTypes[10]');
  });

  it('is named by BRANCH_SERVICE_BRANCH_CONFIG, relative to the working folder', () => {
    expect(readBranchServiceEnv({}, '/srv/branch').branchConfigFile).toBeUndefined();
    expect(
      readBranchServiceEnv({ BRANCH_SERVICE_BRANCH_CONFIG: 'config/branch.json' }, '/srv/branch')
        .branchConfigFile,
    ).toBe('/srv/branch/config/branch.json');
    expect(
      readBranchServiceEnv({ BRANCH_SERVICE_BRANCH_CONFIG: ' /etc/branch.json ' }, '/srv')
        .branchConfigFile,
    ).toBe('/etc/branch.json');
  });
});

/**
 * Reading a configuration file's JSON field by field: each reader names the file, the field and
 * what was expected when a value is wrong, so the kiosk stops with one sentence a technician can
 * act on. Used by ./config.ts.
 */
export class ConfigError extends Error {
  constructor(
    readonly file: string | null,
    message: string,
  ) {
    super(file ? `configuration ${file}: ${message}` : `configuration: ${message}`);
    this.name = 'ConfigError';
  }
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export class Reader {
  constructor(private readonly file: string | null) {}

  fail(field: string, expected: string, got: unknown): never {
    throw new ConfigError(this.file, `"${field}" must be ${expected}, got ${JSON.stringify(got)}`);
  }

  object(value: Json | undefined, field: string, keys: readonly string[]): Record<string, Json> {
    if (value === undefined) return {};
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.fail(field, 'an object', value);
    }
    for (const key of Object.keys(value)) {
      if (!keys.includes(key)) {
        const where = field ? `"${field}.${key}"` : `"${key}"`;
        throw new ConfigError(this.file, `unknown setting ${where}; known: ${keys.join(', ')}`);
      }
    }
    return value;
  }

  string(value: Json | undefined, field: string, fallback: string): string {
    if (value === undefined) return fallback;
    if (typeof value !== 'string' || value.trim() === '')
      this.fail(field, 'a non-empty string', value);
    return value;
  }

  integer(value: Json | undefined, field: string, fallback: number, min: number, max: number) {
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.fail(field, `an integer from ${min} to ${max}`, value);
    }
    return value;
  }

  /** A short customer-facing text in both languages: { "zh-CN": "…", "en": "…" }. */
  localizedText(
    value: Json | undefined,
    field: string,
    maxLength: number,
  ): { readonly 'zh-CN': string; readonly en: string } | undefined {
    if (value === undefined) return undefined;
    const text = this.object(value, field, ['zh-CN', 'en']);
    const say = (language: 'zh-CN' | 'en') => {
      const got = text[language];
      if (typeof got !== 'string' || got.trim() === '' || got.length > maxLength) {
        this.fail(
          `${field}.${language}`,
          `a non-empty string of at most ${maxLength} characters`,
          got,
        );
      }
      return got;
    };
    return { 'zh-CN': say('zh-CN'), en: say('en') };
  }

  boolean(value: Json | undefined, field: string, fallback: boolean): boolean {
    if (value === undefined) return fallback;
    if (typeof value !== 'boolean') this.fail(field, 'true or false', value);
    return value;
  }
}

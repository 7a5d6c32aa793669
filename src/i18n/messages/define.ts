/**
 * The shape of one feature's customer words: every key in zh-CN (the source language, whose keys
 * the type takes) and in English, and optional plainer variants for elder mode (design.md §7).
 * Each feature keeps its own file in this folder; ../messages.ts combines them and refuses a key
 * used twice. Imported by the renderer: no Node, no DOM.
 */
export interface FeatureMessages<K extends string> {
  readonly 'zh-CN': Readonly<Record<K, string>>;
  readonly en: Readonly<Record<K, string>>;
  readonly elder?: {
    readonly 'zh-CN': Readonly<Partial<Record<K, string>>>;
    readonly en: Readonly<Partial<Record<K, string>>>;
  };
}

/** Identity helper: the zh-CN keys become the type every other language must fill. */
export function defineMessages<const Z extends Record<string, string>>(messages: {
  readonly 'zh-CN': Z;
  readonly en: Readonly<Record<keyof Z & string, string>>;
  readonly elder?: {
    readonly 'zh-CN': Readonly<Partial<Record<keyof Z & string, string>>>;
    readonly en: Readonly<Partial<Record<keyof Z & string, string>>>;
  };
}): FeatureMessages<keyof Z & string> & { readonly 'zh-CN': Z } {
  return messages;
}

/**
 * A business type is what a customer queues for (cash, account opening, wealth management...).
 * The branch service owns the list; the kiosk caches it. `prefix` starts every ticket number of
 * that queue ("A" → A023), so tellers and customers can tell the queues apart at a glance.
 */
export interface BusinessType {
  readonly id: string;
  readonly prefix: string;
  readonly name: { readonly 'zh-CN': string; readonly en: string };
  /** Shown under the name on the kiosk; optional. */
  readonly description?: { readonly 'zh-CN': string; readonly en: string };
}

export type Language = 'zh-CN' | 'en';
export const LANGUAGES: readonly Language[] = ['zh-CN', 'en'];

export function businessTypeName(type: BusinessType, language: Language): string {
  return type.name[language];
}

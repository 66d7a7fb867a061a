/**
 * Languages of the people-facing outputs (report.md, report.html, comparison.*).
 * One catalogue: shared terms in src/output/i18n/common.ts, each output's own text beside it in
 * src/output/i18n/; a hazard's own prose is written as Msg pairs in its folder (hazards cannot import
 * output). Data files (summary.json, CSV) stay language-neutral.
 */
export type Lang = 'zh' | 'en';
export const LANGS: readonly Lang[] = ['zh', 'en'];
/** Report files default to Chinese: the plans the tool serves are Chinese municipal plans. */
export const DEFAULT_LANG: Lang = 'zh';

/** One message in both languages. `{name}` marks a value filled in by `tr`. */
export interface Msg {
  zh: string;
  en: string;
}

/** The text of `m` in `lang`, with `{name}` placeholders filled from `values`. */
export function tr(lang: Lang, m: Msg, values: Record<string, string | number> = {}): string {
  return m[lang].replace(/\{(\w+)\}/g, (whole, k: string) => (k in values ? String(values[k]) : whole));
}

export function isLang(v: unknown): v is Lang {
  return v === 'zh' || v === 'en';
}

/** A text that may be given in one language only (a plain string, e.g. from a plug-in hazard) or as a Msg. */
export type MaybeMsg = string | Msg;

/** `m` in `lang`: a plain string as it is, a Msg in that language. */
export function txt(lang: Lang, m: MaybeMsg, values: Record<string, string | number> = {}): string {
  return typeof m === 'string' ? m : tr(lang, m, values);
}

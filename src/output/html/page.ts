/** The HTML shell shared by report.html and comparison.html: one self-contained page, plain print-friendly CSS, system fonts. */
import type { Lang } from '../../core/i18n.js';
import { FONT_STACK } from './charts.js';

/** Escape text for HTML content and attribute values. */
export function esc(s: string | number): string {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export const HTML_LANG: Record<Lang, string> = { zh: 'zh-CN', en: 'en' };

const CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: ${FONT_STACK}; color: #1a1a1a; background: #fff; margin: 0; line-height: 1.55; font-size: 15px; }
main { max-width: 1080px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 1.7em; margin: 0.2em 0 0.3em; }
h2 { font-size: 1.3em; margin: 1.8em 0 0.5em; padding-bottom: 4px; border-bottom: 2px solid #0072B2; }
h3 { font-size: 1.05em; margin: 1.1em 0 0.3em; }
p.lead { color: #444; margin-top: 0; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0.8em 0; }
dl.meta dt { color: #555; }
dl.meta dd { margin: 0; }
table { border-collapse: collapse; margin: 0.6em 0 1em; font-size: 0.92em; }
th, td { border: 1px solid #d0d0d0; padding: 3px 8px; vertical-align: top; }
th { background: #f2f4f7; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(480px, 1fr)); gap: 12px 20px; }
figure { margin: 0.4em 0 1em; break-inside: avoid; page-break-inside: avoid; }
figure svg { max-width: 100%; height: auto; display: block; }
figcaption { font-size: 0.88em; color: #444; margin-top: 2px; }
.note { background: #fff8e5; border-left: 4px solid #E69F00; padding: 6px 10px; margin: 0.6em 0; font-size: 0.92em; }
.not-modelled { background: #f4f4f4; border: 1px dashed #999; padding: 14px; color: #444; font-size: 0.92em; }
.status { font-weight: bold; white-space: nowrap; }
.status.pass { color: #1b7a3a; }
.status.fail { color: #b3261e; }
.status.nodata { color: #666; }
ul.legend { list-style: none; padding: 0; margin: 0.4em 0; display: flex; flex-wrap: wrap; gap: 4px 18px; font-size: 0.9em; }
ul.legend li { display: flex; align-items: center; gap: 6px; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 50%; border: 1px solid #555; }
footer { margin-top: 2.5em; font-size: 0.85em; color: #555; border-top: 1px solid #ddd; padding-top: 8px; }
@media print {
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; page-break-after: avoid; }
  .figures { grid-template-columns: 1fr 1fr; }
}
`;

/** A whole page: `<html lang>`, the title, the inline CSS and the body. Nothing is fetched when it is viewed. */
export function page(lang: Lang, title: string, body: string): string {
  return [
    '<!DOCTYPE html>',
    `<html lang="${HTML_LANG[lang]}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // no network: nothing may be loaded from anywhere, not even by accident
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>${esc(title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    '<main>',
    body,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** An HTML table; cells are already-escaped HTML; `num[i]` right-aligns column i. */
export function htmlTable(head: string[], rows: string[][], num: boolean[] = []): string {
  const cell = (tag: string, c: string, i: number) => `<${tag}${num[i] && tag === 'td' ? ' class="num"' : ''}>${c}</${tag}>`;
  return ['<table>', `<thead><tr>${head.map((h, i) => cell('th', h, i)).join('')}</tr></thead>`, '<tbody>', ...rows.map((r) => `<tr>${r.map((c, i) => cell('td', c, i)).join('')}</tr>`), '</tbody>', '</table>'].join('\n');
}

/** A chart figure: the SVG, a caption, and `data-chart` naming it (the browser test counts each chart's marks). */
export function figure(name: string, svg: string, caption: string, attrs: Record<string, string | number> = {}): string {
  const extra = Object.entries(attrs).map(([k, v]) => ` ${k}="${esc(v)}"`).join('');
  return `<figure data-chart="${esc(name)}"${extra}>\n${svg}\n<figcaption>${caption}</figcaption>\n</figure>`;
}

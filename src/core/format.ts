/** Number formatting for people-facing text. */
export function fmt(v: number | null | undefined, digits = 0): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  const a = Math.abs(v);
  if (a === 0) return '0'; // not "0.00": nothing is nothing
  if (a < 0.01) return v.toExponential(1);
  if (a < 10 && digits === 0) return v.toFixed(2);
  return v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export function pct(p: number): string {
  if (p === 0) return '0 %';
  if (p < 0.001) return `${(p * 100).toExponential(1)} %`;
  return `${(p * 100).toFixed(p < 0.1 ? 2 : 1)} %`;
}

/** A Markdown or plain-text table with right-aligned numbers. */
export function table(header: string[], rows: string[][], markdown: boolean): string {
  if (markdown) {
    const line = (r: string[]) => `| ${r.join(' | ')} |`;
    return [line(header), line(header.map((_, i) => (i === 0 ? '---' : '---:'))), ...rows.map(line)].join('\n');
  }
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]))));
  const pad = (s: string, i: number) => (i === 0 ? s + ' '.repeat(widths[i] - width(s)) : ' '.repeat(widths[i] - width(s)) + s);
  return [header.map(pad).join('  '), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map((r) => r.map(pad).join('  '))].join('\n');
}

/** Display width: CJK characters take two columns. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

/** CSV for spreadsheets: UTF-8 with BOM so Excel reads Chinese names, and no cell that Excel would run as a formula. */
export function csvCell(v: string | number | null): string {
  // null: not applicable to this row (an empty cell, never a 0)
  if (v === null) return '';
  // a number stays a number (a negative one too); text starting with = + - @ would run as a formula
  // in Excel (CSV injection): neutralise it with a leading apostrophe.
  let s = typeof v === 'number' ? formatNumber(v) : v;
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return '';
  // ten significant digits: plenty for people counts, no float noise like 0.30000000000000004
  return String(Number(v.toPrecision(10)));
}

export function toCsv(header: string[], rows: (string | number | null)[][]): string {
  return '\uFEFF' + [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

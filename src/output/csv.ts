/** CSV for spreadsheets: UTF-8 with BOM so Excel reads Chinese names, and no cell that Excel would run as a formula. */
export function csvCell(v: string | number): string {
  let s = typeof v === 'number' ? formatNumber(v) : v;
  // Excel treats a leading = + - @ as a formula (CSV injection): neutralise with a leading apostrophe.
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return '';
  // ten significant digits: plenty for people counts, no float noise like 0.30000000000000004
  return String(Number(v.toPrecision(10)));
}

export function toCsv(header: string[], rows: (string | number)[][]): string {
  return '\uFEFF' + [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/**
 * The hostile-region corpus: each case is one edit applied to a fresh copy of datasets/yueyang
 * (with datasets/items.csv as ../items.csv) and the message `sim run` must give for it (exit 2,
 * one line, no stack trace). test/hostile-region.test.ts runs them. An edit may return the line it
 * broke, for the expected message.
 *
 * Files: region.yaml, townships.csv, hazard.csv, building-mix.csv, hazard-parameters.yaml,
 * holdings/{depots,stock,teams,shelters}.csv, counties.csv, villages.csv, ../items.csv.
 */
import { appendFileSync, mkdirSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface HostileCase {
  name: string;
  /** Edits the region folder `d` (its parent holds items.csv); may return the line number it broke. */
  edit: (d: string) => number | void;
  /** The message, given the line the edit returned. */
  expect: (line: number) => RegExp;
}

const read = (d: string, f: string) => readFileSync(join(d, f), 'utf8');
const write = (d: string, f: string, text: string | Uint8Array) => writeFileSync(join(d, f), text);
const lines = (d: string, f: string) => read(d, f).split('\n');

/** Split one CSV line into cells (double quotes honoured). */
function splitCsv(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (q) {
      if (c === '"' && line[i + 1] === '"') (cur += '"'), i++;
      else if (c === '"') q = false;
      else cur += c;
    } else if (c === '"') q = true;
    else if (c === ',') out.push(cur), (cur = '');
    else cur += c;
  }
  out.push(cur);
  return out;
}
const joinCsv = (cells: string[]) => cells.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');

/** Index of the header line (first line not a comment). */
const headerIndex = (ls: string[]) => ls.findIndex((l) => l.trim() !== '' && !l.startsWith('#'));

/** Set a cell of data row k (1-based) to a value written as is (quoted when it has a comma); returns its line. */
function cell(d: string, f: string, k: number, col: string, value: string, raw = false): number {
  const ls = lines(d, f);
  const h = headerIndex(ls);
  const cols = splitCsv(ls[h]);
  const c = cols.indexOf(col);
  if (c < 0) throw new Error(`test corpus: no column ${col} in ${f}`);
  const cells = splitCsv(ls[h + k]);
  cells[c] = value;
  ls[h + k] = raw ? cells.map((x, i) => (i === c ? x : joinCsv([x]))).join(',') : joinCsv(cells);
  write(d, f, ls.join('\n'));
  return h + k + 1;
}

/** Replace the text of data row k (1-based) through a function of the line; returns its line. */
function row(d: string, f: string, k: number, fn: (line: string) => string): number {
  const ls = lines(d, f);
  const h = headerIndex(ls);
  ls[h + k] = fn(ls[h + k]);
  write(d, f, ls.join('\n'));
  return h + k + 1;
}

/** Replace the header through a function of its cells; returns its line. */
function header(d: string, f: string, fn: (cols: string[]) => string[]): number {
  const ls = lines(d, f);
  const h = headerIndex(ls);
  ls[h] = fn(splitCsv(ls[h])).join(',');
  write(d, f, ls.join('\n'));
  return h + 1;
}

/** Replace text in a file (the first occurrence; it must be there); returns the line of the replacement. */
function replace(d: string, f: string, from: string | RegExp, to: string): number {
  const text = read(d, f);
  const at = typeof from === 'string' ? text.indexOf(from) : text.search(from);
  if (at < 0) throw new Error(`test corpus: ${from} not in ${f}`);
  write(d, f, text.replace(from, to));
  return text.slice(0, at).split('\n').length;
}

const rename = (from: string, to: string) => (cols: string[]) => cols.map((c) => (c === from ? to : c));

function utf16le(text: string, bom: boolean): Buffer {
  const b = Buffer.from(text, 'utf16le');
  return bom ? Buffer.concat([Buffer.from([0xff, 0xfe]), b]) : b;
}

/** 荣家湾镇 in GBK: what Excel on a Chinese Windows saves as "CSV". */
const GBK_NAME = Buffer.from([0xc8, 0xd9, 0xbc, 0xd2, 0xcd, 0xe5, 0xd5, 0xf2]);

/** A file of the region replaced by a symbolic link to a copy outside the region folder (and outside its parent). */
function linkOutside(d: string, f: string): void {
  const outside = join(dirname(dirname(d)), `outside-${f.replace(/\//g, '-')}`);
  mkdirSync(dirname(outside), { recursive: true });
  writeFileSync(outside, readFileSync(join(d, f)));
  rmSync(join(d, f));
  symlinkSync(outside, join(d, f));
}

const T = 'townships\\.csv';
const H = 'hazard\\.csv';
const R = 'region\\.yaml';
const NOT_TEXT = 'expected text without control or invisible characters, found';
const UTF8 = 'expected UTF-8 text \\(Excel: Save As → "CSV UTF-8"';
const re = (s: string) => new RegExp(s);

export const CASES: HostileCase[] = [
  // ── region.yaml ────────────────────────────────────────────────────────────────
  { name: 'region.yaml: reference_point.lat is text', edit: (d) => replace(d, 'region.yaml', /lat: 29\.12057/, 'lat: "north"'), expect: (l) => re(`${R}:${l}:\\d+: reference_point\\.lat: expected a latitude in degrees within \\[-90, 90\\], found "north"`) },
  { name: 'region.yaml: files is a list', edit: (d) => replace(d, 'region.yaml', /files:\n(  .*\n)+/, 'files: [a, b]\n'), expect: (l) => re(`${R}:${l}:\\d+: files: expected a mapping of file keys .*found a list`) },
  { name: 'region.yaml: files.townships is an absolute path', edit: (d) => replace(d, 'region.yaml', 'townships: townships.csv', 'townships: /etc/passwd'), expect: (l) => re(`${R}:${l}:\\d+: files\\.townships: expected a file name relative to the region folder .*not an absolute path, found "/etc/passwd"`) },
  { name: 'region.yaml: files.townships climbs out with ../', edit: (d) => replace(d, 'region.yaml', 'townships: townships.csv', 'townships: ../../../../../../etc/passwd'), expect: (l) => re(`${R}:${l}:\\d+: files\\.townships: expected a file inside the region folder .*found "\\.\\./\\.\\./.*etc/passwd" \\(it resolves to /etc/passwd\\)`) },
  { name: 'region.yaml: files.items outside the datasets folder', edit: (d) => replace(d, 'region.yaml', 'items: ../items.csv', 'items: ../../items.csv'), expect: (l) => re(`${R}:${l}:\\d+: files\\.items: expected a file inside the datasets folder .*found "\\.\\./\\.\\./items\\.csv"`) },
  { name: "region.yaml: files.hazard in the parent (only items may be there)", edit: (d) => replace(d, 'region.yaml', 'hazard: hazard.csv', 'hazard: ../items.csv'), expect: (l) => re(`${R}:${l}:\\d+: files\\.hazard: expected a file inside the region folder`) },
  { name: 'region.yaml: townships.csv is a link to a file outside', edit: (d) => linkOutside(d, 'townships.csv'), expect: () => re(`${R}:\\d+:\\d+: files\\.townships: expected a file inside the region folder .*it resolves to .*outside-townships\\.csv`) },
  { name: 'region.yaml: unknown top-level field', edit: (d) => replace(d, 'region.yaml', 'name_zh:', 'nmae_zh:'), expect: (l) => re(`${R}:${l}:\\d+: nmae_zh: unknown field "nmae_zh"; expected one of: name, name_zh`) },
  { name: 'region.yaml: unknown files key', edit: (d) => replace(d, 'region.yaml', 'townships: townships.csv', 'township: townships.csv'), expect: (l) => re(`${R}:${l}:\\d+: files\\.township: unknown file key "township"; expected one of: townships, counties`) },
  { name: 'region.yaml: files.holdings names a file', edit: (d) => replace(d, 'region.yaml', 'holdings: holdings/', 'holdings: townships.csv'), expect: (l) => re(`${R}:${l}:\\d+: files\\.holdings: expected the holdings folder \\(a folder\\), found a file`) },
  { name: 'region.yaml: files.townships names a folder', edit: (d) => replace(d, 'region.yaml', 'townships: townships.csv', 'townships: holdings'), expect: (l) => re(`${R}:${l}:\\d+: files\\.townships: expected the township table \\(a file\\), found a folder`) },
  { name: 'region.yaml: files.counties is a number', edit: (d) => replace(d, 'region.yaml', 'counties: counties.csv', 'counties: 7'), expect: (l) => re(`${R}:${l}:\\d+: files\\.counties: expected the county table's file name, relative to the region folder .*found 7`) },
  { name: 'region.yaml: empty name', edit: (d) => replace(d, 'region.yaml', 'name: "Yueyang County"', 'name: ""'), expect: (l) => re(`${R}:${l}:\\d+: name: expected text \\(not empty\\), found ""`) },
  { name: 'region.yaml: NUL in name_zh', edit: (d) => replace(d, 'region.yaml', 'name_zh: "岳阳县"', 'name_zh: "岳阳\\0县"'), expect: (l) => re(`${R}:${l}:\\d+: name_zh: ${NOT_TEXT} U\\+0000 \\(NUL\\) at character 3`) },
  { name: 'region.yaml: counts.townships disagrees with townships.csv', edit: (d) => replace(d, 'region.yaml', 'townships: 15', 'townships: 16'), expect: (l) => re(`${R}:${l}:\\d+: counts\\.townships: expected the number of township rows in .*townships\\.csv \\(15\\), found 16`) },
  { name: 'region.yaml: a township row lost (counts.townships)', edit: (d) => void row(d, 'townships.csv', 15, () => ''), expect: () => re(`${R}:\\d+:\\d+: counts\\.townships: expected the number of township rows .*\\(14\\), found 15`) },
  { name: 'region.yaml: negative count', edit: (d) => replace(d, 'region.yaml', 'population: 561888', 'population: -5'), expect: (l) => re(`${R}:${l}:\\d+: counts\\.population: expected a whole number ≥ 0, found -5`) },
  { name: 'region.yaml: filled_rows value is text', edit: (d) => replace(d, 'region.yaml', 'coordinates: 13', 'coordinates: "13"'), expect: (l) => re(`${R}:${l}:\\d+: filled_rows\\.coordinates: expected a whole number ≥ 0, found "13"`) },
  { name: 'region.yaml: reference point without lon', edit: (d) => replace(d, 'region.yaml', /  lon: 113\.08201\n/, ''), expect: () => re(`${R}:\\d+:\\d+: reference_point\\.lon: expected a longitude in degrees within \\[-180, 180\\], found nothing`) },
  { name: 'region.yaml: reference point far from the townships', edit: (d) => replace(d, 'region.yaml', 'lon: 113.08201', 'lon: 13.08201'), expect: () => re(`${R}:\\d+:\\d+: reference_point: expected a point within 1° of the townships .*found lat 29\\.12057, lon 13\\.08201`) },
  { name: 'region.yaml: YAML syntax error', edit: (d) => replace(d, 'region.yaml', 'files:', 'files: [townships'), expect: () => re(`${R}:\\d+:\\d+: YAML syntax error`) },
  { name: 'region.yaml: saved as UTF-16', edit: (d) => write(d, 'region.yaml', utf16le(read(d, 'region.yaml'), true)), expect: () => re(`${R}: ${UTF8}.*found UTF-16 \\(byte-order mark FF FE\\)`) },
  { name: 'region.yaml: empty file', edit: (d) => write(d, 'region.yaml', ''), expect: () => re(`${R}: \\(top level\\): expected a mapping with name, name_zh, .*found nothing`) },

  // ── townships.csv ──────────────────────────────────────────────────────────────
  { name: 'townships.csv: NUL in name_zh', edit: (d) => cell(d, 'townships.csv', 3, 'name_zh', '黄沙\u0000街镇'), expect: (l) => re(`${T}:${l}: field "name_zh": ${NOT_TEXT} U\\+0000 \\(NUL\\) at character 3 of "黄沙\\\\u0000街镇"`) },
  { name: 'townships.csv: escape sequence in name_en', edit: (d) => cell(d, 'townships.csv', 2, 'name_en', '\u001b[31mRed Town'), expect: (l) => re(`${T}:${l}: field "name_en": ${NOT_TEXT} U\\+001B \\(ESC\\)`) },
  { name: 'townships.csv: right-to-left override in name_en', edit: (d) => cell(d, 'townships.csv', 4, 'name_en', 'Town\u202Eabc'), expect: (l) => re(`${T}:${l}: field "name_en": ${NOT_TEXT} U\\+202E \\(a bidirectional-text control\\)`) },
  { name: 'townships.csv: line break inside a quoted name', edit: (d) => cell(d, 'townships.csv', 5, 'name_en', 'Two\nLines'), expect: (l) => re(`${T}:${l}: field "name_en": ${NOT_TEXT} U\\+000A \\(LF \\(line break\\)\\)`) },
  { name: 'townships.csv: saved as UTF-16 with a byte-order mark', edit: (d) => write(d, 'townships.csv', utf16le(read(d, 'townships.csv'), true)), expect: () => re(`${T}: ${UTF8}.*found UTF-16 \\(byte-order mark FF FE\\)`) },
  { name: 'townships.csv: saved as UTF-16 big-endian', edit: (d) => write(d, 'townships.csv', Buffer.from(utf16le(read(d, 'townships.csv'), true).swap16())), expect: () => re(`${T}: ${UTF8}.*found UTF-16 \\(byte-order mark FE FF\\)`) },
  { name: 'townships.csv: UTF-16 without a byte-order mark', edit: (d) => write(d, 'townships.csv', utf16le(read(d, 'townships.csv'), false)), expect: () => re(`${T}: ${UTF8}.*found UTF-16 \\(every other byte is NUL`) },
  {
    name: 'townships.csv: GBK-encoded name',
    edit: (d) => {
      const l = cell(d, 'townships.csv', 2, 'name_zh', 'GBKNAME');
      const b = readFileSync(join(d, 'townships.csv'));
      const at = b.indexOf('GBKNAME');
      write(d, 'townships.csv', Buffer.concat([b.subarray(0, at), GBK_NAME, b.subarray(at + 7)]));
      return l;
    },
    expect: (l) => re(`${T}:${l}: ${UTF8}.*found bytes that are not UTF-8 \\(C8 D9 BC D2\\) at line ${l} \\(GBK or another legacy encoding\\?\\)`),
  },
  { name: 'townships.csv: a row with an extra field (unquoted comma)', edit: (d) => row(d, 'townships.csv', 4, (l) => l.replace('Town', 'Town, Hunan')), expect: (l) => re(`${T}:${l}: row: expected 21 fields as in the header \\(line 1\\), found 22 \\(a value with a comma in it needs double quotes`) },
  { name: 'townships.csv: a row with a field missing', edit: (d) => row(d, 'townships.csv', 6, (l) => l.replace(/,[^,]*$/, '')), expect: (l) => re(`${T}:${l}: row: expected 21 fields as in the header \\(line 1\\), found 20`) },
  { name: 'townships.csv: a quote that never closes', edit: (d) => row(d, 'townships.csv', 5, (l) => l.replace(',镇,', ',"镇,')), expect: (l) => re(`${T}:${l}: malformed CSV: expected a closing double quote for the quote opened on line ${l}, found the end of the file`) },
  { name: 'townships.csv: a stray quote inside a value', edit: (d) => row(d, 'townships.csv', 3, (l) => l.replace('Town', 'Town"s')), expect: (l) => re(`${T}:${l}: malformed CSV: expected a double quote only around a whole value`) },
  { name: 'townships.csv: empty file', edit: (d) => write(d, 'townships.csv', ''), expect: () => re(`${T}: expected township table: a header line \\(code, name_zh, .*\\) and data rows, found an empty file`) },
  { name: 'townships.csv: only comments', edit: (d) => write(d, 'townships.csv', '# nothing yet\n'), expect: () => re(`${T}: expected township table: .*found only comment lines`) },
  { name: 'townships.csv: header only', edit: (d) => write(d, 'townships.csv', lines(d, 'townships.csv')[0] + '\n'), expect: () => re(`${T}: expected township table: at least one data row after the header \\(line 1\\), found none`) },
  { name: 'townships.csv: duplicate code', edit: (d) => cell(d, 'townships.csv', 7, 'code', '430621104000'), expect: (l) => re(`${T}:${l}: field "code": expected a unique township code, found 430621104000 again \\(first at line 3\\)`) },
  { name: 'townships.csv: duplicate column name', edit: (d) => header(d, 'townships.csv', rename('type_zh', 'population')), expect: (l) => re(`${T}:${l}: column 9 of the header: expected unique column names, found "population" again \\(also column 4\\)`) },
  { name: 'townships.csv: missing required column', edit: (d) => void header(d, 'townships.csv', rename('population', 'pop')), expect: () => re(`${T}: missing required column "population" in the header \\(line 1\\)`) },
  { name: 'townships.csv: unknown (misspelt) column', edit: (d) => header(d, 'townships.csv', rename('population_flag', 'populaton_flag')), expect: (l) => re(`${T}:${l}: column 10 of the header: unknown column "populaton_flag"; expected one of: code, .*free-text columns may be named note`) },
  { name: 'townships.csv: empty column name (trailing comma)', edit: (d) => header(d, 'townships.csv', (c) => [...c, '']), expect: (l) => re(`${T}:${l}: column 22 of the header: expected a column name, found an empty one`) },
  { name: 'townships.csv: semicolon-separated', edit: (d) => write(d, 'townships.csv', read(d, 'townships.csv').replace(/,/g, ';')), expect: () => re(`${T}: missing required columns "code", "name_zh", .* in the header \\(line 1\\); found columns: code;name_zh;`) },
  { name: 'townships.csv: a number with a unit', edit: (d) => cell(d, 'townships.csv', 2, 'coast_dist_km', '694.7 km'), expect: (l) => re(`${T}:${l}: field "coast_dist_km": expected a distance to the coast in km \\(≥ 0\\), found "694\\.7 km" \\(a number without a unit: write 694\\.7\\)`) },
  { name: 'townships.csv: a thousands separator', edit: (d) => cell(d, 'townships.csv', 1, 'population', '166,264'), expect: (l) => re(`${T}:${l}: field "population": expected a population \\(number ≥ 0\\), found "166,264" \\(no thousands separators: write 166264\\)`) },
  { name: 'townships.csv: NaN', edit: (d) => cell(d, 'townships.csv', 3, 'population', 'NaN'), expect: (l) => re(`${T}:${l}: field "population": expected a population \\(number ≥ 0\\), found "NaN" \\(a finite number is needed\\)`) },
  { name: 'townships.csv: Infinity', edit: (d) => cell(d, 'townships.csv', 3, 'lat', 'Infinity'), expect: (l) => re(`${T}:${l}: field "lat": expected a latitude in degrees within \\[-90, 90\\], found "Infinity"`) },
  { name: 'townships.csv: hexadecimal number', edit: (d) => cell(d, 'townships.csv', 3, 'population', '0x1F'), expect: (l) => re(`${T}:${l}: field "population": .*found "0x1F" \\(a decimal number\\)`) },
  { name: 'townships.csv: negative population', edit: (d) => cell(d, 'townships.csv', 8, 'population', '-120'), expect: (l) => re(`${T}:${l}: field "population": expected a population \\(number ≥ 0\\), found "-120"`) },
  { name: 'townships.csv: latitude out of range', edit: (d) => cell(d, 'townships.csv', 4, 'lat', '129.15'), expect: (l) => re(`${T}:${l}: field "lat": expected a latitude in degrees within \\[-90, 90\\], found "129\\.15"`) },
  { name: 'townships.csv: urban not 0 or 1', edit: (d) => cell(d, 'townships.csv', 4, 'urban', '2'), expect: (l) => re(`${T}:${l}: field "urban": expected 0 or 1, found "2"`) },
  { name: 'townships.csv: an all-empty row', edit: (d) => row(d, 'townships.csv', 9, (l) => l.replace(/[^,]/g, '')), expect: (l) => re(`${T}:${l}: field "code": expected a value, found an empty cell`) },
  { name: 'townships.csv: county not in counties.csv', edit: (d) => cell(d, 'townships.csv', 2, 'county_code', '430699'), expect: (l) => re(`${T}:${l}: field "county_code": expected a county code of .*counties\\.csv, found "430699"`) },
  { name: 'townships.csv: total population zero', edit: (d) => { for (let k = 1; k <= 15; k++) cell(d, 'townships.csv', k, 'population', '0'); }, expect: () => re(`${T}: expected a positive total population, found 0`) },
  { name: 'townships.csv: larger than 200 MB', edit: (d) => truncateSync(join(d, 'townships.csv'), 201 * 1024 * 1024), expect: () => re(`${T}: expected township table of at most 200 MB, found 201\\.0 MB`) },

  // ── hazard.csv ─────────────────────────────────────────────────────────────────
  { name: 'hazard.csv: unknown township', edit: (d) => cell(d, 'hazard.csv', 2, 'code', '430621999000'), expect: (l) => re(`${H}:${l}: field "code": expected a township code of townships\\.csv, found "430621999000"`) },
  { name: 'hazard.csv: a township twice', edit: (d) => cell(d, 'hazard.csv', 4, 'code', '430621100000'), expect: (l) => re(`${H}:${l}: field "code": expected each township once, found 430621100000 again \\(first at line 4\\)`) },
  { name: 'hazard.csv: name does not match the code', edit: (d) => cell(d, 'hazard.csv', 2, 'name_zh', '荣家湾镇'), expect: (l) => re(`${H}:${l}: field "name_zh": expected the name of township 430621104000 in townships\\.csv \\("黄沙街镇"\\), found "荣家湾镇"`) },
  { name: 'hazard.csv: share above 1', edit: (d) => cell(d, 'hazard.csv', 3, 'flood_plain_share', '1.5'), expect: (l) => re(`${H}:${l}: field "flood_plain_share": expected .*found "1\\.5"`) },
  { name: 'hazard.csv: share as a percentage', edit: (d) => cell(d, 'hazard.csv', 3, 'flood_plain_share', '20%'), expect: (l) => re(`${H}:${l}: field "flood_plain_share": expected .*found "20%" \\(a number without a unit: write 20\\)`) },
  { name: 'hazard.csv: part of a depth curve', edit: (d) => cell(d, 'hazard.csv', 5, 'flood_depth_T100', '1.5'), expect: (l) => re(`${H}:${l}: fields flood_depth_T10, .*: expected .*found 1`) },
  {
    name: 'hazard.csv: a decreasing depth curve',
    edit: (d) => {
      ['0.5', '0.8', '1.2', '1.0', '1.9'].forEach((v, k) => cell(d, 'hazard.csv', 5, `flood_depth_T${[10, 20, 50, 100, 200][k]}`, v));
      return headerIndex(lines(d, 'hazard.csv')) + 6;
    },
    expect: (l) => re(`${H}:${l}: field "flood_depth_T100": expected .*found 1`),
  },
  { name: 'hazard.csv: misspelt column', edit: (d) => header(d, 'hazard.csv', rename('flood_plain_share', 'flood_plane_share')), expect: (l) => re(`${H}:${l}: column 3 of the header: unknown column "flood_plane_share"`) },
  { name: 'hazard.csv: ragged row', edit: (d) => row(d, 'hazard.csv', 7, (l) => `${l},extra`), expect: (l) => re(`${H}:${l}: row: expected 12 fields as in the header \\(line 3\\), found 13`) },

  // ── building-mix.csv ───────────────────────────────────────────────────────────
  { name: 'building-mix.csv: shares do not sum to 1', edit: (d) => row(d, 'building-mix.csv', 2, (l) => l.replace(/^urban_residential,[^,]*/, 'urban_residential,0.5')), expect: (l) => re(`building-mix\\.csv:${l}: row "urban_residential": expected building-type shares that sum to 1`) },
  { name: 'building-mix.csv: unknown stock', edit: (d) => row(d, 'building-mix.csv', 3, (l) => l.replace('rural_nonresidential', 'rural_industrial')), expect: (l) => re(`building-mix\\.csv:${l}: field "stock": expected one of rural_residential, .*found "rural_industrial"`) },
  { name: 'building-mix.csv: a stock missing', edit: (d) => void row(d, 'building-mix.csv', 4, () => ''), expect: () => re(`building-mix\\.csv: expected a row for stock "urban_nonresidential", found none`) },
  { name: 'building-mix.csv: a share with a percent sign', edit: (d) => row(d, 'building-mix.csv', 4, (l) => l.replace('urban_nonresidential,0,', 'urban_nonresidential,0%,')), expect: (l) => re(`building-mix\\.csv:${l}: field "A": expected an occupant share between 0 and 1, found "0%"`) },
  { name: 'building-mix.csv: duplicate building type column', edit: (d) => header(d, 'building-mix.csv', rename('UFB1', 'UFB')), expect: (l) => re(`building-mix\\.csv:${l}: column 4 of the header: expected unique column names, found "UFB" again \\(also column 3\\)`) },

  // ── hazard-parameters.yaml ─────────────────────────────────────────────────────
  { name: 'hazard-parameters.yaml: unknown hazard', edit: (d) => { appendFileSync(join(d, 'hazard-parameters.yaml'), 'tsunami: {}\n'); return lines(d, 'hazard-parameters.yaml').length - 1; }, expect: (l) => re(`hazard-parameters\\.yaml:${l}:\\d+: tsunami: unknown hazard "tsunami"; expected one of: typhoon, earthquake, fire, flood`) },
  { name: 'hazard-parameters.yaml: a model parameter given as a regional one', edit: (d) => appendFileSync(join(d, 'hazard-parameters.yaml'), 'flood:\n  townshipCorrelation: { value: 0.9, source: x, confidence: L }\n'), expect: () => re(`hazard-parameters\\.yaml:\\d+:\\d+: flood\\.townshipCorrelation: "townshipCorrelation" is a model parameter`) },
  { name: 'hazard-parameters.yaml: a list at the top', edit: (d) => appendFileSync(join(d, 'hazard-parameters.yaml'), '- flood\n'), expect: () => re(`hazard-parameters\\.yaml:\\d+:\\d+: \\(top level\\): expected a mapping of hazard types`) },
  { name: 'hazard-parameters.yaml: saved as UTF-16', edit: (d) => write(d, 'hazard-parameters.yaml', utf16le(read(d, 'hazard-parameters.yaml'), true)), expect: () => re(`hazard-parameters\\.yaml: ${UTF8}.*found UTF-16`) },
  {
    name: 'hazard-parameters.yaml: GBK bytes in a comment',
    edit: (d) => {
      const n = lines(d, 'hazard-parameters.yaml').length;
      appendFileSync(join(d, 'hazard-parameters.yaml'), Buffer.concat([Buffer.from('# '), GBK_NAME, Buffer.from('\n')]));
      return n;
    },
    expect: (l) => re(`hazard-parameters\\.yaml:${l}: ${UTF8}.*not UTF-8 \\(C8 D9 BC D2\\) at line ${l} \\(GBK`),
  },
  { name: 'hazard-parameters.yaml: a link to a file outside', edit: (d) => linkOutside(d, 'hazard-parameters.yaml'), expect: () => re(`hazard-parameters\\.yaml: expected the region hazard-parameter file inside the region folder .*found a link to .*outside-hazard-parameters\\.yaml`) },

  // ── holdings ───────────────────────────────────────────────────────────────────
  { name: 'depots.csv: unknown tier', edit: (d) => cell(d, 'holdings/depots.csv', 2, 'tier', 'warehouse'), expect: (l) => re(`depots\\.csv:${l}: field "tier": expected one of city, county, township, village, found "warehouse"`) },
  { name: 'depots.csv: township not in townships.csv', edit: (d) => cell(d, 'holdings/depots.csv', 3, 'township_code', '430621999000'), expect: (l) => re(`depots\\.csv:${l}: field "township_code": expected a township code of townships\\.csv, found "430621999000"`) },
  { name: 'depots.csv: duplicate depot id', edit: (d) => cell(d, 'holdings/depots.csv', 3, 'depot_id', 'D-CTY-430621'), expect: (l) => re(`depots\\.csv:${l}: field "depot_id": expected a unique depot id, found D-CTY-430621 again \\(first at line 4\\)`) },
  { name: 'depots.csv: NUL in a depot name', edit: (d) => cell(d, 'holdings/depots.csv', 2, 'name_zh', '储备站\u0000'), expect: (l) => re(`depots\\.csv:${l}: field "name_zh": ${NOT_TEXT} U\\+0000 \\(NUL\\)`) },
  { name: 'depots.csv: negative floor area', edit: (d) => cell(d, 'holdings/depots.csv', 2, 'floor_area_m2', '-50'), expect: (l) => re(`depots\\.csv:${l}: field "floor_area_m2": expected a floor area in m² \\(≥ 0\\), found "-50"`) },
  { name: 'depots.csv: a link to a file outside', edit: (d) => linkOutside(d, 'holdings/depots.csv'), expect: () => re(`depots\\.csv: expected the holdings table depots\\.csv inside the region folder .*found a link to`) },
  { name: 'stock.csv: unknown item', edit: (d) => cell(d, 'holdings/stock.csv', 1, 'item_id', 'helicopter'), expect: (l) => re(`stock\\.csv:${l}: field "item_id": expected an item of the catalogue \\(.*\\), found "helicopter"`) },
  { name: 'stock.csv: unknown depot', edit: (d) => cell(d, 'holdings/stock.csv', 2, 'depot_id', 'D-NOWHERE'), expect: (l) => re(`stock\\.csv:${l}: field "depot_id": expected a depot of depots\\.csv, found "D-NOWHERE"`) },
  { name: 'stock.csv: the same depot and item twice', edit: (d) => row(d, 'holdings/stock.csv', 2, () => lines(d, 'holdings/stock.csv')[3]), expect: (l) => re(`stock\\.csv:${l}: fields "depot_id", "item_id": expected each depot and item once, found D-CTY-430621 tent again \\(first at line 4\\)`) },
  { name: 'stock.csv: negative quantity', edit: (d) => cell(d, 'holdings/stock.csv', 3, 'quantity', '-1'), expect: (l) => re(`stock\\.csv:${l}: field "quantity": expected a quantity ≥ 0, found "-1"`) },
  { name: 'teams.csv: unknown tier', edit: (d) => cell(d, 'holdings/teams.csv', 2, 'tier', 'brigade'), expect: (l) => re(`teams\\.csv:${l}: field "tier": expected one of county, township, village, found "brigade"`) },
  { name: 'teams.csv: township not in townships.csv', edit: (d) => cell(d, 'holdings/teams.csv', 3, 'township_code', '999'), expect: (l) => re(`teams\\.csv:${l}: field "township_code": expected a township code of townships\\.csv, found "999"`) },
  { name: 'teams.csv: duplicate team id', edit: (d) => cell(d, 'holdings/teams.csv', 3, 'team_id', 'T-CTY-430621'), expect: (l) => re(`teams\\.csv:${l}: field "team_id": expected a unique team id, found T-CTY-430621 again \\(first at line 4\\)`) },
  { name: 'teams.csv: members as words', edit: (d) => cell(d, 'holdings/teams.csv', 2, 'members', 'thirty'), expect: (l) => re(`teams\\.csv:${l}: field "members": expected a number of team members \\(≥ 0\\), found "thirty"`) },
  { name: 'shelters.csv: unknown class', edit: (d) => cell(d, 'holdings/shelters.csv', 1, 'class', 'IV'), expect: (l) => re(`shelters\\.csv:${l}: field "class": expected one of I, II, III, found "IV"`) },
  { name: 'shelters.csv: unknown county', edit: (d) => cell(d, 'holdings/shelters.csv', 2, 'county_code', '110101'), expect: (l) => re(`shelters\\.csv:${l}: field "county_code": expected a county code of townships\\.csv, found "110101"`) },
  { name: 'shelters.csv: capacity with a unit', edit: (d) => cell(d, 'holdings/shelters.csv', 2, 'capacity_persons', '5600 persons'), expect: (l) => re(`shelters\\.csv:${l}: field "capacity_persons": expected a capacity in persons \\(≥ 0\\), found "5600 persons" \\(a number without a unit: write 5600\\)`) },

  // ── counties.csv, villages.csv, ../items.csv ─────────────────────────────────────
  { name: 'counties.csv: duplicate code', edit: (d) => { appendFileSync(join(d, 'counties.csv'), '430621,岳阳县,Yueyang County,岳阳县,561888\n'); return 3; }, expect: (l) => re(`counties\\.csv:${l}: field "code": expected a unique county code, found 430621 again \\(first at line 2\\)`) },
  { name: 'counties.csv: NUL in name_en', edit: (d) => cell(d, 'counties.csv', 1, 'name_en', 'Yueyang\u0000County'), expect: (l) => re(`counties\\.csv:${l}: field "name_en": ${NOT_TEXT} U\\+0000 \\(NUL\\)`) },
  { name: 'counties.csv: population as text', edit: (d) => cell(d, 'counties.csv', 1, 'population_census2020', 'many'), expect: (l) => re(`counties\\.csv:${l}: field "population_census2020": expected a population \\(number ≥ 0\\) or an empty cell, found "many"`) },
  { name: 'counties.csv: missing name_zh column', edit: (d) => void header(d, 'counties.csv', rename('name_zh', 'name')), expect: () => re(`counties\\.csv: missing required column "name_zh" in the header \\(line 1\\)`) },
  { name: 'villages.csv: township not in townships.csv', edit: (d) => cell(d, 'villages.csv', 10, 'township_code', '430621999000'), expect: (l) => re(`villages\\.csv:${l}: field "township_code": expected a township code of townships\\.csv, found "430621999000"`) },
  { name: 'villages.csv: duplicate code', edit: (d) => cell(d, 'villages.csv', 5, 'code', '430621100001'), expect: (l) => re(`villages\\.csv:${l}: field "code": expected a unique village code, found 430621100001 again \\(first at line 2\\)`) },
  { name: 'items.csv: control character in an item name', edit: (d) => row(join(d, '..'), 'items.csv', 1, (l) => l.replace(/^([^,]*,[^,]*)/, '$1\u0007')), expect: (l) => re(`items\\.csv:${l}: field "name_zh": ${NOT_TEXT} U\\+0007`) },
];

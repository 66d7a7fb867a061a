/**
 * Why a sized plan misses its reliability target, and what would fix it, from
 * what the sizing already knows: each candidate's status, the elastic
 * diagnosis of an infeasible stockpile LP (optimize.ts: budget short by ¥X,
 * warehouse volume short at depot Y), the townships no depot reaches in time,
 * and which depots the chosen plan fills. Every statement carries its number;
 * a cause with no specific remedy gets no fix rather than generic advice.
 */
import type { Item } from '../demand/catalogue.js';
import { fmt, pct } from '../core/format.js';
import type { PlanParams } from './params.js';
import type { SizingResult } from './optimize.js';
import { missesReliabilityTarget, roundingAllowanceM3, stockVolume } from './policy.js';
import type { Depot } from './types.js';
import type { PlanEvaluation } from './evaluation.js';

export type BindKind = 'out-of-sample' | 'full depot' | 'warehouse' | 'budget' | 'unreachable' | 'shortage' | 'unsolved';

export interface MissBind {
  /** The severity quantile of the candidate it concerns (null: every candidate). */
  sizingQuantile: number | null;
  problem: string | null;
  kind: BindKind;
  /** Depot id, township codes or item, where one is named. */
  where: string | null;
  /** How much is short (m³, ¥ a year, share of years, …), where known. */
  amount: number | null;
  unit: string | null;
  text: string;
}

/** summary.json `plan.targetMiss`. */
export interface TargetMiss {
  reliability: number;
  se: number;
  target: number;
  /** The chosen candidate's sizing quantile. */
  sizingQuantile: number | null;
  binds: MissBind[];
  fixes: string[];
}

export interface MissInput {
  target: number;
  candidates: SizingResult[];
  /** Each candidate's evaluation on all trials, in the same order. */
  evaluations: Pick<PlanEvaluation, 'reliability' | 'pAnyShortfall'>[];
  chosen: number;
  depots: Depot[];
  items: Item[];
  params: PlanParams;
  budget?: number;
  maxScenarios: number;
  timeLimitSeconds: number;
  /** Townships no depot reaches within the phase-1 window ("code name"). */
  unreachable: string[];
}

const q = (x: number | null | undefined) => (x === null || x === undefined ? '–' : String(Number(x.toFixed(4))));
const yuan = (x: number) => `¥${Math.round(x).toLocaleString('en-US')}`;
const round6 = (x: number) => Number(x.toFixed(6));
const some = (names: string[], k = 5) => names.slice(0, k).join(', ') + (names.length > k ? `, … (${names.length} in all)` : '');

/**
 * One line of an elastic diagnosis (optimize.ts diagnoseStockpile) read back into numbers. The
 * diagnosis is text, so it is parsed here; a line in no known form is kept verbatim as an
 * 'unsolved' bind, so a change of wording loses the numbers, never the statement.
 */
export function parseDiagnosis(line: string, depots: Depot[]): { kind: BindKind; where: string | null; amount: number | null; unit: string | null; raw: string }[] {
  const budget = /the budget binds: it is short by ¥([\d,]+)/.exec(line);
  if (budget) return [{ kind: 'budget', where: null, amount: Number(budget[1].replace(/,/g, '')), unit: '¥/year', raw: line }];
  const wh = /^warehouse volume binds: ([\d.]+) m³ more usable volume needed \((.*)\)$/.exec(line);
  if (wh) {
    const total = Number(wh[1]);
    const out: ReturnType<typeof parseDiagnosis> = [];
    let named = 0;
    for (const part of wh[2].split('; ')) {
      const m = /^(\S+) .*: ([\d.]+) m³$/.exec(part);
      const d = m && depots.find((x) => x.id === m[1]);
      if (!m || !d) continue;
      named += Number(m[2]);
      out.push({ kind: 'warehouse', where: d.id, amount: Number(m[2]), unit: 'm³', raw: line });
    }
    // the diagnosis names at most three depots; the rest of the total is elsewhere
    if (out.length === 0 || total - named > 0.5) out.push({ kind: 'warehouse', where: null, amount: out.length === 0 ? total : total - named, unit: 'm³', raw: line });
    return out;
  }
  if (/^no depot reaches \d+ township/.test(line)) return [{ kind: 'unreachable', where: null, amount: null, unit: null, raw: line }];
  const sh = /^demand that cannot be met in the required scenarios: (.*)$/.exec(line);
  if (sh) return [{ kind: 'shortage', where: null, amount: null, unit: null, raw: sh[1] }];
  return [{ kind: 'unsolved', where: null, amount: null, unit: null, raw: line }];
}

/** The statement of a missed reliability target, or null when the plan meets it within its Monte Carlo error. */
export function explainMiss(inp: MissInput): TargetMiss | null {
  const { candidates, evaluations, chosen, depots, items, params: p } = inp;
  const ev = evaluations[chosen];
  if (!missesReliabilityTarget(ev, inp.target)) return null;
  const c = candidates[chosen];
  const qc = c.scenarios.sizingQuantile ?? null;
  const binds: MissBind[] = [];
  const fixes: string[] = [];
  const depot = new Map(depots.map((d) => [d.id, d]));
  const depotName = (id: string) => {
    const d = depot.get(id);
    return d ? `${d.nameZh || d.nameEn || id} (${id})` : id;
  };
  const solved = (s: SizingResult) => s.problems.every((x) => x.status === 'optimal');

  if (solved(c)) {
    binds.push({
      sizingQuantile: qc,
      problem: null,
      kind: 'out-of-sample',
      where: null,
      amount: round6(inp.target - ev.reliability),
      unit: 'share of years',
      text: `the chosen plan, sized at the ${q(qc)} severity quantile, has no shortage in its ${c.scenarios.used} LP trials (of ${c.scenarios.eligible ?? c.scenarios.used} eligible), yet some item runs short in ${pct(1 - ev.reliability)} of all trials: ${pct(ev.reliability)} ± ${pct(ev.pAnyShortfall.se)} against ${pct(inp.target)}`,
    });
    const full = depots.filter((d) => {
      const v = stockVolume(c.plan, d.id, items);
      return v > 0 && v >= d.usableVolumeM3 - roundingAllowanceM3(c.plan, d.id, items);
    });
    if (full.length > 0)
      binds.push({
        sizingQuantile: qc,
        problem: 'stockpiles',
        kind: 'full depot',
        where: full.map((d) => d.id).join(' '),
        amount: full.length,
        unit: 'depots',
        text: `the chosen plan fills ${full.length === 1 ? '' : `${full.length} depots to their usable volume: `}${some(full.map((d) => `${depotName(d.id)} to ${fmt(stockVolume(c.plan, d.id, items))} of ${fmt(d.usableVolumeM3)} m³`), 3)}`,
      });
  }
  // What kept each other candidate (and the chosen one, if it did not solve) from doing better.
  const warehouse = new Map<string, { q: number | null; amount: number }[]>();
  const budget: { q: number | null; amount: number }[] = [];
  let unreachable = false;
  candidates.forEach((s, k) => {
    const qs = s.scenarios.sizingQuantile ?? null;
    if (solved(s)) {
      if (k !== chosen) binds.push({ sizingQuantile: qs, problem: null, kind: 'out-of-sample', where: null, amount: round6(inp.target - evaluations[k].reliability), unit: 'share of years', text: `the candidate sized at ${q(qs)} solved but reaches ${pct(evaluations[k].reliability)}` });
      return;
    }
    for (const pr of s.problems) {
      if (pr.status === 'optimal') continue;
      const lines = pr.diagnosis ?? [`${pr.status}, no diagnosis`];
      for (const line of lines) {
        for (const b of parseDiagnosis(line, depots)) {
          const at = `the candidate sized at ${q(qs)}: ${pr.problem} ${pr.status}`;
          if (b.kind === 'warehouse') {
            const key = b.where ?? '';
            const list = warehouse.get(key) ?? [];
            list.push({ q: qs, amount: b.amount! });
            warehouse.set(key, list);
            const d = b.where ? depot.get(b.where) : undefined;
            binds.push({ sizingQuantile: qs, problem: pr.problem, kind: 'warehouse', where: b.where, amount: b.amount, unit: 'm³', text: `${at}, warehouse volume short by ${fmt(b.amount)} m³ ${d ? `at ${d.nameZh || d.nameEn || d.id} (${d.id}; usable ${fmt(d.usableVolumeM3)} m³)` : 'at depots the diagnosis does not name'}` });
          } else if (b.kind === 'budget') {
            budget.push({ q: qs, amount: b.amount! });
            binds.push({ sizingQuantile: qs, problem: pr.problem, kind: 'budget', where: null, amount: b.amount, unit: '¥/year', text: `${at}, the budget${inp.budget !== undefined ? ` of ${yuan(inp.budget)} a year` : ''} is short by ${yuan(b.amount!)} a year` });
          } else if (b.kind === 'unreachable') unreachable = true;
          else if (b.kind === 'shortage') binds.push({ sizingQuantile: qs, problem: pr.problem, kind: 'shortage', where: null, amount: null, unit: null, text: `${at}, demand the diagnosis (elastic) model still leaves unmet: ${b.raw}` });
          else {
            binds.push({ sizingQuantile: qs, problem: pr.problem, kind: 'unsolved', where: null, amount: null, unit: null, text: `${at}: ${b.raw}` });
            if (pr.status === 'failed') fixes.push(`solve ${pr.problem} at ${q(qs)} again with more time (optimize.timeLimitSeconds is ${inp.timeLimitSeconds} s) or the other solver (optimize.solver): ${b.raw}`);
          }
        }
      }
    }
  });
  if (unreachable && inp.unreachable.length > 0) {
    binds.push({ sizingQuantile: null, problem: 'stockpiles', kind: 'unreachable', where: inp.unreachable.map((t) => t.split(' ')[0]).join(' '), amount: inp.unreachable.length, unit: 'townships', text: `no depot reaches ${some(inp.unreachable)} within ${p.phase1Hours} h, so no plan can meet their phase-1 needs` });
    fixes.push(`put a stocked depot within ${p.phase1Hours} h of ${some(inp.unreachable)} (a reserve station in each: seed 004 §3.10)`);
  }
  // The smallest change that lets the least strict infeasible candidate solve, and what every candidate needs;
  // where that candidate has more than one binding constraint, one change alone does not do.
  const causes = new Map<number | null, number>();
  for (const b of binds) if (b.kind === 'warehouse' || b.kind === 'budget' || b.kind === 'shortage') causes.set(b.sizingQuantile, (causes.get(b.sizingQuantile) ?? 0) + 1);
  const solves = (qs: number | null) => `so the candidate sized at ${q(qs)} can be solved${(causes.get(qs) ?? 0) + (unreachable ? 1 : 0) > 1 ? ' (together with the other changes listed for it)' : ''}`;
  const span = (list: { q: number | null; amount: number }[]) => {
    const sorted = [...list].sort((a, b) => (a.q ?? 0) - (b.q ?? 0));
    const first = sorted[0];
    const max = sorted.reduce((a, b) => (b.amount > a.amount ? b : a));
    const last = sorted[sorted.length - 1];
    return { first, max, last, several: sorted.length > 1 };
  };
  for (const [id, list] of warehouse) {
    const { first, max, last, several } = span(list);
    const area = (m3: number) => `about ${fmt(m3 / p.stackHeightM)} m² of floor`;
    const where = id ? `at ${depotName(id)}` : 'at depots the diagnosis does not name';
    fixes.push(
      `add ${fmt(first.amount)} m³ of usable storage ${where}, ${area(first.amount)} at ${p.stackHeightM} m³ per m², ${solves(first.q)}` +
        (several && max.amount > first.amount ? `; ${fmt(max.amount)} m³ (${area(max.amount)}) for every candidate up to ${q(last.q)}` : ''),
    );
  }
  if (budget.length > 0) {
    const { first, max, last, several } = span(budget);
    const to = (x: number) => (inp.budget !== undefined ? ` (to ${yuan(inp.budget + x)})` : '');
    fixes.push(`raise optimize.budget by ${yuan(first.amount)} a year${to(first.amount)} ${solves(first.q)}` + (several && max.amount > first.amount ? `; by ${yuan(max.amount)}${to(max.amount)} for every candidate up to ${q(last.q)}` : ''));
  }
  if (binds.every((b) => b.kind === 'out-of-sample' || b.kind === 'full depot')) {
    // Every candidate solved and none reached the target: the LP trials are the limit.
    const eligible = c.scenarios.eligible ?? c.scenarios.used;
    if (c.scenarios.used < eligible) fixes.push(`let every eligible kept trial into the LP: raise optimize.maxScenarios from ${inp.maxScenarios} to ${eligible}`);
    else fixes.push(`every eligible kept trial already enters the LP (${eligible} of ${c.scenarios.kept} kept): keep more trials (the scenario's reservoir: uniform, tail) so the LP sees more of the years that run short`);
  }
  return { reliability: ev.reliability, se: ev.pAnyShortfall.se, target: inp.target, sizingQuantile: qc, binds, fixes };
}

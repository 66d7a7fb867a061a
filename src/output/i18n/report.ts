/**
 * The text of report.md (simulation part), the plan section, comparison.md and backtest.md, in both
 * languages. Shared terms (people metrics, hazards, units, tiers) are in ./common.ts. Numbers are
 * formatted by the caller and passed as {placeholders}.
 */
import type { Msg } from '../../core/i18n.js';

/** The people metrics as the Markdown report names them. */
export const PEOPLE_LABEL: Record<string, Msg> = {
  evacuated: { zh: '紧急转移', en: 'Evacuated 转移' },
  displaced: { zh: '无家可归（需安置）', en: 'Displaced 无家可归' },
  sheltered: { zh: '集中安置', en: 'In public shelter 集中安置' },
  deaths: { zh: '死亡', en: 'Deaths 死亡' },
  injured: { zh: '受伤', en: 'Injured 受伤' },
  trapped: { zh: '被困', en: 'Trapped 被困' },
};

export const REPORT = {
  // table heads
  meanSe: { zh: '均值 ± 标准误', en: 'mean ± s.e.' },
  p50: { zh: '中位数 p50', en: 'p50' },
  p95Ci: { zh: 'p95 [95% 置信区间]', en: 'p95 [95 % CI]' },
  p99Ci: { zh: 'p99 [95% 置信区间]', en: 'p99 [95 % CI]' },
  cvar: { zh: 'CVaR95（最坏5%均值）', en: 'CVaR95' },
  pNonzero: { zh: 'P(> 0)', en: 'P(> 0)' },
  value: { zh: '数值', en: 'value' },
  item: { zh: '物资', en: 'item' },
  unit: { zh: '单位', en: 'unit' },
  phase1: { zh: '第一阶段（10小时内）', en: 'phase 1 (10 h)' },
  phase1P95: { zh: '第一阶段（10小时内）p95', en: 'phase 1 (10 h) p95' },
  p95: { zh: 'p95', en: 'p95' },
  p99: { zh: 'p99', en: 'p99' },
  mean: { zh: '均值', en: 'mean' },
  people: { zh: '人数', en: 'people' },
  hazard: { zh: '灾种', en: 'hazard' },

  // how to read
  howDrillHead: { zh: '## 如何理解这些数字', en: '## How to read the numbers' },
  howDrill1: { zh: '- 演练情景每个量只给一个数值：模型对所设定事件的中心估计，没有抽样离散。', en: "- A drill gives one value per quantity: the model's central estimate for the specified event, with no sampling spread." },
  howDrill2: { zh: '- 它不包含模型本身的不确定性（上文的假设参数，以及误差可达 ±50% 的乡镇人口估计）。', en: '- It does not include the uncertainty of the model itself (the assumptions above, and township populations estimated to ±50 %).' },
  howHead: { zh: '## 如何理解不确定性', en: '## How to read the uncertainty' },
  how1: { zh: '- “± 标准误”是均值的蒙特卡洛标准误：试验次数越多，标准误越小。', en: '- "± s.e." is the Monte Carlo standard error of the mean: more trials make it smaller.' },
  how2: { zh: '- 分位数区间是由次序统计量得到的 95% 置信区间，同样随试验次数增加而收窄。', en: '- Quantile intervals are 95 % confidence intervals from order statistics; they too shrink with more trials.' },
  how3: { zh: '- 以上均不包含模型本身的不确定性（上文的假设参数，以及误差可达 ±50% 的乡镇人口估计）。', en: '- None of this includes the uncertainty of the model itself (the assumptions above, and township populations estimated to ±50 %).' },

  // what was simulated
  simulatedHead: { zh: '## 模拟内容', en: '## What was simulated' },
  region: { zh: '- 区域：{nameZh}（{name}），{townships} 个乡镇（街道），人口 {population}。', en: '- Region: {nameZh} {name}, {townships} townships (镇/街道), population {population}.' },
  hazardLine: { zh: '- 灾种：{hazard}，{mode}{event}。', en: '- Hazard: {hazard}, {mode} mode{event}.' },
  hazardEvent: { zh: '，设定事件：{fields}', en: ', event {fields}' },
  modeAnnual: { zh: '年度模拟', en: 'annual' },
  modeScenario: { zh: '情景模拟', en: 'scenario' },
  trials: { zh: '- 共 {trials} 次试验（{meaning}），随机种子 {seed}。相同情景与种子在任何机器、任何线程数下结果相同。', en: '- {trials} trials ({meaning}), seed {seed}. Same scenario and seed give the same numbers on any machine and worker count.' },
  trialYear: { zh: '每次模拟一年', en: 'each one simulated year' },
  trialEvent: { zh: '每次为所设定事件的一次实现', en: 'each one realisation of the specified event' },
  eventsFixed: { zh: '- 每次试验的事件数（{key}）：{n}，每次试验相同。', en: '- Events per trial ({key}): {n}, the same in every trial.' },
  events: { zh: '- 每次试验的事件数（{key}）：{mean} ± {se}；{p} 的试验至少发生一次。', en: '- Events per trial ({key}): {mean} ± {se}; at least one in {p} of trials.' },
  caveats: {
    zh: '- 数据说明：{n} 个乡镇中有 {estimated} 个的人口为模型估计值（各自误差 ±50% 或更大）；{coords} 个乡镇坐标和 {coast} 个离海岸距离按默认方法补全（见 datasets/{region}/SOURCES.md）。',
    en: "- Data caveats: {estimated} of {n} township populations are model estimates (±50 % or more each); {coords} township coordinates and {coast} coast distances were filled by a default method (see datasets/{region}/SOURCES.md).",
  },

  // headlines
  headlineHead: { zh: '## 主要结果', en: '## Headline numbers' },
  headlineHeadAnnual: { zh: '## 主要结果：每年', en: '## Headline numbers: per year' },
  headlineAnnual: { zh: '模拟年份内全部事件的合计。', en: 'Totals over all events of a simulated year.' },
  headlineDrill: { zh: '所设定事件的数值：演练情景，每次试验结果相同（事件各要素均已给定），因此没有离散可报告。', en: 'Values for the specified event: a drill, every trial gives the same numbers (every event field is fixed), so there is no spread to report.' },
  headlineEvent: { zh: '所设定事件的合计（情景中未给定的要素随机抽样，因此各次试验结果不同）。', en: 'Totals for the specified event (the parts of it not given in the scenario are sampled, so the trials differ).' },
  notModelledLead: { zh: '“未建模”不等于零：模型对以下各项不给出数字，原因如下。', en: 'Not modelled is not zero: the model gives no number for these, for the reason given.' },
  notModelledLine: { zh: '- {label}：未建模——{reason}。', en: '- {label}: not modelled — {reason}.' },
  partialLine: { zh: '- {label}：{reason}。', en: '- {label}: {reason}.' },
  largestHead: { zh: '## 年内最大一次事件', en: '## Largest single event of the year' },
  largestText: { zh: '救灾物资储备、救援队伍和应急避难场所按年内最大一次事件测算：两次事件之间物资可补充。', en: 'Stockpiles, teams and shelters are sized on the largest event: stock is replenished between events.' },
  byHazardHead: { zh: '## 分灾种（每次试验均值，及 p95）', en: '## By hazard (mean per trial, and p95)' },

  // rescue
  rescueHead: { zh: '## 救援（docs/model.md §4.3）', en: '## Rescue (docs/model.md §4.3)' },
  rescueTeamsMissing: { zh: '现有救援力量：数据集中没有 holdings/teams.csv，现有队伍数量不详；下表按没有现有队伍计算，72小时仍被困人数因此偏高。', en: 'Current teams: the dataset has no holdings/teams.csv, so the teams it has today are unknown; the table below counts none, which overstates the people still trapped at 72 h.' },
  rescueTeams: { zh: '现有救援力量（数据集 holdings/teams.csv）：驻乡镇和村的10人救援单元 {township} 个，县级队伍中 {county} 个。', en: 'Current teams (dataset holdings/teams.csv): {township} ten-person units stationed in townships and villages, {county} in county teams.' },
  rescueTrapped: { zh: '被困、需要救出的人员', en: 'Trapped, needing extraction' },
  rescueHours: { zh: '救出工作量（救援单元·小时）', en: 'Extraction workload (unit-hours)' },
  rescueSurvivors: { zh: '救出人员中的预期生还人数', en: 'Expected survivors among the extracted' },
  rescueUnmet: { zh: '现有队伍下72小时时仍被困人数', en: 'Still trapped at 72 h with current teams' },
  forEvent: { zh: '本次事件', en: 'for the event' },
  perYear: { zh: '每年', en: 'per year' },

  // demand
  demandHead: { zh: '## 救灾物资需求（最大一次事件）', en: '## Relief demand (largest event)' },
  demandText: { zh: '第一阶段指须在10小时内送达的物资（“十四五”目标：受灾人员基本生活在10小时内得到有效救助）：一次性物资，以及第一天的饮用水和口粮。', en: 'Phase 1 is what must arrive within 10 hours (十四五 target: basic living needs met within 10 h): one-off items and the first day of water and food.' },
  shelterAreaDrill: { zh: '按每人 {area} m² 计（GB 21734-2008）所需避难场所面积：{value} m²。', en: 'Shelter area at {area} m² per person (GB 21734-2008): {value} m².' },
  shelterArea: { zh: '按每人 {area} m² 计（GB 21734-2008）所需避难场所面积：p95 {p95} m²，p99 {p99} m²。', en: 'Shelter area at {area} m² per person (GB 21734-2008): p95 {p95} m², p99 {p99} m².' },
  shelterClass: { zh: '应急避难场所类别', en: 'shelter class' },
  classN: { zh: '{c}类', en: 'class {c}' },
  rpHead: { zh: '## 重现期（集中安置人数，年内最大一次事件）', en: '## Return periods (people in public shelter, largest event of the year)' },
  rp: { zh: '重现期', en: 'return period' },
  rpYears: { zh: '{years} 年一遇', en: '{years} years' },
  rpUnsupported: { zh: '不支持（{note}）', en: 'not supported ({note})' },

  // indicators
  indicatorsHead: { zh: '## 政策指标（“十四五”国家综合防灾减灾规划）', en: '## Policy indicators (十四五 national plan)' },
  indicator: { zh: '指标', en: 'indicator' },
  valueSe: { zh: '数值 ± 标准误', en: 'value ± s.e.' },
  target: { zh: '目标', en: 'target' },
  meets: { zh: '是否达标', en: 'meets' },
  deathsPerMillion: { zh: '年均每百万人口因灾死亡人数', en: 'Deaths per million residents per year' },
  affectedPer100k: { zh: '年均每十万人口受灾人数', en: 'Affected per 100,000 residents per year' },
  yes: { zh: '是', en: 'yes' },
  no: { zh: '否', en: 'no' },
  cannotSay: { zh: '无法判断', en: 'cannot say' },
  affectedDef: {
    zh: '此处“受灾”指：年均每十万人口中紧急转移或无家可归的人数（比“受灾人口”口径窄，后者还包括农作物或财产受损的人）。',
    en: '"Affected" here: mean annual people evacuated or displaced per 100,000 residents (a narrower count than 受灾人口, which also counts people whose crops or property were hit).',
  },
  deathsNotModelled: { zh: '本情景未对死亡建模（{reason}），因此无法判断死亡指标。', en: 'Deaths are not modelled for this scenario ({reason}), so the death indicator cannot be judged.' },
  deathsPartial: { zh: '死亡：{reason}。解读死亡指标时请注意这一点。', en: 'Deaths: {reason}. Read the death indicator with that in mind.' },

  // townships
  townsHead: { zh: '## 受影响最大的乡镇（街道）（年均值，按集中安置人数前10位）', en: '## Townships most affected (mean per year, top 10 by people in shelter)' },
  township: { zh: '乡镇（街道）', en: 'township' },
  county: { zh: '县（市、区）', en: 'county' },
  population: { zh: '人口', en: 'population' },
  evacuated: { zh: '紧急转移', en: 'evacuated' },
  displaced: { zh: '无家可归', en: 'displaced' },
  shelterMean: { zh: '集中安置（均值）', en: 'in shelter (mean)' },
  shelterP95: { zh: '集中安置（p95）', en: 'in shelter (p95)' },
  allTowns: { zh: '全部乡镇（街道）：townships.csv。', en: 'All townships: townships.csv.' },

  // assumptions
  assumptionsHead: { zh: '## 假设参数', en: '## Parameters that are assumptions' },
  assumptionsText: {
    zh: '以下参数尚无公开来源（docs/model.md 中标为 **assumption**，即假设）；每一项都可在情景文件的 `parameters:` 下改写。',
    en: 'These have no published source yet (docs/model.md marks them **assumption**); each can be overridden in the scenario file under `parameters:`.',
  },
  parameter: { zh: '参数', en: 'parameter' },
  meaning: { zh: '含义', en: 'meaning' },
  overridden: { zh: '已在情景文件中改写', en: 'overridden in the scenario' },
  assumptionParam: { zh: '假设值，尚无公开来源（各参数说明见 summary.json 或 `sim params`）', en: 'assumption, no published source yet' },
  allParams: { zh: '全部参数及其来源见 summary.json 的 `parameters` 部分。', en: 'All parameters with their sources are in summary.json under `parameters`.' },
} satisfies Record<string, Msg>;

/** Units of model parameters (params tables' `unit`), for the zh assumptions table; others are shown as they are. */
export const PARAM_UNIT: Record<string, Msg> = {
  days: { zh: '天', en: 'days' },
  'events/yr': { zh: '次/年', en: 'events/yr' },
  'fires/yr': { zh: '起/年', en: 'fires/yr' },
  'storms/yr': { zh: '个/年', en: 'storms/yr' },
  h: { zh: '小时', en: 'h' },
  'h/day': { zh: '小时/天', en: 'h/day' },
  ha: { zh: '公顷', en: 'ha' },
  'intensity degree': { zh: '烈度（度）', en: 'intensity degree' },
  km: { zh: '千米', en: 'km' },
  'km/h': { zh: '千米/小时', en: 'km/h' },
  'ln ha': { zh: 'ln 公顷', en: 'ln ha' },
  'ln km': { zh: 'ln 千米', en: 'ln km' },
  m: { zh: '米', en: 'm' },
  'm/s': { zh: '米/秒', en: 'm/s' },
  probability: { zh: '概率', en: 'probability' },
  share: { zh: '比例', en: 'share' },
  'share of flood-plain population': { zh: '占洪泛区人口比例', en: 'share of flood-plain population' },
  'share of non-evacuated flood-plain population': { zh: '占洪泛区未转移人口比例', en: 'share of non-evacuated flood-plain population' },
  'share of population': { zh: '占人口比例', en: 'share of population' },
  'share of σ²': { zh: '占 σ² 比例', en: 'share of σ²' },
  'team-days/ha': { zh: '队·日/公顷', en: 'team-days/ha' },
  'team-hours of a 10-person unit per person': { zh: '10人救援单元·小时/人', en: 'team-hours of a 10-person unit per person' },
  'team-hours per extraction': { zh: '救援单元·小时/次救出', en: 'team-hours per extraction' },
  unit: { zh: '单位', en: 'unit' },
  '° east of north': { zh: '°（自正北顺时针）', en: '° east of north' },
  '°E': { zh: '°E（东经）', en: '°E' },
  '°N': { zh: '°N（北纬）', en: '°N' },
  people: { zh: '人', en: 'people' },
};

/** comparison.md. */
export const COMPARISON = {
  title: { zh: '方案比较：{scenario}', en: 'Plan comparison: {scenario}' },
  intro1: {
    zh: '情景：{scenario}（{trials} 次试验，随机种子 {seed}），区域 {nameZh}（{name}）。每个方案都在同一组模拟灾害上评估：除标明者外，方案之间的差异不是抽样噪声。',
    en: 'Scenario: {scenario} ({trials} trials, seed {seed}), region {nameZh} {name}. Every plan is evaluated on the same simulated disasters: differences between plans are not sampling noise unless marked so.',
  },
  intro2: {
    zh: '基准方案：{baseline}。某一年只要任一事件中有任何一种救灾物资用尽（第一阶段10小时内或之后），即计为“短缺”年份。',
    en: 'Baseline: {baseline}. A year counts as "short" when any relief item runs out in any of its events (phase 1 within 10 h, or later).',
  },
  rankedHead: { zh: '## 排序（短缺年份最少者在前，其次费用较低者在前）', en: '## Ranked (fewest years with a shortfall first, then cheaper)' },
  rank: { zh: '名次', en: 'rank' },
  plan: { zh: '方案', en: 'plan' },
  addedOnce: { zh: '新增一次性投入（元）', en: 'added ¥ once' },
  addedYear: { zh: '新增年费用（元/年）', en: 'added ¥ a year' },
  pShort: { zh: 'P(任一物资短缺)', en: 'P(any item short)' },
  reliability: { zh: '保障率', en: 'reliability' },
  pOverflow: { zh: 'P(避难场所超员)', en: 'P(shelter overflow)' },
  trapped72: { zh: '72小时仍被困（均值）', en: 'trapped at 72 h (mean)' },
  vsBaseline: { zh: '相对 {baseline}：Δ P(短缺)', en: 'vs {baseline}: Δ P(short)' },
  onFrontier: { zh: '位于前沿', en: 'on frontier' },
  baseline: { zh: '基准', en: 'baseline' },
  notDistinguishable: { zh: '（无显著差异）', en: ' (not distinguishable)' },
  pp: { zh: '个百分点', en: 'pp' },
  yes: { zh: '是', en: 'yes' },
  frontierHead: { zh: '## 费用与短缺', en: '## Cost against shortfall' },
  frontierText: {
    zh: '若没有其他方案同时费用更低（或相同）且短缺年份更少，该方案即位于前沿。不在前沿上的方案，花费更多却只得到相同或更差的保障。',
    en: 'A plan is on the frontier when no other plan is both cheaper (or as cheap) and short in fewer years. Plans off the frontier cost more for the same or worse protection.',
  },
  bar: { zh: '+{cost} 元/年  {p} 的年份短缺  {plan}{frontier}', en: '+¥{cost}/yr  short in {p} of years  {plan}{frontier}' },
  frontierMark: { zh: '  ◆ 前沿', en: '  ◆ frontier' },
  pairedHead: { zh: '## 与 {baseline} 的配对差异', en: '## Paired differences against {baseline}' },
  pairedText: {
    zh: '所有方案都在同一组模拟灾害上评估，因此差异逐次试验计算：标准误是差值的标准误，远小于任一方案单独的标准误。“是”表示差异超过 1.96 倍标准误。',
    en: 'Every plan was evaluated on the same simulated disasters, so differences are computed trial by trial: the standard errors are those of the differences, much smaller than of either plan alone. "yes" = the difference exceeds 1.96 standard errors.',
  },
  metric: { zh: '指标', en: 'metric' },
  costHead: { zh: '## 费用构成：各方案在现有储备之上的新增费用（一次性元 / 每年元）', en: '## Cost breakdown: what each plan adds over the current holdings (¥ once / ¥ a year)' },
  added: { zh: '新增合计', en: 'added' },
  totalYear: { zh: '年费用合计（元/年）', en: 'total ¥ a year' },
  // the paired-difference metrics (keys of vsBaseline)
  mPAnyShortfall: { zh: 'P(任一物资短缺)', en: 'pAnyShortfall' },
  mUnmetPhase1: { zh: '第一阶段未满足：{item}', en: 'unmetPhase1.{item}' },
  mUnmetLater: { zh: '后续未满足：{item}', en: 'unmetLater.{item}' },
  mOverflowIII: { zh: 'III类避难场所超员人数', en: 'shelterOverflow.III' },
  mUnmet72: { zh: '72小时仍被困人数', en: 'unmetExtractions72h' },
  mSurvivors: { zh: '被困人员预期生还人数', en: 'rescueSurvivors' },
} satisfies Record<string, Msg>;

/** The plan section of report.md (output/plan-output.ts planReport). */
export const PLAN = {
  head: { zh: '## 方案（线性规划，docs/model.md §5）', en: '## The plan (linear programming, docs/model.md §5)' },
  addedCost: {
    zh: '本方案在现有储备基础上新增一次性投入 {oneOff} 元、每年费用 {annual} 元（现有储备每年费用 {current} 元）；合计每年 {total} 元。',
    en: 'This plan adds ¥{oneOff} once and ¥{annual} a year to the current holdings (which cost ¥{current} a year); ¥{total} a year in all.',
  },
  howReliability: {
    zh: '保障率目标 {reliability}，按严重程度的 {q} 分位数测算：年内最大一次事件集中安置不超过 {severity} 人的每个保留试验都不得出现短缺；{eligible} 个保留试验符合条件，其中 {used} 个进入线性规划（一半名额给最严重的试验，其余均匀分布在其他试验中）。共保留 {kept} 个试验（保留方式见 summary.json 的 plan）。',
    en: 'reliability {reliability}, sized at the {q} quantile of severity: every kept trial whose largest event shelters at most {severity} people must have no shortage; {eligible} kept trials qualify, {used} enter the LP (the most severe half of the limit, the rest spread evenly over the remaining ranks). {kept} trials kept (how: summary.json plan).',
  },
  howPenalty: {
    zh: '惩罚模式：对全部 {kept} 个保留试验按分层权重计算期望短缺，其中 {used} 个进入线性规划（保留方式见 summary.json 的 plan）。',
    en: 'penalty mode: expected shortage over all {kept} kept trials, weighted by stratum; {used} enter the LP (how they were kept: summary.json plan).',
  },
  problem: { zh: '测算问题', en: 'problem' },
  status: { zh: '状态', en: 'status' },
  addedOnce: { zh: '新增一次性投入（元）', en: 'added ¥ once' },
  addedYr: { zh: '新增年费用（元/年）', en: 'added ¥/yr' },
  totalYr: { zh: '年费用合计（元/年）', en: 'total ¥/yr' },
  solver: { zh: '求解器', en: 'solver' },
  variables: { zh: '变量数', en: 'variables' },
  constraints: { zh: '约束数', en: 'constraints' },
  seconds: { zh: '耗时（秒）', en: 'seconds' },
  notSized: {
    zh: '**{problem}无法测算。** 该部分保留现有储备。求解器诊断见 summary.json 的 plan.solver.{id}.diagnosis。',
    en: "**{problem} could not be sized.** The plan keeps the current holdings for this part. The solver's diagnosis: summary.json plan.solver.{id}.diagnosis.",
  },
  part: { zh: '组成部分', en: 'part' },
  currentYr: { zh: '现有年费用（元/年）', en: 'current ¥/yr' },
  stockHead: { zh: '### 分级储备（方案；在现有储备基础上新增）', en: '### Stock by tier (plan; added over current holdings)' },
  item: { zh: '物资', en: 'item' },
  contracted: { zh: '协议储备', en: 'contracted' },
  currentTotal: { zh: '现有合计', en: 'current total' },
  addedPurchases: { zh: '新增（purchases.csv）', en: 'added (purchases.csv)' },
  whereFiles: {
    zh: '各储备点采购清单：purchases.csv。全部储备点：plan.csv。可编辑的方案文件：plan.yaml。',
    en: 'What to buy where: purchases.csv. Every depot: plan.csv. The plan as an editable plan file: plan.yaml.',
  },
  moves: {
    zh: '在储备点之间调拨现有物资（basis relocate）：共 {n} 笔调拨，{units} 个单位，一次性费用 {cost} 元；每笔调拨见 moves.csv。',
    en: 'Current stock moved between depots (basis relocate): {n} moves, {units} units in all, ¥{cost} once; each move in moves.csv.',
  },
  teamsHead: { zh: '### 应急救援队伍（方案；在现有基础上新增）', en: '### Rescue teams (plan; added over current)' },
  county: { zh: '县（市、区）', en: 'county' },
  townshipTeams: { zh: '乡镇30人救援队（支）', en: '30-person township teams' },
  villageTeams: { zh: '村10人救援队（支）', en: '10-person village teams' },
  members: { zh: '队员总数', en: 'members' },
  added: { zh: '新增', en: 'added' },
  byTownship: { zh: '分乡镇明细：teams-plan.csv。', en: 'By township: teams-plan.csv.' },
  sheltersHead: { zh: '### 应急避难场所（方案；在现有基础上新增）', en: '### Shelter places (plan; added over current)' },
  shelterClass: { zh: '类别', en: 'class' },
  shelters: { zh: '避难场所（处）', en: 'shelters' },
  places: { zh: '容纳人数', en: 'places' },
  addedM2: { zh: '新增面积 m²', en: 'added m²' },
  alsoShelters: { zh: '另见 shelters-plan.csv。', en: 'Also in shelters-plan.csv.' },
  perfHead: { zh: '### 各方案在全部模拟试验上的表现（docs/model.md §5.4）', en: '### How the plans perform on every simulated trial (docs/model.md §5.4)' },
  pShort: { zh: 'P(任一物资短缺)', en: 'P(any item short)' },
  reliability: { zh: '保障率（样本外）', en: 'reliability (out of sample)' },
  phase1Years: { zh: '第一阶段需求10小时内全部满足的年份', en: 'years with all phase-1 needs met within 10 h' },
  phase1Value: { zh: '10小时内满足的第一阶段需求（按价值，所有年份）', en: 'phase-1 demand met within 10 h (by value, all years)' },
  pOverflow: { zh: 'P(避难场所超员)', en: 'P(shelter overflow)' },
  overflowP95: { zh: '避难场所超员人数 p95（I / II / III类）', en: 'shelter overflow, p95 (I / II / III)' },
  trapped72: { zh: '72小时仍被困，均值 / p95', en: 'still trapped at 72 h, mean / p95' },
  missLead: {
    zh: '测算方案的样本外保障率 {reliability} 低于目标 {target}，差距超过其蒙特卡洛误差（{se}）。',
    en: "The sized plan's out-of-sample reliability {reliability} falls short of the target {target} by more than its Monte Carlo error ({se}).",
  },
  whatBinds: { zh: '制约因素：', en: 'What binds:' },
  whatFixes: { zh: '修正办法：', en: 'What would fix it:' },
  fixesZh: { zh: '- 共 {n} 条修正建议，见 summary.json 的 plan.targetMiss.fixes。', en: '- {n} fixes: summary.json plan.targetMiss.fixes.' },
  targetMet: { zh: '目标保障率 {target}；样本外 {reliability} ± {se}。', en: 'Target reliability {target}; out of sample {reliability} ± {se}.' },
  unmetHead: { zh: '### 各物资未满足需求（年内最大一次事件）', en: '### Unmet demand by item (largest event of the year)' },
  unmetPhase1: { zh: '{plan}：第一阶段 均值 / p95', en: '{plan}: phase 1 mean / p95' },
  unmetLater: { zh: '{plan}：后续 均值 / p95', en: '{plan}: later mean / p95' },
  policyHead: { zh: '### 政策目标核查（现有储备与测算方案）', en: '### Policy checks (current holdings and sized plan)' },
  check: { zh: '核查项', en: 'check' },
  rule: { zh: '要求', en: 'rule' },
  currentHoldings: { zh: '现有储备', en: 'current holdings' },
  sizedPlan: { zh: '测算方案', en: 'sized plan' },
  verdict: { zh: '方案结论', en: 'plan verdict' },
  source: { zh: '依据', en: 'source' },
  noDataNote: { zh: '“无数据”：数据集无法支撑该项核查；绝不计为达标。', en: '"no data": the dataset cannot support the check; it is never counted as a pass.' },
  pass: { zh: '达标', en: 'PASS' },
  fail: { zh: '未达标', en: 'FAIL' },
  noData: { zh: '无数据', en: 'no data' },
  // problem statuses (plan/optimize.ts)
  optimal: { zh: '最优', en: 'optimal' },
  infeasible: { zh: '不可行', en: 'infeasible' },
  failed: { zh: '求解失败', en: 'failed' },
} satisfies Record<string, Msg>;

/** Why the sized plan misses its target, by kind (plan/miss.ts MissBind), for the zh report; the English is the bind's own text. */
export const BIND = {
  'out-of-sample': { zh: '在 {q} 分位数下测算的方案在其线性规划试验中没有短缺，但在全部试验中仍有部分年份短缺（样本外）', en: 'the plan sized at the {q} quantile has no shortage in its LP trials, yet some years run short out of sample' },
  'full depot': { zh: '所选方案已将储备点装满至可用容积（{where}）', en: 'the chosen plan fills depots to their usable volume ({where})' },
  warehouse: { zh: '仓库容积不足 {amount} m³（{where}）', en: 'warehouse volume short by {amount} m³ ({where})' },
  budget: { zh: '预算每年缺口 {amount} 元', en: 'the budget is short by ¥{amount} a year' },
  unreachable: { zh: '{amount} 个乡镇（街道）在第一阶段时限内没有储备点可达，任何方案都无法满足其第一阶段需求', en: 'no depot reaches {amount} townships within the phase-1 window, so no plan can meet their phase-1 needs' },
  shortage: { zh: '诊断（弹性）模型仍有未满足的需求', en: 'demand the diagnosis (elastic) model still leaves unmet' },
  unsolved: { zh: '线性规划未求解成功', en: 'the LP was not solved' },
} satisfies Record<string, Msg>;

/** backtest.md. */
export const BACKTEST = {
  title: { zh: '# 回溯检验：模型与中国历史灾害对照', en: '# Back-test: the models against historical Chinese disasters' },
  intro1: {
    zh: '每个内置事件（datasets/backtest/）都以默认参数运行模型：没有针对这些事件拟合任何参数，因此每个比值都是样本外结果。地震：采用官方烈度图（各烈度区面积）及各烈度区人口，按 PAGER 公布的中国经验模型计算（未校准）；90% 区间为 PAGER 给出的中国不确定性（对数正态，G = 2.01）。受伤：死亡人数的 6.5 倍，与 `sim run` 相同。台风和洪涝：采用该事件的演练情景，给出各次试验的中位数和 5–95% 区间。',
    en: "Every bundled event (datasets/backtest/) run through the models with their default parameters: nothing is fitted to these events, so every ratio is out of sample. Earthquakes: the official intensity map (area of each zone) and the people in each zone, through PAGER's empirical model for China as PAGER publishes it (not calibrated); the 90 % interval is PAGER's own uncertainty for China (lognormal, G = 2.01). Injured: 6.5 × deaths, as in `sim run`. Typhoons and floods: the event's drill scenario, median and 5–95 % of the trials.",
  },
  intro2: {
    zh: '比值 =（预测值 + 1）/（观测值 + 1），这样无人死亡的事件也能评分。“半经验”：采用该省人口普查建筑结构构成的 PAGER 中国半经验模型；“全国构成（旧）”：同一模型采用 PAGER 全国建筑清单，即引入普查构成之前的默认值。“留一校准”：`sim run` 实际采用的经验模型乘以校准系数（empiricalScale，即这些事件观测/预测比值的几何平均），此处采用留一法：每个事件用其余事件得到的系数缩放，因此其比值是样本外结果。',
    en: 'Ratio = (predicted + 1) / (observed + 1), so that events with no deaths can be scored. "Semi-empirical": PAGER\'s semi-empirical model for China with the province\'s census building mix; "national mix (old)": the same with PAGER\'s national inventory, the default before the census mix. "LOO-calibrated": what `sim run` uses, the empirical model × its calibration factor (empiricalScale, the geometric-mean ratio observed/predicted over these events), here leave-one-out: each event scaled by the factor of the other events, so its ratio is out of sample.',
  },
  event: { zh: '事件', en: 'event' },
  metric: { zh: '指标', en: 'metric' },
  observed: { zh: '观测值', en: 'observed' },
  predicted: { zh: '预测值（中位数；PAGER 经验模型）', en: 'predicted (median; PAGER empirical)' },
  interval: { zh: '90% 区间', en: '90 % interval' },
  ratio: { zh: '比值', en: 'ratio' },
  semi: { zh: '半经验', en: 'semi-empirical' },
  national: { zh: '半经验，全国构成（旧）', en: 'semi-emp., national mix (old)' },
  loo: { zh: '校准后（留一法，同 sim run）', en: 'calibrated (LOO, as sim run)' },
  notScored: { zh: '未评分', en: 'not scored' },
  notModelledNote: { zh: '未建模（原因见 backtest.csv）', en: 'not modelled (why: backtest.csv)' },
  notScoredNote: { zh: '未评分（原因见 backtest.csv）', en: 'not scored (why: backtest.csv)' },
  scoresHead: { zh: '## 评分', en: '## Scores' },
  scoredRows: { zh: '评分行', en: 'scored rows' },
  events: { zh: '事件数', en: 'events' },
  gmr: { zh: '几何平均比值', en: 'geometric-mean ratio' },
  within3: { zh: '相差3倍以内', en: 'within a factor of 3' },
  inInterval: { zh: '观测值落在 90% 区间内', en: 'observed in 90 % interval' },
  byTypeHead: { zh: '## 地震预测死亡人数按建筑类型（全部评分事件）', en: '## Predicted earthquake deaths by building type (all scored events)' },
  pagerType: { zh: 'PAGER 建筑类型', en: 'PAGER type' },
  share: { zh: '占比', en: 'share' },
  sourcesHead: { zh: '## 观测值来源', en: '## Sources of the observations' },
  inputs: { zh: '输入数据及其来源：datasets/backtest/ 中的事件文件。', en: 'Inputs and their sources: the event files in datasets/backtest/.' },
} satisfies Record<string, Msg>;

/** `sim run`'s terminal lines (English unless --lang is given). */
export const STDOUT = {
  runLine: { zh: '{name}：{trials} 次试验，随机种子 {seed}，{workers} 个线程，{seconds} 秒（每秒 {rate} 次试验）', en: '{name}: {trials} trials, seed {seed}, {workers} worker(s), {seconds} s ({rate} trials/s)' },
  inProcess: { zh: '主线程', en: 'in-process' },
  mergedLine: { zh: '{name}：{trials} 次试验，随机种子 {seed}，由 {shards} 个分片合并（最慢的分片 {seconds} 秒，合并 {merge} 秒）', en: '{name}: {trials} trials, seed {seed}, merged from {shards} shards (slowest shard {seconds} s, merge {merge} s)' },
  perYear: { zh: '每年（全部事件）：', en: 'Per year (all events):' },
  drill: { zh: '所设定事件（演练情景：每次试验结果相同）：', en: 'The specified event (a drill: every trial gives the same numbers):' },
  perRealisation: { zh: '每次事件实现：', en: 'Per realisation of the event:' },
  largest: { zh: '年内最大一次事件：', en: 'Largest event of the year:' },
  demand: { zh: '救灾物资需求，最大一次事件：', en: 'Relief demand, largest event:' },
  outputs: { zh: '输出文件：{files}', en: 'Outputs: {files}' },
} satisfies Record<string, Msg>;

/** backtest.md's score rows (backtest/run.ts score keys, which are their English). */
export const BACKTEST_SCORE: Record<string, Msg> = {
  'earthquake deaths, PAGER empirical (uncalibrated)': { zh: '地震死亡，PAGER 经验模型（未校准）', en: 'earthquake deaths, PAGER empirical (uncalibrated)' },
  'earthquake deaths, semi-empirical (census mix)': { zh: '地震死亡，半经验模型（普查建筑构成）', en: 'earthquake deaths, semi-empirical (census mix)' },
  'earthquake deaths, semi-empirical (PAGER national mix, the old default)': { zh: '地震死亡，半经验模型（PAGER 全国构成，旧默认值）', en: 'earthquake deaths, semi-empirical (PAGER national mix, the old default)' },
  'earthquake deaths, calibrated as the model is (leave-one-out)': { zh: '地震死亡，按模型实际校准（留一法）', en: 'earthquake deaths, calibrated as the model is (leave-one-out)' },
  'earthquake injured, calibrated as the model is (leave-one-out)': { zh: '地震受伤，按模型实际校准（留一法）', en: 'earthquake injured, calibrated as the model is (leave-one-out)' },
  'earthquake injured, uncalibrated': { zh: '地震受伤，未校准', en: 'earthquake injured, uncalibrated' },
  'typhoon and flood': { zh: '台风和洪涝', en: 'typhoon and flood' },
};

/** The fields of a scenario's `event:` (hazard params' EVENT_FIELDS), named in the zh report beside their key. */
export const EVENT_FIELD: Record<string, Msg> = {
  magnitude: { zh: '震级', en: 'magnitude' },
  lat: { zh: '纬度', en: 'latitude' },
  lon: { zh: '经度', en: 'longitude' },
  azimuthDeg: { zh: '长轴方位角（度）', en: 'long-axis azimuth (degrees)' },
  hour: { zh: '发生时刻（时）', en: 'hour of the day' },
  residuals: { zh: '烈度残差（1 开 / 0 关）', en: 'intensity residuals (1 on / 0 off)' },
  headingDeg: { zh: '移动方向（度）', en: 'heading (degrees)' },
  vmax: { zh: '最大风速（m/s）', en: 'maximum wind (m/s)' },
  rmaxKm: { zh: '最大风速半径（km）', en: 'radius of maximum wind (km)' },
  areaHa: { zh: '过火面积（公顷）', en: 'burned area (ha)' },
  returnPeriod: { zh: '重现期（年）', en: 'return period (years)' },
};

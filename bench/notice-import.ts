// Benchmark: importing a notice of N numbered tasks (default 60) — the text an office
// receives, with categories, unit clauses of every form, sub-tasks and deadlines — and
// rendering the YAML draft. Usage: npm run bench:import [-- tasks=60 runs=30]
import { toPlanYaml } from '../src/app/plan-yaml.js';
import { importNotice } from '../src/core/notice-import.js';
import { zh } from '../src/core/texts.js';

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.split('=') as [string, string]));
const taskCount = Number(args.tasks ?? 60);
const runs = Number(args.runs ?? 30);

const departments = ['市发展改革委', '市财政局', '市教育体育局', '市卫生健康委', '市住房城乡建设局', '市交通运输局', '市市场监管局', '市生态环境局', '市民政局', '市政务服务管理局'];
const clauses = [
  (a: string, b: string) => `（牵头单位：${a}；配合单位：${b}；责任单位：各县（市、区）人民政府）`,
  (a: string, b: string) => `（${a}牵头，${b}、市直有关部门配合）`,
  (a: string, b: string) => `（${a}会同${b}负责）`,
  (a: string, b: string) => `（${a}、${b}，各县（市、区）人民政府按职责分工负责）`,
];
const deadlines = ['2021年6月底前完成', '于2021年11月5日前报市推进办', '每季度末报送进展', '长期坚持'];

/** A city action plan: cover letter, goals, N tasks under categories of ten, safeguards. */
export function syntheticNotice(tasks: number): string {
  const lines = [
    '关于印发某市2021年重点工作推进方案的通知',
    '各县（市、区）人民政府，市直各有关部门：',
    '《某市2021年重点工作推进方案》已经市人民政府同意，现印发给你们，请认真贯彻落实。',
    '某市人民政府办公室',
    '2021年3月1日',
    '某市2021年重点工作推进方案',
    '为推动全市重点工作落地见效，制定本方案。',
    '一、工作目标',
    '到2021年底，各项重点工作取得明显成效，群众满意度达到90%以上。',
    '二、重点任务',
  ];
  for (let i = 0; i < tasks; i++) {
    if (i % 10 === 0) lines.push(`（${zh.numeral(i / 10 + 1)}）第${zh.numeral(i / 10 + 1)}类重点工作`);
    const a = departments[i % departments.length]!;
    const b = departments[(i + 3) % departments.length]!;
    const clause = clauses[i % clauses.length]!(a, b);
    const body = `围绕第${i + 1}项工作目标，完善工作机制，细化工作措施，${deadlines[i % deadlines.length]}，完成率达到${80 + (i % 20)}%以上。`;
    if (i % 15 === 7) {
      lines.push(`${i + 1}.推进第${i + 1}项重点工作。统筹推进各项措施。`);
      lines.push(`（1）完善第${i + 1}项工作的制度。${body}${clause}`);
      lines.push(`（2）加强第${i + 1}项工作的督查。建立台账，逐项销号。${clauses[(i + 1) % clauses.length]!(b, a)}`);
    } else {
      lines.push(`${i + 1}.推进第${i + 1}项重点工作。${body}${clause}`);
    }
  }
  lines.push('三、保障措施', '（一）加强组织领导。成立工作领导小组，领导小组办公室设在市发展改革委。', '（二）强化督查考核。各牵头单位于每月5日前将上月工作进展报领导小组办公室。');
  return lines.join('\n');
}

const text = syntheticNotice(taskCount);
const time = (fn: () => unknown) => {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
};
const stats = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return { min: sorted[0]!, median: sorted[Math.floor(sorted.length / 2)]!, max: sorted.at(-1)! };
};

const first = time(() => importNotice(text, {}));
const result = importNotice(text, {});
if (result.plan.tasks.length !== taskCount) throw new Error(`expected ${taskCount} tasks, imported ${result.plan.tasks.length}`);
const imports = Array.from({ length: runs }, () => time(() => importNotice(text, {})));
const yamls = Array.from({ length: runs }, () => time(() => toPlanYaml(result)));
const fmt = (ms: number) => `${ms.toFixed(1).padStart(7)} ms`;
const im = stats(imports);
const ym = stats(yamls);
console.log(`notice: ${taskCount} tasks, ${text.length} characters, ${text.split('\n').length} lines; ${result.todos.length} TODOs, ${result.plan.rounds.length} rounds`);
console.log(`first import (cold)                 ${fmt(first)}`);
console.log(`import, ${runs} runs  min / median / max ${fmt(im.min)} ${fmt(im.median)} ${fmt(im.max)}`);
console.log(`YAML draft, ${runs} runs min / median / max ${fmt(ym.min)} ${fmt(ym.median)} ${fmt(ym.max)}`);

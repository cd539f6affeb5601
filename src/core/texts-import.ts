// zh-CN texts of importing a notice in chat: the replies to a file, the preview card, its
// confirm step and what [载入] and [下载YAML] answer. (Beside texts.ts, so every chat string
// stays in src/core.)

export const zhImport = {
  /** To someone who is not an office admin; `office` names the office's contacts, when known. */
  notAdmin(office: readonly string[]): string {
    const who = office.length > 0 ? `办公室（${office.join('、')}）` : '督办办公室';
    return `您好，导入通知需要办公室管理员操作。请把通知文件发给${who}，由他们在此导入。`;
  },
  /** A file that is neither .docx nor .txt. */
  unsupported(fileName: string): string {
    const doc = /\.doc$/i.test(fileName) ? '旧版 Word（.doc）文件请另存为 .docx 后再发送。' : '';
    return `无法导入“${fileName}”：只能导入 Word（.docx）或纯文本（.txt）格式的通知。${doc}`;
  },
  downloadFailed: '通知文件下载失败，请稍后重新发送。',
  unreadable(fileName: string): string {
    return `无法读取“${fileName}”的内容，请确认文件未损坏，或另存为 .docx / .txt 后再发送。`;
  },
  noTasks(fileName: string): string {
    return `在“${fileName}”中没有找到编号的任务，无法生成计划。请确认这是一份任务通知。`;
  },

  card: {
    title: '【通知导入】预览',
    confirmTitle: '【通知导入】确认载入',
    loadedTitle: '【通知导入】已载入',
    /** 《标题》 · 发文单位 · 2020-10-22 */
    head(title: string, issuer: string, issuedOn: string | undefined): string {
      return [`**《${title}》**`, issuer || '（未识别发文单位）', issuedOn ?? ''].filter(Boolean).join('　');
    },
    /** 共 9 项任务（另有 3 项子任务），来自 通知.docx */
    counts(tasks: number, subtasks: number, fileName: string): string {
      return `共 **${tasks}** 项任务${subtasks > 0 ? `（另有 ${subtasks} 项子任务）` : ''}，来自 ${fileName}`;
    },
    tasksHeading: '**任务与单位**',
    /** 1. 标题 — 牵头：A；配合：B */
    task(number: string, title: string, units: string): string {
      return `${number}. ${title}${units ? ` — ${units}` : ''}`;
    },
    roles: { lead: '牵头', cooperating: '配合', responsible: '责任' },
    noUnits: '（未写明单位）',
    deadlinesHeading: '**截止时间**',
    noDeadlines: '未找到截止时间。',
    /** 任务3：2020-11-05 */
    deadline(task: string | undefined, text: string): string {
      return task ? `任务${task}：${text}` : `全文：${text}`;
    },
    todosHeading: '**待核对（无法确定的内容）**',
    unknownHeading: '**名录中没有的单位**',
    /** 市卫健委 → 最接近：市卫生健康委 */
    unknown(name: string, closest: readonly string[]): string {
      return closest.length > 0 ? `${name} → 最接近：${closest.join('、')}` : `${name}（名录中无相近名称）`;
    },
    unknownHint: '载入前需要在单位名录中补充这些单位（或加别名），或下载 YAML 改成名录中的名称后用 `duban plan load` 载入。',
    /** ……另有 5 项 */
    more(n: number): string {
      return `……另有 ${n} 项`;
    },
    load: '载入',
    confirmLoad: '确认载入',
    downloadYaml: '下载YAML',
    /** Shown on the confirm step: a plan with the same title exists. */
    exists(title: string, slug: string): string {
      return `已有同名计划《${title}》（代号 ${slug}）。载入将用本通知的任务和轮次更新该计划。确定载入吗？`;
    },
    /** 已载入：9 项任务，2 个轮次，共 120 条报送任务（新增 120 条）。 */
    loaded(tasks: number, rounds: number, assignments: number, added: number): string {
      return `已载入：${tasks} 项任务，${rounds} 个轮次，共 ${assignments} 条报送任务（新增 ${added} 条）。`;
    },
  },

  toast: {
    notAdmin: '仅办公室管理员可以载入或下载导入的计划。',
    loaded: '计划已载入',
    confirm: '已有同名计划，请确认后再载入',
    yamlSent: '计划文件已发送到下方',
    /** Loading was refused: the reasons are sent below. */
    refused: '无法载入，原因见下方消息',
    stale: '通知文件已无法读取，请重新发送文件',
  },

  /** Loading was refused because of names the directory does not know. */
  refusedUnknown(names: readonly string[]): string {
    return `计划未载入：以下单位不在单位名录中：${names.join('、')}。请在名录中补充（或加别名），或点[下载YAML]修改后用 duban plan load 载入。`;
  },
  /** Loading was refused for other problems of the draft (path: message). */
  refusedInvalid(problems: readonly string[]): string {
    return `计划未载入，草稿有 ${problems.length} 处需要修改：\n${problems.slice(0, 10).join('\n')}${problems.length > 10 ? `\n……另有 ${problems.length - 10} 处` : ''}\n请点[下载YAML]修改后用 duban plan load 载入。`;
  },
  yamlUploadFailed: '计划文件发送失败，请稍后重试。',
};

// The notice importer (`duban plan import`): a notice's text in, a draft plan, its TODOs and
// per task where its units came from out. Its parts live in src/core/notice/.
export { importNotice } from './notice/import-notice.js';
export { describeDeadline, describeSource } from './notice/describe.js';
export { unknownUnits } from './notice/directory-check.js';
export type {
  FoundDeadline,
  ImportNoticeOptions,
  NoticeDeadline,
  NoticeImport,
  NoticeTodo,
  Recurrence,
  TaskOrigin,
  TodoPath,
  UnitSource,
  UnitSourceKind,
} from './notice/types.js';

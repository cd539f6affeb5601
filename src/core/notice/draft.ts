// The open questions the importer collects while reading, in the order it meets them.

export type TodoPath = (string | number)[];

export interface NoticeTodo {
  /** Where in the plan the question arises; a path that does not exist concerns the plan as a whole. */
  path: TodoPath;
  message: string;
}

export class Draft {
  readonly todos: NoticeTodo[] = [];
  todo(path: TodoPath, message: string): void {
    this.todos.push({ path, message });
  }
}

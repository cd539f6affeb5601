// Reading a notice file sent in chat: its text as the importer reads it (src/documents implements it).
export interface NoticeReader {
  /** The text of a .docx (its paragraphs and tables) or a .txt notice; throws on a file it cannot read. */
  text(file: { name: string; bytes: Uint8Array }): Promise<string>;
}

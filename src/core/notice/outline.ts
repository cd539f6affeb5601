// The outline of a notice body: numbered lines nest by the order their numbering styles
// first appear (一、 → （一） → 1. → (1)), whether numbers run straight through or restart;
// unnumbered lines continue the item above them.
import { pathPart, readMarker, type Marker } from './numbering.js';

export interface OutlineLine {
  /** Index into the notice's lines. */
  line: number;
  text: string;
}

export interface OutlineNode {
  marker?: Marker;
  /** The item's first line, without its number. */
  head: OutlineLine;
  /** Unnumbered lines after it, before its first numbered child. */
  paragraphs: OutlineLine[];
  children: OutlineNode[];
  /** The numbers of the items above it: 四（一）. */
  path: string;
}

/** Lines [start, end) as a tree under a root without a number. */
export function buildOutline(lines: readonly string[], start: number, end: number): OutlineNode {
  const root: OutlineNode = { head: { line: start, text: '' }, paragraphs: [], children: [], path: '' };
  const stack: OutlineNode[] = [root];
  for (let i = start; i < end; i++) {
    const text = lines[i]!;
    const marker = readMarker(text);
    if (!marker) {
      const top = stack.at(-1)!;
      // Text after an item's children still belongs to the deepest open item.
      top.paragraphs.push({ line: i, text });
      continue;
    }
    const same = stack.findLastIndex((n) => n.marker?.style === marker.style);
    if (same > 0) stack.length = same;
    const parent = stack.at(-1)!;
    const node: OutlineNode = {
      marker,
      head: { line: i, text: marker.rest },
      paragraphs: [],
      children: [],
      path: parent.marker ? parent.path + pathPart(parent.marker) : '',
    };
    parent.children.push(node);
    stack.push(node);
  }
  return root;
}

/** A node's own lines and all its descendants' lines, in document order. */
export function subtreeLines(node: OutlineNode): OutlineLine[] {
  const own = node.marker ? [node.head, ...node.paragraphs] : node.paragraphs;
  return [...own, ...node.children.flatMap(subtreeLines)].sort((a, b) => a.line - b.line);
}

/** The item's text: its first line and its paragraphs. */
export function ownText(node: OutlineNode): string {
  return [node.head.text, ...node.paragraphs.map((p) => p.text)].join('\n');
}

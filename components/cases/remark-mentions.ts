// A remark plugin that marks @mentions in Markdown text as highlighted spans. It works on the
// syntax tree, so mentions inside code, and raw HTML (which stays text), are untouched, and the
// output is still React elements built by react-markdown — no HTML string is ever produced.
import { splitMentions } from '@/server/inbox/mention-parse';

interface MdNode {
  type: string;
  value?: string;
  children?: MdNode[];
  data?: Record<string, unknown>;
}

/** Inside these the text is an address or label already; do not nest a span in it. */
const SKIP = new Set(['link', 'linkReference', 'inlineCode', 'code', 'html']);

function mentionNode(handle: string, raw: string): MdNode {
  // An unknown node type with hName/hChildren becomes exactly this element in mdast-util-to-hast.
  return {
    type: 'mention',
    data: {
      hName: 'span',
      hProperties: { className: ['mention'], dataMention: handle, title: `mentions @${handle}` },
      hChildren: [{ type: 'text', value: raw }],
    },
  };
}

function walk(node: MdNode): void {
  if (!node.children || SKIP.has(node.type)) return;
  node.children = node.children.flatMap((child) => {
    if (child.type !== 'text' || !child.value?.includes('@')) {
      walk(child);
      return [child];
    }
    return splitMentions(child.value).map((piece) =>
      typeof piece === 'string'
        ? { type: 'text', value: piece }
        : mentionNode(piece.handle, piece.raw.slice(piece.raw.indexOf('@'))),
    );
  });
}

export function remarkMentions() {
  return (tree: MdNode) => walk(tree);
}

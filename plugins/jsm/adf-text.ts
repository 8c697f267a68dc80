/**
 * Atlassian Document Format → plain text for the ERP. Every node that carries words keeps them: mentions,
 * emoji, dates, statuses and cards by their text or URL, links as "text (url)", lists with their markers,
 * tables as " | "-separated rows, code and quotes as blocks. Unknown nodes keep their children's text.
 */
interface AdfNode {
  type?: string;
  text?: string;
  attrs?: Record<string, unknown>;
  marks?: Array<{ type?: string; attrs?: Record<string, unknown> }>;
  content?: AdfNode[];
}

const BLOCKS = new Set([
  'paragraph',
  'heading',
  'codeBlock',
  'blockquote',
  'bulletList',
  'orderedList',
  'rule',
  'table',
  'panel',
  'mediaSingle',
  'mediaGroup',
  'expand',
  'nestedExpand',
  'blockCard',
  'decisionList',
  'taskList',
]);

export function adfToText(doc: unknown): string {
  if (!doc || typeof doc !== 'object') return '';
  return blocks((doc as AdfNode).content ?? [])
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function blocks(nodes: AdfNode[]): string {
  return nodes
    .map(block)
    .filter((s) => s !== '')
    .join('\n\n');
}

function block(node: AdfNode): string {
  const children = node.content ?? [];
  switch (node.type) {
    case 'paragraph':
    case 'heading':
      return inline(children);
    case 'codeBlock':
      return children.map((c) => c.text ?? '').join('');
    case 'blockquote':
      return prefixLines(blocks(children), '> ');
    case 'bulletList':
      return children.map((item) => listItem(item, '- ')).join('\n');
    case 'orderedList': {
      const start = typeof node.attrs?.order === 'number' ? node.attrs.order : 1;
      return children.map((item, i) => listItem(item, `${start + i}. `)).join('\n');
    }
    case 'taskList':
      return children.map((item) => listItem(item, item.attrs?.state === 'DONE' ? '[x] ' : '[ ] ')).join('\n');
    case 'decisionList':
      return children.map((item) => listItem(item, '- ')).join('\n');
    case 'rule':
      return '---';
    case 'table':
      return children.map((row) => (row.content ?? []).map((cell) => blocks(cell.content ?? []).replace(/\n+/g, ' ')).join(' | ')).join('\n');
    case 'expand':
    case 'nestedExpand': {
      const title = typeof node.attrs?.title === 'string' && node.attrs.title ? `${node.attrs.title}\n` : '';
      return title + blocks(children);
    }
    case 'mediaSingle':
    case 'mediaGroup':
      return children.map(media).join('\n');
    case 'blockCard':
      return typeof node.attrs?.url === 'string' ? node.attrs.url : '';
    default:
      return children.some((c) => BLOCKS.has(c.type ?? '')) ? blocks(children) : inline(children);
  }
}

function listItem(item: AdfNode, marker: string): string {
  const text = blocks(item.content ?? []) || inline(item.content ?? []);
  const [first = '', ...rest] = text.split('\n');
  return [marker + first, ...rest.map((l) => ' '.repeat(marker.length) + l)].join('\n');
}

function media(node: AdfNode): string {
  const name = node.attrs?.alt ?? node.attrs?.filename;
  return `[attachment${typeof name === 'string' && name ? `: ${name}` : ''}]`;
}

function inline(nodes: AdfNode[]): string {
  return nodes.map(inlineNode).join('');
}

function inlineNode(node: AdfNode): string {
  const attr = (k: string) => (typeof node.attrs?.[k] === 'string' ? (node.attrs[k] as string) : '');
  switch (node.type) {
    case 'text': {
      const text = node.text ?? '';
      const href = node.marks?.find((m) => m.type === 'link')?.attrs?.href;
      return typeof href === 'string' && href !== text ? `${text} (${href})` : text;
    }
    case 'hardBreak':
      return '\n';
    case 'mention':
      return attr('text') || '@someone';
    case 'emoji':
      return attr('text') || attr('shortName');
    case 'inlineCard':
      return attr('url');
    case 'date': {
      const ms = Number(node.attrs?.timestamp);
      return Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 10) : '';
    }
    case 'status':
      return attr('text');
    case 'media':
    case 'mediaInline':
      return media(node);
    default:
      return node.content ? node.content.map((c) => (BLOCKS.has(c.type ?? '') ? block(c) : inlineNode(c))).join('\n') : (node.text ?? '');
  }
}

function prefixLines(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((l) => prefix + l)
    .join('\n');
}

/** Plain text → ADF: one paragraph per blank-line-separated block, line breaks kept. Text nodes are literal, so
 * nothing the bridge writes is read as markup. */
export function textToAdf(text: string): { type: 'doc'; version: 1; content: unknown[] } {
  const paragraphs = text
    .replace(/\r\n?/g, '\n')
    .split(/\n{2,}/)
    .filter((p) => p.trim() !== '');
  return {
    type: 'doc',
    version: 1,
    content: paragraphs.map((p) => ({
      type: 'paragraph',
      content: p.split('\n').flatMap((line, i) => [...(i ? [{ type: 'hardBreak' }] : []), ...(line ? [{ type: 'text', text: line }] : [])]),
    })),
  };
}

import { memo, type ReactNode } from 'react';
import type { Block, InlineMark } from '../../../preload/api';
import { blockStartOffsets } from '../../../preload/model';

/**
 * Builds React elements from an article's blocks. Each block element carries
 * `data-start` (its canonical offset) and contains exactly the block's text,
 * which is what text-offsets.ts relies on. Text only ever reaches the DOM as
 * React text nodes: no markup from an article is ever parsed.
 */
export const ArticleBody = memo(function ArticleBody({ blocks }: { blocks: readonly Block[] }) {
  const starts = blockStartOffsets(blocks);
  const elements: ReactNode[] = [];
  let index = 0;
  while (index < blocks.length) {
    const block = blocks[index] as Block;
    if (block.type === 'listItem') {
      // Consecutive list items form one list.
      const items: ReactNode[] = [];
      const ordered = block.ordered === true;
      while (index < blocks.length && (blocks[index] as Block).type === 'listItem' && ((blocks[index] as Block).ordered === true) === ordered) {
        const item = blocks[index] as Block;
        items.push(
          <li key={index} data-start={starts[index]} className={`depth-${item.level ?? 0}`}>
            {renderInline(item.text, item.marks)}
          </li>,
        );
        index += 1;
      }
      elements.push(ordered ? <ol key={`list-${index}`}>{items}</ol> : <ul key={`list-${index}`}>{items}</ul>);
      continue;
    }
    elements.push(renderBlock(block, index, starts[index] as number));
    index += 1;
  }
  return <>{elements}</>;
});

function renderBlock(block: Block, key: number, start: number): ReactNode {
  const content = renderInline(block.text, block.marks);
  switch (block.type) {
    case 'heading': {
      const level = Math.min(6, Math.max(2, block.level ?? 2));
      const Tag = `h${level}` as 'h2';
      return <Tag key={key} data-start={start} className="block-heading">{content}</Tag>;
    }
    case 'quote':
      return <blockquote key={key} data-start={start} className="block-quote">{content}</blockquote>;
    case 'code':
      return <pre key={key} data-start={start} className="block-code"><code>{content}</code></pre>;
    case 'dateline':
    case 'byline':
    case 'caption':
    case 'credit':
      return <p key={key} data-start={start} className={`block-${block.type}`} data-block-type={block.type}>{content}</p>;
    default:
      return <p key={key} data-start={start} className="block-paragraph">{content}</p>;
  }
}

/** Splits text at mark boundaries and wraps each piece in the marks that cover it. */
function renderInline(text: string, marks: readonly InlineMark[] | undefined): ReactNode {
  if (!marks || marks.length === 0) return text;
  const cuts = new Set<number>([0, text.length]);
  for (const mark of marks) {
    cuts.add(Math.max(0, Math.min(text.length, mark.start)));
    cuts.add(Math.max(0, Math.min(text.length, mark.end)));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const pieces: ReactNode[] = [];
  for (let i = 0; i < points.length - 1; i += 1) {
    const from = points[i] as number;
    const to = points[i + 1] as number;
    let node: ReactNode = text.slice(from, to);
    for (const mark of marks) {
      if (mark.start <= from && to <= mark.end) node = wrap(mark, node, `${from}-${mark.kind}`);
    }
    pieces.push(<span key={from}>{node}</span>);
  }
  return pieces;
}

function wrap(mark: InlineMark, child: ReactNode, key: string): ReactNode {
  switch (mark.kind) {
    case 'emphasis':
      return <em key={key}>{child}</em>;
    case 'strong':
      return <strong key={key}>{child}</strong>;
    case 'code':
      return <code key={key}>{child}</code>;
    case 'link':
      return safeHref(mark.href) ? (
        <a key={key} href={mark.href} target="_blank" rel="noopener noreferrer">
          {child}
        </a>
      ) : (
        child
      );
  }
}

/** Only web and mail links are ever made clickable. */
function safeHref(href: string | undefined): boolean {
  if (!href) return false;
  try {
    return ['http:', 'https:', 'mailto:'].includes(new URL(href).protocol);
  } catch {
    return false;
  }
}

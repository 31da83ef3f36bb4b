'use client';

import Markdown, { type Components } from 'react-markdown';
import { cn } from '../ui/cn';
import { remarkMentions } from './remark-mentions';

/**
 * Notes in Markdown, rendered safely: react-markdown builds React elements (no innerHTML), raw
 * HTML in the source stays visible as text (no rehype-raw), links keep only http(s) and mailto
 * targets and open with rel="noopener noreferrer", and images are not loaded (no tracking pixels
 * or mixed content from a note) — their alt text is shown instead.
 */
export function safeUrl(url: string): string {
  return /^(https?:\/\/|mailto:)/i.test(url.trim()) ? url.trim() : '';
}

const COMPONENTS: Components = {
  a: ({ href, children }) =>
    href ? (
      <a href={href} target="_blank" rel="noopener noreferrer" className="text-accent underline">
        {children}
      </a>
    ) : (
      <span className="underline decoration-dotted" title="link removed: only http(s) and mailto links are kept">
        {children}
      </span>
    ),
  img: ({ alt }) => <span className="text-muted">[image{alt ? `: ${alt}` : ''}]</span>,
  // Single line breaks typed in a note are kept, as people expect from a plain text box.
  p: ({ children }) => <p className="my-1 whitespace-pre-wrap first:mt-0 last:mb-0">{children}</p>,
  li: ({ children }) => <li className="whitespace-pre-wrap">{children}</li>,
  ul: ({ children }) => <ul className="my-1 list-disc pl-5">{children}</ul>,
  ol: ({ children }) => <ol className="my-1 list-decimal pl-5">{children}</ol>,
  h1: ({ children }) => <p className="my-1 font-semibold">{children}</p>,
  h2: ({ children }) => <p className="my-1 font-semibold">{children}</p>,
  h3: ({ children }) => <p className="my-1 font-semibold">{children}</p>,
  h4: ({ children }) => <p className="my-1 font-semibold">{children}</p>,
  h5: ({ children }) => <p className="my-1 font-semibold">{children}</p>,
  h6: ({ children }) => <p className="my-1 font-semibold">{children}</p>,
  blockquote: ({ children }) => (
    <blockquote className="my-1 border-l-2 border-border pl-3 text-muted">{children}</blockquote>
  ),
  code: ({ children }) => <code className="rounded bg-panel-2 px-1 font-mono text-[0.85em]">{children}</code>,
  pre: ({ children }) => (
    <pre className="my-1 overflow-x-auto rounded border border-border bg-bg p-2 text-xs [&>code]:bg-transparent [&>code]:p-0">
      {children}
    </pre>
  ),
  span: ({ node: _node, className, children, ...props }) => (
    <span
      {...props}
      className={cn(className, className?.includes('mention') && 'rounded bg-accent/15 px-0.5 font-medium text-accent')}
    >
      {children}
    </span>
  ),
  table: ({ children }) => (
    <table className="my-1 border-collapse text-xs [&_td]:border [&_td]:border-border [&_td]:px-1.5 [&_th]:border [&_th]:border-border [&_th]:px-1.5">
      {children}
    </table>
  ),
};

// @mentions become highlighted spans (see remark-mentions.ts).
const REMARK = [remarkMentions];

export function MarkdownText({ text, className }: { text: string; className?: string }) {
  return (
    <div className={cn('break-words', className)} data-markdown>
      <Markdown components={COMPONENTS} urlTransform={safeUrl} remarkPlugins={REMARK}>
        {text}
      </Markdown>
    </div>
  );
}

/**
 * Markdown for model answers and admin-written content. HTML in the source is never trusted:
 * marked renders, DOMPurify keeps only safe markup. Code blocks are React components so each
 * gets a copy button.
 */
import { memo, useMemo } from 'react';
import DOMPurify from 'dompurify';
import { Lexer, Parser, type Token, type Tokens } from 'marked';
import { CopyButton } from '../components/CopyButton.tsx';
import { useI18n } from '../i18n/i18n.tsx';

let hooksInstalled = false;
function sanitize(html: string): string {
  if (!hooksInstalled) {
    // Links from an answer open elsewhere and give the target no handle on this page.
    DOMPurify.addHook('afterSanitizeAttributes', (node) => {
      if (node.tagName === 'A') {
        node.setAttribute('target', '_blank');
        node.setAttribute('rel', 'noopener noreferrer');
      }
    });
    hooksInstalled = true;
  }
  return DOMPurify.sanitize(html, { USE_PROFILES: { html: true }, FORBID_TAGS: ['style', 'form', 'input', 'img'] });
}

type Block = { kind: 'html'; html: string } | { kind: 'code'; language: string; code: string };

export function markdownBlocks(source: string): Block[] {
  const tokens = Lexer.lex(source, { gfm: true, breaks: true });
  const blocks: Block[] = [];
  let pending: Token[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    const group = Object.assign(pending, { links: tokens.links });
    blocks.push({ kind: 'html', html: sanitize(Parser.parse(group, { gfm: true, breaks: true })) });
    pending = [];
  };
  for (const token of tokens) {
    if (token.type === 'code') {
      flush();
      const code = token as Tokens.Code;
      blocks.push({ kind: 'code', language: (code.lang ?? '').split(/\s/)[0] ?? '', code: code.text });
    } else {
      pending.push(token);
    }
  }
  flush();
  return blocks;
}

function CodeBlock({ language, code }: { language: string; code: string }) {
  const { t } = useI18n();
  return (
    <figure className="code-block">
      <figcaption>
        <span className="code-language">{language || t('markdown.code')}</span>
        <CopyButton text={code} label={t('markdown.copyCode')} />
      </figcaption>
      <pre tabIndex={0}>
        <code>{code}</code>
      </pre>
    </figure>
  );
}

export const Markdown = memo(function Markdown({ source }: { source: string }) {
  const blocks = useMemo(() => markdownBlocks(source), [source]);
  return (
    <div className="markdown">
      {blocks.map((block, index) =>
        block.kind === 'code' ? (
          <CodeBlock key={index} language={block.language} code={block.code} />
        ) : (
          <div key={index} dangerouslySetInnerHTML={{ __html: block.html }} />
        ),
      )}
    </div>
  );
});

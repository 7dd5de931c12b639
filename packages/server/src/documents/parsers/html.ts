import { compile } from 'html-to-text';
import type { ParsedDocument, TextBlock } from '../parsed-document.ts';

const CONVERT_OPTIONS = {
  wordwrap: false as const,
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } },
    { selector: 'h4', options: { uppercase: false } },
    { selector: 'h5', options: { uppercase: false } },
    { selector: 'h6', options: { uppercase: false } },
    { selector: 'table', format: 'dataTable' },
  ],
};

/** Compiled once: the options never change. */
const convert = compile(CONVERT_OPTIONS);

/** HTML (pages, mammoth's DOCX output, e-mail bodies) split at its headings, each section as text. */
export function htmlToBlocks(html: string): ParsedDocument {
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1];
  const body = html.replace(/<(script|style|head|noscript|template)\b[\s\S]*?<\/\1>/gi, ' ');
  const blocks: TextBlock[] = [];
  const headingPattern = /<h[1-6]\b[^>]*>([\s\S]*?)<\/h[1-6]>/gi;
  let heading: string | undefined;
  let sectionStart = 0;
  const pushSection = (end: number): void => {
    const text = convert(body.slice(sectionStart, end)).trim();
    if (text) blocks.push(heading ? { text, heading } : { text });
  };
  for (const match of body.matchAll(headingPattern)) {
    pushSection(match.index);
    heading = convert(match[1]!).replace(/\s+/g, ' ').trim() || undefined;
    sectionStart = match.index + match[0].length;
    if (heading) blocks.push({ text: heading, heading }); // a heading alone is searchable too
  }
  pushSection(body.length);
  const cleanTitle = title ? convert(title).trim() : undefined;
  return { blocks: mergeHeadingOnlyBlocks(blocks), ...(cleanTitle ? { title: cleanTitle } : {}) };
}

/** "Heading" followed by its section: one block (the chunker adds the heading anyway). */
function mergeHeadingOnlyBlocks(blocks: TextBlock[]): TextBlock[] {
  const merged: TextBlock[] = [];
  for (const block of blocks) {
    const previous = merged.at(-1);
    if (previous && previous.text === previous.heading && previous.heading === block.heading) {
      merged[merged.length - 1] = block;
    } else {
      merged.push(block);
    }
  }
  return merged;
}

import { simpleParser } from 'mailparser';
import { DocumentRejected, type ParsedDocument, type TextBlock } from '../parsed-document.ts';
import { htmlToBlocks } from './html.ts';

/** Bytes → text: UTF-8 (BOM dropped), else Windows-1252 (old French text files); NUL bytes mean binary. */
export function decodeText(bytes: Uint8Array): string {
  if (bytes.includes(0)) {
    throw new DocumentRejected('UNSUPPORTED_FORMAT', 'This file is binary, not text, and its format is not supported.');
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** Plain text; form feeds (\f) separate pages, as in text exported from PDFs. */
export function parsePlainText(bytes: Uint8Array): ParsedDocument {
  const pages = decodeText(bytes).split('\f');
  const blocks: TextBlock[] = [];
  pages.forEach((text, index) => {
    const trimmed = text.trim();
    if (trimmed) blocks.push(pages.length > 1 ? { text: trimmed, page: index + 1 } : { text: trimmed });
  });
  return pages.length > 1 ? { blocks, pageCount: pages.length } : { blocks };
}

const ATX_HEADING = /^(#{1,6})\s+(.+?)\s*#*\s*$/;

/** Markdown split at its headings (ATX `#` style, outside code fences); the first one is the title. */
export function parseMarkdown(bytes: Uint8Array): ParsedDocument {
  const lines = decodeText(bytes).split(/\r?\n/);
  const blocks: TextBlock[] = [];
  let heading: string | undefined;
  let title: string | undefined;
  let current: string[] = [];
  let inFence = false;
  const flush = (): void => {
    const text = current.join('\n').trim();
    if (text) blocks.push(heading ? { text, heading } : { text });
    current = [];
  };
  for (const line of lines) {
    if (/^(```|~~~)/.test(line.trim())) inFence = !inFence;
    const match = inFence ? null : ATX_HEADING.exec(line);
    if (match) {
      flush();
      heading = match[2]!.trim();
      title ??= heading;
      current.push(heading);
    } else {
      current.push(line);
    }
  }
  flush();
  return { blocks, ...(title ? { title } : {}) };
}

/** An e-mail (.eml): subject as title and heading, the text body (or the HTML one as text). Attachments are not indexed. */
export async function parseEmail(bytes: Uint8Array): Promise<ParsedDocument> {
  let mail: Awaited<ReturnType<typeof simpleParser>>;
  try {
    mail = await simpleParser(Buffer.from(bytes), { skipImageLinks: true });
  } catch {
    throw new DocumentRejected('CORRUPT_FILE', 'This e-mail cannot be read: the file is damaged.');
  }
  const subject = mail.subject?.trim() || undefined;
  const header = [
    mail.from?.text ? `De : ${mail.from.text}` : '',
    mail.date ? `Date : ${mail.date.toISOString()}` : '',
    subject ? `Objet : ${subject}` : '',
  ]
    .filter(Boolean)
    .join('\n');
  const bodyBlocks: TextBlock[] = mail.text?.trim()
    ? [{ text: mail.text.trim() }]
    : typeof mail.html === 'string'
      ? htmlToBlocks(mail.html).blocks
      : [];
  const blocks = [header ? { text: header } : undefined, ...bodyBlocks]
    .filter((block): block is TextBlock => block !== undefined)
    .map((block) => (subject && !block.heading ? { ...block, heading: subject } : block));
  return { blocks, ...(subject ? { title: subject } : {}) };
}

/**
 * A small PDF writer for the generated reports: A4 pages, Helvetica (the PDF base-14 fonts,
 * nothing embedded), WinAnsi encoding (French accents, typographic quotes, €), headings,
 * paragraphs, bullets and Markdown tables rendered as aligned text rows. Enough for an
 * Art. 30 record or a DPIA draft to be filed and printed; not a general Markdown renderer.
 */

const PAGE_WIDTH = 595.28;
const PAGE_HEIGHT = 841.89;
const MARGIN = 56;
const USABLE_WIDTH = PAGE_WIDTH - 2 * MARGIN;

/** Unicode → WinAnsi (cp1252) for the characters outside Latin-1 that reports use. */
const WIN_ANSI_EXTRA: Record<string, number> = {
  '€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87, 'ˆ': 0x88, '‰': 0x89, 'Š': 0x8a, '‹': 0x8b, 'Œ': 0x8c,
  'Ž': 0x8e, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97, '˜': 0x98, '™': 0x99, 'š': 0x9a, '›': 0x9b,
  'œ': 0x9c, 'ž': 0x9e, 'Ÿ': 0x9f, '→': 0x3e, '≥': 0x3e, '≤': 0x3c,
};

function winAnsi(text: string): string {
  let out = '';
  for (const character of text) {
    const code = character.codePointAt(0)!;
    const mapped = code < 0x80 || (code >= 0xa0 && code <= 0xff) ? code : WIN_ANSI_EXTRA[character];
    const byte = mapped ?? 0x3f; // '?'
    const char = String.fromCharCode(byte);
    out += char === '(' || char === ')' || char === '\\' ? `\\${char}` : char;
  }
  return out;
}

/** Average Helvetica advance (em) — narrow enough that wrapped lines never overflow. */
function textWidth(text: string, size: number, bold: boolean): number {
  let units = 0;
  for (const character of text) {
    if ('il.,:;|!\'’ ()[]'.includes(character)) units += 0.28;
    else if ('mwMW@'.includes(character)) units += 0.89;
    else if (character >= 'A' && character <= 'Z') units += 0.68;
    else units += 0.56;
  }
  return units * size * (bold ? 1.05 : 1);
}

function wrap(text: string, size: number, bold: boolean, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (textWidth(candidate, size, bold) <= width || !line) line = candidate;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  return lines.length > 0 ? lines : [''];
}

interface Styled {
  text: string;
  size: number;
  bold: boolean;
  indent: number;
  spaceBefore: number;
}

function stripInline(text: string): string {
  return text.replace(/\*\*(.+?)\*\*/g, '$1').replace(/_\((.+?)\)_/g, '($1)').replace(/`([^`]+)`/g, '$1');
}

function blocksFromMarkdown(markdown: string): Styled[] {
  const blocks: Styled[] = [];
  for (const raw of markdown.split('\n')) {
    const line = raw.trimEnd();
    if (line === '') continue;
    const heading = /^(#{1,3})\s+(.*)$/.exec(line);
    if (heading) {
      const level = heading[1]!.length;
      blocks.push({ text: stripInline(heading[2]!), size: level === 1 ? 17 : level === 2 ? 13.5 : 11.5, bold: true, indent: 0, spaceBefore: level === 1 ? 0 : 10 });
    } else if (/^\|[-| ]+\|$/.test(line)) {
      continue; // table separator row
    } else if (line.startsWith('|')) {
      const cells = line.slice(1, -1).split('|').map((cell) => stripInline(cell.trim()));
      blocks.push({ text: cells.join('  ·  '), size: 8.5, bold: false, indent: 0, spaceBefore: 2 });
    } else if (/^[-*]\s+/.test(line)) {
      blocks.push({ text: `•  ${stripInline(line.replace(/^[-*]\s+/, ''))}`, size: 10, bold: false, indent: 10, spaceBefore: 2 });
    } else {
      blocks.push({ text: stripInline(line), size: 10, bold: false, indent: 0, spaceBefore: 4 });
    }
  }
  return blocks;
}

/** Renders Markdown to a PDF document (bytes). */
export function markdownToPdf(markdown: string, options: { title: string }): Buffer {
  const pages: string[][] = [[]];
  let y = PAGE_HEIGHT - MARGIN;
  for (const block of blocksFromMarkdown(markdown)) {
    const leading = block.size * 1.35;
    y -= block.spaceBefore;
    for (const line of wrap(block.text, block.size, block.bold, USABLE_WIDTH - block.indent)) {
      if (y - leading < MARGIN) {
        pages.push([]);
        y = PAGE_HEIGHT - MARGIN;
      }
      y -= leading;
      pages[pages.length - 1]!.push(`BT /${block.bold ? 'F2' : 'F1'} ${block.size} Tf ${(MARGIN + block.indent).toFixed(2)} ${y.toFixed(2)} Td (${winAnsi(line)}) Tj ET`);
    }
  }
  const objects: string[] = [];
  const add = (body: string) => objects.push(body) ; // object number = index + 1
  add('<< /Type /Catalog /Pages 2 0 R >>');
  add(''); // pages, filled below
  add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>');
  add(`<< /Title (${winAnsi(options.title)}) /Producer (Rempart) /CreationDate (D:${new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z) >>`);
  const pageNumbers: number[] = [];
  pages.forEach((lines, index) => {
    const footer = `BT /F1 8 Tf ${MARGIN} ${MARGIN / 2} Td (${winAnsi(`${options.title} — page ${index + 1}/${pages.length}`)}) Tj ET`;
    const stream = [...lines, footer].join('\n');
    add(`<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`);
    add(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE_WIDTH} ${PAGE_HEIGHT}] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents ${objects.length} 0 R >>`);
    pageNumbers.push(objects.length);
  });
  objects[1] = `<< /Type /Pages /Kids [${pageNumbers.map((number) => `${number} 0 R`).join(' ')}] /Count ${pageNumbers.length} >>`;
  let pdf = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    offsets.push(Buffer.byteLength(pdf, 'latin1'));
    pdf += `${index + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(pdf, 'latin1');
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 5 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { DocumentRejected, type ParsedDocument, type ParseOptions, type TextBlock } from '../parsed-document.ts';
import { htmlToBlocks } from './html.ts';
import { decodeXmlText, extractArchiveEntries, listArchiveEntries } from './zip-archive.ts';

/** DOCX through mammoth (headings kept as h1–h6), after the archive passed the zip limits. */
export async function parseDocx(bytes: Uint8Array, options: ParseOptions): Promise<ParsedDocument> {
  listArchiveEntries(bytes, options.limits);
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ buffer: Buffer.from(bytes) })).value;
  } catch {
    throw new DocumentRejected('CORRUPT_FILE', 'This Word document cannot be read: the file is damaged.');
  }
  return { blocks: htmlToBlocks(html).blocks };
}

const SLIDE_ENTRY = /^ppt\/slides\/slide(\d+)\.xml$/;

/** PPTX: one page per slide, its first paragraph as heading (the title placeholder comes first). */
export function parsePptx(bytes: Uint8Array, options: ParseOptions): ParsedDocument {
  const slideCount = listArchiveEntries(bytes, options.limits).filter((name) => SLIDE_ENTRY.test(name)).length;
  if (slideCount > options.limits.maxPages) {
    throw new DocumentRejected('TOO_MANY_PAGES', `This presentation has ${slideCount} slides; the limit is ${options.limits.maxPages}.`);
  }
  const entries = extractArchiveEntries(bytes, (name) => SLIDE_ENTRY.test(name), options.limits);
  const slides = Object.entries(entries)
    .map(([name, content]) => ({ number: Number(SLIDE_ENTRY.exec(name)![1]), xml: new TextDecoder().decode(content) }))
    .sort((a, b) => a.number - b.number);
  const blocks: TextBlock[] = [];
  slides.forEach((slide, index) => {
    const paragraphs = [...slide.xml.matchAll(/<a:p\b[^>]*>([\s\S]*?)<\/a:p>/g)]
      .map((match) => [...match[1]!.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((run) => decodeXmlText(run[1]!)).join(''))
      .map((line) => line.trim())
      .filter(Boolean);
    if (paragraphs.length > 0) blocks.push({ text: paragraphs.join('\n'), page: index + 1, heading: paragraphs[0] });
    options.onProgress?.(index + 1, slides.length);
  });
  return { blocks, pageCount: slides.length };
}

/** XLSX: one page per sheet (heading = its name), one line per row, cells separated by " | ". */
export async function parseXlsx(bytes: Uint8Array, options: ParseOptions): Promise<ParsedDocument> {
  listArchiveEntries(bytes, options.limits);
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs' load() is typed for its own Buffer flavour; a Node Buffer is what it reads.
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch {
    throw new DocumentRejected('CORRUPT_FILE', 'This spreadsheet cannot be read: the file is damaged.');
  }
  if (workbook.worksheets.length > options.limits.maxPages) {
    throw new DocumentRejected('TOO_MANY_PAGES', `This workbook has ${workbook.worksheets.length} sheets; the limit is ${options.limits.maxPages}.`);
  }
  const blocks: TextBlock[] = [];
  workbook.worksheets.forEach((sheet, index) => {
    const lines: string[] = [];
    sheet.eachRow((row) => {
      const cells: string[] = [];
      row.eachCell((cell) => {
        const text = cell.text?.trim();
        if (text) cells.push(text);
      });
      if (cells.length > 0) lines.push(cells.join(' | '));
    });
    if (lines.length > 0) blocks.push({ text: lines.join('\n'), page: index + 1, heading: sheet.name });
  });
  return { blocks, pageCount: workbook.worksheets.length };
}

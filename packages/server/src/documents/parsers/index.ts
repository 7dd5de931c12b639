/**
 * From an uploaded file to text blocks: the format is decided from the bytes first (magic
 * numbers, the parts inside an Office archive), the name and media type only for text
 * formats, which have no signature. Every failure is a DocumentRejected with a stable code.
 */
import { DocumentRejected, type DocumentFormat, type ParsedDocument, type ParseOptions } from '../parsed-document.ts';
import { parseDocx, parsePptx, parseXlsx } from './office.ts';
import { htmlToBlocks } from './html.ts';
import { inspectPdf, parsePdf } from './pdf.ts';
import { decodeText, parseEmail, parseMarkdown, parsePlainText } from './text-formats.ts';
import { listArchiveEntries } from './zip-archive.ts';

const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46]; // %PDF
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04]; // PK\3\4
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0]; // legacy Office, and password-protected OOXML

const EXTENSION_FORMATS: Record<string, DocumentFormat> = {
  md: 'markdown',
  markdown: 'markdown',
  html: 'html',
  htm: 'html',
  xhtml: 'html',
  eml: 'eml',
  txt: 'text',
  text: 'text',
  csv: 'text',
  log: 'text',
};

const MEDIA_TYPE_FORMATS: Record<string, DocumentFormat> = {
  'text/markdown': 'markdown',
  'text/html': 'html',
  'application/xhtml+xml': 'html',
  'message/rfc822': 'eml',
  'text/plain': 'text',
  'text/csv': 'text',
};

export const FORMAT_MEDIA_TYPES: Record<DocumentFormat, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  html: 'text/html; charset=utf-8',
  markdown: 'text/markdown; charset=utf-8',
  text: 'text/plain; charset=utf-8',
  eml: 'message/rfc822',
};

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((byte, index) => bytes[index] === byte);
}

function containsUtf16(bytes: Uint8Array, word: string): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(Buffer.from(word, 'utf16le'));
}

export function detectFormat(bytes: Uint8Array, fileName: string | undefined, mediaType: string | undefined, parseOptions: ParseOptions): DocumentFormat {
  if (bytes.byteLength === 0) throw new DocumentRejected('EMPTY_DOCUMENT', 'The file is empty.');
  if (startsWith(bytes, PDF_MAGIC)) return 'pdf';
  if (startsWith(bytes, ZIP_MAGIC)) {
    const entries = listArchiveEntries(bytes, parseOptions.limits);
    if (entries.includes('word/document.xml')) return 'docx';
    if (entries.includes('ppt/presentation.xml')) return 'pptx';
    if (entries.includes('xl/workbook.xml')) return 'xlsx';
    throw new DocumentRejected('UNSUPPORTED_FORMAT', 'This zip archive is not a Word, PowerPoint or Excel file. Upload the documents it contains one by one.');
  }
  if (startsWith(bytes, OLE_MAGIC)) {
    if (containsUtf16(bytes, 'EncryptionInfo') || containsUtf16(bytes, 'EncryptedPackage')) {
      throw new DocumentRejected('ENCRYPTED_FILE', 'This Office file is password-protected. Remove the password (File › Info › Protect) and upload it again.');
    }
    throw new DocumentRejected('UNSUPPORTED_FORMAT', 'Legacy Office files (.doc, .xls, .ppt) are not supported: save it as .docx, .xlsx or .pptx.');
  }
  const extension = fileName?.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1];
  const byExtension = extension ? EXTENSION_FORMATS[extension] : undefined;
  const byMediaType = mediaType ? MEDIA_TYPE_FORMATS[mediaType.split(';')[0]!.trim().toLowerCase()] : undefined;
  const declared = byExtension ?? byMediaType;
  if (declared) return declared;
  if (extension && /^(pdf|docx|pptx|xlsx)$/.test(extension)) {
    throw new DocumentRejected('CORRUPT_FILE', `This file is named .${extension} but is not a valid ${extension.toUpperCase()} file.`);
  }
  // No name or type to go by: text if it decodes as text (decodeText refuses binary).
  decodeText(bytes.subarray(0, 4096));
  if (extension) {
    throw new DocumentRejected('UNSUPPORTED_FORMAT', `.${extension} files are not supported. Supported: PDF, DOCX, PPTX, XLSX, HTML, Markdown, plain text, e-mail (.eml).`);
  }
  return 'text';
}

export async function parseDocument(bytes: Uint8Array, format: DocumentFormat, options: ParseOptions): Promise<ParsedDocument> {
  if (bytes.byteLength > options.limits.maxFileBytes) {
    throw new DocumentRejected('FILE_TOO_LARGE', `The file is larger than ${Math.round(options.limits.maxFileBytes / 1048576)} MB.`);
  }
  switch (format) {
    case 'pdf':
      return parsePdf(bytes, options);
    case 'docx':
      return parseDocx(bytes, options);
    case 'pptx':
      return parsePptx(bytes, options);
    case 'xlsx':
      return parseXlsx(bytes, options);
    case 'html':
      return htmlToBlocks(decodeText(bytes));
    case 'markdown':
      return parseMarkdown(bytes);
    case 'text':
      return parsePlainText(bytes);
    case 'eml':
      return parseEmail(bytes);
  }
}

/**
 * What can be decided while the uploader waits (format, size, damage, password, pages of a
 * PDF, zip limits of an Office file), so that such files get an immediate error instead of a
 * failed status later. Returns the format and, for PDFs, the page count.
 */
export async function preflightDocument(
  bytes: Uint8Array,
  fileName: string | undefined,
  mediaType: string | undefined,
  options: ParseOptions,
): Promise<{ format: DocumentFormat; pageCount?: number }> {
  if (bytes.byteLength > options.limits.maxFileBytes) {
    throw new DocumentRejected('FILE_TOO_LARGE', `The file is larger than ${Math.round(options.limits.maxFileBytes / 1048576)} MB.`);
  }
  const format = detectFormat(bytes, fileName, mediaType, options);
  if (format === 'pdf') return { format, pageCount: (await inspectPdf(bytes, options)).pageCount };
  return { format };
}

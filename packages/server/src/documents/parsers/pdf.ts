import { getDocumentProxy } from 'unpdf';
import { DocumentRejected, type ParsedDocument, type ParseOptions, type TextBlock } from '../parsed-document.ts';

/** PDF text, page by page (pdf.js through unpdf); encrypted and malformed files are rejected by name. */
export async function parsePdf(bytes: Uint8Array, options: ParseOptions): Promise<ParsedDocument> {
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // pdf.js takes ownership of (detaches) the buffer it is given: hand it a copy.
    pdf = await getDocumentProxy(new Uint8Array(bytes), { isEvalSupported: false, stopAtErrors: false });
  } catch (error) {
    throw pdfRejection(error);
  }
  try {
    const pageCount = pdf.numPages;
    if (pageCount > options.limits.maxPages) {
      throw new DocumentRejected('TOO_MANY_PAGES', `This PDF has ${pageCount} pages; the limit is ${options.limits.maxPages}. Split it and upload the parts.`);
    }
    const blocks: TextBlock[] = [];
    for (let pageNumber = 1; pageNumber <= pageCount; pageNumber++) {
      const page = await pdf.getPage(pageNumber);
      const content = await page.getTextContent();
      let text = '';
      for (const item of content.items) {
        if (!('str' in item)) continue;
        text += item.str;
        if (item.hasEOL) text += '\n';
        else if (item.str && !item.str.endsWith(' ')) text += ' ';
      }
      page.cleanup();
      const cleaned = text.replace(/[ \t]+\n/g, '\n').replace(/ {2,}/g, ' ').trim();
      if (cleaned) blocks.push({ text: cleaned, page: pageNumber });
      options.onProgress?.(pageNumber, pageCount);
    }
    return { blocks, pageCount };
  } catch (error) {
    if (error instanceof DocumentRejected) throw error;
    throw pdfRejection(error);
  } finally {
    await pdf.destroy();
  }
}

function pdfRejection(error: unknown): DocumentRejected {
  const name = (error as { name?: string } | null)?.name;
  if (name === 'PasswordException') {
    return new DocumentRejected('ENCRYPTED_FILE', 'This PDF is password-protected. Remove the password (or upload an unprotected copy) and try again.');
  }
  return new DocumentRejected('CORRUPT_FILE', 'This PDF cannot be read: the file is damaged or not really a PDF.');
}

/** Opens the PDF without reading its pages: password, damage and page count are known at upload time. */
export async function inspectPdf(bytes: Uint8Array, options: ParseOptions): Promise<{ pageCount: number }> {
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    pdf = await getDocumentProxy(new Uint8Array(bytes), { isEvalSupported: false });
  } catch (error) {
    throw pdfRejection(error);
  }
  try {
    if (pdf.numPages > options.limits.maxPages) {
      throw new DocumentRejected('TOO_MANY_PAGES', `This PDF has ${pdf.numPages} pages; the limit is ${options.limits.maxPages}. Split it and upload the parts.`);
    }
    return { pageCount: pdf.numPages };
  } finally {
    await pdf.destroy();
  }
}

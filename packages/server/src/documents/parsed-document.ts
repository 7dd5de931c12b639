/**
 * What every format parser produces: the document's text as blocks, each with the page it is
 * on (PDF pages, slides, sheets) and the heading it falls under, so that chunks can be cited
 * ("Rapport annuel, p. 12, § Budget"). Plus the rejections a file can meet, each with a
 * stable code the API turns into a problem+json error.
 */
export const DOCUMENT_FORMATS = ['pdf', 'docx', 'pptx', 'xlsx', 'html', 'markdown', 'text', 'eml'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

export interface TextBlock {
  text: string;
  /** 1-based page, slide or sheet number; absent for formats without pages. */
  page?: number;
  /** The nearest heading above the block (section title, slide title, sheet name, subject). */
  heading?: string;
}

export interface ParsedDocument {
  blocks: TextBlock[];
  /** Pages (PDF), slides (PPTX) or sheets (XLSX); absent otherwise. */
  pageCount?: number;
  /** A title found in the file itself (HTML <title>, e-mail subject, first Markdown heading). */
  title?: string;
}

export type RejectionCode =
  | 'UNSUPPORTED_FORMAT'
  | 'CORRUPT_FILE'
  | 'ENCRYPTED_FILE'
  | 'FILE_TOO_LARGE'
  | 'TOO_MANY_PAGES'
  | 'ARCHIVE_LIMIT_EXCEEDED'
  | 'EMPTY_DOCUMENT';

/** A file we will not index, and why, in a sentence the uploader can act on. */
export class DocumentRejected extends Error {
  readonly code: RejectionCode;
  constructor(code: RejectionCode, detail: string) {
    super(detail);
    this.name = 'DocumentRejected';
    this.code = code;
  }
}

export interface IngestionLimits {
  /** Largest file accepted. Default 50 MB. */
  maxFileBytes: number;
  /** Most pages (PDF pages, slides, sheets). Default 2,000. */
  maxPages: number;
  /** Office files are zip archives: most bytes once decompressed. Default 200 MB. */
  maxUncompressedBytes: number;
  /** Office files: largest decompressed / compressed ratio, for the whole archive. Default 100. */
  maxCompressionRatio: number;
  /** Office files: most entries in the archive. Default 10,000. */
  maxArchiveEntries: number;
}

export const DEFAULT_INGESTION_LIMITS: IngestionLimits = {
  maxFileBytes: 50 * 1024 * 1024,
  maxPages: 2000,
  maxUncompressedBytes: 200 * 1024 * 1024,
  maxCompressionRatio: 100,
  maxArchiveEntries: 10_000,
};

export interface ParseOptions {
  limits: IngestionLimits;
  /** Progress for long files (pages done, pages in all). */
  onProgress?: (pagesProcessed: number, pagesTotal: number) => void;
}

import { unzipSync, type Unzipped } from 'fflate';
import { DocumentRejected, type IngestionLimits } from '../parsed-document.ts';

/**
 * Office files (docx, pptx, xlsx) are zip archives: the entry list is checked against the
 * limits BEFORE anything is decompressed (zip bombs), then only the wanted entries are
 * inflated and their real sizes checked again (a lying header cannot get past the total).
 */
export function listArchiveEntries(bytes: Uint8Array, limits: IngestionLimits): string[] {
  const names: string[] = [];
  let declaredTotal = 0;
  try {
    unzipSync(bytes, {
      filter(file) {
        names.push(file.name);
        declaredTotal += file.originalSize;
        checkArchiveTotals(names.length, declaredTotal, bytes.byteLength, limits);
        return false; // listing only
      },
    });
  } catch (error) {
    if (error instanceof DocumentRejected) throw error;
    throw new DocumentRejected('CORRUPT_FILE', 'This file cannot be read: the Office archive is damaged.');
  }
  return names;
}

export function extractArchiveEntries(bytes: Uint8Array, wanted: (name: string) => boolean, limits: IngestionLimits): Unzipped {
  let entries: Unzipped;
  try {
    entries = unzipSync(bytes, { filter: (file) => wanted(file.name) });
  } catch {
    throw new DocumentRejected('CORRUPT_FILE', 'This file cannot be read: the Office archive is damaged.');
  }
  let realTotal = 0;
  for (const content of Object.values(entries)) realTotal += content.byteLength;
  checkArchiveTotals(Object.keys(entries).length, realTotal, bytes.byteLength, limits);
  return entries;
}

function checkArchiveTotals(entryCount: number, uncompressedBytes: number, archiveBytes: number, limits: IngestionLimits): void {
  if (entryCount > limits.maxArchiveEntries) {
    throw new DocumentRejected('ARCHIVE_LIMIT_EXCEEDED', `This file holds more than ${limits.maxArchiveEntries} parts; it is refused as a possible zip bomb.`);
  }
  if (uncompressedBytes > limits.maxUncompressedBytes) {
    throw new DocumentRejected(
      'ARCHIVE_LIMIT_EXCEEDED',
      `This file would decompress to more than ${Math.round(limits.maxUncompressedBytes / 1048576)} MB; it is refused as a possible zip bomb.`,
    );
  }
  // The ratio only means something once there is enough data to judge (tiny files compress well).
  if (uncompressedBytes > 1048576 && uncompressedBytes / Math.max(archiveBytes, 1) > limits.maxCompressionRatio) {
    throw new DocumentRejected(
      'ARCHIVE_LIMIT_EXCEEDED',
      `This file decompresses to more than ${limits.maxCompressionRatio} times its size; it is refused as a possible zip bomb.`,
    );
  }
}

/** Entities of Office XML text runs. */
export function decodeXmlText(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, entity: string) => {
    switch (entity) {
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'amp':
        return '&';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
      default:
        return String.fromCodePoint(entity.startsWith('#x') ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10));
    }
  });
}

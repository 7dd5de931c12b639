import type { TextBlock } from './parsed-document.ts';

export interface Chunk {
  position: number;
  text: string;
  page?: number;
  heading?: string;
}

export interface ChunkingOptions {
  /** A chunk grows up to this many characters (paragraphs are kept whole when they fit). Default 1,200. */
  maxChars: number;
}

const DEFAULT_CHUNKING: ChunkingOptions = { maxChars: 1200 };

/**
 * Blocks → passages of at most maxChars, cut at paragraph, then sentence, then word
 * boundaries; never across a page or a heading, so every passage cites one place.
 */
export function chunkBlocks(blocks: readonly TextBlock[], options: ChunkingOptions = DEFAULT_CHUNKING): Chunk[] {
  const chunks: Chunk[] = [];
  for (const block of blocks) {
    for (const text of splitText(block.text, options.maxChars)) {
      chunks.push({
        position: chunks.length,
        text,
        ...(block.page !== undefined ? { page: block.page } : {}),
        ...(block.heading ? { heading: block.heading } : {}),
      });
    }
  }
  return chunks;
}

function splitText(text: string, maxChars: number): string[] {
  const pieces: string[] = [];
  let current = '';
  const push = (): void => {
    const trimmed = current.trim();
    if (trimmed) pieces.push(trimmed);
    current = '';
  };
  for (const unit of units(text, maxChars)) {
    if (current && current.length + unit.length + 1 > maxChars) push();
    current = current ? `${current}${unit.startsWith('\n') ? '' : ' '}${unit}` : unit;
  }
  push();
  return pieces;
}

/** Paragraphs that fit; longer ones as sentences; longer sentences as word runs. */
function* units(text: string, maxChars: number): Generator<string> {
  for (const paragraph of text.split(/\n\s*\n/)) {
    const trimmed = paragraph.trim();
    if (!trimmed) continue;
    if (trimmed.length <= maxChars) {
      yield trimmed;
      continue;
    }
    for (const sentence of trimmed.split(/(?<=[.!?…])\s+/)) {
      if (sentence.length <= maxChars) {
        yield sentence;
        continue;
      }
      let run = '';
      for (const word of sentence.split(/\s+/)) {
        if (run && run.length + word.length + 1 > maxChars) {
          yield run;
          run = '';
        }
        run = run ? `${run} ${word}` : word.slice(0, maxChars);
      }
      if (run) yield run;
    }
  }
}

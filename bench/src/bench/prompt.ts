/**
 * The benchmark's "2 KB French business prompt": consecutive documents of the generated French
 * corpus (so it carries names, IBANs, NIRs, phones… like a real prompt), joined until 2,048
 * UTF-8 bytes and cut at the last line break or space before that size.
 */
import { generateCorpus, DEFAULT_CORPUS_OPTIONS } from '../corpus/generate.ts';

export const PROMPT_BYTES = 2048;

export function frenchBusinessPrompt(bytes = PROMPT_BYTES): string {
  const docs = generateCorpus(DEFAULT_CORPUS_OPTIONS);
  const encoder = new TextEncoder();
  let text = 'Peux-tu résumer ces échanges et préparer une réponse au client ?\n\n';
  for (const d of docs) {
    if (encoder.encode(text).length >= bytes) break;
    text += d.text + '\n\n';
  }
  // Cut to at most `bytes` bytes, at a whitespace boundary.
  while (encoder.encode(text).length > bytes) text = text.slice(0, text.length - 1);
  const cut = Math.max(text.lastIndexOf('\n'), text.lastIndexOf(' '));
  return cut > 0 ? text.slice(0, cut) : text;
}

/** All corpus documents, for the throughput run. */
export function throughputTexts(): string[] {
  return generateCorpus(DEFAULT_CORPUS_OPTIONS).map((d) => d.text);
}

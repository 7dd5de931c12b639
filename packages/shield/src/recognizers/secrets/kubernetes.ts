/**
 * Kubernetes `kind: Secret` manifests: the base64 values under `data:` are the secrets
 * (base64 is an encoding, not a protection). Each YAML document is examined on its own.
 */
import type { DetectedEntity, Recognizer } from '../../types.ts';
import { isPlaceholder } from './entropy.ts';

const KIND_SECRET = /^[ \t]*kind:[ \t]*["']?secret["']?[ \t]*$/im;
const DATA_HEADER = /^([ \t]*)(?:data|stringData):[ \t]*$/gm;
/** `key: value`, value optionally quoted, or a block scalar (`|`, `>`) on the next line. */
const DATA_ENTRY = /^([ \t]*)([\w.-]+):[ \t]*(?:([|>][-+]?)[ \t]*\r?\n[ \t]*)?["']?([A-Za-z0-9+/]{6,}={0,2})["']?[ \t]*$/gm;

export const kubernetesSecretRecognizer: Recognizer = {
  name: 'secret/kubernetes-secret-yaml',
  entityTypes: ['SECRET'],
  keywords: ['secret'],
  find(input) {
    const found: DetectedEntity[] = [];
    const text = input.text;
    for (const [offset, doc] of yamlDocuments(text)) {
      if (!KIND_SECRET.test(doc)) continue;
      DATA_HEADER.lastIndex = 0;
      for (const header of doc.matchAll(DATA_HEADER)) {
        const indent = header[1]!.replace(/\t/g, '    ').length;
        const blockStart = header.index + header[0].length + 1;
        // The block ends at the first non-blank, non-comment line indented no deeper than `data:`.
        let blockEnd = doc.length;
        for (const line of doc.slice(blockStart).matchAll(/^([ \t]*)(\S.*)$/gm)) {
          if (line[2]!.startsWith('#')) continue;
          if (line[1]!.replace(/\t/g, '    ').length <= indent) {
            blockEnd = blockStart + line.index;
            break;
          }
        }
        const block = doc.slice(blockStart, blockEnd);
        DATA_ENTRY.lastIndex = 0;
        for (const entry of block.matchAll(DATA_ENTRY)) {
          const value = entry[4]!;
          if (isPlaceholder(value)) continue;
          const start = offset + blockStart + entry.index + entry[0].lastIndexOf(value);
          found.push({
            type: 'SECRET',
            subtype: 'kubernetes-secret-yaml',
            start,
            end: start + value.length,
            score: 0.85,
            text: value,
            recognizer: 'secret/kubernetes-secret-yaml',
          });
        }
      }
    }
    return found;
  },
};

/** `[offset, document]` pairs, split on `---` separator lines. */
function yamlDocuments(text: string): [number, string][] {
  const docs: [number, string][] = [];
  let from = 0;
  for (const separator of text.matchAll(/^---[ \t]*$/gm)) {
    docs.push([from, text.slice(from, separator.index)]);
    from = separator.index + separator[0].length;
  }
  docs.push([from, text.slice(from)]);
  return docs;
}

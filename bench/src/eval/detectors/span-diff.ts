/**
 * Recovers character spans from a peer that only returns redacted text. The peer is configured
 * to replace each kind of finding by a distinct token that cannot occur in the input (Unicode
 * private-use characters, or a fixed word when the peer does not let us choose); the redacted
 * text is then a sequence literal, token, literal, …, and each token stands for the original
 * characters between the literals around it. Literals are located left to right, trying every
 * occurrence (with memoisation) until the whole text aligns, so a literal that also occurs
 * inside a redacted value does not derail the alignment.
 * Limits: two tokens with nothing between them cannot be separated; they come back as one span
 * labelled with the first token (counted in `mergedAdjacent`).
 */
export interface RecoveredSpan {
  start: number;
  end: number;
  label: string;
}

export interface DiffResult {
  spans: RecoveredSpan[];
  aligned: boolean;
  mergedAdjacent: number;
}

interface Segment {
  literal: string;
  /** label of the token group that FOLLOWS this literal (undefined after the last literal) */
  tokenLabel?: string;
}

export function spansFromRedaction(original: string, redacted: string, tokens: ReadonlyMap<string, string>): DiffResult {
  const tokenList = [...tokens.keys()].sort((a, b) => b.length - a.length);
  const segments: Segment[] = [];
  let literal = '';
  let mergedAdjacent = 0;
  let lastWasToken = false;
  for (let i = 0; i < redacted.length; ) {
    const token = tokenList.find((t) => redacted.startsWith(t, i));
    if (token === undefined) {
      literal += redacted[i];
      lastWasToken = false;
      i++;
      continue;
    }
    if (lastWasToken && literal === '') mergedAdjacent++;
    else segments.push({ literal, tokenLabel: tokens.get(token)! });
    literal = '';
    lastWasToken = true;
    i += token.length;
  }
  segments.push({ literal });

  const first = segments[0]!;
  const last = segments[segments.length - 1]!;
  if (!original.startsWith(first.literal)) return { spans: [], aligned: false, mergedAdjacent };
  if (segments.length === 1) return { spans: [], aligned: original === redacted, mergedAdjacent };
  if (!original.endsWith(last.literal)) return { spans: [], aligned: false, mergedAdjacent };
  const tailStart = original.length - last.literal.length;

  // align(k, pos): segments[k]'s token starts at `pos`; returns spans for tokens k.. or null.
  const failed = new Set<string>();
  const align = (k: number, pos: number): RecoveredSpan[] | null => {
    const label = segments[k]!.tokenLabel!;
    const next = segments[k + 1]!;
    if (k + 1 === segments.length - 1) {
      return tailStart > pos ? [{ start: pos, end: tailStart, label }] : null;
    }
    const key = `${k}:${pos}`;
    if (failed.has(key)) return null;
    // A replaced value is at least one character long.
    for (let at = original.indexOf(next.literal, pos + 1); at >= 0 && at < tailStart; at = original.indexOf(next.literal, at + 1)) {
      if (next.literal === '') break;
      const rest = align(k + 1, at + next.literal.length);
      if (rest) return [{ start: pos, end: at, label }, ...rest];
    }
    failed.add(key);
    return null;
  };
  const spans = align(0, first.literal.length);
  return spans ? { spans, aligned: true, mergedAdjacent } : { spans: [], aligned: false, mergedAdjacent };
}

/**
 * Value checks shared by every secret rule: Shannon entropy (random tokens score high,
 * words and repeated characters low) and placeholder detection (`xxxx`, `<your-key>`,
 * `${VAR}`, published example values), so documentation and templates do not raise alarms.
 */

/** Shannon entropy in bits per character. */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<number, number>();
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

/**
 * Values published by vendors in their documentation (AWS, Firebase samples) and
 * widely-shipped public demo keys: real format, no secrecy.
 */
const PUBLISHED_EXAMPLES = new Set([
  'AKIAIOSFODNN7EXAMPLE',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'AIzaSyabcdefghijklmnopqrstuvwxyz1234567',
  'AIzaSyAnLA7NfeLquW1tJFpx_eQCxoX-oo6YyIs',
  'AIzaSyCkEhVjf3pduRDt6d1yKOMitrUEke8agEM',
  'AIzaSyDMAScliyLx7F0NPDEJi1QmyCgHIAODrlU',
  'AIzaSyD3asb-2pEZVqMkmL6M9N6nHZRR_znhrh0',
  'AIzayDNSXIbFmlXbIE6mCzDLQAqITYefhixbX4A',
  'AIzaSyAdOS2zB6NCsk1pCdZ4-P6GBdi_UUPwX7c',
  'AIzaSyASWm6HmTMdYWpgMnjRBjxcQ9CKctWmLd4',
  'AIzaSyANUvH9H9BsUccjsu2pCmEkOPjjaXeDQgY',
  'AIzaSyA5_iVawFQ8ABuTZNUdcwERLJv_a_p4wtM',
  'AIzaSyA4UrcGxgwQFTfaI3no3t7Lt1sjmdnP5sQ',
  'AIzaSyDSb51JiIcB6OJpwwMicseKRhhrOq1cS7g',
  'AIzaSyBF2RrAIm4a0mO64EShQfqfd2AFnzAvvuU',
  'AIzaSyBcE-OOIbhjyR83gm4r2MFCu4MJmprNXsw',
  'AIzaSyB8qGxt4ec15vitgn44duC5ucxaOi4FmqE',
  'AIzaSyA8vmApnrHNFE0bApF4hoZ11srVL_n0nvY',
  '6fe4476ee5a1832882e326b506d14126',
  '014df517-39d1-4453-b7b3-9930c563627c',
]);

export function isPublishedExample(value: string): boolean {
  return PUBLISHED_EXAMPLES.has(value);
}

/** Template and documentation markers that never stand for a real value. */
const TEMPLATE_MARKERS =
  /^\$\{|^\$\(|^\$[A-Za-z_]|^%[A-Za-z_][\w]*%$|\{\{|<[^>]*>|^\[[^\]]*\]$|x{5,}|X{5,}|\*{3,}|\.{3,}|#{4,}|EXAMPLE|your[_-]?(?:api|secret|token|key|password|pass)|(?:^|[_-])(?:placeholder|redacted)(?:$|[_-])/i;

/**
 * True for values that are obviously not a real secret: template references, masks,
 * a single repeated character, published examples.
 */
export function isPlaceholder(value: string): boolean {
  if (value.length === 0) return true;
  if (isPublishedExample(value)) return true;
  if (TEMPLATE_MARKERS.test(value)) return true;
  // Keyboard-order filler (abcdefgh…, as in `sk_abcdefghijklmnop123`).
  if (/abcdefgh|bcdefghi|cdefghij|qwertyui/i.test(value)) return true;
  // One character repeated (ignoring separators): 000000, aaaa-aaaa.
  const core = value.replace(/[-_.:/=+]/g, '');
  if (core.length > 0 && /^(.)\1*$/.test(core)) return true;
  return false;
}

/**
 * The part after a fixed vendor prefix carries the randomness; measuring entropy on it
 * avoids crediting the prefix (`ghp_`, `xoxb-`) with bits it does not have.
 */
export function bodyAfterPrefix(value: string, prefixLength: number): string {
  return prefixLength > 0 && prefixLength < value.length ? value.slice(prefixLength) : value;
}

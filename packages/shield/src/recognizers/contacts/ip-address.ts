/**
 * IPv4 (each octet 0–255) and IPv6 (full, compressed "::", IPv4-embedded, zone id "%eth0").
 * IPv6 candidates are runs of hex digits, colons and dots checked by a small parser rather than
 * one giant regex. Decisions:
 *  - a dotted quad right after "version"/"v"/"build" is a version number, not an address;
 *  - the unspecified address "::" alone and digit-less forms ("a::b", C++ "std::x") are not
 *    reported;
 *  - a candidate glued to letters ("IP192.168.1.1text") is not an address;
 *  - a quad followed by a fifth dotted group keeps a low score (phone numbers like
 *    "+33 7.83.19.66.04" are dotted too).
 */
import type { DetectedEntity, Recognizer } from '../../types.ts';
import { hasNearbyWord } from '../identifiers/context.ts';
import { isWordChar } from '../../keyword-index.ts';

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`(?<![\\w.])(?:${OCTET}\\.){3}${OCTET}(?![\\w])`, 'g');
const IPV4_EXACT = new RegExp(`^(?:${OCTET}\\.){3}${OCTET}$`);
// Two colons within the first groups, so "12:30" or "80:443" never start a candidate.
const IPV6_CANDIDATE = /(?<![\w:.])(?=[0-9A-Fa-f]{0,4}:[0-9A-Fa-f]{0,4}:)[0-9A-Fa-f:.]+(?:%[A-Za-z0-9_.-]+)?/g;
const VERSION_BEFORE = /(?:\bversion|\bver\.?|\bv|\bbuild|\brelease)\s*$/i;

const IP_CONTEXT = ['ip', 'ipv4', 'ipv6', 'adresse ip', 'ip address', 'serveur', 'server', 'host', 'hôte', 'gateway', 'passerelle', 'dns'];

function isHexGroup(group: string): boolean {
  return group.length >= 1 && group.length <= 4 && /^[0-9A-Fa-f]+$/.test(group);
}

/** Validates an IPv6 address without zone id. */
export function isValidIpv6(address: string): boolean {
  if (address.includes(':::')) return false;
  const halves = address.split('::');
  if (halves.length > 2) return false;
  const groups: string[] = [];
  for (const half of halves) if (half.length > 0) groups.push(...half.split(':'));
  let width = 0;
  for (let i = 0; i < groups.length; i++) {
    const group = groups[i]!;
    if (group.includes('.')) {
      // An embedded IPv4 address is only allowed as the last group and counts for two.
      if (i !== groups.length - 1 || !IPV4_EXACT.test(group)) return false;
      width += 2;
    } else if (isHexGroup(group)) width += 1;
    else return false;
  }
  return halves.length === 2 ? width <= 7 : width === 8;
}

function isHexCode(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102);
}

/**
 * IPV6_CANDIDATE needs two colons at most 4 hex digits apart. Its lookahead, tried at every
 * position of the text, costs more than the rest of the recognizer: prose (where ':' is common
 * but "a:b:" is not) skips it after this scan of the colons.
 */
function mayHoldIpv6(text: string): boolean {
  for (let colon = text.indexOf(':'); colon !== -1; colon = text.indexOf(':', colon + 1)) {
    for (let k = colon + 1; k <= colon + 5 && k < text.length; k++) {
      const code = text.charCodeAt(k);
      if (code === 58) return true;
      if (!isHexCode(code)) break;
    }
  }
  return false;
}

function isDigitAt(text: string, index: number): boolean {
  const c = text.charCodeAt(index);
  return c >= 48 && c <= 57;
}

export function isValidIpv4(address: string): boolean {
  return IPV4_EXACT.test(address);
}

function entity(
  input: { text: string; lowerText: string },
  start: number,
  end: number,
  subtype: string,
  baseScore = 0.8,
): DetectedEntity {
  const near = hasNearbyWord(input.lowerText, start, end, IP_CONTEXT);
  return {
    type: 'IP_ADDRESS',
    subtype,
    start,
    end,
    score: Math.min(1, baseScore + (near ? 0.15 : 0)),
    text: input.text.slice(start, end),
    recognizer: 'ip-address',
    validated: true,
  };
}

export const ipAddressRecognizer: Recognizer = {
  name: 'ip-address',
  entityTypes: ['IP_ADDRESS'],
  keywords: ['.', ':'],
  find(input) {
    const { text } = input;
    const found: DetectedEntity[] = [];
    IPV4.lastIndex = 0;
    for (const match of text.matchAll(IPV4)) {
      if (VERSION_BEFORE.test(text.slice(Math.max(0, match.index - 12), match.index))) continue;
      const end = match.index + match[0].length;
      // A fifth dotted group ("+33 7.83.19.66.04" is a phone number) makes the quad doubtful:
      // still reported, but a validated phone or identifier over the same digits wins.
      const moreGroups = text[end] === '.' && isDigitAt(text, end + 1);
      found.push(entity(input, match.index, end, 'ipv4', moreGroups ? 0.5 : 0.8));
    }
    if (!mayHoldIpv6(text)) return found;
    IPV6_CANDIDATE.lastIndex = 0;
    for (const match of text.matchAll(IPV6_CANDIDATE)) {
      let candidate = match[0];
      const zoneAt = candidate.indexOf('%');
      let address = zoneAt === -1 ? candidate : candidate.slice(0, zoneAt);
      if (zoneAt === -1) {
        // Sentence punctuation or a port separator after the address is not part of it.
        while (address.endsWith('.') || (address.endsWith(':') && !address.endsWith('::'))) address = address.slice(0, -1);
        candidate = address;
      }
      const end = match.index + candidate.length;
      if (isWordChar(text, end)) continue;
      if (!/\d/.test(address) || !isValidIpv6(address)) continue;
      found.push(entity(input, match.index, end, 'ipv6'));
    }
    return found;
  },
};

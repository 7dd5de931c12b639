import { describe, expect, it } from 'vitest';
import type { RecognizerInput } from '../../types.ts';
import { ipAddressRecognizer, isValidIpv6 } from './ip-address.ts';

const input = (text: string): RecognizerInput => ({ text, lowerText: text.toLowerCase(), language: 'en' });
const spans = (text: string) =>
  ipAddressRecognizer
    .find(input(text))
    .sort((a, b) => a.start - b.start)
    .map((e) => e.text);

describe('IPv6 parser', () => {
  it('accepts full, compressed and IPv4-embedded forms', () => {
    for (const ok of ['2001:db8:0:0:0:0:2:1', '2001:db8::1', '::1', 'fe80::1', '::ffff:192.0.2.1', '64:ff9b::192.0.2.1']) {
      expect(isValidIpv6(ok)).toBe(true);
    }
  });
  it('rejects double compression, long groups, too many groups and bad IPv4 tails', () => {
    for (const bad of ['2001::db8::1', '12345:db8::1', '1:2:3:4:5:6:7:8:9', '2001:db8::256.1.1.1', '1:2:3:4:5:6:7', 'gggg::1']) {
      expect(isValidIpv6(bad)).toBe(false);
    }
  });
});

describe('IP_ADDRESS recognizer', () => {
  it('finds IPv4 addresses with valid octets', () => {
    expect(spans('IPs: 192.168.1.1, 10.0.0.1 et (8.8.8.8).')).toEqual(['192.168.1.1', '10.0.0.1', '8.8.8.8']);
    expect(spans('256.1.1.1 192.168.1.256 192.168.1')).toEqual([]);
  });

  it('finds IPv6 addresses in brackets, with zone ids and before punctuation', () => {
    expect(spans('Connect to [2001:db8::1]:8080')).toEqual(['2001:db8::1']);
    expect(spans('fe80::1%eth0 et 2400:c401::5054:ff:fe1b:b031.')).toEqual(['fe80::1%eth0', '2400:c401::5054:ff:fe1b:b031']);
    expect(spans('::ffff:10.0.0.1').includes('::ffff:10.0.0.1')).toBe(true);
  });

  it('ignores look-alikes: MAC addresses, times, C++ scopes, glued text', () => {
    expect(spans('MAC aa:bb:cc:dd:ee:ff, 12:34:56, std::cout, a::b, IP192.168.1.1text, fe80::1text')).toEqual([]);
  });

  it('treats dotted quads after "version" as version numbers', () => {
    expect(spans('version 1.2.3.4 et v 10.0.0.1')).toEqual([]);
    expect(spans('serveur 1.2.3.4')).toEqual(['1.2.3.4']);
  });

  it('scores a quad followed by a fifth dotted group low', () => {
    const [quad] = ipAddressRecognizer.find(input('mon numéro est le +33 7.83.19.66.04'));
    expect(quad!.score).toBeLessThanOrEqual(0.5);
  });

  it('does not report the bare unspecified address "::"', () => {
    expect(spans('src=:: dst=::1')).toEqual(['::1']);
  });
});

/**
 * Keyed hashing for the `hash` operator: HMAC-SHA256, so the same value gives the same token
 * for one deployment (joins across documents still work) while nobody without the key can
 * test guesses against it. Pure JS (@noble/hashes): runs in browsers too.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/** Hex characters kept from the digest (40 bits: collisions negligible within a text). */
export const HASH_HEX_LENGTH = 10;

export type HashKey = string | Uint8Array;

export function hashKeyBytes(key: HashKey): Uint8Array {
  return typeof key === 'string' ? utf8ToBytes(key) : key;
}

/**
 * A reusable keyed hasher: the key schedule (inner/outer pads) is computed once; each call
 * clones that state, which is cheaper than re-keying.
 */
export function createKeyedHasher(key: HashKey): (message: string) => string {
  const keyed = hmac.create(sha256, hashKeyBytes(key));
  return (message) => bytesToHex(keyed.clone().update(utf8ToBytes(message)).digest()).slice(0, HASH_HEX_LENGTH);
}

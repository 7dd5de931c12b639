/**
 * The browser's own shield for the live preview: the organisation's policy when the user may
 * read it, else the default, plus what the server has already refused in this session.
 * Imported dynamically (the recognizers and their dictionaries are the bulk of the bundle).
 */
import { createShield, DEFAULT_POLICY, parsePolicy, policyUses, Vault, type Destination, type Policy, type ProtectResult } from '@rempart/shield';

/** What the chat needs from the shield: protect a text as a new conversation would. */
export interface PreviewShield {
  protect(text: string, destination: Destination | undefined): ProtectResult;
}

export interface ShieldBuild {
  shield?: PreviewShield;
  /** Set when the policy sent by the server could not be used (preview falls back to the default). */
  policyError?: string;
}

/** The `hash` action needs a key; the preview only needs *a* key, never the server's. */
function previewHashKey(): Uint8Array {
  const key = new Uint8Array(32);
  crypto.getRandomValues(key);
  return key;
}

/** A refusal the server explained: what it blocked, for which destination. */
export interface LearnedBlock {
  /** `IBAN`, `SPECIAL_CATEGORY:health`: a policy rule key. */
  type: string;
  destination?: Destination;
}

/**
 * A user without access to the organisation's policy previews with the shield's default; once
 * the server has refused a category, the preview marks it as blocked too, so the highlight
 * tells the truth from then on.
 */
export function withLearnedBlocks(policy: Policy, blocks: readonly LearnedBlock[]): Policy {
  if (blocks.length === 0) return policy;
  const next: Policy = structuredClone(policy); // DEFAULT_POLICY is frozen
  for (const block of blocks) {
    if (block.destination) {
      next.destinations = { ...next.destinations, [block.destination]: { ...next.destinations?.[block.destination], [block.type]: 'block' } };
    } else {
      next.rules = { ...next.rules, [block.type]: 'block' };
    }
  }
  return next;
}

export function buildPreviewShield(policyInput: unknown, learnedBlocks: readonly LearnedBlock[] = []): ShieldBuild {
  let policy: Policy = DEFAULT_POLICY;
  let policyError: string | undefined;
  if (policyInput !== undefined && policyInput !== null) {
    try {
      policy = parsePolicy(policyInput);
    } catch (error) {
      policyError = error instanceof Error ? error.message : String(error);
    }
  }
  try {
    policy = parsePolicy(withLearnedBlocks(policy, learnedBlocks));
  } catch {
    // A block key the shield does not know (newer server): preview without it.
  }
  try {
    const shield = createShield({ policy, hashKey: policyUses(policy, 'hash') ? previewHashKey() : undefined });
    // A fresh vault per call: numbering starts at 1 as in a new conversation, and the
    // placeholder language follows the policy, as on the server.
    return { shield: { protect: (text, destination) => shield.protect(text, { vault: new Vault(), destination }) }, policyError };
  } catch (error) {
    return { policyError: error instanceof Error ? error.message : String(error) };
  }
}


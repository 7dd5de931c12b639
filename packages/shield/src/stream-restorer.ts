/**
 * Restores placeholders in a streamed answer. Emits everything it can at once and holds back
 * only a tail that could still become a known placeholder (`<PERS`, `< P`, `<PERSONNE_1`
 * waiting for `>` or more digits), an incomplete UTF-8 sequence, and a lone high surrogate
 * (so every emitted piece is well-formed text the caller can re-encode). The tail is bounded
 * (a placeholder is short), so the work per chunk is proportional to the chunk: linear over
 * the stream. For any split of the same stream the output equals `restore()` of the whole.
 */
import type { Vault } from './vault.ts';
import { restoreUpTo, type RestoreOptions } from './restore.ts';

export interface StreamEnd {
  /** The rest of the restored text, including `dangling` when there is one. */
  text: string;
  /**
   * A held-back fragment that started like a placeholder but never completed. It is plain
   * model output (the model never saw real values), emitted as is in `text`; reported so a
   * caller may log it or fail the response.
   */
  dangling?: string;
}

export class StreamRestorer {
  private readonly vault: Vault;
  private readonly encodeValue: ((value: string) => string) | undefined;
  private readonly decoder = new TextDecoder('utf-8');
  /** Whether the decoder may hold an incomplete byte sequence. */
  private decodingBytes = false;
  private heldBack = '';
  private ended = false;

  constructor(vault: Vault, options: RestoreOptions = {}) {
    this.vault = vault;
    this.encodeValue = options.encodeValue;
  }

  /** Restored text safe to emit now (possibly empty). */
  push(chunk: string | Uint8Array): string {
    if (this.ended) throw new Error('StreamRestorer: push() after end()');
    let decoded: string;
    if (typeof chunk === 'string') {
      // A string after bytes: the bytes' incomplete tail can no longer complete.
      decoded = this.decodingBytes ? this.decoder.decode() + chunk : chunk;
      this.decodingBytes = false;
    } else {
      decoded = this.decoder.decode(chunk, { stream: true });
      this.decodingBytes = true;
    }
    if (decoded.length === 0) return '';
    const pending = this.heldBack.length > 0 ? this.heldBack + decoded : decoded;
    const progress = restoreUpTo(pending, this.vault, true, this.encodeValue);
    if (progress.heldFrom !== -1) {
      this.heldBack = pending.slice(progress.heldFrom);
      return progress.text;
    }
    const last = pending.charCodeAt(pending.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      // Its low half comes with the next chunk; `<` never precedes it, so it was copied as is.
      this.heldBack = pending.slice(-1);
      return progress.text.slice(0, -1);
    }
    this.heldBack = '';
    return progress.text;
  }

  /** Flushes everything; call once when the stream is over. */
  end(): StreamEnd {
    if (this.ended) return { text: '' };
    this.ended = true;
    const rest = this.decodingBytes ? this.decoder.decode() : '';
    const pending = this.heldBack + rest;
    this.heldBack = '';
    const progress = restoreUpTo(pending, this.vault, true, this.encodeValue);
    if (progress.heldFrom === -1) return { text: progress.text };
    const dangling = pending.slice(progress.heldFrom);
    return { text: progress.text + dangling, dangling };
  }
}

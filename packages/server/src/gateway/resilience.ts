/**
 * Retries on one provider: exponential backoff with full jitter on 429 / 5xx / network
 * errors / timeouts, honouring the provider's retry-after up to a bound (a longer wait is
 * not worth holding the client: the error, or a fallback, comes instead). Called only before
 * anything was sent to the client, so a started stream is never retried.
 */
import type { RetrySettings } from '../providers/config-schema.ts';
import { ProviderError } from '../providers/provider-error.ts';

export interface RetryOutcome<T> {
  result: T;
  attempts: number;
}

export async function withRetries<T>(
  settings: RetrySettings,
  signal: AbortSignal,
  attempt: () => Promise<T>,
  random: () => number = Math.random,
): Promise<RetryOutcome<T>> {
  for (let attemptNumber = 1; ; attemptNumber++) {
    try {
      return { result: await attempt(), attempts: attemptNumber };
    } catch (error) {
      if (!(error instanceof ProviderError) || !error.retryable || attemptNumber > settings.max || signal.aborted) {
        if (error instanceof ProviderError) (error as ProviderError & { attempts?: number }).attempts = attemptNumber;
        throw error;
      }
      if (error.retryAfterMs !== undefined && error.retryAfterMs > settings.maxRetryAfterMs) {
        (error as ProviderError & { attempts?: number }).attempts = attemptNumber;
        throw error;
      }
      await sleep(retryDelayMs(settings, attemptNumber, error.retryAfterMs, random), signal);
    }
  }
}

/** Delay before retry number `retryNumber` (1-based). */
export function retryDelayMs(settings: RetrySettings, retryNumber: number, retryAfterMs: number | undefined, random: () => number): number {
  const ceiling = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** (retryNumber - 1));
  const jittered = Math.floor(random() * ceiling);
  return retryAfterMs !== undefined ? Math.max(retryAfterMs, jittered) : jittered;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** How many attempts a failed call made (set by withRetries). */
export function attemptsOf(error: unknown): number {
  return (error as { attempts?: number }).attempts ?? 1;
}

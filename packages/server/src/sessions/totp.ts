/**
 * TOTP (RFC 6238: 30 s steps, 6 digits, SHA-1 — what every authenticator app speaks), with one
 * step of tolerance either side for clock drift. Replay is refused by the caller recording the
 * accepted step (CredentialStore.consumeTotpStep).
 */
import { authenticator } from 'otplib';

const STEP_SECONDS = 30;
const totp = authenticator.clone({ window: 1, step: STEP_SECONDS, digits: 6 });

export const TOTP_ISSUER = 'Rempart';

export function generateTotpSecret(): string {
  return totp.generateSecret(20); // 160 bits, RFC 4226's recommendation
}

export function totpUri(accountEmail: string, secret: string): string {
  return totp.keyuri(accountEmail, TOTP_ISSUER, secret);
}

/** The time step the code belongs to, or null when the code is wrong. */
export function matchTotp(code: string, secret: string, nowMs: number = Date.now()): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totp.checkDelta(code, secret);
  if (delta === null) return null;
  return Math.floor(nowMs / 1000 / STEP_SECONDS) + delta;
}

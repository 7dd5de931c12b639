/**
 * A one-line confirmation carried across an in-app navigation (a deleted document's title, shown
 * on the list the detail page returns to). Reading does not consume it (React may render twice);
 * it simply expires.
 */
const LIFETIME_MS = 5000;
let flash: { title: string; at: number } | undefined;

export function setFlash(title: string): void {
  flash = { title, at: Date.now() };
}

export function peekFlash(now = Date.now()): string | undefined {
  return flash && now - flash.at < LIFETIME_MS ? flash.title : undefined;
}

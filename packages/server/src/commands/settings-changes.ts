/**
 * Tells the in-memory copies of the administrators' settings (LiveSettings for /v1) that this
 * instance just changed them, so the change holds at once here instead of at the next periodic
 * refresh. Other instances pick it up on their own refresh (every 2 s by default).
 */
export class SettingsChanges {
  readonly #listeners = new Set<() => Promise<void>>();

  /** Returns the function that unsubscribes. */
  subscribe(listener: () => Promise<void>): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Awaited by the admin route, so its response means "applies to the next request". */
  async notify(): Promise<void> {
    await Promise.all([...this.#listeners].map((listener) => listener()));
  }
}

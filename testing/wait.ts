/** Waiting for a condition with a deadline and a message that says what was seen last. @module */

/** Options for {@linkcode waitFor}. */
export interface WaitOptions {
  /** How long to wait, in ms (default 10,000). */
  timeout?: number;
  /** How often to look, in ms (default 50). */
  interval?: number;
  /** What is awaited, for the error message ("the page's #sum to read 5"). */
  what?: string;
}

/**
 * Calls `read` until `accept` holds for its value, and resolves with that value. A `read` that
 * throws counts as not yet (a page that is reloading). On timeout it rejects with what it waited
 * for and the last value or error it saw.
 *
 * @example
 * ```ts ignore
 * const text = await waitFor(() => win.evalJs<string>("document.title"), (t) => t === "Ready", {
 *   what: "the title to say Ready",
 * });
 * ```
 */
export async function waitFor<T>(
  read: () => T | Promise<T>,
  accept: (value: T) => boolean = Boolean,
  options: WaitOptions = {},
): Promise<T> {
  const timeout = options.timeout ?? 10_000;
  const interval = options.interval ?? 50;
  const deadline = performance.now() + timeout;
  let last: { value: T } | { error: unknown } | undefined;
  for (;;) {
    try {
      const value = await read();
      last = { value };
      if (accept(value)) return value;
    } catch (error) {
      last = { error };
    }
    if (performance.now() >= deadline) break;
    await new Promise((r) => setTimeout(r, interval));
  }
  const seen = last === undefined
    ? "nothing"
    : "error" in last
    ? `an error: ${last.error instanceof Error ? last.error.message : String(last.error)}`
    : JSON.stringify(last.value) ?? String(last.value);
  throw new Error(
    `timed out after ${timeout} ms waiting for ${
      options.what ?? "the condition"
    }; last saw ${seen}`,
  );
}

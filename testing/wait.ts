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
 * Calls `read` until `accept` holds for its value (by default: until the value is truthy), and
 * resolves with that value. A `read` that throws counts as not yet (a page that is reloading). On
 * timeout it rejects with what it waited for and the last value or error it saw. When the value's
 * truthiness is the condition, the options can come second.
 *
 * @example
 * ```ts ignore
 * const text = await waitFor(() => win.evalJs<string>("document.title"), (t) => t === "Ready", {
 *   what: "the title to say Ready",
 * });
 * await waitFor(() => saved.length === 1, { what: "the save handler to run", timeout: 5000 });
 * ```
 */
export function waitFor<T>(
  read: () => T | Promise<T>,
  accept?: (value: T) => boolean,
  options?: WaitOptions,
): Promise<T>;
/** Waits until `read` returns a truthy value (see the other signature). */
export function waitFor<T>(read: () => T | Promise<T>, options: WaitOptions): Promise<T>;
export async function waitFor<T>(
  read: () => T | Promise<T>,
  acceptOrOptions?: ((value: T) => boolean) | WaitOptions,
  maybeOptions: WaitOptions = {},
): Promise<T> {
  if (typeof read !== "function") throw new TypeError("waitFor: `read` must be a function");
  let accept: (value: T) => boolean = Boolean;
  let options = maybeOptions;
  if (typeof acceptOrOptions === "function") accept = acceptOrOptions;
  else if (acceptOrOptions !== undefined && acceptOrOptions !== null) {
    if (typeof acceptOrOptions !== "object") {
      throw new TypeError(
        "waitFor: the second argument is a function (the condition) or the options " +
          "({ what, timeout, interval })",
      );
    }
    options = acceptOrOptions;
  }
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
  let seen = last === undefined
    ? "nothing"
    : "error" in last
    ? `an error: ${last.error instanceof Error ? last.error.message : String(last.error)}`
    : JSON.stringify(last.value) ?? String(last.value);
  // A large value (an image, a long list) would bury the message.
  if (seen.length > 500) seen = `${seen.slice(0, 500)}…`;
  throw new Error(
    `timed out after ${timeout} ms waiting for ${
      options.what ?? "the condition"
    }; last saw ${seen}`,
  );
}

/** Errors a command handler throws on purpose. @module */

/**
 * Throw this from a command handler to reject the page's `invoke` with
 * `message` (and `data`, available as `error.data` in the page).
 *
 * @example
 * ```ts
 * import { Commands, InvokeError } from "@panes/panes";
 *
 * const commands = new Commands().command("open", {}, () => {
 *   throw new InvokeError("no such file", { path: "/nope" }, "not-found");
 * });
 * // page: try { await panes.invoke("open") } catch (e) { e.code === "not-found" }
 * ```
 */
export class InvokeError extends Error {
  /** Extra data sent to the page. */
  readonly data: unknown;
  /** Error code the page sees (`error.code`). */
  readonly code: string;
  /** Makes the error; `code` defaults to `"command-error"`. */
  constructor(message: string, data?: unknown, code = "command-error") {
    super(message);
    this.name = "InvokeError";
    this.data = data;
    this.code = code;
  }
}

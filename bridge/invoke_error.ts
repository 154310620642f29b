/** Errors a command handler throws on purpose. @module */

/**
 * Throw this from a command handler to reject the page's `invoke` with
 * `message` (and `data`, available as `error.data` in the page).
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

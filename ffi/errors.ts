/** Turning libwebview's `webview_error_t` codes into thrown errors. @module */

/** `webview_error_t` values and their names in webview.h. */
const ERROR_NAMES: Record<number, string> = {
  [-5]: "WEBVIEW_ERROR_MISSING_DEPENDENCY",
  [-4]: "WEBVIEW_ERROR_CANCELED",
  [-3]: "WEBVIEW_ERROR_INVALID_STATE",
  [-2]: "WEBVIEW_ERROR_INVALID_ARGUMENT",
  [-1]: "WEBVIEW_ERROR_UNSPECIFIED",
  1: "WEBVIEW_ERROR_DUPLICATE",
  2: "WEBVIEW_ERROR_NOT_FOUND",
};

/** A libwebview call returned a non-zero `webview_error_t`. */
export class WebviewError extends Error {
  /** The `webview_error_t` value. */
  readonly code: number;
  /** The C function that failed. */
  readonly call: string;
  /** Makes the error for C function `call` returning `code`. */
  constructor(call: string, code: number) {
    super(`${call} failed with ${ERROR_NAMES[code] ?? "unknown error"} (${code})`);
    this.name = "WebviewError";
    this.code = code;
    this.call = call;
  }
}

/** Throws a {@linkcode WebviewError} naming `call` unless `code` is 0 (OK). */
export function check(call: string, code: number): void {
  if (code !== 0) throw new WebviewError(call, code);
}

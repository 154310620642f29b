/**
 * `evalJs` on the host side: how a script travels (one expression as a function literal, so a
 * page CSP without 'unsafe-eval' still runs it; statements as a string the page evals) and the
 * error a failing script rejects with.
 * @module
 */

/** `evalJs` failed in the page: carries the page's message and stack. */
export class PageEvalError extends Error {
  /** The stack as the page reported it. */
  readonly pageStack: string;
  /** Makes the error from the page's message, error name and stack. */
  constructor(message: string, name: string | undefined, pageStack: string) {
    super(message);
    this.name = name && name !== "Error" ? `PageEvalError(${name})` : "PageEvalError";
    this.pageStack = pageStack;
    this.stack = `${this.name}: ${message}\n    in the page:\n${pageStack}`;
  }
}

/** Options for `evalJs`. */
export interface EvalOptions {
  /** Reject after this many ms (default 10 000). */
  timeoutMs?: number;
}

const AsyncFunction = (async () => {}).constructor as new (
  ...src: string[]
) => (...a: unknown[]) => Promise<unknown>;

/**
 * Whether `script` parses as one expression, as statements, or not at all.
 * Only parsed here (the function is never called): the page runs it.
 */
export function scriptForm(script: string): "expression" | "statements" | SyntaxError {
  try {
    new AsyncFunction(`return (\n${script}\n);`);
    return "expression";
  } catch { /* not an expression */ }
  try {
    new AsyncFunction(script);
    return "statements";
  } catch (e) {
    return e instanceof SyntaxError ? e : new SyntaxError(String(e));
  }
}

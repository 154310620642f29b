/**
 * Waiting for the next event from a window or from the whole app, with a deadline and a message
 * that says what came instead.
 * @module
 */

/** Options of {@linkcode waitForEvent} (and {@linkcode TestWindow.waitForEvent}). */
export interface EventWaitOptions<T = unknown> {
  /** How long to wait, in ms (default 10,000). */
  timeout?: number;
  /** Only an event whose data passes this counts. */
  where?: (data: T) => boolean;
}

/**
 * What events can be awaited on: a window (`WindowHandle`: its page's events) or the app (`App`:
 * events from every window, and the app's own such as `window:hidden`).
 */
export interface EventSource {
  /** Listens for `type`; returns the function that stops listening. */
  on(type: string, handler: (data: unknown, type: string, label: string) => unknown): () => void;
  /** A window's label (the app has none), for the timeout message. */
  readonly label?: string;
}

/** A short, one-line form of a value for error messages. */
function brief(v: unknown, max = 200): string {
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  s = s.replace(/\s+/g, " ");
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/**
 * Resolves with the data of the next event `name` from `source` (a window or the app) that passes
 * `where`. Start it before the action that causes the event, await it after:
 * `const hidden = waitForEvent(app, "window:hidden"); await win.hide(); await hidden;`
 * On timeout it rejects saying which events of that name came, if any, and the last one.
 */
export function waitForEvent<T = unknown>(
  source: EventSource,
  name: string,
  options: EventWaitOptions<T> = {},
): Promise<T> {
  if (!source || typeof source.on !== "function") {
    return Promise.reject(
      new TypeError("waitForEvent: the source must be a window or an app (it has no on())"),
    );
  }
  if (typeof name !== "string" || name === "") {
    return Promise.reject(
      new TypeError("waitForEvent: the event name must be a non-empty string"),
    );
  }
  const timeout = options.timeout ?? 10_000;
  const from = typeof source.label === "string" ? `window "${source.label}"` : "the app";
  const seen: unknown[] = [];
  return new Promise<T>((resolve, reject) => {
    let off = () => {};
    const timer = setTimeout(() => {
      off();
      const where = options.where
        ? ` where \`${options.where.toString().replace(/\s+/g, " ").slice(0, 160)}\``
        : "";
      const saw = seen.length === 0
        ? `saw no ${JSON.stringify(name)} event`
        : `saw ${seen.length} ${JSON.stringify(name)} event(s), none matched; the last: ${
          brief(seen.at(-1))
        }`;
      reject(
        new Error(
          `timed out after ${timeout} ms waiting for event ${
            JSON.stringify(name)
          } from ${from}${where}; ${saw}`,
        ),
      );
    }, timeout);
    try {
      off = source.on(name, (data) => {
        seen.push(data);
        let ok: boolean;
        try {
          ok = options.where ? Boolean(options.where(data as T)) : true;
        } catch {
          ok = false;
        }
        if (!ok) return;
        clearTimeout(timer);
        off();
        resolve(data as T);
      });
    } catch (e) {
      clearTimeout(timer);
      reject(e);
    }
  });
}

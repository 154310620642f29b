/** Minimal assertions (the @std/assert package lives on JSR, which is not reachable here). @module */

/** An assertion failed. */
export class AssertionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AssertionError";
  }
}

/** Fails unless `cond` is truthy. */
export function assert(cond: unknown, msg = "assertion failed"): asserts cond {
  if (!cond) throw new AssertionError(msg);
}

function canon(v: unknown): unknown {
  if (v instanceof Uint8Array) return { __bytes: Array.from(v) };
  if (v instanceof ArrayBuffer) return { __bytes: Array.from(new Uint8Array(v)) };
  if (Array.isArray(v)) return v.map(canon);
  if (v && typeof v === "object") {
    return Object.fromEntries(
      Object.keys(v).sort().map((k) => [k, canon((v as Record<string, unknown>)[k])]),
    );
  }
  if (typeof v === "number" && Number.isNaN(v)) return "__NaN";
  return v;
}

/** Deep equality (plain data, arrays, bytes). */
export function assertEquals<T>(actual: T, expected: T, msg?: string): void {
  const a = JSON.stringify(canon(actual)), e = JSON.stringify(canon(expected));
  if (a !== e || (actual === undefined) !== (expected === undefined)) {
    throw new AssertionError(
      `${msg ? msg + ": " : ""}expected ${e?.slice(0, 2000)}, got ${a?.slice(0, 2000)}`,
    );
  }
}

/** Fails unless `text` matches `re`. */
export function assertMatch(text: string, re: RegExp, msg?: string): void {
  if (!re.test(text)) {
    throw new AssertionError(
      `${msg ? msg + ": " : ""}${JSON.stringify(text.slice(0, 2000))} does not match ${re}`,
    );
  }
}

/** Fails unless `fn` rejects (or throws) with `cls` and a message containing `includes`. */
export async function assertRejects(
  fn: () => unknown,
  // deno-lint-ignore no-explicit-any
  cls?: abstract new (...args: any[]) => Error,
  includes?: string,
): Promise<Error> {
  let err: unknown;
  try {
    await fn();
  } catch (e) {
    err = e;
  }
  if (err === undefined) throw new AssertionError("expected a rejection, but it resolved");
  if (cls && !(err instanceof cls)) throw new AssertionError(`expected ${cls.name}, got ${err}`);
  if (includes && !String((err as Error).message).includes(includes)) {
    throw new AssertionError(
      `expected message containing ${JSON.stringify(includes)}, got ${
        JSON.stringify((err as Error).message)
      }`,
    );
  }
  return err as Error;
}

/** Fails unless `fn` throws `cls` with a message containing `includes`. */
export function assertThrows(
  fn: () => unknown,
  // deno-lint-ignore no-explicit-any
  cls?: abstract new (...args: any[]) => Error,
  includes?: string,
): Error {
  try {
    fn();
  } catch (e) {
    if (cls && !(e instanceof cls)) throw new AssertionError(`expected ${cls.name}, got ${e}`);
    if (includes && !String((e as Error).message).includes(includes)) {
      throw new AssertionError(
        `expected message containing ${JSON.stringify(includes)}, got ${
          JSON.stringify((e as Error).message)
        }`,
      );
    }
    return e as Error;
  }
  throw new AssertionError("expected a throw");
}

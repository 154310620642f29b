/**
 * The running instance's socket: the first launch listens on it; a later launch connects, sends
 * `{ args, cwd }` as one JSON line and waits for `ok`. A socket file left by an instance that
 * died answers nobody: it is removed (when it is this user's socket) and the launch listens.
 * @module
 */

const MAX_MESSAGE = 1 << 20;
const ANSWER_MS = 5_000;

/** What a second launch hands over. */
export interface Handover {
  /** Its program (the main module's path, or the binary) and its arguments. */
  args: string[];
  /** Its working folder. */
  cwd: string;
}

function parse(text: string): Handover | undefined {
  try {
    const v = JSON.parse(text);
    if (
      v && Array.isArray(v.args) && v.args.every((a: unknown) => typeof a === "string") &&
      typeof v.cwd === "string"
    ) return { args: v.args, cwd: v.cwd };
  } catch { /* not JSON */ }
  return undefined;
}

async function readLine(conn: Deno.Conn, limitMs: number): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const buf = new Uint8Array(64 * 1024);
  const timer = setTimeout(() => conn.close(), limitMs);
  try {
    for (;;) {
      const n = await conn.read(buf);
      if (n === null) break;
      chunks.push(buf.slice(0, n));
      size += n;
      if (buf.subarray(0, n).includes(10) || size > MAX_MESSAGE) break;
    }
  } catch {
    // closed by the timer or the peer: what arrived is all there is
  } finally {
    clearTimeout(timer);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) all.set(c, (at += c.length) - c.length);
  const text = new TextDecoder().decode(all);
  const nl = text.indexOf("\n");
  return nl < 0 ? "" : text.slice(0, nl);
}

/**
 * Hands `message` to the instance listening at `path`. False when none listens (no socket, or
 * one left by an instance that is gone); throws when one listens but does not answer.
 */
export async function handOver(path: string, message: Handover): Promise<boolean> {
  let conn: Deno.UnixConn;
  try {
    conn = await Deno.connect({ transport: "unix", path });
  } catch (e) {
    if (e instanceof Deno.errors.NotFound || e instanceof Deno.errors.ConnectionRefused) {
      return false;
    }
    throw e;
  }
  try {
    await conn.write(new TextEncoder().encode(JSON.stringify(message) + "\n"));
    const answer = await readLine(conn, ANSWER_MS);
    if (answer !== "ok") {
      throw new Error(
        `single-instance: the running instance (${path}) did not take the launch over`,
      );
    }
    return true;
  } finally {
    try {
      conn.close();
    } catch { /* closed by the timer */ }
  }
}

/** The first instance's listener: each valid handover is answered `ok` and passed to `on`. */
export class InstanceListener {
  #listener: Deno.Listener;
  #path: string;
  #closed = false;

  private constructor(listener: Deno.Listener, path: string) {
    this.#listener = listener;
    this.#path = path;
  }

  /** Listens at `path`; undefined when something listens there already (a race with a peer). */
  static async listen(path: string): Promise<InstanceListener | undefined> {
    let listener: Deno.Listener;
    try {
      listener = Deno.listen({ transport: "unix", path });
    } catch (e) {
      if (!(e instanceof Deno.errors.AddrInUse)) throw e;
      // A socket file nobody answers on is left over: this user's own is removed, then retried.
      const st = await Deno.lstat(path);
      if (!st.isSocket || st.uid !== Deno.uid()) {
        throw new Error(`single-instance: ${path} exists and is not this user's socket`);
      }
      if (await handOver(path, { args: [], cwd: "" }).catch(() => true)) return undefined;
      await Deno.remove(path);
      listener = Deno.listen({ transport: "unix", path });
    }
    await Deno.chmod(path, 0o600);
    // The socket must not keep the process alive: the app's windows do.
    listener.unref();
    return new InstanceListener(listener, path);
  }

  /** Serves handovers until `close()`. */
  serve(on: (h: Handover) => void): void {
    void (async () => {
      try {
        for await (const conn of this.#listener) void this.#one(conn, on);
      } catch (e) {
        if (!this.#closed) console.error("panes: single-instance listener failed:", e);
      }
    })();
  }

  async #one(conn: Deno.Conn, on: (h: Handover) => void): Promise<void> {
    try {
      const h = parse(await readLine(conn, ANSWER_MS));
      // The empty probe of a launch that found a stale-looking socket is answered, not passed on.
      if (h) await conn.write(new TextEncoder().encode("ok\n"));
      if (h && h.args.length > 0) on(h);
    } catch {
      /* the peer went away */
    } finally {
      try {
        conn.close();
      } catch { /* closed already */ }
    }
  }

  /** Stops listening and removes the socket file. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#listener.close();
    await Deno.remove(this.#path).catch(() => {});
  }
}

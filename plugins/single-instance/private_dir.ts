/**
 * The folder that holds an app's instance socket: private to this user, so no other local user
 * can take the app's place (listen first and hear the arguments of every later launch) or speak
 * to it. `$XDG_RUNTIME_DIR/panes` when the session has one, else `$TMPDIR/panes-<uid>`; made
 * 0700, and refused when it exists but is not a folder of this user's alone.
 * @module
 */

import { InvokeError } from "../../bridge/invoke_error.ts";

function env(k: string): string | undefined {
  try {
    return Deno.env.get(k) || undefined;
  } catch {
    return undefined;
  }
}

function uid(): number {
  const id = Deno.uid();
  if (id === null) throw new InvokeError("single-instance: unsupported on this platform (no uid)");
  return id;
}

/** Refuses `dir` unless it is a real folder (not a link) owned by `owner` that only it can enter. */
async function checkPrivate(dir: string, owner: number): Promise<void> {
  const st = await Deno.lstat(dir);
  const mode = (st.mode ?? 0) & 0o777;
  if (!st.isDirectory || st.isSymlink || st.uid !== owner || (mode & 0o077) !== 0) {
    throw new InvokeError(
      `single-instance: ${dir} is not a private folder of this user (${
        st.isSymlink ? "a symbolic link" : st.isDirectory ? "a folder" : "not a folder"
      }, owner uid ${st.uid}, mode ${mode.toString(8).padStart(4, "0")}; expected uid ${owner}, ` +
        `mode 0700): refusing to use it, another local user could take the app's place`,
      undefined,
      "single-instance",
    );
  }
}

/** Makes (or checks) the private folder and answers its path. */
export async function privateSocketDir(): Promise<string> {
  const me = uid();
  const runtime = env("XDG_RUNTIME_DIR");
  let dir: string;
  if (runtime) {
    await checkPrivate(runtime, me);
    dir = `${runtime}/panes`;
  } else {
    dir = `${env("TMPDIR") ?? "/tmp"}/panes-${me}`;
  }
  try {
    await Deno.mkdir(dir, { mode: 0o700 });
    await Deno.chmod(dir, 0o700); // the umask may have taken bits away, never added: be exact
  } catch (e) {
    if (!(e instanceof Deno.errors.AlreadyExists)) throw e;
  }
  await checkPrivate(dir, me);
  return dir;
}

/** The socket's file name for an app identifier (anything outside `[A-Za-z0-9._-]` hex-escaped). */
export function socketName(identifier: string): string {
  const safe = identifier.replace(
    /[^A-Za-z0-9._-]/g,
    (c) => `%${c.codePointAt(0)!.toString(16)}`,
  ).replace(/^\./, "%2e");
  return `${safe}.instance.sock`;
}

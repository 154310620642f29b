/**
 * What installing an update means for a Deno app. A compiled app (`deno compile`) gets its
 * executable replaced atomically (the new file written beside it, synced, renamed over it) and is
 * relaunched; an app run from source (`deno run`) cannot replace its module graph, so install
 * tells it how to update instead; or the app installs the verified bytes itself.
 * @module
 */

import { InvokeError } from "../../bridge/invoke_error.ts";
import type { Release } from "./manifest.ts";

/** How install works: replace a binary, explain how to update a script, or the app's own code. */
export type UpdateInstaller =
  | {
    /** Replace the executable at `path` (default: this process's own, `Deno.execPath()`). */
    kind: "binary";
    path?: string;
    /** Start the new executable (same arguments) and exit after installing (default true). */
    relaunch?: boolean;
  }
  | {
    /** The app runs from source: install refuses and says how to update. */
    kind: "script";
    /** How this app is updated (`deno install -gf jsr:@me/app@{version}`); `{version}` is filled. */
    howToUpdate?: string;
  }
  | ((bytes: Uint8Array, release: Release) => void | Promise<void>);

/** The default: replace the binary when this is a compiled app, else a script. */
export function defaultInstaller(): UpdateInstaller {
  return Deno.build.standalone ? { kind: "binary" } : { kind: "script" };
}

function installError(message: string, code = "updater"): InvokeError {
  return new InvokeError(message, undefined, code);
}

/** Writes `bytes` beside `path` with its mode, syncs, and renames it over `path`. */
export async function replaceAtomically(path: string, bytes: Uint8Array): Promise<void> {
  let mode = 0o755;
  try {
    mode = (await Deno.stat(path)).mode! & 0o7777;
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  const cut = path.lastIndexOf("/");
  const tmp = `${path.slice(0, cut + 1)}.${path.slice(cut + 1)}.update-${crypto.randomUUID()}`;
  try {
    const f = await Deno.open(tmp, { write: true, createNew: true, mode });
    try {
      for (let off = 0; off < bytes.byteLength;) off += await f.write(bytes.subarray(off));
      await f.sync();
    } finally {
      f.close();
    }
    await Deno.chmod(tmp, mode); // the mode at creation is less the umask
    // One rename: a crash leaves the old executable or the new one, never half of one.
    await Deno.rename(tmp, path);
  } catch (e) {
    await Deno.remove(tmp).catch(() => {});
    throw e;
  }
}

/**
 * Installs `bytes` (already verified) as `installer` says. For a binary with relaunch, the new
 * executable is started and `exit` runs after the page has its answer.
 */
export async function install(
  installer: UpdateInstaller,
  bytes: Uint8Array,
  release: Release,
  relaunch: boolean | undefined,
  exit: () => void,
): Promise<void> {
  if (typeof installer === "function") {
    try {
      await installer(bytes, release);
    } catch (e) {
      throw installError(
        `installing ${release.version} failed: ${e instanceof Error ? e.message : e}`,
      );
    }
    return;
  }
  if (installer.kind === "script") {
    const how = installer.howToUpdate?.replaceAll("{version}", release.version) ??
      "fetch the new version of its source (for a JSR or npm app: deno install -gf <package>@" +
        `${release.version}; for a checkout: git pull)`;
    throw installError(
      `this app runs from source (deno run), so it cannot replace itself; the update to ` +
        `${release.version} was downloaded and verified, but not installed: ${how}`,
      "unsupported",
    );
  }
  const path = installer.path ?? Deno.execPath();
  try {
    await replaceAtomically(path, bytes);
  } catch (e) {
    throw installError(`cannot replace ${path}: ${e instanceof Error ? e.message : e}`);
  }
  if (!(relaunch ?? installer.relaunch ?? true)) return;
  try {
    new Deno.Command(path, { args: Deno.args, stdin: "null", stdout: "inherit", stderr: "inherit" })
      .spawn().unref();
  } catch (e) {
    throw installError(
      `installed ${release.version} at ${path}, but cannot relaunch it: ${
        e instanceof Error ? e.message : e
      }`,
    );
  }
  // Answer the page first, then leave for the new version.
  setTimeout(exit, 20);
}

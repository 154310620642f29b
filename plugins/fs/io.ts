/**
 * fs results and failures as `@tauri-apps/plugin-fs` pages expect them: file errors with the
 * path and a stable code, and file info in its `stat` shape.
 * @module
 */

import { InvokeError } from "../../bridge/invoke_error.ts";

/** Turns Deno's file errors into page errors with the path and a stable code. */
export async function io<T>(what: string, path: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof InvokeError) throw e;
    const name = e instanceof Error ? e.name : "Error";
    const msg = e instanceof Error ? e.message : String(e);
    throw new InvokeError(`${what} ${path}: ${msg}`, { kind: name }, "io");
  }
}

/** A `Deno.FileInfo` as `@tauri-apps/plugin-fs`'s `stat` returns it. */
export function fileInfo(s: Deno.FileInfo) {
  return {
    isFile: s.isFile,
    isDirectory: s.isDirectory,
    isSymlink: s.isSymlink,
    size: s.size,
    mtime: s.mtime?.getTime() ?? null,
    atime: s.atime?.getTime() ?? null,
    birthtime: s.birthtime?.getTime() ?? null,
    readonly: s.mode !== null ? (s.mode & 0o222) === 0 : false,
    fileAttributes: null,
    dev: s.dev,
    ino: s.ino,
    mode: s.mode,
    nlink: s.nlink,
    uid: s.uid,
    gid: s.gid,
    rdev: s.rdev,
    blksize: s.blksize,
    blocks: s.blocks,
  };
}

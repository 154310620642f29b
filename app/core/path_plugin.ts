/**
 * Tauri's core `path` plugin (`@tauri-apps/api/path`): the app's and the user's folders by
 * `BaseDirectory` (the same folders panes' plugins use, `plugins/paths.ts`) and POSIX path
 * arithmetic with Tauri's errors (a path with no parent, no extension, no file name).
 * @module
 */

import { z } from "zod";
import { InvokeError } from "../../bridge/invoke_error.ts";
import { BASE_DIRECTORY } from "../../plugins/paths.ts";
import { defineCorePlugin } from "./define.ts";
import type { Plugin } from "../../plugins/plugin.ts";

const onePath = z.object({ path: z.string() });
const paths = z.object({ paths: z.array(z.string()) });

/** POSIX normalisation: `.` and `..` resolved lexically, repeated slashes folded. */
export function normalize(path: string): string {
  if (path === "") return ".";
  const absolute = path.startsWith("/");
  const trailing = path.endsWith("/");
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (out.length && out[out.length - 1] !== "..") out.pop();
      else if (!absolute) out.push("..");
      continue;
    }
    out.push(part);
  }
  const body = out.join("/");
  if (absolute) return "/" + body + (trailing && body ? "/" : "");
  return (body || ".") + (trailing && body ? "/" : "");
}

/** Right to left until a segment is absolute, then against the working folder (Node's resolve). */
function resolve(segments: string[]): string {
  let path = "";
  for (let i = segments.length - 1; i >= 0 && !path.startsWith("/"); i--) {
    if (segments[i]) path = path ? `${segments[i]}/${path}` : segments[i];
  }
  if (!path.startsWith("/")) path = `${Deno.cwd()}/${path}`;
  const n = normalize(path);
  return n.length > 1 ? n.replace(/\/$/, "") : n;
}

/** The last component, as Rust's `Path::file_name` sees it (none for `/`, `..`, ``). */
function fileName(path: string): string | undefined {
  const trimmed = path.replace(/\/+$/, "");
  const last = trimmed.slice(trimmed.lastIndexOf("/") + 1);
  return last === "" || last === ".." || last === "." ? undefined : last;
}

/** The path plugin. */
export const pathPlugin: Plugin = defineCorePlugin("path", {
  resolve_directory: {
    args: z.object({ directory: z.number().int(), path: z.string().nullish() }),
    run: ({ args, host }) => {
      const name = BASE_DIRECTORY[args.directory];
      const dir = name ? host.dirs[name] : undefined;
      if (!dir) throw new InvokeError(`unknown path: BaseDirectory ${args.directory}`);
      if (!args.path) return dir;
      // Tauri's SafePathBuf: a path under a base folder may not climb out of it.
      if (args.path.split("/").includes("..")) {
        throw new InvokeError(
          "cannot traverse directory, rewrite the path without the use of `../`",
        );
      }
      if (args.path.startsWith("/")) return normalize(args.path);
      return normalize(`${dir}/${args.path}`);
    },
  },
  resolve: { args: paths, run: ({ args }) => resolve(args.paths) },
  normalize: { args: onePath, run: ({ args }) => normalize(args.path) },
  join: {
    args: paths,
    run: ({ args }) => normalize(args.paths.filter((p: string) => p !== "").join("/") || "."),
  },
  dirname: {
    args: onePath,
    run: ({ args }) => {
      const name = fileName(args.path);
      const trimmed = args.path.replace(/\/+$/, "");
      if (!name || trimmed === "") throw new InvokeError("Couldn't get the parent directory");
      const cut = trimmed.slice(0, trimmed.length - name.length).replace(/\/+$/, "");
      return cut === "" ? (trimmed.startsWith("/") ? "/" : "") : cut;
    },
  },
  extname: {
    args: onePath,
    run: ({ args }) => {
      const name = fileName(args.path);
      const dot = name ? name.lastIndexOf(".") : -1;
      if (!name || dot <= 0) throw new InvokeError("Couldn't get the extension of the file");
      return name.slice(dot + 1);
    },
  },
  basename: {
    args: z.object({ path: z.string(), ext: z.string().nullish() }),
    run: ({ args }) => {
      const name = fileName(args.path);
      if (!name) throw new InvokeError("Couldn't get the basename");
      const ext = args.ext ? (args.ext.startsWith(".") ? args.ext : `.${args.ext}`) : "";
      return ext && name.endsWith(ext) && name !== ext ? name.slice(0, -ext.length) : name;
    },
  },
  is_absolute: { args: onePath, run: ({ args }) => args.path.startsWith("/") },
});

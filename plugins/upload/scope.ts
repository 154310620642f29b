/**
 * The upload plugin's scope: URL entries (`{ url }`, as http's) say which servers files go to and
 * come from, path entries (`{ path }`, as fs's) which files are read or written. A transfer needs
 * both: its URL in the URL entries and its file in the path entries.
 * @module
 */

import { z } from "zod";
import type { PluginCallContext, ScopeSet } from "../plugin.ts";
import { type LinkMode, resolvePath } from "../fs/scope.ts";
import { checkUrlScope, urlScopeEntry } from "../url_scope.ts";
import { InvokeError } from "../../bridge/invoke_error.ts";

/** One scope entry: `{ url: "https://files.example.com/*" }` or `{ path: "$DOWNLOAD/**" }`. */
export const uploadScopeEntry: z.ZodType = z.union([
  urlScopeEntry,
  z.strictObject({ path: z.string().min(1) }),
]);

const isUrl = (e: unknown) => typeof e === "object" && e !== null && "url" in e;
const isPath = (e: unknown) => typeof e === "object" && e !== null && "path" in e;

function part(scope: ScopeSet, keep: (e: unknown) => boolean): ScopeSet {
  return { allow: scope.allow.filter(keep), deny: scope.deny.filter(keep) };
}

/** Parses `raw` as an http(s) URL and throws `forbidden` unless the URL entries allow it. */
export function checkTransferUrl(ctx: PluginCallContext<unknown>, raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new InvokeError(`invalid URL ${JSON.stringify(raw)}`, undefined, "invalid-url");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new InvokeError(
      `cannot transfer with ${url.href}: only http and https URLs`,
      undefined,
      "invalid-url",
    );
  }
  checkUrlScope(url, part(ctx.scope, isUrl), ctx.permission, "upload");
  return url;
}

/** Checks a later URL (a redirect's target) against the same URL entries. */
export function checkRedirect(ctx: PluginCallContext<unknown>, url: URL): void {
  checkUrlScope(url, part(ctx.scope, isUrl), ctx.permission, "upload");
}

/** Resolves `raw` as fs does (absolute or `file://`; links resolved) within the path entries. */
export function resolveTransferPath(
  ctx: PluginCallContext<unknown>,
  raw: string,
  mode: LinkMode,
): Promise<string> {
  return resolvePath({ ...ctx, scope: part(ctx.scope, isPath) }, raw, undefined, mode);
}

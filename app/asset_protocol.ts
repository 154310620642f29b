/**
 * Tauri's asset protocol: `convertFileSrc(path)` gives `asset://localhost/<encoded path>`, and
 * panes answers it with the file when `AppOptions.assetProtocol` is enabled and its scope allows
 * the file (Tauri's `app.security.assetProtocol`). The scope is checked on the file's canonical
 * path (every symbolic link resolved), so a link inside the scope cannot hand out a file outside
 * it; `..` segments are refused outright. Off by default, as in Tauri.
 * @module
 */

import { contentTypeOf } from "./content_types.ts";
import { fileAnswer } from "./file_range.ts";
import { textAnswer } from "./frontend_dist.ts";
import {
  type AppDirs,
  canonicalGlob,
  canonicalPath,
  expandGlob,
  globToRegExp,
} from "../plugins/paths.ts";
import type { FileAnswer } from "../transports/native/native_transport.ts";

/** `AppOptions.assetProtocol` (Tauri's `app.security.assetProtocol`). */
export interface AssetProtocolOptions {
  /** Serve `asset:` URLs at all (default false). */
  enable?: boolean;
  /**
   * Path globs of the files it may serve (`$APPDATA/**`, `/srv/media/*.png`; `$VAR` as in plugin
   * scopes), or allow and deny lists (deny wins). Wildcards skip hidden files unless
   * `requireLiteralLeadingDot` is false. Default: nothing.
   */
  scope?: string[] | { allow?: string[]; deny?: string[]; requireLiteralLeadingDot?: boolean };
}

/** The asset protocol of one app. */
export class AssetProtocol {
  readonly #enabled: boolean;
  readonly #allow: string[];
  readonly #deny: string[];
  readonly #dotfiles: boolean;
  readonly #dirs: AppDirs;
  #compiled: Promise<{ allow: RegExp[]; deny: RegExp[] }> | undefined;

  /** Checks the option's shape now: a bad scope fails at `new App()`, not at the first image. */
  constructor(options: AssetProtocolOptions | undefined, dirs: AppDirs) {
    const scope = options?.scope;
    const list = (v: unknown, what: string): string[] => {
      if (v === undefined) return [];
      if (!Array.isArray(v) || v.some((g) => typeof g !== "string")) {
        throw new TypeError(`AppOptions.assetProtocol.${what}: expected an array of path globs`);
      }
      return v as string[];
    };
    if (options !== undefined && (typeof options !== "object" || options === null)) {
      throw new TypeError("AppOptions.assetProtocol: expected { enable, scope }");
    }
    this.#enabled = options?.enable === true;
    if (Array.isArray(scope) || scope === undefined) {
      this.#allow = list(scope, "scope");
      this.#deny = [];
      this.#dotfiles = false;
    } else {
      this.#allow = list(scope.allow, "scope.allow");
      this.#deny = list(scope.deny, "scope.deny");
      this.#dotfiles = scope.requireLiteralLeadingDot === false;
    }
    this.#dirs = dirs;
    // Unknown $VARS fail now.
    for (const g of [...this.#allow, ...this.#deny]) expandGlob(g, dirs);
  }

  /** Whether `asset:` URLs are served at all. */
  get enabled(): boolean {
    return this.#enabled;
  }

  /** The globs as RegExps over canonical paths (their literal folders resolved through links). */
  #rules(): Promise<{ allow: RegExp[]; deny: RegExp[] }> {
    const compile = async (globs: string[], dotfiles: boolean) => {
      const out: RegExp[] = [];
      for (const g of globs) {
        const expanded = expandGlob(g, this.#dirs);
        if (!expanded.startsWith("/")) continue; // a relative glob names no file here
        out.push(globToRegExp(await canonicalGlob(expanded), { dotfiles }));
        out.push(globToRegExp(expanded, { dotfiles }));
      }
      return out;
    };
    return this.#compiled ??= (async () => ({
      allow: await compile(this.#allow, this.#dotfiles),
      deny: await compile(this.#deny, true),
    }))();
  }

  /** Whether the canonical path `path` is in the scope (deny wins). */
  async allows(path: string): Promise<boolean> {
    const { allow, deny } = await this.#rules();
    if (deny.some((r) => r.test(path))) return false;
    return allow.some((r) => r.test(path));
  }

  /** Answers `asset://localhost/<encoded path>`: the file, or 403/404 with the reason. */
  async serve(uri: string, range?: string): Promise<FileAnswer> {
    if (!this.#enabled) {
      return textAnswer(403, "Forbidden: the asset protocol is off (AppOptions.assetProtocol)");
    }
    const m = /^asset:\/\/localhost\/([^?#]*)/.exec(uri);
    if (!m) return textAnswer(400, `Bad asset URL: ${uri} (expected asset://localhost/<path>)`);
    let path: string;
    try {
      path = decodeURIComponent(m[1]);
    } catch {
      return textAnswer(400, `Bad asset URL: ${uri}`);
    }
    if (!path.startsWith("/")) path = `/${path}`;
    if (path.includes("\0") || path.split("/").some((s) => s === ".." || s === ".")) {
      return textAnswer(403, `Forbidden: ${path} is not a plain absolute path`);
    }
    let real: string;
    try {
      real = await canonicalPath(path);
    } catch {
      return textAnswer(403, `Forbidden: ${path} is outside the asset protocol scope`);
    }
    if (!(await this.allows(real))) {
      return textAnswer(403, `Forbidden: ${path} is outside the asset protocol scope`);
    }
    try {
      // fetch(convertFileSrc(path)) from app pages is cross-origin (panes://app → asset:): only
      // pages the app trusts reach this answer (served_files.ts), so any origin may read it.
      return await fileAnswer(real, contentTypeOf(real), range, {
        "access-control-allow-origin": "*",
        "access-control-expose-headers": "content-range, accept-ranges",
      });
    } catch {
      return textAnswer(404, `Not found: ${path}`);
    }
  }
}

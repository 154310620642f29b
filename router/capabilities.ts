/**
 * Capabilities in Tauri's shape: which windows (label globs) and which
 * origins (local app content, or listed remote URLs) may run which plugin
 * commands, with which scopes. Checked before every plugin command; nothing
 * runs when the check fails.
 * @module
 */

import { validate } from "../bridge/schema.ts";
import { z } from "zod";
import type { Plugin, PluginPermission, ScopeSet } from "../plugins/plugin.ts";
import { allowName } from "../plugins/plugin.ts";
import { CORE_CATALOG, corePermissions, isCorePlugin } from "./core_catalog.ts";
import {
  deniedWords,
  type DenyReference,
  type GrantedOn,
  notAllowedHereWords,
  notAllowedWords,
} from "./tauri_words.ts";

/** A permission in a capability: an identifier, or one with its own scope. */
export type PermissionEntry =
  | string
  | { identifier: string; allow?: unknown[]; deny?: unknown[] };

/** Tauri's capability shape. */
export interface Capability {
  /** Names the capability in errors. */
  identifier: string;
  /** What it is for. */
  description?: string;
  /** Window labels it applies to; `*` globs (default: every window). */
  windows?: string[];
  /** Webview labels (the same as windows in panes). */
  webviews?: string[];
  /** Applies to local app content (default true). */
  local?: boolean;
  /** Remote origins it applies to (URL patterns such as `https://example.com/*`). */
  remote?: { urls: string[] };
  /** Permissions granted: `plugin:permission`, `app:allow-<command>`, `core:default`, … */
  permissions: PermissionEntry[];
  /** Platforms it applies to (default all); others are skipped. */
  platforms?: string[];
}

/** `capabilities` in AppOptions / panes.jsonc: a capability, or a permission for every window. */
export type CapabilityInput = string | Capability;

/** What the guard answers. */
export type AccessDecision =
  | { ok: true; scope: ScopeSet; permission: string }
  | {
    ok: false;
    message: string;
    permission: string;
    /** Tauri's own words for this refusal (plugins): what `@tauri-apps/api` rejects with. */
    tauri?: string;
  };

/** The capability schemas, built on first use (an app without capabilities never builds them). */
function schemas(): { one: z.ZodType<Capability>; list: z.ZodType<CapabilityInput[]> } {
  if (built) return built;
  const permissionEntry = z.union([
    z.string().min(1),
    z.strictObject({
      identifier: z.string().min(1),
      allow: z.array(z.unknown()).optional(),
      deny: z.array(z.unknown()).optional(),
    }),
  ]);
  const one = z.strictObject({
    identifier: z.string().min(1),
    description: z.string().optional(),
    windows: z.array(z.string().min(1)).optional(),
    webviews: z.array(z.string().min(1)).optional(),
    local: z.boolean().optional(),
    remote: z.strictObject({ urls: z.array(z.string().min(1)) }).optional(),
    permissions: z.array(permissionEntry),
    platforms: z.array(z.string()).optional(),
    "$schema": z.string().optional(),
  }) as unknown as z.ZodType<Capability>;
  return built = { one, list: z.array(z.union([z.string().min(1), one])) };
}
let built: ReturnType<typeof schemas> | undefined;

/** Zod schema of one capability (strict: unknown keys are errors). */
export function capabilitySchema(): z.ZodType<Capability> {
  return schemas().one;
}

/** Zod schema of the `capabilities` list. */
export function capabilityListSchema(): z.ZodType<CapabilityInput[]> {
  return schemas().list;
}

interface Grant {
  plugin: string;
  /** The permission's name within its plugin (Tauri names it so when a deny refuses a call). */
  name: string;
  perm: PluginPermission;
  allow: unknown[];
  deny: unknown[];
}

interface Compiled {
  identifier: string;
  /** The labels and remote URLs as written, for Tauri's words (`allowed on: [windows: …]`). */
  written: { windows: string[]; webviews: string[]; urls: string[] };
  windows: RegExp[];
  local: boolean;
  remote: URLPattern[];
  grants: Grant[];
  app: { all: boolean; allow: Set<string>; deny: Set<string> };
  core: boolean;
}

/** A label glob: `*` matches anything. */
function labelGlob(glob: string): RegExp {
  return new RegExp(
    "^" + glob.split("*").map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*") + "$",
  );
}

/** Whether a page URL is local app content (anything but a web origin is local). */
export function isLocalUrl(url: string): boolean {
  return /^(panes|about|file):/i.test(url) || url === "";
}

/** Edit distance, for "did you mean" hints. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = distance(word, c);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(word.length / 2)) ? best : undefined;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

/**
 * Checks every page call against the app's capabilities. Built once per app
 * from the capability list and the enabled plugins; a permission that names
 * a plugin that is not enabled, or a permission the plugin does not have,
 * is an error at construction, with the closest valid name.
 */
export class CapabilityGuard {
  readonly #caps: Compiled[] = [];
  readonly #plugins: ReadonlyMap<string, Plugin | null>;
  /** Whether any capability lists app-command permissions (then app commands need a grant). */
  readonly appCommandsGuarded: boolean;

  /**
   * Compiles `inputs` against the enabled plugins. A plugin that is enabled but not loaded yet
   * (`null`, a built-in given by name) is only checked by name: its permissions and scopes are
   * checked by a guard built once it is loaded.
   */
  constructor(inputs: CapabilityInput[], plugins: ReadonlyMap<string, Plugin | null>) {
    this.#plugins = plugins;
    if (!Array.isArray(inputs)) {
      throw new TypeError("capabilities must be an array of capabilities or permission strings");
    }
    const loose: PermissionEntry[] = [];
    inputs.forEach((input, i) => {
      if (typeof input === "string") return void loose.push(input);
      const parsed = capabilitySchema().safeParse(input);
      if (!parsed.success) {
        throw new TypeError(`capabilities[${i}]: ${z.prettifyError(parsed.error)}`);
      }
      this.#caps.push(this.#compile(parsed.data));
    });
    if (loose.length) {
      this.#caps.push(this.#compile({ identifier: "(app options)", permissions: loose }));
    }
    // App content holds Tauri's core:default (every core getter, events, resources) without
    // asking, as a Tauri app's default capability does; setters, creation and remote origins need
    // a capability that names them.
    this.#caps.push(
      this.#compile({
        identifier: "(core defaults for app content)",
        permissions: ["core:default"],
      }),
    );
    this.appCommandsGuarded = this.#caps.some((c) =>
      c.app.all || c.app.allow.size > 0 || c.app.deny.size > 0
    );
  }

  #compile(cap: Capability): Compiled {
    const where = `capability "${cap.identifier}"`;
    const out: Compiled = {
      identifier: cap.identifier,
      written: {
        windows: cap.windows ?? (cap.webviews ? [] : ["*"]),
        webviews: cap.webviews ?? [],
        urls: cap.remote?.urls ?? [],
      },
      windows: [...(cap.windows ?? []), ...(cap.webviews ?? [])].map(labelGlob),
      local: cap.local ?? true,
      remote: (cap.remote?.urls ?? []).map((u) => {
        try {
          return new URLPattern(u);
        } catch (e) {
          throw new TypeError(`${where}: invalid remote URL pattern ${JSON.stringify(u)}: ${e}`);
        }
      }),
      grants: [],
      app: { all: false, allow: new Set(), deny: new Set() },
      core: false,
    };
    if (!cap.windows && !cap.webviews) out.windows = [/^/];
    if (cap.platforms && !cap.platforms.includes(Deno.build.os)) out.windows = [];
    for (const entry of cap.permissions) {
      const id = typeof entry === "string" ? entry : entry.identifier;
      const allow = typeof entry === "string" ? [] : entry.allow ?? [];
      const deny = typeof entry === "string" ? [] : entry.deny ?? [];
      const colon = id.indexOf(":");
      if (colon <= 0) {
        throw new TypeError(
          `${where}: permission ${
            JSON.stringify(id)
          } must be "<plugin>:<permission>" (e.g. "fs:default")`,
        );
      }
      const prefix = id.slice(0, colon);
      const name = id.slice(colon + 1);
      if (prefix === "core") {
        if (allow.length || deny.length) throw new TypeError(`${where}: ${id} takes no scope`);
        this.#compileCore(name, out, where);
        continue;
      }
      if (prefix === "app") {
        if (allow.length || deny.length) throw new TypeError(`${where}: ${id} takes no scope`);
        if (name === "default" || name === "allow-all") out.app.all = true;
        else if (name.startsWith("allow-")) out.app.allow.add(name.slice(6));
        else if (name.startsWith("deny-")) out.app.deny.add(name.slice(5));
        else {
          throw new TypeError(
            `${where}: app permissions are "app:default", "app:allow-<command>" or "app:deny-<command>", not "${id}"`,
          );
        }
        continue;
      }
      const plugin = this.#plugins.get(prefix);
      if (plugin === null) continue; // enabled, not loaded yet (see the constructor)
      if (!plugin) {
        throw new TypeError(
          `${where}: permission "${id}" names plugin "${prefix}", which is not enabled (enabled: ${
            [...this.#plugins.keys()].join(", ") || "none"
          }; add it to plugins)`,
        );
      }
      if (plugin.scopeSchema && (allow.length || deny.length)) {
        for (const entry of [...allow, ...deny]) {
          const r = validate(plugin.scopeSchema, entry);
          if (!r.ok) throw new TypeError(`${where}: scope of "${id}": ${r.text}`);
        }
      } else if (!plugin.scopeSchema && (allow.length || deny.length)) {
        throw new TypeError(`${where}: plugin ${prefix} has no scopes ("${id}" takes none)`);
      }
      this.#expand(plugin, name, allow, deny, out.grants, where, new Set());
    }
    return out;
  }

  /**
   * `core:default`, `core:<plugin>:<permission>` (Tauri's core plugins: window, webview, app,
   * path, menu, tray, image) and `core:event:*` / `core:resources:*` (events and resources).
   */
  #compileCore(name: string, out: Compiled, where: string): void {
    const colon = name.indexOf(":");
    const plugin = colon < 0 ? name : name.slice(0, colon);
    const perm = colon < 0 ? "default" : name.slice(colon + 1);
    if (name === "default") {
      out.core = true;
      for (const p of Object.keys(CORE_CATALOG)) {
        this.#expand(corePlugin(p), "default", [], [], out.grants, where, new Set());
      }
      return;
    }
    if (plugin === "event" || plugin === "resources") {
      out.core = true; // panes checks events and resources as one group
      return;
    }
    if (!isCorePlugin(plugin) || colon < 0) {
      const known = [
        "default",
        "event:default",
        "resources:default",
        ...Object.keys(CORE_CATALOG).map((p) => `${p}:default`),
      ];
      const hint = closest(name, known);
      throw new TypeError(
        `${where}: unknown core permission "core:${name}"${
          hint ? ` (did you mean "core:${hint}"?)` : ""
        }`,
      );
    }
    this.#expand(corePlugin(plugin), perm, [], [], out.grants, where, new Set());
  }

  #expand(
    plugin: Plugin,
    name: string,
    allow: unknown[],
    deny: unknown[],
    grants: Grant[],
    where: string,
    seen: Set<string>,
  ): void {
    const perm = plugin.permissions[name];
    if (!perm) {
      const hint = closest(name, Object.keys(plugin.permissions));
      throw new TypeError(
        `${where}: plugin ${plugin.name} has no permission "${name}"${
          hint ? ` (did you mean "${plugin.name}:${hint}"?)` : ""
        }`,
      );
    }
    if (seen.has(name)) return;
    seen.add(name);
    grants.push({
      plugin: plugin.name,
      name,
      perm,
      allow: [...(perm.scope?.allow ?? []), ...allow],
      deny: [...(perm.scope?.deny ?? []), ...deny],
    });
    for (const sub of perm.permissions ?? []) {
      const c = sub.indexOf(":");
      if (c > 0) {
        const other = this.#plugins.get(sub.slice(0, c));
        if (other) this.#expand(other, sub.slice(c + 1), allow, deny, grants, where, seen);
      } else this.#expand(plugin, sub, allow, deny, grants, where, seen);
    }
  }

  #applicable(label: string, url: string): Compiled[] {
    const local = isLocalUrl(url);
    return this.#caps.filter((c) =>
      c.windows.some((re) => re.test(label)) &&
      (local ? c.local : c.remote.some((p) => p.test(url)))
    );
  }

  /** Whether a capability applies to the remote page `url` in the window `label`. */
  remoteGranted(label: string, url: string): boolean {
    return !isLocalUrl(url) && this.#applicable(label, url).length > 0;
  }

  /**
   * May the window `label`, showing `url`, run Tauri's core plugin command
   * `plugin:<plugin>|<command>` (`plugin:window|set_title`)? Refusals name the permission as
   * Tauri does (`core:window:allow-set-title`), and `panes.invoke`'s message starts with Tauri's
   * words.
   */
  checkCorePlugin(label: string, url: string, plugin: string, command: string): AccessDecision {
    const d = this.checkPlugin(label, url, `core:${plugin}`, command);
    if (d.ok || !d.tauri) return d;
    // panes.invoke's message: Tauri's words first, then where and why.
    return { ...d, message: `${d.tauri} (${d.message})` };
  }

  /** May the window `label`, showing `url`, run `plugin:<plugin>|<command>`? With which scope? */
  checkPlugin(label: string, url: string, plugin: string, command: string): AccessDecision {
    const permission = `${plugin}:${allowName(command)}`;
    const shown = plugin.startsWith("core:") ? plugin.slice(5) : plugin;
    const caps = this.#applicable(label, url);
    const where = isLocalUrl(url)
      ? `window "${label}"`
      : `window "${label}" (remote origin ${originOf(url)})`;
    const scope: ScopeSet = { allow: [], deny: [] };
    let allowed = false;
    const denied: DenyReference[] = [];
    for (const cap of caps) {
      for (const g of cap.grants) {
        if (g.plugin !== plugin) continue;
        const cmds = g.perm.commands;
        if (cmds?.deny?.includes(command)) {
          denied.push({ capability: cap.identifier, permission: g.name });
          continue;
        }
        const allowsThis = cmds?.allow?.includes(command) ?? false;
        const scopeOnly = !cmds || (!cmds.allow?.length && !cmds.deny?.length);
        if (allowsThis) allowed = true;
        if (allowsThis || scopeOnly) {
          scope.allow.push(...g.allow);
          scope.deny.push(...g.deny);
        }
      }
    }
    if (denied.length) {
      return {
        ok: false,
        permission,
        message: `plugin:${shown}|${command} is denied for ${where} by capability "${
          denied[0].capability
        }"`,
        // Tauri's words (a debug build's): where the deny came from.
        tauri: deniedWords(plugin, command, isLocalUrl(url) ? "local" : url, denied),
      };
    }
    if (!allowed) {
      return {
        ok: false,
        permission,
        message:
          `plugin:${shown}|${command} is not allowed for ${where}: missing permission "${permission}"`,
        // Tauri's words: where the command is granted, or else the permissions that would allow it.
        tauri: this.#refusalWords(plugin, command, label, url),
      };
    }
    return { ok: true, scope, permission };
  }

  /** Tauri's words for a command not granted here: where it is granted, else what would grant it. */
  #refusalWords(plugin: string, command: string, label: string, url: string): string {
    const elsewhere = this.#grantedElsewhere(plugin, command);
    return elsewhere.length
      ? notAllowedHereWords(plugin, command, label, isLocalUrl(url) ? "local" : url, elsewhere)
      : notAllowedWords(plugin, command, this.#permissionsOf(plugin));
  }

  /**
   * Every place a capability allows `plugin:<plugin>|<command>`, whatever the window or page: one
   * entry per capability, permission and context (local, each remote URL), capabilities in the order
   * of their identifiers, as Tauri resolves them.
   */
  #grantedElsewhere(plugin: string, command: string): GrantedOn[] {
    const out: GrantedOn[] = [];
    const caps = [...this.#caps].sort((a, b) =>
      a.identifier < b.identifier ? -1 : a.identifier > b.identifier ? 1 : 0
    );
    for (const cap of caps) {
      if (!cap.windows.length) continue; // not for this platform
      for (const g of cap.grants) {
        if (g.plugin !== plugin || !g.perm.commands?.allow?.includes(command)) continue;
        const contexts = [...(cap.local ? ["local"] : []), ...cap.written.urls];
        for (const context of contexts) {
          out.push({
            windows: cap.written.windows,
            webviews: cap.written.webviews,
            context,
            capability: cap.identifier,
            permission: g.name,
          });
        }
      }
    }
    return out;
  }

  /** A plugin's permission table by the name permissions use (`fs`, `core:window`). */
  #permissionsOf(plugin: string): Readonly<Record<string, PluginPermission>> {
    if (plugin.startsWith("core:")) {
      const name = plugin.slice(5);
      return isCorePlugin(name) ? corePlugin(name).permissions : {};
    }
    return this.#plugins.get(plugin)?.permissions ?? {};
  }

  /** May the window run the app command `command` (from `Commands`)? */
  checkApp(label: string, url: string, command: string): AccessDecision {
    const permission = `app:allow-${command}`;
    const local = isLocalUrl(url);
    if (local && !this.appCommandsGuarded) {
      return { ok: true, scope: { allow: [], deny: [] }, permission };
    }
    const caps = this.#applicable(label, url);
    if (caps.some((c) => c.app.deny.has(command))) {
      return {
        ok: false,
        permission,
        message: `command "${command}" is denied for window "${label}"`,
      };
    }
    if (caps.some((c) => c.app.all || c.app.allow.has(command))) {
      return { ok: true, scope: { allow: [], deny: [] }, permission };
    }
    return {
      ok: false,
      permission,
      message: local
        ? `command "${command}" is not allowed for window "${label}": missing permission "${permission}"`
        : `command "${command}" is not allowed for window "${label}" (remote origin ${
          originOf(url)
        }): missing permission "${permission}" in a capability naming that origin`,
    };
  }

  /** Core commands (events, resources): always for local content; remote needs `core:*`. */
  checkCore(label: string, url: string, command: string): AccessDecision {
    const permission = "core:default";
    if (isLocalUrl(url) || this.#applicable(label, url).some((c) => c.core)) {
      return { ok: true, scope: { allow: [], deny: [] }, permission };
    }
    const m = /^plugin:(event|resources)\|(.+)$/.exec(command);
    return {
      ok: false,
      permission,
      message: `${command} is not allowed for window "${label}" (remote origin ${
        originOf(url)
      }): missing permission "${permission}" in a capability naming that origin`,
      // Tauri's words: its event and resources plugins are core plugins like the others.
      ...(m ? { tauri: notAllowedWords(`core:${m[1]}`, m[2], groupPermissions(m[1])) } : {}),
    };
  }
}

/**
 * Tauri's core `event` and `resources` plugins as permission tables (their `default` sets hold
 * every command): panes grants them as one group, but names them as Tauri does when it refuses.
 */
function groupPermissions(name: string): Record<string, PluginPermission> {
  const commands = name === "event" ? ["emit", "emit_to", "listen", "unlisten"] : ["close"];
  const out: Record<string, PluginPermission> = {
    default: { description: `Tauri's core ${name} plugin`, permissions: commands.map(allowName) },
  };
  for (const c of commands) {
    out[allowName(c)] = { description: `Enables the ${c} command`, commands: { allow: [c] } };
  }
  return out;
}

/** A core plugin as the guard sees it: its name (`core:window`) and its permissions. */
function corePlugin(name: string): Plugin {
  return coreTables.get(name) ?? coreTables.set(name, {
    name: `core:${name}`,
    description: `Tauri's core ${name} plugin`,
    commands: {},
    permissions: corePermissions(name),
  }).get(name)!;
}
const coreTables = new Map<string, Plugin>();

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return JSON.stringify(url);
  }
}

/**
 * The shape every panes plugin follows (Tauri's plugins-workspace layout):
 * commands reachable as `plugin:<name>|<command>`, a list of permissions
 * with a `default` set, optional scopes, and a page-side API.
 * @module
 */

import type { StandardSchema } from "../bridge/schema.ts";
import { InvokeError } from "../bridge/invoke_error.ts";
import type { AppDirs } from "./paths.ts";

/** The allow and deny scope entries granted for one command call (deny wins). */
export interface ScopeSet {
  /** Entries granting access (plugin-specific shape, e.g. `{ path }` for fs). */
  allow: unknown[];
  /** Entries denying access; checked first. */
  deny: unknown[];
}

/** A window as a plugin command sees it. */
export interface PluginWindow {
  /** The window's label. */
  readonly label: string;
  /** Runs a native op on the window's UI thread (default limit 10 s; dialogs wait longer). */
  nativeCall(op: string, args?: unknown[], timeoutMs?: number): Promise<unknown>;
}

/** What the app offers plugins. */
export interface PluginHost {
  /** The app identifier (names the per-app folders). */
  readonly identifier: string;
  /** Per-app and user folders ($APPDATA, $HOME, …). */
  readonly dirs: AppDirs;
  /** Whether errors carry details (the app's `debug`). */
  readonly debug: boolean;
  /** Emits a Tauri-flavoured event to every window (and host listeners). */
  emit(event: string, payload: unknown): void;
  /** An open window by label. */
  window(label: string): PluginWindow | undefined;
  /** Labels of the open windows. */
  readonly windows: string[];
  /** Resources handed to pages by id (`rid`), closed with `plugin:resources|close`. */
  readonly resources: ResourceTable;
}

/** What a plugin command receives. */
export interface PluginCallContext<A> {
  /** The validated arguments (or the raw bytes for `"bytes"` bodies). */
  args: A;
  /** Request headers, lower-case names. */
  headers: Record<string, string>;
  /** The calling window. */
  window: PluginWindow;
  /** The app. */
  host: PluginHost;
  /** Scope entries granted for this command. */
  scope: ScopeSet;
  /** The permission that would grant this command (`fs:allow-read-file`). */
  permission: string;
}

/** One plugin command. */
export interface PluginCommand<A = unknown> {
  /** Argument schema, `"bytes"` for a raw body, or undefined for none. */
  args?: StandardSchema<unknown, A> | "bytes";
  /** Runs the command; returns JSON or bytes. */
  run(ctx: PluginCallContext<A>): unknown | Promise<unknown>;
}

/** A table of commands whose argument types differ (each command checks its own). */
// deno-lint-ignore no-explicit-any
export type CommandTable = Record<string, PluginCommand<any>>;

/** One permission (Tauri's `[[permission]]`) or a set of them (`[[set]]`). */
export interface PluginPermission {
  /** What it grants. */
  description: string;
  /** Commands it allows or denies (command names as in `plugin:<name>|<command>`). */
  commands?: { allow?: string[]; deny?: string[] };
  /** Scope entries it carries (applied to the commands it allows, or to all when it allows none). */
  scope?: { allow?: unknown[]; deny?: unknown[] };
  /** For a set: the permissions it contains (names within the plugin, or `other:perm`). */
  permissions?: string[];
}

/** A plugin definition. */
export interface Plugin {
  /** Name as Tauri spells it (`clipboard-manager`). */
  readonly name: string;
  /** One line about it. */
  readonly description: string;
  /** Commands by name. */
  readonly commands: Readonly<Record<string, PluginCommand<never>>>;
  /** Permissions by name, including the `default` set and `allow-*` / `deny-*` for every command. */
  readonly permissions: Readonly<Record<string, PluginPermission>>;
  /** Validates scope entries given in capabilities (errors name the capability). */
  readonly scopeSchema?: StandardSchema;
  /** The page-side API script for a window (`panes.<name>`, Tauri's globals). */
  pageScript?(host: PluginHost): string;
  /** Runs once a native window exists, before `show()` resolves (window-state restores here). */
  windowOpened?(host: PluginHost, win: PluginWindow): void | Promise<void>;
  /**
   * Runs as a window closes, with its last native state (the fields of `WindowProxy.state()`,
   * read on the UI thread just before the window went; undefined when there is none to keep:
   * a browser page, a window whose show() failed, or one whose state was given already). In
   * single mode the user's close only hides the window: this runs then with the state while
   * `host.window(label)` still answers, and again without a state when the window really goes.
   */
  windowClosed?(
    host: PluginHost,
    label: string,
    state: Readonly<Record<string, unknown>> | undefined,
  ): void | Promise<void>;
}

/** Tauri's command → permission naming: `read_text_file` → `allow-read-text-file`. */
export function allowName(command: string): string {
  return `allow-${command.replaceAll("_", "-")}`;
}

/**
 * Builds a plugin: adds `allow-<command>` and `deny-<command>` for every
 * command (as Tauri generates them) to the hand-written permissions.
 */
export function definePlugin(def: {
  name: string;
  description: string;
  commands: CommandTable;
  permissions: Record<string, PluginPermission> & { default: PluginPermission };
  scopeSchema?: StandardSchema;
  pageScript?: (host: PluginHost) => string;
  windowOpened?: Plugin["windowOpened"];
  windowClosed?: Plugin["windowClosed"];
}): Plugin {
  const permissions: Record<string, PluginPermission> = {};
  for (const cmd of Object.keys(def.commands)) {
    const kebab = cmd.replaceAll("_", "-");
    permissions[`allow-${kebab}`] = {
      description: `Enables the ${cmd} command without any pre-configured scope.`,
      commands: { allow: [cmd] },
    };
    permissions[`deny-${kebab}`] = {
      description: `Denies the ${cmd} command without any pre-configured scope.`,
      commands: { deny: [cmd] },
    };
  }
  Object.assign(permissions, def.permissions);
  for (const [name, p] of Object.entries(permissions)) {
    for (const c of [...(p.commands?.allow ?? []), ...(p.commands?.deny ?? [])]) {
      if (!(c in def.commands)) {
        throw new Error(`plugin ${def.name}: permission ${name} names unknown command ${c}`);
      }
    }
  }
  return {
    name: def.name,
    description: def.description,
    commands: def.commands as Record<string, PluginCommand<never>>,
    permissions,
    scopeSchema: def.scopeSchema,
    pageScript: def.pageScript,
    windowOpened: def.windowOpened,
    windowClosed: def.windowClosed,
  };
}

/** A call was refused by its scope: code `forbidden`, naming the permission. */
export function forbidden(message: string, permission: string): InvokeError {
  return new InvokeError(message, { permission }, "forbidden");
}

/** A resource handed to the page by id (Tauri's `Resource`). */
export interface PageResource {
  /** Releases it (`plugin:resources|close`). */
  close(): void | Promise<void>;
}

/** Resources by id, per app; ids are never reused. */
export class ResourceTable {
  #next = 1;
  #items = new Map<number, { value: PageResource; label: string }>();

  /** Stores `value` for the window `label`; returns its id. */
  add(value: PageResource, label: string): number {
    const rid = this.#next++;
    this.#items.set(rid, { value, label });
    return rid;
  }

  /** The resource `rid`, checked to be a `T` by `is`; a clear error otherwise. */
  get<T extends PageResource>(rid: unknown, is: (v: PageResource) => v is T, what: string): T {
    const item = typeof rid === "number" ? this.#items.get(rid) : undefined;
    if (!item || !is(item.value)) {
      throw new InvokeError(
        `no ${what} with resource id ${JSON.stringify(rid)}`,
        undefined,
        "bad-resource",
      );
    }
    return item.value;
  }

  /** Every resource of type `T`. */
  all<T extends PageResource>(is: (v: PageResource) => v is T): Array<[number, T]> {
    const out: Array<[number, T]> = [];
    for (const [rid, item] of this.#items) if (is(item.value)) out.push([rid, item.value]);
    return out;
  }

  /** Closes and forgets `rid`. */
  async close(rid: unknown): Promise<void> {
    const item = typeof rid === "number" ? this.#items.get(rid) : undefined;
    if (!item) {
      throw new InvokeError(
        `no resource with id ${JSON.stringify(rid)}`,
        undefined,
        "bad-resource",
      );
    }
    this.#items.delete(rid as number);
    await item.value.close();
  }
}

/** Serialises a page-side installer `fn(cfg)`; `fn` must be self-contained (Function.toString). */
export function pageCall(fn: (cfg: never) => void, cfg: unknown): string {
  return `;(${fn})(${JSON.stringify(cfg ?? null)});\n`;
}

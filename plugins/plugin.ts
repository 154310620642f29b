/**
 * The shape every panes plugin follows (Tauri's plugins-workspace layout):
 * commands reachable as `plugin:<name>|<command>`, a list of permissions
 * with a `default` set, optional scopes, and a page-side API.
 * @module
 */

import type { StandardSchema } from "../bridge/schema.ts";
import { InvokeError } from "../bridge/invoke_error.ts";
import type { AppDirs } from "./paths.ts";
import type {
  DesktopNotifications,
  GlobalKeys,
  NativeOp,
  NativeOps,
  WindowControl,
} from "./native.ts";

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
  nativeCall<K extends NativeOp>(
    op: K,
    args: Parameters<NativeOps[K]>,
    timeoutMs?: number,
  ): Promise<ReturnType<NativeOps[K]>>;
  /** The window's controls (its `WindowProxy`). */
  readonly control: WindowControl;
}

/** What the app offers plugins. */
export interface PluginHost {
  /** The app identifier (names the per-app folders). */
  readonly identifier: string;
  /** Per-app and user folders ($APPDATA, $HOME, …). */
  readonly dirs: AppDirs;
  /** Whether errors carry details (the app's `debug`). */
  readonly debug: boolean;
  /** The desktop's notifications (on Linux: org.freedesktop.Notifications on the session bus). */
  readonly notifications: DesktopNotifications;
  /** Keys grabbed for the whole desktop (on Linux: X11 key grabs). */
  readonly globalKeys: GlobalKeys;
  /** Emits a Tauri-flavoured event to every window (and host listeners). */
  emit(event: string, payload: unknown): void;
  /**
   * Hears an app event on the host side (those the host dispatches, such as `tray:click`, which
   * pages cannot send); returns the function that stops it.
   */
  on(event: string, handler: (payload: unknown) => void): () => void;
  /** An open window by label. */
  window(label: string): PluginWindow | undefined;
  /** Labels of the open windows. */
  readonly windows: string[];
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
  /** The calling page's resources: ids it hands out and accepts belong to this page load only. */
  resources: ResourceTable;
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
  /**
   * The command waits on the world (a dialog the user answers, a download, a child process):
   * it gets no command time limit (`AppOptions.commandTimeoutMs` bounds every other command).
   */
  unbounded?: boolean;
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
  /**
   * Runs once when the app starts (its first `show()`, before any window opens); a rejection
   * fails that `show()`. single-instance hands over to a running instance here.
   */
  setup?(host: PluginHost): void | Promise<void>;
  /** Runs once when the app is destroyed: release what `setup` or commands took (grabs, sockets). */
  teardown?(host: PluginHost): void | Promise<void>;
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
 *
 * @example A plugin, enabled and granted to every window
 * ```ts
 * import { App, definePlugin } from "@panes/panes";
 * import { z } from "zod";
 *
 * const greeter = definePlugin({
 *   name: "greeter",
 *   description: "Says hello",
 *   commands: {
 *     hello: { args: z.object({ name: z.string() }), run: ({ args }) => `Hello, ${args.name}!` },
 *   },
 *   permissions: { default: { description: "Allows hello", permissions: ["allow-hello"] } },
 * });
 * await using app = new App({ plugins: [greeter], capabilities: ["greeter:default"] });
 * // page: await panes.invoke("plugin:greeter|hello", { name: "you" })
 * ```
 */
export function definePlugin(def: {
  name: string;
  description: string;
  commands: CommandTable;
  permissions: Record<string, PluginPermission> & { default: PluginPermission };
  scopeSchema?: StandardSchema;
  pageScript?: (host: PluginHost) => string;
  setup?: Plugin["setup"];
  teardown?: Plugin["teardown"];
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
    setup: def.setup,
    teardown: def.teardown,
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
  /** Releases it (`plugin:resources|close`, or its page went away). */
  close(): void | Promise<void>;
}

/**
 * Who holds resources: one page load of one window. A new page (reload, navigation) or a
 * closed window gets a new owner, so ids handed to an earlier page stop working.
 */
export class ResourceOwner {
  /** Set once the page went away: it can hold nothing more. */
  gone = false;
  constructor(readonly label: string) {}
}

/**
 * One page's resources by id (`ctx.resources`; Tauri's per-webview `ResourceTable`): ids from
 * other windows, or from an earlier page load of this window, answer `bad-resource`.
 */
export interface ResourceTable {
  /** Stores `value` for this page; returns its id. */
  add(value: PageResource): number;
  /** This page's resource `rid`, checked to be a `T` by `is`; `bad-resource` otherwise. */
  get<T extends PageResource>(rid: unknown, is: (v: PageResource) => v is T, what: string): T;
  /** Whether this page holds `rid`. */
  holds(rid: number): boolean;
  /** Makes this page a holder of `rid` too (a resource shared by pages); false if it is gone. */
  share(rid: number): boolean;
  /** Lets go of `rid`; the resource is closed once no page holds it. `bad-resource` if not held. */
  close(rid: unknown): Promise<void>;
}

function badResource(what: string, rid: unknown): InvokeError {
  return new InvokeError(
    `no ${what} with resource id ${JSON.stringify(rid)}`,
    undefined,
    "bad-resource",
  );
}

/**
 * Every page's resources of one app, by id; ids are never reused. Every resource belongs to the
 * pages that hold it: an id used by any other page (another window, or an earlier page load of
 * the same window) answers `bad-resource`, exactly as an unknown id does. When a page goes away
 * ({@linkcode releaseAll}) its resources are closed unless another page still holds them.
 */
export class AppResources {
  #next = 1;
  #items = new Map<number, { value: PageResource; owners: Set<ResourceOwner> }>();
  #byOwner = new Map<ResourceOwner, Set<number>>();

  /** The view of the table for one page. */
  scoped(owner: ResourceOwner): ResourceTable {
    return {
      add: (value) => this.add(value, owner),
      get: (rid, is, what) => this.get(owner, rid, is, what),
      holds: (rid) => this.#items.get(rid)?.owners.has(owner) ?? false,
      share: (rid) => this.#share(owner, rid),
      close: (rid) => this.close(owner, rid),
    };
  }

  /** Stores `value` for `owner`; returns its id. A page that went away gets nothing. */
  add(value: PageResource, owner: ResourceOwner): number {
    if (owner.gone) {
      void Promise.resolve().then(() => value.close()).catch(() => {});
      throw new InvokeError(
        `window "${owner.label}": the page that asked is gone`,
        undefined,
        "bad-resource",
      );
    }
    const rid = this.#next++;
    this.#items.set(rid, { value, owners: new Set([owner]) });
    this.#held(owner).add(rid);
    return rid;
  }

  /** `owner`'s resource `rid`, checked to be a `T` by `is`; `bad-resource` otherwise. */
  get<T extends PageResource>(
    owner: ResourceOwner,
    rid: unknown,
    is: (v: PageResource) => v is T,
    what: string,
  ): T {
    const item = typeof rid === "number" ? this.#items.get(rid) : undefined;
    if (!item || !item.owners.has(owner) || !is(item.value)) throw badResource(what, rid);
    return item.value;
  }

  /** `owner` lets go of `rid`; the resource closes once nobody holds it. */
  async close(owner: ResourceOwner, rid: unknown): Promise<void> {
    const item = typeof rid === "number" ? this.#items.get(rid) : undefined;
    if (!item || !item.owners.has(owner)) throw badResource("resource", rid);
    await this.#release(owner, rid as number);
  }

  /** The page `owner` went away: it lets go of everything it holds (each closed at most once). */
  async releaseAll(owner: ResourceOwner): Promise<void> {
    owner.gone = true;
    const rids = [...this.#byOwner.get(owner) ?? []];
    await Promise.all(rids.map((rid) =>
      this.#release(owner, rid).catch((e) => {
        console.error(`panes: closing resource ${rid} of window "${owner.label}" failed:`, e);
      })
    ));
    this.#byOwner.delete(owner);
  }

  #held(owner: ResourceOwner): Set<number> {
    let s = this.#byOwner.get(owner);
    if (!s) this.#byOwner.set(owner, s = new Set());
    return s;
  }

  #share(owner: ResourceOwner, rid: number): boolean {
    const item = this.#items.get(rid);
    if (!item || owner.gone) return false;
    item.owners.add(owner);
    this.#held(owner).add(rid);
    return true;
  }

  async #release(owner: ResourceOwner, rid: number): Promise<void> {
    this.#byOwner.get(owner)?.delete(rid);
    const item = this.#items.get(rid);
    if (!item || !item.owners.delete(owner) || item.owners.size > 0) return;
    this.#items.delete(rid);
    await item.value.close();
  }
}

/** Serialises a page-side installer `fn(cfg)`; `fn` must be self-contained (Function.toString). */
export function pageCall(fn: (cfg: never) => void, cfg: unknown): string {
  return `;(${fn})(${JSON.stringify(cfg ?? null)});\n`;
}

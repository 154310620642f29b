/**
 * Tauri's own words for a plugin command its capability system refuses, as a debug build of
 * Tauri 2 rejects `invoke` with them (tauri's `RuntimeAuthority::resolve_access_message`). They
 * are what `@tauri-apps/api` frontends show and may match on, so the Tauri path rejects with
 * exactly these strings; `panes.invoke` keeps its Error (`code: "forbidden"`, `data.permission`).
 * @module
 */

import type { PluginPermission } from "../plugins/plugin.ts";

/** What made a command denied: the capability, and the permission (within its plugin) it granted. */
export interface DenyReference {
  /** The capability's identifier. */
  capability: string;
  /** The permission's name within its plugin (`deny-read-text-file`), as Tauri names it there. */
  permission: string;
}

/**
 * No grant: `fs.read_text_file not allowed. Permissions associated with this command: …`.
 * `key` is the plugin as permissions name it (`fs`, `core:window`); the command is shown
 * under the plugin's own name (`window.set_title`).
 */
export function notAllowedWords(
  key: string,
  command: string,
  permissions: Readonly<Record<string, PluginPermission>>,
): string {
  const names = permissionsAllowing(permissions, command);
  const detail = names.length
    ? `Permissions associated with this command: ${names.map((n) => `${key}:${n}`).join(", ")}`
    : "Command not found";
  return `${shownName(key)}.${command} not allowed. ${detail}`;
}

/**
 * An explicit deny: `<plugin>.<command> explicitly denied on origin local` and what denied it.
 * `origin` is `local` for app content, else the page's URL.
 */
export function deniedWords(
  key: string,
  command: string,
  origin: string,
  refs: readonly DenyReference[],
): string {
  const by = refs.map((r) => `capability: ${r.capability}, permission: ${r.permission}`)
    .join(" || ");
  return `${
    shownName(key)
  }.${command} explicitly denied on origin ${origin}\n\nreferenced by: ${by}`;
}

/** One place a capability grants a command: Tauri's resolved command, as its message lists it. */
export interface GrantedOn {
  /** The window labels (globs) the capability names. */
  windows: readonly string[];
  /** The webview labels (globs) it names. */
  webviews: readonly string[];
  /** `local`, or the remote URL pattern the grant holds for. */
  context: string;
  /** The capability's identifier. */
  capability: string;
  /** The permission (within its plugin) that allows the command. */
  permission: string;
}

/**
 * Granted somewhere, not here: `window.set_title not allowed on window "other", webview "other",
 * URL: local`, then where it is allowed and by what, as Tauri says it. `origin` is `local` for app
 * content, else the page's URL; panes' windows hold one webview, labelled as the window.
 */
export function notAllowedHereWords(
  key: string,
  command: string,
  label: string,
  origin: string,
  grants: readonly GrantedOn[],
): string {
  const quoted = (names: readonly string[]) => names.map((n) => `"${n}"`).join(", ");
  const on = grants.map((g) =>
    `[${g.windows.length ? `windows: ${quoted(g.windows)}, ` : ""}${
      g.webviews.length ? `webviews: ${quoted(g.webviews)}, ` : ""
    }URL: ${g.context}]`
  ).join(", ");
  const by = grants.map((g) => `capability: ${g.capability}, permission: ${g.permission}`)
    .join(" || ");
  return `${
    shownName(key)
  }.${command} not allowed on window "${label}", webview "${label}", URL: ${origin}\n\nallowed on: ${on}\n\nreferenced by: ${by}`;
}

/** `window` for `core:window`: Tauri shows core plugins without their `core:` prefix. */
function shownName(key: string): string {
  return key.startsWith("core:") ? key.slice(5) : key;
}

/**
 * The permissions of one plugin that allow `command`, sorted, as Tauri lists them: every
 * permission whose commands allow it, and every set (`default` included) that holds one of those
 * within the same plugin. A set member naming another plugin (`fs:default`) is not followed, as
 * in Tauri.
 */
export function permissionsAllowing(
  permissions: Readonly<Record<string, PluginPermission>>,
  command: string,
): string[] {
  const allows = (name: string, seen: Set<string>): boolean => {
    const p = Object.hasOwn(permissions, name) ? permissions[name] : undefined;
    if (!p || seen.has(name)) return false;
    seen.add(name);
    if (p.commands?.allow?.includes(command)) return true;
    return (p.permissions ?? []).some((sub) => !sub.includes(":") && allows(sub, seen));
  };
  return Object.keys(permissions).filter((name) => allows(name, new Set())).sort();
}

/** Permissions of the fs plugin (Tauri's names); every command also has `allow-*` / `deny-*`. @module */

import type { PluginPermission } from "../plugin.ts";

/** Commands that only read. */
export const READ_COMMANDS = [
  "read_file",
  "read_text_file",
  "read_dir",
  "exists",
  "stat",
  "lstat",
  "size",
  "read",
  "read_text_file_lines",
  "read_text_file_lines_next",
  "seek",
  "fstat",
  "watch",
  "unwatch",
];
/**
 * Commands that change the file system. `open` is here, not with the reads (where Tauri has it):
 * its options create and truncate files, so a read-only grant must not include it.
 */
export const WRITE_COMMANDS = [
  "write_file",
  "write_text_file",
  "mkdir",
  "remove",
  "rename",
  "copy_file",
  "truncate",
  "create",
  "open",
  "write",
  "ftruncate",
];

const APP_DIRS = ["$APPCONFIG", "$APPDATA", "$APPLOCALDATA", "$APPCACHE", "$APPLOG"];

/** Hand-written permissions and sets. */
export const fsPermissions: Record<string, PluginPermission> & { default: PluginPermission } = {
  default: {
    description:
      "Read access to the app's own folders ($APPCONFIG, $APPDATA, $APPLOCALDATA, $APPCACHE, $APPLOG, recursively). Writing needs explicit permissions.",
    permissions: ["read-all", "scope-app-recursive"],
  },
  "read-all": {
    description: "Enables every read command (still limited by the path scope).",
    commands: { allow: READ_COMMANDS },
  },
  "write-all": {
    description: "Enables every write command (still limited by the path scope).",
    commands: { allow: WRITE_COMMANDS },
  },
  "read-files": {
    description: "Enables reading files.",
    commands: {
      allow: [
        "read_file",
        "read_text_file",
        "read_text_file_lines",
        "read_text_file_lines_next",
        "read",
        "seek",
        "fstat",
        "exists",
        "stat",
        "lstat",
        "size",
      ],
    },
  },
  "read-dirs": {
    description: "Enables listing folders.",
    commands: { allow: ["read_dir", "exists"] },
  },
  "write-files": {
    description: "Enables writing, renaming, copying and removing files.",
    commands: {
      allow: [
        "write_file",
        "write_text_file",
        "rename",
        "copy_file",
        "remove",
        "truncate",
        "create",
        "open",
        "write",
        "ftruncate",
      ],
    },
  },
  scope: {
    description: "A path scope for every fs command; give it with allow/deny entries.",
  },
  "scope-app-recursive": {
    description: "Scope: the app's folders, recursively.",
    scope: { allow: APP_DIRS.map((d) => ({ path: `${d}/**` })) },
  },
  "allow-app-read-recursive": {
    description: "Reads the app's folders recursively.",
    permissions: ["read-all", "scope-app-recursive"],
  },
  "allow-app-write-recursive": {
    description: "Writes the app's folders recursively.",
    permissions: ["write-all", "scope-app-recursive"],
  },
  "scope-home-recursive": {
    description: "Scope: the home folder, recursively.",
    scope: { allow: [{ path: "$HOME/**" }] },
  },
  "scope-temp-recursive": {
    description: "Scope: the temporary folder, recursively.",
    scope: { allow: [{ path: "$TEMP/**" }] },
  },
};

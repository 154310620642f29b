/**
 * The updater plugin: checks the app's update endpoints (Tauri's JSON), downloads the artifact with
 * progress, verifies its minisign signature before anything is replaced, and installs it
 * (`@tauri-apps/plugin-updater`). See `install.ts` for what installing means for a Deno app.
 * @module
 */

import { definePlugin, type Plugin } from "../plugin.ts";
import { transportAllowed, updaterCommands, type UpdaterConfig } from "./commands.ts";
import { defaultInstaller, type UpdateInstaller } from "./install.ts";
import { parseVersion } from "./manifest.ts";
import { parsePublicKey } from "./minisign.ts";

export type { UpdateInstaller } from "./install.ts";
export type { Release } from "./manifest.ts";

/** How an app is updated. */
export interface UpdaterOptions {
  /**
   * Update endpoints, tried in order; `{{current_version}}`, `{{target}}` (`linux`) and `{{arch}}`
   * (`x86_64`) are filled in. https only, unless `dangerousInsecureTransportProtocol`.
   */
  endpoints: string[];
  /** The minisign public key, as in Tauri's config (the base64 of the key file), or the file or key line. */
  pubkey: string;
  /** The running version (semantic: `1.2.3`); updates must be newer. */
  version: string;
  /** The platform key in static manifests (default `linux-<arch>`, e.g. `linux-x86_64`). */
  target?: string;
  /** Allows http endpoints and downloads (local testing). */
  dangerousInsecureTransportProtocol?: boolean;
  /** What install does (default: a compiled app replaces its executable and relaunches; a script app is told how to update). */
  installer?: UpdateInstaller;
  /** The largest artifact accepted (default 1 GiB). */
  maxBytes?: number;
}

const ARCH: Record<string, string> = { x86_64: "x86_64", aarch64: "aarch64" };

function permissions() {
  return {
    default: {
      description: "The full workflow: check for updates, download, install (Tauri's default set).",
      permissions: [
        "allow-check",
        "allow-download",
        "allow-install",
        "allow-download-and-install",
      ],
    },
  };
}

/**
 * Makes the updater plugin for an app; bad options (an endpoint that is not a URL, http without
 * `dangerousInsecureTransportProtocol`, a key that is not a minisign public key) throw here.
 *
 * @example An app that updates itself from a JSON endpoint
 * ```ts ignore
 * import { App, createUpdaterPlugin } from "@panes/panes";
 *
 * const app = new App({
 *   plugins: [createUpdaterPlugin({
 *     endpoints: ["https://releases.example.com/{{target}}/{{arch}}/{{current_version}}"],
 *     pubkey: "dW50cnVzdGVkIGNvbW1lbnQ6…",
 *     version: "1.2.0",
 *   })],
 *   capabilities: ["updater:default"],
 * });
 * ```
 */
export function createUpdaterPlugin(options: UpdaterOptions): Plugin {
  const insecure = options.dangerousInsecureTransportProtocol ?? false;
  for (const e of options.endpoints) {
    let url: URL;
    try {
      url = new URL(e);
    } catch {
      throw new Error(`updater: endpoint ${JSON.stringify(e)} is not a URL`);
    }
    try {
      transportAllowed(url, insecure, "endpoint");
    } catch (err) {
      throw new Error(`updater: ${(err as Error).message}`);
    }
  }
  let pubkey;
  try {
    pubkey = parsePublicKey(options.pubkey);
  } catch (e) {
    throw new Error(`updater: pubkey: ${(e as Error).message}`);
  }
  parseVersion(options.version, "updater: version");
  const config: UpdaterConfig = {
    endpoints: [...options.endpoints],
    pubkey,
    version: options.version.replace(/^v/, ""),
    target: options.target ?? `linux-${ARCH[Deno.build.arch] ?? Deno.build.arch}`,
    insecure,
    installer: options.installer ?? defaultInstaller(),
    maxBytes: options.maxBytes ?? 1024 ** 3,
    exit: () => Deno.exit(0),
  };
  return definePlugin({
    name: "updater",
    description: "Check for, download, verify and install updates of the app.",
    commands: updaterCommands(config),
    permissions: permissions(),
  });
}

/**
 * The updater enabled by name, without options: it has no endpoints, so `check` rejects with
 * code `not-configured` and says to use {@linkcode createUpdaterPlugin}.
 */
export const updaterPlugin: Plugin = definePlugin({
  name: "updater",
  description: "Check for, download, verify and install updates (needs createUpdaterPlugin).",
  commands: updaterCommands({
    endpoints: [],
    pubkey: { keyId: new Uint8Array(8), key: new Uint8Array(32) },
    version: "0.0.0",
    target: "",
    insecure: false,
    installer: { kind: "script" },
    maxBytes: 0,
    exit: () => {},
  }),
  permissions: permissions(),
});

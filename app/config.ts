/**
 * `panes.jsonc`: the app's configuration file (comments and trailing commas
 * allowed; read by `./jsonc.ts`), validated with zod. Precedence, lowest first:
 *
 * 1. built-in defaults,
 * 2. `panes.jsonc` (`config` option; default `./panes.jsonc` when present;
 *    `PANES_CONFIG` names another file),
 * 3. `PANES_*` environment variables,
 * 4. options given in code (`new App({...})`, `app.show(html, {...})`).
 *
 * A bad file fails with `file:line:column` and what was expected; an unknown
 * key is an error that suggests the closest valid key.
 * @module
 */

import { z } from "zod";
import { findNodeAtLocation, JsoncSyntaxError, type Node, parseTree } from "./jsonc.ts";
import { type CapabilityInput, capabilityListSchema, closest } from "../router/capabilities.ts";
import type { AppOptions } from "./options.ts";

/**
 * The config file's schema, built on first use: only an app with a config file builds it.
 */
export function configSchema(): z.ZodType {
  return built ??= buildConfigSchema();
}
let built: z.ZodType | undefined;

function buildConfigSchema(): z.ZodType {
  const size = z.strictObject({
    width: z.number().int().positive(),
    height: z.number().int().positive(),
  });

  // Window defaults in the config file (`show()` options override them).
  const windowDefaults = z.strictObject({
    title: z.string().optional(),
    width: z.number().int().positive().optional(),
    height: z.number().int().positive().optional(),
    resizable: z.boolean().optional(),
    decorations: z.boolean().optional(),
    alwaysOnTop: z.boolean().optional(),
    fullscreen: z.boolean().optional(),
    maximized: z.boolean().optional(),
    minSize: size.optional(),
    maxSize: size.optional(),
    center: z.boolean().optional(),
    backgroundColor: z.string().optional(),
    zoom: z.number().positive().optional(),
    devtools: z.boolean().optional(),
    visible: z.boolean().optional(),
    dragDropEnabled: z.boolean().optional(),
  });

  // Everything `panes.jsonc` may hold.
  return z.strictObject({
    $schema: z.string().optional(),
    identifier: z.string().regex(
      /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
      "letters, digits, . _ - (like com.example.app)",
    )
      .optional(),
    mode: z.enum(["new", "single", "multi"]).optional(),
    theme: z.enum(["dark", "light", "system"]).optional(),
    debug: z.boolean().optional(),
    hotReload: z.boolean().optional(),
    readyTimeoutMs: z.number().int().positive().optional(),
    webviewLibrary: z.string().optional(),
    uiHost: z.enum(["worker", "main"]).optional(),
    csp: z.union([z.string(), z.literal(false)]).optional(),
    commandTimeoutMs: z.number().int().positive().optional(),
    maxMessageBytes: z.number().int().positive().optional(),
    transport: z.enum(["native", "browser", "notebook"]).optional(),
    notebookDisplay: z.enum(["iframe", "widget"]).optional(),
    browser: z.string().optional(),
    open: z.boolean().optional(),
    hostname: z.string().min(1).optional(),
    port: z.number().int().min(0).max(65535).optional(),
    graceMs: z.number().int().positive().optional(),
    window: windowDefaults.optional(),
    // Tauri's frontendDist and app.security.assetProtocol (app/frontend_dist.ts, asset_protocol.ts).
    frontendDist: z.string().min(1).optional(),
    assetProtocol: z.strictObject({
      enable: z.boolean().optional(),
      scope: z.union([
        z.array(z.string()),
        z.strictObject({
          allow: z.array(z.string()).optional(),
          deny: z.array(z.string()).optional(),
          requireLiteralLeadingDot: z.boolean().optional(),
        }),
      ]).optional(),
    }).optional(),
    plugins: z.array(z.string()).optional(),
    capabilities: capabilityListSchema().optional(),
  });
}

/** The parsed configuration file (see {@linkcode AppOptions} for what each key means). */
export interface PanesConfig {
  /** JSON Schema URL for editors; ignored by panes. */
  $schema?: string;
  /** App identifier for per-app folders. */
  identifier?: string;
  /** Window mode. */
  mode?: "new" | "single" | "multi";
  /** Initial theme for every page. */
  theme?: "dark" | "light" | "system";
  /** Devtools and detailed errors in pages. */
  debug?: boolean;
  /** Watch HtmlContent files and reload on change. */
  hotReload?: boolean;
  /** How long `show()`/`update()` wait for the page's bridge, in ms. */
  readyTimeoutMs?: number;
  /** Explicit path to libwebview. */
  webviewLibrary?: string;
  /** Where the native UI runs: `"worker"` (default) or `"main"`. */
  uiHost?: "worker" | "main";
  /** Content-Security-Policy for app content; `false`: none. */
  csp?: string | false;
  /** A command still running after this many ms answers the page with code `timeout`. */
  commandTimeoutMs?: number;
  /** Largest page → host message accepted, in bytes. */
  maxMessageBytes?: number;
  /** `"native"` windows, `"browser"` pages or `"notebook"` outputs. */
  transport?: "native" | "browser" | "notebook";
  /** Notebook transport: `"iframe"` or `"widget"` outputs. */
  notebookDisplay?: "iframe" | "widget";
  /** Browser transport: the command line that opens a page, its URL appended. */
  browser?: string;
  /** Browser transport: open each page (`false` only prints its URL). */
  open?: boolean;
  /** Browser transport: the interface to listen on. */
  hostname?: string;
  /** Browser transport: the port (0: a free one). */
  port?: number;
  /** Browser transport: how long a page may be gone before its window counts as closed, in ms. */
  graceMs?: number;
  /** Defaults for every `show()`. */
  window?: AppOptions["window"];
  /** The frontend folder, relative to the config file's folder. */
  frontendDist?: string;
  /** Tauri's asset protocol: `{ enable, scope }`. */
  assetProtocol?: AppOptions["assetProtocol"];
  /** Plugins to enable, by name. */
  plugins?: string[];
  /** Capabilities (Tauri's shape), or permission strings granted to every window. */
  capabilities?: CapabilityInput[];
}

/** A configuration file that cannot be used: the message starts with `file:line:column`. */
export class ConfigError extends Error {
  /** The file. */
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
  /**
   * Makes the error for a position in `file`.
   * @param what what was wrong and what was expected
   */
  constructor(file: string, line: number, column: number, what: string) {
    super(`${file}:${line}:${column}: ${what}`);
    this.name = "ConfigError";
    this.file = file;
    this.line = line;
    this.column = column;
  }
}

function lineCol(text: string, offset: number): [number, number] {
  let line = 1, col = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === "\n") {
      line++;
      col = 1;
    } else col++;
  }
  return [line, col];
}

/** Keys a zod object schema accepts at `path` (for "did you mean"). */
function keysAt(schema: z.ZodType, path: PropertyKey[]): string[] {
  // deno-lint-ignore no-explicit-any
  let cur: any = schema;
  const unwrap = () => {
    while (cur && ["optional", "nullable", "default", "pipe"].includes(cur._zod.def.type)) {
      cur = cur._zod.def.innerType ?? cur._zod.def.in;
    }
  };
  for (const seg of path) {
    unwrap();
    if (!cur) return [];
    const t = cur._zod.def.type;
    if (t === "object") cur = cur._zod.def.shape[seg as string];
    else if (t === "array") cur = cur._zod.def.element;
    else if (t === "union") {
      // deno-lint-ignore no-explicit-any
      const obj = cur._zod.def.options.find((o: any) => o._zod.def.type === "object");
      cur = obj?._zod.def.shape[seg as string];
    } else return [];
  }
  unwrap();
  if (cur?._zod.def.type === "union") {
    // deno-lint-ignore no-explicit-any
    cur = cur._zod.def.options.find((o: any) => o._zod.def.type === "object");
  }
  return cur?._zod.def.type === "object" ? Object.keys(cur._zod.def.shape) : [];
}

/** Parses and validates config text; errors carry file:line:column. */
export function parseConfig(text: string, file: string): PanesConfig {
  let tree: Node;
  try {
    tree = parseTree(text);
  } catch (e) {
    if (!(e instanceof JsoncSyntaxError)) throw e;
    const [line, col] = lineCol(text, e.offset);
    const what: Record<string, string> = {
      PropertyNameExpected: "expected a property name in double quotes",
      ValueExpected: "expected a value",
      ColonExpected: "expected ':'",
      CommaExpected: "expected ',' between entries",
      CloseBraceExpected: "expected '}'",
      CloseBracketExpected: "expected ']'",
      EndOfFileExpected: "expected the end of the file after the top-level value",
      InvalidSymbol: "invalid symbol",
    };
    throw new ConfigError(file, line, col, `invalid JSONC: ${what[e.code] ?? e.code}`);
  }
  const value = nodeValue(tree);
  const r = configSchema().safeParse(value);
  if (r.success) return r.data as PanesConfig;
  const issue = r.error.issues[0];
  let node: Node | undefined = findNodeAtLocation(tree, issue.path as (string | number)[]) ?? tree;
  let what = issue.message;
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0];
    const prop = node.children?.find((c) => c.type === "property" && c.children?.[0].value === key);
    if (prop) node = prop.children![0];
    const hint = closest(key, keysAt(configSchema(), issue.path));
    what = `unknown key "${key}"${hint ? ` (did you mean "${hint}"?)` : ""}`;
  } else if (issue.path.length) {
    // A missing key points at its object; a bad value at the value itself.
    const missing = findNodeAtLocation(tree, issue.path as (string | number)[]) === undefined;
    if (missing) {
      node = findNodeAtLocation(tree, issue.path.slice(0, -1) as (string | number)[]) ?? tree;
    }
    what = `${issue.path.join(".")}: ${issue.message}`;
  }
  const [line, col] = lineCol(text, node.offset);
  throw new ConfigError(file, line, col, what);
}

function nodeValue(n: Node): unknown {
  switch (n.type) {
    case "object": {
      const o: Record<string, unknown> = {};
      for (const p of n.children ?? []) {
        o[p.children![0].value as string] = p.children![1] ? nodeValue(p.children![1]) : undefined;
      }
      return o;
    }
    case "array":
      return (n.children ?? []).map(nodeValue);
    default:
      return n.value;
  }
}

/** Reads a config file; a missing file named explicitly is an error. */
export function loadConfigFile(path: string): PanesConfig {
  let text: string;
  try {
    text = Deno.readTextFileSync(path);
  } catch (e) {
    throw new Error(`cannot read the config file ${path}: ${e instanceof Error ? e.message : e}`, {
      cause: e,
    });
  }
  return parseConfig(text, path);
}

function env(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined; // no --allow-env: environment overrides do not apply
  }
}

/** `PANES_*` environment variables as options (invalid values are errors naming the variable). */
export function envOptions(): Partial<PanesConfig> {
  const out: Partial<PanesConfig> = {};
  const bool = (name: string): boolean | undefined => {
    const v = env(name);
    if (v === undefined || v === "") return undefined;
    if (/^(1|true|yes|on)$/i.test(v)) return true;
    if (/^(0|false|no|off)$/i.test(v)) return false;
    throw new TypeError(`${name}=${JSON.stringify(v)}: expected 1/true/yes/on or 0/false/no/off`);
  };
  const oneOf = <T extends string>(name: string, values: readonly T[]): T | undefined => {
    const v = env(name);
    if (v === undefined || v === "") return undefined;
    if (!values.includes(v as T)) {
      throw new TypeError(`${name}=${JSON.stringify(v)}: expected one of ${values.join(", ")}`);
    }
    return v as T;
  };
  out.mode = oneOf("PANES_MODE", ["new", "single", "multi"] as const);
  out.theme = oneOf("PANES_THEME", ["dark", "light", "system"] as const);
  out.debug = bool("PANES_DEBUG");
  out.hotReload = bool("PANES_HOT_RELOAD");
  const id = env("PANES_IDENTIFIER");
  if (id) out.identifier = id;
  const t = env("PANES_READY_TIMEOUT_MS");
  if (t) {
    const n = Number(t);
    if (!Number.isInteger(n) || n <= 0) {
      throw new TypeError(
        `PANES_READY_TIMEOUT_MS=${JSON.stringify(t)}: expected a positive integer`,
      );
    }
    out.readyTimeoutMs = n;
  }
  const plugins = env("PANES_PLUGINS");
  if (plugins) out.plugins = plugins.split(",").map((s) => s.trim()).filter(Boolean);
  out.transport = oneOf("PANES_TRANSPORT", ["native", "browser", "notebook"] as const);
  out.notebookDisplay = oneOf("PANES_NOTEBOOK_DISPLAY", ["iframe", "widget"] as const);
  const browser = env("PANES_BROWSER");
  if (browser) out.browser = browser;
  out.open = bool("PANES_OPEN");
  for (const k of Object.keys(out) as (keyof PanesConfig)[]) {
    if (out[k] === undefined) delete out[k];
  }
  return out;
}

/** The identifier when none is given: from the main module's file name (`demo.ts` → `dev.panes.demo`). */
export function defaultIdentifier(): string {
  let base = "app";
  try {
    base = new URL(Deno.mainModule).pathname.split("/").pop()!.replace(/\.[^.]*$/, "") || "app";
  } catch { /* no main module */ }
  return `dev.panes.${base.replace(/[^A-Za-z0-9_-]/g, "-")}`;
}

/**
 * Applies the precedence defaults < config file < PANES_* env < code:
 * returns the options in code completed from the environment and the file.
 */
export function resolveAppOptions(options: AppOptions): AppOptions {
  let file: PanesConfig = {};
  const explicit = options.config ?? env("PANES_CONFIG");
  if (explicit !== false && explicit !== undefined && explicit !== "") {
    if (typeof explicit !== "string") throw new TypeError("App: config must be a path or false");
    file = besideFile(loadConfigFile(explicit), explicit);
  } else if (explicit === undefined || explicit === "") {
    let present = false;
    try {
      present = Deno.statSync("panes.jsonc").isFile;
    } catch { /* absent, or no read permission: no default file */ }
    if (present) file = besideFile(loadConfigFile("panes.jsonc"), "panes.jsonc");
  }
  const fromEnv = envOptions();
  const merged: AppOptions = {};
  for (const layer of [file, fromEnv]) {
    for (const [k, v] of Object.entries(layer)) {
      if (k !== "$schema" && v !== undefined) (merged as Record<string, unknown>)[k] = v;
    }
  }
  for (const [k, v] of Object.entries(options)) {
    if (v !== undefined) (merged as Record<string, unknown>)[k] = v;
  }
  if (file.window && options.window) merged.window = { ...file.window, ...options.window };
  merged.identifier ??= defaultIdentifier();
  return merged;
}

/** A relative `frontendDist` in a config file names a folder beside the file (as in Tauri). */
function besideFile(config: PanesConfig, path: string): PanesConfig {
  const dist = config.frontendDist;
  if (dist === undefined || dist.startsWith("/")) return config;
  const cut = path.lastIndexOf("/");
  return { ...config, frontendDist: cut < 0 ? dist : `${path.slice(0, cut)}/${dist}` };
}

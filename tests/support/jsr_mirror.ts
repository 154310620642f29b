/**
 * What `deno publish` would upload, served the way JSR serves it, for tests/jsr_mirror_test.ts and
 * tests/readonly_copy_test.ts. The file list is `deno publish --dry-run`'s own; bare specifiers are
 * rewritten through deno.json's import map as `deno publish` does ("unfurling": `from "zod"` →
 * `from "npm:zod@^4.1.0"`, also in dynamic imports and `import.meta.resolve("…")`).
 *
 * The registry protocol Deno's `jsr:` resolver uses (with `JSR_URL` as the base):
 * `<base>/@scope/name/meta.json` lists versions (`{ "versions": { "0.1.0": {} } }`),
 * `<base>/@scope/name/<version>_meta.json` gives `exports` and a `manifest` of files
 * (`{ "/mod.ts": { size, checksum: "sha256-<hex>" } }`, checked by Deno), and each file is at
 * `<base>/@scope/name/<version>/<path>`.
 * @module
 */

const root = new URL("../../", import.meta.url).pathname;

interface DenoJson {
  name: string;
  version: string;
  exports: Record<string, string>;
  imports: Record<string, string>;
}

/** The package's deno.json. */
export async function denoJson(): Promise<DenoJson> {
  return JSON.parse(await Deno.readTextFile(`${root}deno.json`));
}

/** The files `deno publish --dry-run` lists, as paths relative to the repository root. */
export async function publishedFiles(): Promise<string[]> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["publish", "--dry-run", "--allow-dirty", "--no-check"],
    cwd: root,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  if (!out.success) throw new Error(`deno publish --dry-run failed:\n${text}`);
  const prefix = `file://${root}`;
  const files: string[] = [];
  for (const line of text.split("\n")) {
    const m = /^\s+(file:\/\/\S+) \(/.exec(line);
    if (!m || !m[1].startsWith(prefix)) continue;
    const rel = decodeURIComponent(m[1].slice(prefix.length));
    // A git worktree has a `.git` file (a checkout's `.git` folder is never published).
    if (rel === ".git") continue;
    files.push(rel);
  }
  if (!files.includes("mod.ts")) throw new Error(`no file list in deno publish's output:\n${text}`);
  return files;
}

/** Rewrites bare specifiers through `imports` in static and dynamic imports and `import.meta.resolve`. */
export function unfurl(source: string, imports: Record<string, string>): string {
  const map = (spec: string): string => {
    if (spec.startsWith(".") || spec.startsWith("/") || /^[a-z][a-z0-9+.-]*:/i.test(spec)) {
      return spec;
    }
    if (spec in imports) return imports[spec];
    for (const [key, target] of Object.entries(imports)) {
      if (spec.startsWith(`${key}/`)) return `${target}/${spec.slice(key.length + 1)}`;
    }
    return spec;
  };
  return source.replace(
    /(\bfrom\s*|\bimport\s*|\bimport\s*\(\s*|\bimport\.meta\.resolve\s*\(\s*)(["'])([^"'\n]+)\2/g,
    (_all, head: string, q: string, spec: string) => `${head}${q}${map(spec)}${q}`,
  );
}

const TEXT = /\.(ts|js|mjs|tsx|jsx|json|jsonc|d\.ts)$/;

/** The published files' contents as JSR would hold them (path without leading slash → bytes). */
export async function publishedContents(): Promise<Map<string, Uint8Array>> {
  const { imports } = await denoJson();
  const files = new Map<string, Uint8Array>();
  for (const rel of await publishedFiles()) {
    const bytes = await Deno.readFile(`${root}${rel}`);
    files.set(
      rel,
      TEXT.test(rel) && rel !== "deno.json"
        ? new TextEncoder().encode(unfurl(new TextDecoder().decode(bytes), imports))
        : bytes,
    );
  }
  return files;
}

/** Writes the published files under `dir`. */
export async function writePublished(dir: string, files: Map<string, Uint8Array>): Promise<void> {
  for (const [rel, bytes] of files) {
    const path = `${dir}/${rel}`;
    await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
    await Deno.writeFile(path, bytes);
  }
}

async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A local JSR registry serving one package version. */
export interface JsrMirror {
  /** The value for `JSR_URL` (ends with `/`). */
  url: string;
  /** Every path requested, in order. */
  requests: string[];
  close(): Promise<void>;
}

/** Serves `files` as `@scope/name@version` on 127.0.0.1 at a random port. */
export async function startJsrMirror(files: Map<string, Uint8Array>): Promise<JsrMirror> {
  const { name, version, exports } = await denoJson();
  const manifest: Record<string, { size: number; checksum: string }> = {};
  for (const [rel, bytes] of files) {
    manifest[`/${rel}`] = { size: bytes.length, checksum: `sha256-${await sha256(bytes)}` };
  }
  const meta = JSON.stringify({
    scope: name.slice(1, name.indexOf("/")),
    name: name.slice(name.indexOf("/") + 1),
    latest: version,
    versions: { [version]: {} },
  });
  const versionMeta = JSON.stringify({ manifest, exports });
  const requests: string[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (req) => {
    const path = decodeURIComponent(new URL(req.url).pathname);
    requests.push(path);
    const json = (body: string) =>
      new Response(body, { headers: { "content-type": "application/json" } });
    if (path === `/${name}/meta.json`) return json(meta);
    if (path === `/${name}/${version}_meta.json`) return json(versionMeta);
    const filePrefix = `/${name}/${version}/`;
    if (path.startsWith(filePrefix)) {
      const bytes = files.get(path.slice(filePrefix.length));
      if (bytes) {
        const type = path.endsWith(".json")
          ? "application/json"
          : path.endsWith(".ts")
          ? "application/typescript"
          : path.endsWith(".js")
          ? "application/javascript"
          : "application/octet-stream";
        return new Response(bytes as Uint8Array<ArrayBuffer>, {
          headers: { "content-type": type },
        });
      }
    }
    return new Response("not found", { status: 404 });
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}/`,
    requests,
    close: () => server.shutdown(),
  };
}

/**
 * Copies the npm packages panes needs at run time (and their registry info) from this machine's
 * Deno cache into `denoDir`, so a fresh DENO_DIR starts without downloading them. Missing ones are
 * left to the npm registry.
 */
export async function seedNpmCache(denoDir: string): Promise<void> {
  const info = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json"],
    stdout: "piped",
    stderr: "null",
  }).output();
  const npmCache = JSON.parse(new TextDecoder().decode(info.stdout)).npmCache as string;
  for (const pkg of ["zod", "webview-bun"]) {
    const from = `${npmCache}/registry.npmjs.org/${pkg}`;
    const to = `${denoDir}/npm/registry.npmjs.org/${pkg}`;
    try {
      await Deno.stat(from);
    } catch {
      continue;
    }
    await Deno.mkdir(`${denoDir}/npm/registry.npmjs.org`, { recursive: true });
    await new Deno.Command("cp", { args: ["-a", from, to] }).output();
  }
}

export { type ChildResult, describe, runDeno } from "./child.ts";

/**
 * A user's app importing panes from `specifier`: opens a window whose page invokes the command
 * `add`, then prints `RESULT <what the page got>` and `LIBWEBVIEW <the libwebview file this process
 * mapped>` (or `ERROR …`). Every wait has a deadline.
 */
export function consumerApp(specifier: string): string {
  return `import { App, Commands, Menu, MenuItem, Submenu } from ${JSON.stringify(specifier)};

const commands = new Commands().command("add", {}, ({ body }) => {
  const { a, b } = body as { a: number; b: number };
  return { sum: a + b, from: "host" };
});
// A built-in plugin (loaded on demand from the package) and a native menu bar, as from a checkout.
const app = new App({
  commands,
  config: false,
  plugins: ["os"],
  capabilities: [{ identifier: "main", windows: ["*"], permissions: ["os:default"] }],
});
const item = new MenuItem({ id: "hello", text: "Hello", handler: () => {} });
try {
  const win = await app.show(
    \`<p>shipped</p><script>
      Promise.all([panes.invoke("add", { a: 2, b: 3 }), panes.invoke("plugin:os|platform")]).then(
        ([r, os]) => { window.got = { ...r, os }; },
        (e) => { window.got = { error: String(e) }; },
      );
    </script>\`,
    { width: 220, height: 120, menu: new Menu("m", [new Submenu("File", [item])]) },
  );
  await item.setText("Hello again"); // a live update reaches the native menu on the UI thread
  const end = Date.now() + 30_000;
  let got = null;
  while (got === null) {
    if (Date.now() > end) throw new Error("the page's invoke got no answer within 30 s");
    got = await win.evalJs("window.got ?? null");
    if (got === null) await new Promise((r) => setTimeout(r, 50));
  }
  console.log("RESULT " + JSON.stringify(got));
  const maps = await Deno.readTextFile("/proc/self/maps");
  const lib = maps.split("\\n").map((l) => l.split(/\\s+/)[5]).find((p) => p && /libwebview[^/]*$/.test(p));
  console.log("LIBWEBVIEW " + lib);
} catch (e) {
  console.log("ERROR " + (e instanceof Error ? e.name + ": " + e.message : String(e)));
}
await app.destroy();
`;
}

/**
 * The peers' runtimes and bindings, installed on first use into a cache
 * folder outside the repository (npm, `npm install --prefix`), plus the
 * Debian package webview-napi links against. Nothing is vendored.
 * @module
 */

/** The npm packages, pinned: the bun runtime (its binary ships in `@oven/bun-linux-x64`) and the two bindings. */
export const PEER_PACKAGES: Record<string, string> = {
  "bun": "1.4.5",
  "webview-bun": "2.4.0",
  "webview-napi": "2.2.0",
};

/** Debian packages the peers need beyond panes' own (webview-napi is wry: GTK 3 + WebKitGTK 4.1). */
export const PEER_DEBIAN_PACKAGES: Record<"bun" | "node", string[]> = {
  bun: [],
  node: ["libwebkit2gtk-4.1-0"],
};

/** Where the npm packages go: `$PANES_PEERS_CACHE`, or `~/.cache/panes-bench-peers`. */
export function peersCache(): string {
  const explicit = Deno.env.get("PANES_PEERS_CACHE");
  if (explicit) return explicit;
  const home = Deno.env.get("HOME") ?? "/tmp";
  return `${home}/.cache/panes-bench-peers`;
}

/** What each peer runs with, or why it cannot run. */
export interface PeerSetup {
  /** `<cache>/node_modules`. */
  modules: string;
  /** The bun binary, or the error that keeps bun + webview-bun from running. */
  bun: { exe: string } | { error: string };
  /** The node binary, or the error that keeps node + webview-napi from running. */
  node: { exe: string } | { error: string };
}

async function output(cmd: string, args: string[]): Promise<{ ok: boolean; text: string }> {
  try {
    const o = await new Deno.Command(cmd, {
      args,
      stdout: "piped",
      stderr: "piped",
      env: { DEBIAN_FRONTEND: "noninteractive" },
    }).output();
    const d = new TextDecoder();
    return { ok: o.success, text: (d.decode(o.stdout) + d.decode(o.stderr)).trim() };
  } catch (e) {
    return { ok: false, text: `${cmd}: ${e instanceof Error ? e.message : e}` };
  }
}

function installedVersion(modules: string, name: string): string | undefined {
  try {
    return JSON.parse(Deno.readTextFileSync(`${modules}/${name}/package.json`)).version;
  } catch {
    return undefined;
  }
}

function exists(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

const lastLines = (text: string, n = 4) =>
  text.split("\n").map((l) => l.trim()).filter(Boolean).slice(-n).join(" / ");

/** Installs what is missing (printing what it installs, to stderr) and says what each peer runs with. */
export async function ensurePeers(log: (line: string) => void = console.error): Promise<PeerSetup> {
  const cache = peersCache();
  const modules = `${cache}/node_modules`;
  let npmError: string | undefined;
  const missing = Object.entries(PEER_PACKAGES).filter(([name, v]) =>
    installedVersion(modules, name) !== v
  );
  if (missing.length) {
    const specs = missing.map(([name, v]) => `${name}@${v}`);
    log(`peers: installing ${specs.join(" ")} into ${cache} (npm install --prefix)`);
    Deno.mkdirSync(cache, { recursive: true });
    const r = await output("npm", [
      "install",
      "--prefix",
      cache,
      "--no-audit",
      "--no-fund",
      "--save-exact",
      ...specs,
    ]);
    if (!r.ok) npmError = `npm install ${specs.join(" ")} failed: ${lastLines(r.text)}`;
  }
  const need = (name: string) =>
    npmError && installedVersion(modules, name) !== PEER_PACKAGES[name] ? npmError : undefined;

  // bun: the binary the `bun` package links (its optional dependency @oven/bun-linux-x64 ships it).
  let bun: PeerSetup["bun"];
  const bunError = need("bun") ?? need("webview-bun");
  if (bunError) bun = { error: bunError };
  else {
    const candidates = [
      `${modules}/@oven/bun-${Deno.build.os}-${
        Deno.build.arch === "x86_64" ? "x64" : "aarch64"
      }/bin/bun`,
      `${modules}/bun/bin/bun.exe`,
    ];
    const exe = candidates.find(exists);
    const v = exe ? await output(exe, ["--version"]) : undefined;
    bun = exe && v?.ok ? { exe } : {
      error: exe
        ? `${exe} --version: ${lastLines(v!.text)}`
        : `no bun binary at ${candidates.join(" or ")}`,
    };
  }

  // node: the machine's; webview-napi's prebuilt and the system WebKitGTK 4.1 it links.
  let node: PeerSetup["node"];
  const napiError = need("webview-napi");
  const nodeVersion = await output("node", ["--version"]);
  if (napiError) node = { error: napiError };
  else if (!nodeVersion.ok) node = { error: `node is not available: ${nodeVersion.text}` };
  else {
    node = { exe: "node" };
    const absent: string[] = [];
    for (const p of PEER_DEBIAN_PACKAGES.node) {
      const q = await output("dpkg-query", ["-W", "-f=${Status}", p]);
      if (!q.text.includes("install ok installed")) absent.push(p);
    }
    if (absent.length && Deno.uid?.() === 0) {
      log(
        `peers: installing ${absent.join(" ")} (apt-get; webview-napi links GTK 3 + WebKitGTK 4.1)`,
      );
      await output("apt-get", ["update", "-q"]);
      const r = await output("apt-get", ["install", "-y", "-q", ...absent]);
      if (!r.ok) {
        node = { error: `apt-get install ${absent.join(" ")} failed: ${lastLines(r.text)}` };
      }
    } else if (absent.length) {
      node = { error: `missing Debian packages ${absent.join(" ")} (run as root to install them)` };
    }
  }
  return { modules, bun, node };
}

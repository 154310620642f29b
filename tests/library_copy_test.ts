import { assert, assertEquals, assertMatch } from "./support/assert.ts";
import { copyToCache, locateWebview, resolveWebview } from "../ffi/main/library.ts";
import { describe, runDeno } from "./support/jsr_mirror.ts";

// In a `deno compile` binary the npm package's libwebview is a file inside the binary, which dlopen
// cannot open: resolveWebview copies it to a private, content-addressed cache file. These tests run
// that copy as a binary would (standalone: true) without building one.

const root = new URL("../", import.meta.url).pathname;
const tmp = await Deno.makeTempDir({ prefix: "panes-library-copy-" });

async function sha256(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(d, (b) => b.toString(16).padStart(2, "0")).join("");
}

const npm = locateWebview();

Deno.test("library copy: the npm package's libwebview is found through the module graph", () => {
  assertEquals(npm.source, "npm", JSON.stringify(npm));
  assertMatch(npm.path, /\/webview-bun\/.*build\/libwebview-(x64|arm64)\.so$/);
});

Deno.test("library copy: as in a compiled binary, a private content-addressed copy is used", async () => {
  const cache = `${tmp}/cache-a`;
  const source = await Deno.readFile(npm.path);
  const loc = await resolveWebview(undefined, { standalone: true, cacheDir: cache });
  assertEquals(loc.source, "npm");
  assertEquals(loc.path, `${cache}/libwebview-${await sha256(source)}.so`);
  assertEquals(await Deno.readFile(loc.path), source, "the copy has the library's bytes");
  assertEquals((await Deno.stat(loc.path)).mode! & 0o777, 0o700, "the file is user-only");
  assertEquals((await Deno.stat(cache)).mode! & 0o777, 0o700, "the folder is user-only");
  const names = [...Deno.readDirSync(cache)].map((e) => e.name);
  assertEquals(names, [loc.path.slice(cache.length + 1)], "no temporary file is left behind");

  // Not a binary: the npm file is used in place.
  assertEquals(await resolveWebview(undefined, { standalone: false, cacheDir: cache }), npm);

  // Again: the same file, not rewritten.
  const ino = (await Deno.stat(loc.path)).ino;
  const again = await resolveWebview(undefined, { standalone: true, cacheDir: cache });
  assertEquals(again.path, loc.path);
  assertEquals((await Deno.stat(again.path)).ino, ino, "an intact copy is reused");
});

Deno.test("library copy: a damaged or loosened copy is replaced, a loose folder tightened", async () => {
  const cache = `${tmp}/cache-b`;
  const first = await copyToCache(npm.path, cache);
  const source = await Deno.readFile(npm.path);

  await Deno.chmod(first, 0o600);
  await Deno.writeFile(first, new TextEncoder().encode("truncated"));
  assertEquals(await copyToCache(npm.path, cache), first);
  assertEquals(await Deno.readFile(first), source, "a damaged copy is rewritten");

  await Deno.chmod(first, 0o766);
  await copyToCache(npm.path, cache);
  assertEquals(
    (await Deno.stat(first)).mode! & 0o777,
    0o700,
    "a copy others may write is replaced",
  );

  await Deno.chmod(cache, 0o777);
  await copyToCache(npm.path, cache);
  assertEquals((await Deno.stat(cache)).mode! & 0o777, 0o700, "the folder is made user-only");
});

Deno.test("library copy: copies made at once end as one intact file", async () => {
  const cache = `${tmp}/cache-c`;
  const paths = await Promise.all(Array.from({ length: 6 }, () => copyToCache(npm.path, cache)));
  assertEquals(new Set(paths).size, 1);
  assertEquals(await Deno.readFile(paths[0]), await Deno.readFile(npm.path));
  assertEquals([...Deno.readDirSync(cache)].length, 1, "no temporary file is left behind");
});

Deno.test("library copy: an unreadable source or unusable folder fails with a NativeLibraryError", async () => {
  let err: unknown;
  try {
    await copyToCache(npm.path, "/proc/panes-cannot-make-this");
  } catch (e) {
    err = e;
  }
  assert(err instanceof Error, "copyToCache rejects");
  assertEquals(err.name, "NativeLibraryError");
  assertMatch(err.message, /cannot copy libwebview .* PANES_WEBVIEW_LIB/);
});

Deno.test("library copy: the copied library opens real windows", async () => {
  const copy = await copyToCache(npm.path, `${tmp}/cache-d`);
  const r = await runDeno(["run", "-A", "tests/support/native_load_child.ts", copy], {
    cwd: root,
    timeoutMs: 90_000,
  });
  assertEquals(r.code, 0, describe(r));
  const line = r.stdout.split("\n").find((l) => l.startsWith("["));
  assertEquals(
    line && JSON.parse(line),
    [{ opened: 2 }, { opened: 2 }, { destroyed: true }],
    describe(r),
  );
});

globalThis.addEventListener("unload", () => Deno.removeSync(tmp, { recursive: true }));

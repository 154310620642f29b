import { assert, assertEquals } from "./support/assert.ts";
import {
  consumerApp,
  describe,
  publishedContents,
  runDeno,
  seedNpmCache,
  startJsrMirror,
} from "./support/jsr_mirror.ts";

// A user's script, alone in an empty folder (no deno.json, no node_modules) with its own DENO_DIR,
// imports `jsr:@panes/panes` from a local registry serving what `deno publish` would upload, with
// JSR's metadata (see tests/support/jsr_mirror.ts). It opens a real window on this test's display;
// the page invokes a command; the script prints the answer and the libwebview file it loaded.

Deno.test("JSR: jsr:@panes/panes from a registry, no deno.json, fresh DENO_DIR: a window answers a command", async () => {
  const files = await publishedContents();
  for (const needed of ["mod.ts", "ffi/ui/ui_worker.ts", "ffi/main/library.ts"]) {
    assert(files.has(needed), `deno publish uploads ${needed}`);
  }
  const mirror = await startJsrMirror(files);
  const dir = await Deno.makeTempDir({ prefix: "panes-jsr-app-" });
  const denoDir = await Deno.makeTempDir({ prefix: "panes-jsr-denodir-" });
  try {
    await seedNpmCache(denoDir);
    await Deno.writeTextFile(`${dir}/app.ts`, consumerApp("jsr:@panes/panes"));
    // -A: reading /proc/self/maps (which libwebview was loaded) needs all permissions.
    const r = await runDeno(["run", "-A", "app.ts"], {
      cwd: dir,
      env: { JSR_URL: mirror.url, DENO_DIR: denoDir },
      timeoutMs: 240_000,
    });
    assert(!r.timedOut, `the app did not finish within 240 s: ${describe(r)}`);
    const result = r.stdout.split("\n").find((l) => l.startsWith("RESULT "));
    assertEquals(result, `RESULT {"sum":5,"from":"host","os":"linux"}`, describe(r));
    assertEquals(r.code, 0, describe(r));

    // Everything came from the registry: the package, its worker module, no checkout.
    for (const path of ["/@panes/panes/meta.json", "/@panes/panes/0.1.0_meta.json"]) {
      assert(mirror.requests.includes(path), `the registry was asked for ${path}`);
    }
    assert(
      mirror.requests.includes("/@panes/panes/0.1.0/ffi/ui/ui_worker.ts"),
      "the UI thread's module came from the registry",
    );
    // libwebview was found through the module graph: the npm package in this DENO_DIR.
    const lib = r.stdout.split("\n").find((l) => l.startsWith("LIBWEBVIEW "))?.slice(11) ?? "";
    assert(
      lib.startsWith(`${denoDir}/npm/registry.npmjs.org/webview-bun/`),
      `libwebview from the fresh DENO_DIR's npm cache, not ${lib}: ${describe(r)}`,
    );
    // Nothing was written beside the script (no node_modules, no lock file).
    assertEquals([...Deno.readDirSync(dir)].map((e) => e.name), ["app.ts"]);

    // Again with the permissions docs/shipping.md names as the minimum (now from the warm cache).
    const min = await runDeno(["run", "--allow-ffi", "--allow-read", "--allow-env", "app.ts"], {
      cwd: dir,
      env: { JSR_URL: mirror.url, DENO_DIR: denoDir },
      timeoutMs: 120_000,
    });
    assert(!min.timedOut, `the app did not finish within 120 s: ${describe(min)}`);
    assertEquals(
      min.stdout.split("\n").find((l) => l.startsWith("RESULT ")),
      `RESULT {"sum":5,"from":"host","os":"linux"}`,
      describe(min),
    );
  } finally {
    await mirror.close();
    await Deno.remove(dir, { recursive: true });
    await Deno.remove(denoDir, { recursive: true });
  }
});

Deno.test("JSR: jsr:@panes/panes/init writes an app on the published version whose own test passes", async () => {
  const mirror = await startJsrMirror(await publishedContents());
  const dir = await Deno.makeTempDir({ prefix: "panes-jsr-init-" });
  const denoDir = await Deno.makeTempDir({ prefix: "panes-jsr-denodir-" });
  try {
    await seedNpmCache(denoDir);
    const env = { JSR_URL: mirror.url, DENO_DIR: denoDir };
    const made = await runDeno(["run", "-A", "jsr:@panes/panes/init", "my-app"], {
      cwd: dir,
      env,
      timeoutMs: 120_000,
    });
    assertEquals(made.code, 0, describe(made));
    const config = JSON.parse(await Deno.readTextFile(`${dir}/my-app/deno.json`));
    // From JSR, the app imports the published version, not a checkout.
    assertEquals(config.imports["@panes/panes"], "jsr:@panes/panes@^0.1.0");
    const tested = await runDeno(["task", "test"], {
      cwd: `${dir}/my-app`,
      env: { ...env, DISPLAY: "" }, // the app's test starts its own virtual display
      timeoutMs: 240_000,
    });
    assert(!tested.timedOut, `the app's test did not finish within 240 s: ${describe(tested)}`);
    assertEquals(tested.code, 0, describe(tested));
    assert(/ok \| 1 passed \| 0 failed/.test(tested.stdout), describe(tested));
    assert(
      mirror.requests.includes("/@panes/panes/0.1.0/testing.ts"),
      "the app's test imported @panes/panes/testing from the registry",
    );
  } finally {
    await mirror.close();
    await Deno.remove(dir, { recursive: true });
    await Deno.remove(denoDir, { recursive: true });
  }
});

import { runNativeLoadChild } from "./support/child.ts";
import { assert, assertEquals, assertMatch } from "./support/assert.ts";
import {
  GENERAL_HINT,
  loadFailureHint,
  missingSoname,
  missingSonameHint,
  packageForSoname,
} from "../ffi/native_deps.ts";
import { loadError, NativeLibraryError } from "../ffi/native_libs.ts";
import { describeMissing, missingSonames, nativeStack } from "../tools/system.ts";

Deno.test("native deps: soname → package table and the load error's text", () => {
  assertEquals(packageForSoname("libvulkan.so.1"), {
    debian: "libvulkan1",
    fedora: "vulkan-loader",
    arch: "vulkan-icd-loader",
  });
  assertEquals(packageForSoname("libwebkitgtk-6.0.so.4")?.debian, "libwebkitgtk-6.0-4");
  assertEquals(packageForSoname("libgtk-4.so.1")?.debian, "libgtk-4-1");
  assertEquals(packageForSoname("libEGL.so.1")?.debian, "libegl1");
  assertEquals(packageForSoname("libgio-2.0.so.0")?.debian, "libglib2.0-0");
  assertEquals(packageForSoname("/usr/lib/x86_64-linux-gnu/libgbm.so.1")?.debian, "libgbm1");
  assertEquals(packageForSoname("libabsl_strings.so.20220623")?.debian, "libabsl20220623");
  assertEquals(packageForSoname("libnothing.so.9"), undefined);

  const text =
    "Could not open library: Could not open library: libvulkan.so.1: cannot open shared object file: No such file or directory";
  assertEquals(missingSoname(text), "libvulkan.so.1");
  assertEquals(missingSoname("/tmp/x/libfoo.so: invalid ELF header"), undefined);
  assertEquals(
    missingSoname("libwoff2dec.so.1.0.2: cannot open shared object file"),
    "libwoff2dec.so.1.0.2",
  );

  const err = loadError("libwebkitgtk-6.0.so.4", new Error(text));
  assert(err instanceof NativeLibraryError);
  assertEquals(
    err.message,
    "cannot load libwebkitgtk-6.0.so.4: libvulkan.so.1: cannot open shared object file: No such file or directory; " +
      "libvulkan.so.1 is missing (package libvulkan1): install it with `apt-get install -y libvulkan1` (Debian/Ubuntu), " +
      "`dnf install vulkan-loader` (Fedora), `pacman -S vulkan-icd-loader` (Arch)",
  );
  // An unknown soname: said so, with where to look.
  const unknown = missingSonameHint("libnothing.so.9");
  assertMatch(unknown, /does not know which package provides libnothing\.so\.9/);
  assertMatch(unknown, /apt-file search libnothing\.so\.9/);
  assertMatch(unknown, /dpkg -S libnothing\.so\.9/);
  // No file named: the general line, with both packages.
  assertEquals(loadFailureHint("/x.so: invalid ELF header"), GENERAL_HINT);
  assertMatch(GENERAL_HINT, /apt-get install -y libwebkitgtk-6\.0-4 libgtk-4-1/);
});

/** Runs `gcc args` in `cwd`; fails the test with gcc's own output when it cannot. */
async function gcc(args: string[], cwd: string): Promise<void> {
  let out: Deno.CommandOutput;
  try {
    out = await new Deno.Command("gcc", { args, cwd, stdout: "piped", stderr: "piped" }).output();
  } catch (e) {
    throw new Error(
      `gcc is needed to build the fake library and cannot run (${(e as Error).message}): ` +
        "install it with `apt-get install -y gcc libc6-dev` (.ci/run and deno task test do, as root)",
    );
  }
  if (!out.success) {
    throw new Error(`gcc ${args.join(" ")} failed:\n${new TextDecoder().decode(out.stderr)}`);
  }
}

/**
 * A libwebview stand-in whose DT_NEEDED names libvulkan.so.1, and an LD_AUDIT library that hides
 * that soname from the loader's search (this machine has libvulkan1; a slim image does not): with
 * it, dlopen fails exactly as there, "libvulkan.so.1: cannot open shared object file".
 */
async function buildFakes(tmp: string): Promise<{ fake: string; hideEnv: Record<string, string> }> {
  await Deno.mkdir(`${tmp}/stub`);
  await Deno.mkdir(`${tmp}/lib`);
  await Deno.writeTextFile(`${tmp}/stub/stub.c`, "void panes_vk_stub(void) {}\n");
  await gcc(
    ["-shared", "-fPIC", "-Wl,-soname,libvulkan.so.1", "-o", "libvulkan.so.1", "stub.c"],
    `${tmp}/stub`,
  );
  await Deno.writeTextFile(
    `${tmp}/lib/fake.c`,
    "void panes_vk_stub(void);\nvoid webview_version(void) { panes_vk_stub(); }\n",
  );
  await gcc(
    [
      "-shared",
      "-fPIC",
      "-Wl,--no-as-needed",
      "-o",
      "libwebview-fake.so",
      "fake.c",
      `${tmp}/stub/libvulkan.so.1`,
    ],
    `${tmp}/lib`,
  );
  await Deno.remove(`${tmp}/stub`, { recursive: true }); // the stub goes: only the name remains
  // la_objsearch returns NULL for a hidden basename on every search path (not the original
  // name), so the loader reports the name as not found, as it does when the file is absent.
  await Deno.writeTextFile(
    `${tmp}/hide.c`,
    `#define _GNU_SOURCE
#include <link.h>
#include <stdlib.h>
#include <string.h>
unsigned int la_version(unsigned int v) { (void)v; return LAV_CURRENT; }
char *la_objsearch(const char *name, uintptr_t *cookie, unsigned int flag) {
  (void)cookie;
  const char *hide = getenv("PANES_HIDE_SONAME");
  const char *base = strrchr(name, '/');
  base = base ? base + 1 : name;
  if (flag != LA_SER_ORIG && hide && strcmp(base, hide) == 0) return NULL;
  return (char *)name;
}
`,
  );
  await gcc(["-shared", "-fPIC", "-o", "hide.so", "hide.c"], tmp);
  return {
    fake: `${tmp}/lib/libwebview-fake.so`,
    hideEnv: { LD_AUDIT: `${tmp}/hide.so`, PANES_HIDE_SONAME: "libvulkan.so.1" },
  };
}

const runChild = runNativeLoadChild;

Deno.test("native deps: a libwebview whose libvulkan.so.1 is missing fails naming libvulkan.so.1 and libvulkan1; the tools' load check finds it too", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "panes-native-deps-" });
  try {
    const { fake, hideEnv } = await buildFakes(tmp);

    // Positive control, same test: the real libwebview opens windows (no soname hidden).
    const good = await runChild(undefined);
    assertEquals(good.steps, [{ opened: 2 }, { opened: 2 }, { destroyed: true }], good.text);

    // The first window's loader path (the `webviewLibrary` option), libvulkan.so.1 missing.
    const bad = await runChild(fake, hideEnv);
    assertEquals(bad.code, 0, bad.text);
    assertEquals(bad.steps.length, 3, bad.text);
    for (const step of bad.steps.slice(0, 2)) {
      const error = step.error ?? "";
      assertMatch(error, /^NativeLibraryError: cannot load /, bad.text);
      assert(error.includes("libvulkan.so.1: cannot open shared object file"), bad.text);
      assert(error.includes("package libvulkan1"), bad.text);
      assert(error.includes("`apt-get install -y libvulkan1`"), bad.text);
      assert(!error.includes("libwebkitgtk-6.0-4 libgtk-4-1"), `the old advice:\n${bad.text}`);
    }

    // tools/system.ts: what loads, by ldd, under the same conditions.
    const missing = await missingSonames([fake], hideEnv);
    assertEquals(missing.map((m) => [m.soname, m.neededBy, m.package?.debian]), [
      ["libvulkan.so.1", fake, "libvulkan1"],
    ]);
    assertMatch(describeMissing(missing), /libvulkan\.so\.1 \(needed by .*\): package libvulkan1/);
    assertMatch(describeMissing(missing), /apt-get install -y libvulkan1/);
    // Positive control: the stack this machine really has loads.
    assertEquals(await missingSonames(nativeStack()), []);
    // A library that is not there at all is reported by its own name.
    const gone = await missingSonames(["libpanes-not-installed.so.7"]);
    assertEquals(gone.map((m) => [m.soname, m.package]), [[
      "libpanes-not-installed.so.7",
      undefined,
    ]]);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

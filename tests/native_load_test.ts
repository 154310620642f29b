import { assert, assertEquals, assertMatch } from "./support/assert.ts";
import { runNativeLoadChild } from "./support/child.ts";

const tmp = await Deno.makeTempDir({ prefix: "panes-native-load-" });

/** Runs tests/support/native_load_child.ts with `library`; its exit status and steps. */
async function runChild(library?: string) {
  const r = await runNativeLoadChild(library);
  return { code: r.code, steps: r.steps, out: r.text };
}

/** A tiny shared library whose NEEDED entry cannot be resolved (built with gcc), or undefined. */
async function libraryWithMissingDependency(): Promise<string | undefined> {
  const dir = `${tmp}/so`;
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(`${dir}/dep.c`, "int panes_dep(void) { return 1; }\n");
  await Deno.writeTextFile(
    `${dir}/lib.c`,
    "int panes_dep(void);\nint webview_version(void) { return panes_dep(); }\n",
  );
  const gcc = (args: string[]) =>
    new Deno.Command("gcc", { args, cwd: dir, stdout: "null", stderr: "null" }).output()
      .then((r) => r.success, () => false);
  if (!await gcc(["-shared", "-fPIC", "-o", "libpanes-gone-dep.so", "dep.c"])) return undefined;
  if (!await gcc(["-shared", "-fPIC", "-o", "libbroken.so", "lib.c", "-L.", "-lpanes-gone-dep"])) {
    return undefined;
  }
  // The dependency goes away, as a missing libvulkan.so.1 does on a machine without it.
  await Deno.remove(`${dir}/libpanes-gone-dep.so`);
  return `${dir}/libbroken.so`;
}

Deno.test(
  "native load: after libwebview fails to load, every later show() rejects with the same error, and destroy() works",
  async () => {
    // Positive control: the same child with the default library opens both windows.
    const good = await runChild();
    assertEquals(good.code, 0, good.out);
    assertEquals(good.steps, [{ opened: 2 }, { opened: 2 }, { destroyed: true }], good.out);

    // Not a shared object at all: WebKit and GTK load first, then libwebview fails.
    const notElf = `${tmp}/libwebview-not-elf.so`;
    await Deno.writeTextFile(notElf, "not a library\n");
    const broken: Array<[string, string, RegExp]> = [
      [notElf, "not an ELF file", /file too short|invalid ELF header/],
    ];
    const missingDep = await libraryWithMissingDependency();
    if (missingDep) {
      broken.push([missingDep, "a missing dependency", /libpanes-gone-dep\.so: cannot open/]);
    } else {
      console.log("gcc is not available: the missing-dependency case is skipped");
    }
    for (const [library, what, loaderText] of broken) {
      const r = await runChild(library);
      assertEquals(r.code, 0, `${what}: ${r.out}`);
      assertEquals(r.steps.length, 3, `${what}: ${r.out}`);
      const [first, second, end] = r.steps;
      assertMatch(
        first.error ?? "",
        /^NativeLibraryError: cannot load libwebview from .* \(option\): /,
        `${what}: ${r.out}`,
      );
      assert(first.error!.includes(library), `${what}: the error names the library: ${r.out}`);
      assertMatch(first.error!, loaderText, what);
      assertEquals(second, first, `${what}: the second show() fails the same way`);
      assertEquals(end, { destroyed: true });
    }
  },
);

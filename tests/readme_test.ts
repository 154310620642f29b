import { assertEquals } from "./support/assert.ts";

const root = new URL("../", import.meta.url).pathname;

Deno.test("the README's example runs as written and shows the command's answer", async () => {
  const readme = await Deno.readTextFile(`${root}README.md`);
  const example = /```ts\n([\s\S]*?)```/.exec(readme)![1];
  // Instead of waiting for a user to close the window: wait (with the test kit, as an app's own
  // test would) until the page shows something other than its first text, print it, then close.
  const script = `import { drive } from "./testing.ts";\n` + example.replace(
    "await app.run(); // until the last window is closed",
    `const shown = await (await drive(win)).waitFor(() => {
       const text = document.getElementById("status")?.textContent;
       return text !== "Hi" && text;
     }, { timeout: 5000 });
     console.log("SHOWS", shown);
     await win.close();`,
  );
  if (!script.includes("drive(win)")) {
    throw new Error("the README example no longer ends with app.run()");
  }
  const path = `${root}.readme_example_${Date.now()}.ts`;
  await Deno.writeTextFile(path, script);
  try {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", path],
      cwd: root,
      stdout: "piped",
      stderr: "piped",
    }).output();
    assertEquals(out.code, 0, new TextDecoder().decode(out.stderr));
    assertEquals(new TextDecoder().decode(out.stdout).trim(), "SHOWS Hello, page!");
  } finally {
    await Deno.remove(path);
  }
});

import { assertEquals } from "./support/assert.ts";

const root = new URL("../", import.meta.url).pathname;

Deno.test("the README's example runs as written and shows the command's answer", async () => {
  const readme = await Deno.readTextFile(`${root}README.md`);
  const example = /```ts\n([\s\S]*?)```/.exec(readme)![1];
  // Instead of waiting for a user to close the window: read what the page shows, then close it.
  const script = example.replace(
    "await app.run(); // until the last window is closed",
    `for (let i = 0; i < 200; i++) {
       const text = await win.evalJs("document.getElementById('status').textContent");
       if (text !== "Hi") { console.log("SHOWS", text); break; }
       await new Promise((r) => setTimeout(r, 25));
     }
     await win.close();`,
  );
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

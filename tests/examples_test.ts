import { assert, assertEquals } from "./support/assert.ts";

const root = new URL("../", import.meta.url).pathname;

async function runExample(name: string, env: Record<string, string>, flags: string[] = []) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", ...flags, `examples/${name}`],
    cwd: root,
    env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  return {
    code: out.code,
    stdout: new TextDecoder().decode(out.stdout),
    stderr: new TextDecoder().decode(out.stderr),
  };
}

Deno.test("examples/data_sharing.ts: every PyTauri data-sharing example works end to end", async () => {
  const r = await runExample("data_sharing.ts", { PANES_EXAMPLE_AUTORUN: "1" });
  assertEquals(r.code, 0, r.stderr);
  for (
    const line of [
      "Hello, World!",
      '{"message":"Created Alice","user_id":123}',
      "risky_operation failed: Something went wrong!",
      "uploaded 4",
      "stream_data 10 Message 0 Message 9",
      "chat: Hello there! How can I help?",
      "counter 1",
      '{"counter":1,"user":"Ada","message_count":1}',
      'data-updated {"status":"updated","count":42}',
      'notification {"message":"Hello from backend"}',
      'alert {"priority":"high"}',
      'updateUI {"data":"new value"}',
      "upload_file: 4 bytes, content-type application/octet-stream",
      'frontend-action from main: { action: "save" }',
    ]
  ) assert(r.stdout.includes(line), `missing ${JSON.stringify(line)} in:\n${r.stdout}`);
});

Deno.test("examples/protocol.ts: emits reach Deno and Deno's answers show in the page", async () => {
  const r = await runExample("protocol.ts", { PANES_EXAMPLE_AUTORUN: "1" });
  assertEquals(r.code, 0, r.stderr);
  assert(
    r.stdout.includes('page shows: ["Deno counted 2 clicks","dark","Hello from Deno"]'),
    r.stdout,
  );
});

Deno.test("examples/worker_window.ts: two windows, each with its own worker; with the flag, per-window permissions", async () => {
  for (const flags of [[], ["--unstable-worker-options"]]) {
    const r = await runExample("worker_window.ts", { PANES_EXAMPLE_AUTORUN: "1" }, flags);
    assertEquals(r.code, 0, r.stderr);
    for (
      const line of [
        'notes: ["welcome.md"]',
        "welcome.md: # Welcome",
        "right window heard: left saved scratch.md",
        "left title: left: saved scratch.md",
        flags.length ? "peek: refused: NotCapable: Requires read access" : "peek: read ",
      ]
    ) {
      assert(
        r.stdout.includes(line),
        `missing ${JSON.stringify(line)} (${flags}) in:\n${r.stdout}`,
      );
    }
  }
});

import { assertEquals } from "./support/assert.ts";
import { absoluteFlags, execArg, execLine } from "../plugins/launch_command.ts";

Deno.test("launch command: relative paths in runtime flags are made absolute", () => {
  assertEquals(
    absoluteFlags(
      [
        "/usr/bin/deno",
        "run",
        "--allow-read=.,/etc,../shared",
        "--allow-net=example.com",
        "--config",
        "deno.json",
        "--lock=my dir/deno.lock",
        "-A",
        "/abs/main.ts",
      ],
      "/home/u/app",
    ),
    [
      "/usr/bin/deno",
      "run",
      "--allow-read=/home/u/app,/etc,/home/u/shared",
      "--allow-net=example.com",
      "--config",
      "/home/u/app/deno.json",
      "--lock=/home/u/app/my dir/deno.lock",
      "-A",
      "/abs/main.ts",
    ],
  );
});

Deno.test("launch command: Exec quoting follows the Desktop Entry rules", () => {
  assertEquals(execArg("/usr/bin/deno"), "/usr/bin/deno");
  assertEquals(execArg("two words"), '"two words"');
  assertEquals(execArg('say "$HOME" `x`'), '"say \\"\\$HOME\\" \\`x\\`"');
  assertEquals(execArg("100%"), "100%%");
  // The value is a string first: each backslash is written twice more.
  assertEquals(execLine(["a\\b"], "%u"), '"a\\\\\\\\b" %u');
});

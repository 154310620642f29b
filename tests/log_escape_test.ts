import { runDeno } from "./support/child.ts";
import { assert, assertEquals } from "./support/assert.ts";
import { WINDOW_TEST } from "./support/harness.ts";

const tmp = await Deno.makeTempDir({ prefix: "panes-log-escape-" });

Deno.test(
  "log: control characters a page logs arrive as visible escapes, one line per call, in the terminal and the log file",
  WINDOW_TEST,
  async () => {
    const identifier = "dev.panes.test-log-escape";
    const plain = "plain message: ünïcode ✓, a back\\slash and [brackets]";
    const forged = "ok\n[ERROR] forged\x1b[31m";
    const messages = [
      ["info", plain],
      ["info", forged],
      // stderr too, and the other unsafe characters: C1 CSI, CR, tab, the line separator,
      // a bidi override, in the message and in key/values.
      ["error", "a\u009b2Jb\rc\td\u2028e\u202ef", { "k\ney": "v\x1b]0;title\x07" }],
    ];
    const out = await runDeno(
      ["run", "-A", "tests/support/log_child.ts", identifier, JSON.stringify(messages)],
      { env: { XDG_DATA_HOME: tmp } },
    );
    const { stdout, stderr } = out;
    assertEquals(out.code, 0, stdout + stderr);

    // What the terminal got from the page: only lines the plugin printed, each whole.
    const printed = (text: string) =>
      text.split("\n").filter((l) => l.includes("[webview:") || l.includes("forged"));
    const outLines = printed(stdout);
    const errLines = printed(stderr);
    const body = (line: string) => line.replace(/^\[[^\]]*\]\[[A-Z]+\]\[webview:[^\]]*\] /, "");
    // Positive control: a plain message is printed unchanged.
    assertEquals(outLines.length, 2, stdout);
    assertEquals(body(outLines[0]), plain);
    assertEquals(body(outLines[1]), "ok\\n[ERROR] forged\\x1b[31m");
    assertEquals(errLines.length, 1, stderr);
    assertEquals(
      body(errLines[0]),
      "a\\u009b2Jb\\rc\\td\\u2028e\\u202ef k\\ney=v\\x1b]0;title\\x07",
    );
    for (const line of [...outLines, ...errLines]) {
      // deno-lint-ignore no-control-regex
      assert(!/[\x00-\x1f\x7f-\x9f\u2028\u202e]/.test(line), `raw control character in ${line}`);
    }

    // The log file has the same three lines, and nothing else.
    const file = await Deno.readTextFile(`${tmp}/${identifier}/logs/${identifier}.log`);
    assertEquals(file, [outLines[0], outLines[1], errLines[0]].map((l) => l + "\n").join(""));
  },
);

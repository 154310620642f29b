import { assertEquals, assertMatch, assertThrows } from "./support/assert.ts";
import { App, ConfigError } from "../mod.ts";
import { parseConfig } from "../app/config.ts";
import { JsoncSyntaxError, parseTree } from "../app/jsonc.ts";
import { WINDOW_TEST } from "./support/harness.ts";

const dir = await Deno.makeTempDir({ prefix: "panes-config-" });

function errorOf(text: string): ConfigError {
  try {
    parseConfig(text, "panes.jsonc");
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error("expected a ConfigError");
}

Deno.test("config: comments and trailing commas are fine", () => {
  const c = parseConfig(
    `{
  // the app
  "identifier": "com.example.demo", /* block */
  "theme": "dark",
  "plugins": ["fs", "os",],
  "window": { "width": 640, "height": 480, },
}`,
    "panes.jsonc",
  );
  assertEquals(c, {
    identifier: "com.example.demo",
    theme: "dark",
    plugins: ["fs", "os"],
    window: { width: 640, height: 480 },
  });
});

Deno.test("config: the JSONC reader (values, escapes, and where each kind of error is)", () => {
  const value = (text: string) => {
    const v = (n: ReturnType<typeof parseTree>): unknown =>
      n.type === "object"
        ? Object.fromEntries(n.children!.map((p) => [p.children![0].value, v(p.children![1])]))
        : n.type === "array"
        ? n.children!.map(v)
        : n.value;
    return v(parseTree(text));
  };
  assertEquals(value(`// c\n{"a": /* x */ "s\\n\\u0041", "b": [1, -2.5e1, true, null,],}`), {
    a: "s\nA",
    b: [1, -25, true, null],
  });
  const at = (text: string) => {
    try {
      parseTree(text);
    } catch (e) {
      if (e instanceof JsoncSyntaxError) return `${e.code}@${e.offset}`;
      throw e;
    }
    return "parsed";
  };
  // The codes and offsets jsonc-parser's parseTree gave for the same text.
  const cases: Record<string, string> = {
    "": "ValueExpected@0",
    "  ": "ValueExpected@2",
    '{"a" 1}': "ColonExpected@5",
    "{a:1}": "InvalidSymbol@1",
    '{"a":}': "ValueExpected@5",
    "[1 2]": "CommaExpected@3",
    '{"a":1': "CloseBraceExpected@6",
    "[1": "CloseBracketExpected@2",
    '{"a":1} x': "InvalidSymbol@8",
    '{"a":1}}': "EndOfFileExpected@7",
    '{"a": tru}': "InvalidSymbol@6",
    '{"a": "x': "UnexpectedEndOfString@6",
    '{"a": "\\q"}': "InvalidEscapeCharacter@6",
    "/* x": "UnexpectedEndOfComment@0",
    '{"a":1,,}': "PropertyNameExpected@7",
    "[}": "ValueExpected@1",
  };
  for (const [text, want] of Object.entries(cases)) assertEquals(at(text), want, text);
});

Deno.test("config: syntax errors point at file:line:column", () => {
  const e = errorOf(`{
  "theme": "dark"
  "mode": "single"
}`);
  assertEquals([e.line, e.column], [3, 3]);
  assertMatch(e.message, /^panes\.jsonc:3:3: invalid JSONC: expected ',' between entries/);
});

Deno.test("config: an unknown key is an error at its position, with the closest valid key", () => {
  const e = errorOf(`{
  "theme": "dark",
    "plugns": ["fs"]
}`);
  assertEquals(e.message, 'panes.jsonc:3:5: unknown key "plugns" (did you mean "plugins"?)');
  const nested = errorOf(`{
  "window": {
    "widht": 300
  }
}`);
  assertEquals(nested.message, 'panes.jsonc:3:5: unknown key "widht" (did you mean "width"?)');
  const cap = errorOf(
    `{ "capabilities": [ { "identifier": "x", "windws": ["*"], "permissions": [] } ] }`,
  );
  assertMatch(cap.message, /^panes\.jsonc:1:42: unknown key "windws" \(did you mean "windows"\?\)/);
});

Deno.test("config: a value of the wrong type points at the value and says what was expected", () => {
  const e = errorOf(`{
  "window": {
    "width": "wide"
  }
}`);
  assertEquals([e.line, e.column], [3, 14]);
  assertMatch(e.message, /window\.width: .*expected number/i);
  const mode = errorOf(`{ "mode": "double" }`);
  assertMatch(mode.message, /^panes\.jsonc:1:11: mode: .*"new"\|"single"\|"multi"/);
});

Deno.test("config: a missing file named explicitly is an error naming it", () => {
  assertThrows(() => new App({ config: `${dir}/nope.jsonc` }), Error, `${dir}/nope.jsonc`);
  assertThrows(() => new App({ config: false, mode: "double" as never }), TypeError, "mode");
});

Deno.test(
  "config: precedence defaults < panes.jsonc < PANES_* < code; plugins and capabilities from the file work",
  WINDOW_TEST,
  async () => {
    await Deno.writeTextFile(
      `${dir}/panes.jsonc`,
      `{
  "theme": "dark",
  "mode": "multi",
  "window": { "title": "from file", "width": 300, "height": 200 },
  "plugins": ["os"],
  "capabilities": [{ "identifier": "file", "windows": ["*"], "permissions": ["os:allow-platform"] }],
}`,
    );
    const cwd = Deno.cwd();
    Deno.chdir(dir); // ./panes.jsonc is found without naming it
    try {
      {
        await using app = new App();
        const win = await app.show("<p>x</p>");
        assertEquals(await win.evalJs("document.documentElement.dataset.theme"), "dark");
        assertEquals(await win.proxy.title(), "from file");
        assertEquals(await win.evalJs("panes.invoke('plugin:os|platform')"), Deno.build.os);
      }
      Deno.env.set("PANES_THEME", "light");
      try {
        {
          await using app = new App();
          const win = await app.show("<p>x</p>", { title: "from code" });
          assertEquals(
            await win.evalJs("document.documentElement.dataset.theme"),
            "light",
            "env beats the file",
          );
          assertEquals(await win.proxy.title(), "from code", "show options beat the file");
        }
        {
          await using app = new App({
            theme: "dark",
            plugins: [],
            config: "panes.jsonc",
            capabilities: [],
          });
          const win = await app.show("<p>x</p>");
          assertEquals(
            await win.evalJs("document.documentElement.dataset.theme"),
            "dark",
            "code beats env",
          );
          const r = await win.evalJs<string>(
            "panes.invoke('plugin:os|platform').then(() => 'ran', (e) => e.code)",
          );
          assertEquals(r, "unknown-command", "plugins in code replace the file's");
        }
        Deno.env.set("PANES_THEME", "purple");
        assertThrows(() => new App(), TypeError, 'PANES_THEME="purple"');
      } finally {
        Deno.env.delete("PANES_THEME");
      }
      {
        await using app = new App({ config: false });
        const win = await app.show("<p>x</p>", { width: 200, height: 150 });
        assertEquals(await win.proxy.title(), "panes", "config: false ignores ./panes.jsonc");
      }
    } finally {
      Deno.chdir(cwd);
    }
  },
);

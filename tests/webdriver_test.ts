/**
 * A panes app driven by a standard W3C WebDriver client (`selenium-webdriver` from npm) through
 * WebKitGTK's WebDriver server (`WebKitWebDriver`, Debian's webkit2gtk-driver): sessions on
 * examples/hello.ts, ten in a row, each finding the button, clicking it (natively where this
 * WebKit build can, else by script), reading the text the app's Deno command answered, and
 * quitting with no process left; and no automation unless it was asked for.
 * @module
 */

import { assert, assertEquals, assertRejects } from "./support/assert.ts";
import { Builder, By, until, type WebDriver } from "selenium-webdriver";
import {
  decodePng,
  panesCapabilities,
  startWebDriver,
  useVirtualDisplay,
  waitFor,
} from "../testing.ts";
import { automationRequested } from "../ffi/ui/automation.ts";
import { processesOf } from "./support/chromium.ts";

await useVirtualDisplay(); // the runner's display; WebKitWebDriver passes it to the apps

const HELLO = new URL("../examples/hello.ts", import.meta.url);
const TEST = { sanitizeOps: false, sanitizeResources: false } as const;

/** Every process descended from `pid` (the app's WebKit web and network processes). */
function descendants(pid: number): number[] {
  const parent = new Map<number, number>();
  for (const e of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(e.name)) continue;
    try {
      const stat = Deno.readTextFileSync(`/proc/${e.name}/stat`);
      parent.set(Number(e.name), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch { /* ended meanwhile */ }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const [child, pp] of parent) {
      if (pp === p) {
        out.push(child);
        walk(child);
      }
    }
  };
  walk(pid);
  return out;
}

function alive(pid: number): boolean {
  try {
    const state = Deno.readTextFileSync(`/proc/${pid}/stat`).split(") ")[1]?.[0];
    return state !== "Z";
  } catch {
    return false;
  }
}

Deno.test(
  "selenium-webdriver drives examples/hello.ts ten times in a row; each quit leaves no process",
  TEST,
  async () => {
    await using server = await startWebDriver();
    let native = 0, scripted = 0;
    for (let run = 1; run <= 10; run++) {
      // A marker in the app's arguments finds its process (hello.ts ignores its arguments).
      const marker = `panes-webdriver-run-${crypto.randomUUID()}`;
      let driver: WebDriver;
      try {
        driver = await new Builder().usingServer(server.url)
          .withCapabilities(panesCapabilities(HELLO, { args: [marker] })).build();
      } catch (e) {
        throw new Error(
          `run ${run}: no session (${e instanceof Error ? e.message : e}); the server printed: ${
            server.output().slice(-1500)
          }`,
        );
      }
      const [app] = processesOf(marker);
      assert(app, `run ${run}: the app's process runs during the session`);
      const family = [app, ...descendants(app)];
      try {
        assertEquals(await driver.getTitle(), "panes demo");
        const button = await driver.findElement(By.css("#greet"));
        const reply = await driver.findElement(By.css("#reply"));
        assertEquals(await reply.getText(), "…");
        try {
          await button.click();
          native++;
        } catch (e) {
          // WebKitGTK 6.0 builds without the driver's input simulation answer this (docs/testing.md).
          if (!(e instanceof Error) || e.name !== "UnsupportedOperationError") throw e;
          await driver.executeScript("arguments[0].click()", button);
          scripted++;
        }
        await driver.wait(
          until.elementTextContains(reply, "Hello, page!"),
          15_000,
          `run ${run}: the reply the Deno command answered`,
        );
        assertEquals(await reply.getText(), "Hello, page! (from Deno, window main)");
        if (run === 1) {
          const shot = await decodePng(
            Uint8Array.from(atob(await driver.takeScreenshot()), (c) => c.charCodeAt(0)),
          );
          assertEquals(
            [shot.width, shot.height],
            [640, 400],
            "the screenshot is the window's page",
          );
        }
      } finally {
        await driver.quit();
      }
      await waitFor(
        () => family.every((pid) => !alive(pid)),
        {
          what: `run ${run}: the app (pid ${app}) and its WebKit processes ${
            JSON.stringify(family.slice(1))
          } to end after quit()`,
          timeout: 15_000,
        },
      );
    }
    console.log(`clicks: ${native} native, ${scripted} by script (native unsupported)`);
    assertEquals(native + scripted, 10);
  },
);

/** A raw W3C new-session request (no browserName: only panes' consent decides) with a deadline. */
async function newSession(url: string, marker: string, timeoutMs: number): Promise<string> {
  const caps = panesCapabilities(HELLO, { args: [marker] });
  delete caps.browserName;
  const res = await fetch(`${url}/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ capabilities: { alwaysMatch: caps } }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = await res.json();
  if (body.value?.sessionId) return body.value.sessionId as string;
  throw new Error(`no session: ${JSON.stringify(body.value)}`);
}

function killFamily(marker: string): void {
  for (const pid of processesOf(marker)) {
    for (const p of [pid, ...descendants(pid)]) {
      try {
        Deno.kill(p, "SIGKILL");
      } catch { /* ended meanwhile */ }
    }
  }
}

Deno.test(
  "without PANES_AUTOMATION the app refuses automation: no session; with it, the same request gets one",
  TEST,
  async () => {
    const refused = `panes-webdriver-refused-${crypto.randomUUID()}`;
    {
      await using server = await startWebDriver({ automation: false });
      try {
        const e = await assertRejects(() => newSession(server.url, refused, 15_000));
        assert(/timed out|abort/i.test(e.message), `no answer but the deadline: ${e.message}`);
        // The app was launched (so the refusal is panes', not a launch failure) and runs on.
        const [app] = processesOf(refused);
        assert(app && alive(app), "the app the server launched is running, not automated");
      } finally {
        killFamily(refused);
      }
    }
    // The positive control: the same request, to a server that allows automation.
    const allowed = `panes-webdriver-allowed-${crypto.randomUUID()}`;
    await using server = await startWebDriver();
    try {
      const id = await newSession(server.url, allowed, 60_000);
      const title = await (await fetch(`${server.url}/session/${id}/title`)).json();
      assertEquals(title.value, "panes demo");
      await (await fetch(`${server.url}/session/${id}`, { method: "DELETE" })).body?.cancel();
      await waitFor(() => processesOf(allowed).length === 0, {
        what: "the app to end with its session",
      });
    } finally {
      killFamily(allowed);
    }
  },
);

Deno.test("automation is on only with both PANES_AUTOMATION=1 and WEBKIT_INSPECTOR_SERVER", () => {
  const saved = ["PANES_AUTOMATION", "WEBKIT_INSPECTOR_SERVER"].map((k) => Deno.env.get(k));
  const set = (a?: string, w?: string) => {
    for (const [k, v] of [["PANES_AUTOMATION", a], ["WEBKIT_INSPECTOR_SERVER", w]] as const) {
      if (v === undefined) Deno.env.delete(k);
      else Deno.env.set(k, v);
    }
  };
  try {
    set(undefined, undefined);
    assertEquals(automationRequested(), false);
    set("1", undefined);
    assertEquals(automationRequested(), false, "not launched by a WebDriver server");
    set(undefined, "127.0.0.1:5000");
    assertEquals(automationRequested(), false, "launched by one, but automation not allowed");
    set("yes", "127.0.0.1:5000");
    assertEquals(automationRequested(), false, "only the value 1 allows it");
    set("1", "127.0.0.1:5000");
    assertEquals(automationRequested(), true);
  } finally {
    set(saved[0], saved[1]);
  }
});

/**
 * `deno task demo`: runs examples/hello.ts. With no display it runs under a
 * virtual one, saves a screenshot of the window, prints its path and exits.
 * @module
 */

import { ensureDisplay, ensureSystemPackages } from "./system.ts";

await ensureSystemPackages();
const root = new URL("../", import.meta.url).pathname;
const headless = !Deno.env.get("DISPLAY");
const display = await ensureDisplay(false);
const shot = headless ? `${Deno.cwd()}/panes-demo.png` : undefined;
const env: Record<string, string> = { DISPLAY: display.name, NO_AT_BRIDGE: "1" };
if (shot) env.PANES_DEMO_SCREENSHOT = shot;
if (headless) env.GTK_A11Y = "none";
const status = await new Deno.Command(Deno.execPath(), {
  args: ["run", "-A", `${root}examples/hello.ts`],
  env,
  stdout: "inherit",
  stderr: "inherit",
}).spawn().status;
await display.stop();
if (shot && status.success) console.log(`screenshot saved: ${shot}`);
Deno.exit(status.code);

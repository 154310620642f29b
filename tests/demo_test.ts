import { assert, assertEquals } from "./support/assert.ts";
import { decodePng, near, pixel } from "../testing.ts";

const root = new URL("../", import.meta.url).pathname;

Deno.test("deno task demo, headless: saves a screenshot that shows the demo page", async () => {
  const shot = `${root}panes-demo.png`;
  await Deno.remove(shot).catch(() => {});
  // No DISPLAY: the demo must start its own virtual display.
  const env: Record<string, string> = {
    PATH: Deno.env.get("PATH") ?? "",
    HOME: Deno.env.get("HOME") ?? "/root",
  };
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["task", "demo"],
    cwd: root,
    clearEnv: true,
    env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(out.stdout);
  assertEquals(out.code, 0, new TextDecoder().decode(out.stderr));
  assert(stdout.includes(`screenshot saved: ${shot}`), stdout);
  const img = await decodePng(await Deno.readFile(shot));
  assertEquals([img.width, img.height], [640, 400]);
  // The blue banner (rgb 37,99,235), left of its heading text.
  assert(near(pixel(img, 40, 40), [37, 99, 235]), `banner pixel is ${pixel(img, 40, 40)}`);
  // The page background (#f8fafc) at the bottom.
  assert(
    near(pixel(img, 600, 380), [248, 250, 252]),
    `background pixel is ${pixel(img, 600, 380)}`,
  );
  // White heading text was drawn into the banner: some pixels in its row are near-white.
  let white = 0;
  for (let x = 56; x < 420; x++) if (near(pixel(img, x, 100), [255, 255, 255], 30)) white++;
  assert(
    white > 20,
    `expected the heading's white text in the banner, found ${white} white pixels`,
  );
  // The command's answer was rendered (dark text pixels on the reply line, y≈262).
  let dark = 0;
  for (let x = 32; x < 380; x++) if (near(pixel(img, x, 263), [15, 23, 42], 90)) dark++;
  assert(dark > 20, `expected the command's reply text, found ${dark} dark pixels`);
});

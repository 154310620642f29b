import { assert, assertEquals, assertMatch } from "./support/assert.ts";
import { App } from "../mod.ts";
import { waitFor, WINDOW_TEST } from "./support/harness.ts";
import { guestScriptTag } from "./support/guest.ts";
import { encodePng } from "./support/png_encode.ts";
import { decodePng } from "./support/png.ts";

type Result = { ok: boolean; v?: unknown; code?: string; message?: string; permission?: string };
const call = (js: string) =>
  `(async () => { try { return { ok: true, v: await (async () => { ${js} })() }; } catch (e) { return { ok: false, code: e.code, message: e.message ?? String(e), permission: e.data?.permission }; } })()`;

/** What another program (xclip) reads from the clipboard as `target`. */
async function xclipRead(target: string): Promise<Uint8Array> {
  const out = await new Deno.Command("xclip", {
    args: ["-o", "-selection", "clipboard", "-t", target],
    stdout: "piped",
    stderr: "null",
  }).output();
  return out.stdout;
}

Deno.test(
  "clipboard: writeImage puts the image on the system clipboard (read back by xclip); refused calls change nothing; readImage is a clear error",
  WINDOW_TEST,
  async () => {
    // xclip is the second program that reads what panes put on the clipboard (.ci/run installs it).
    const probe = await new Deno.Command("xclip", { args: ["-version"], stderr: "null" }).output()
      .catch(() => null);
    assert(probe?.success, "xclip is needed for this test (apt-get install xclip)");
    const [w, h] = [7, 5];
    const rgba = new Uint8Array(w * h * 4);
    for (let i = 0; i < w * h; i++) rgba.set([i * 5 % 256, 200, (i * 31) % 256, 255], i * 4);
    const png = await encodePng(w, h, rgba);
    await using app = new App({
      config: false,
      plugins: ["clipboard-manager"],
      capabilities: [
        {
          identifier: "c",
          windows: ["main"],
          permissions: [
            "clipboard-manager:default",
            "clipboard-manager:allow-write-image",
            "clipboard-manager:allow-read-image",
          ],
        },
        { identifier: "t", windows: ["text"], permissions: ["clipboard-manager:default"] },
      ],
    });
    const page = `${await guestScriptTag()}<p>clip</p>`;
    const win = await app.show(page, { label: "main", width: 200, height: 120 });
    const text = await app.show(page, { label: "text", width: 200, height: 120 });
    assertEquals(
      await win.evalJs<Result>(call(`await tauriGuest.clipboard.writeText("before")`)),
      { ok: true },
    );
    await waitFor(
      async () => new TextDecoder().decode(await xclipRead("UTF8_STRING")) === "before",
      "the text on the clipboard",
    );
    // A window without allow-write-image: refused, the clipboard still holds the text.
    const denied = await text.evalJs<Result>(
      call(`await tauriGuest.clipboard.writeImage(new Uint8Array(${JSON.stringify([...png])}))`),
    );
    assertEquals(denied.code, "forbidden");
    assertEquals(denied.permission, "clipboard-manager:allow-write-image");
    assertEquals(new TextDecoder().decode(await xclipRead("UTF8_STRING")), "before");
    // Bytes that are not an image: a clear error, the clipboard unchanged.
    const junk = await win.evalJs<Result>(
      call(`await tauriGuest.clipboard.writeImage(new Uint8Array([1, 2, 3]))`),
    );
    assertEquals(junk.code, "clipboard", JSON.stringify(junk));
    assertMatch(junk.message!, /not an image/);
    assertEquals(new TextDecoder().decode(await xclipRead("UTF8_STRING")), "before");
    const path = await win.evalJs<Result>(
      call(`await tauriGuest.clipboard.writeImage("/etc/hostname")`),
    );
    assertEquals(path.code, "invalid-body", JSON.stringify(path));
    assertMatch(path.message!, /image path is unsupported/);
    // Positive control: the granted window's image reaches another program as image/png.
    assertEquals(
      await win.evalJs<Result>(
        call(`await tauriGuest.clipboard.writeImage(new Uint8Array(${JSON.stringify([...png])}))`),
      ),
      { ok: true },
    );
    const back = await waitFor(async () => {
      const b = await xclipRead("image/png");
      return b.length > 8 ? b : null;
    }, "an image/png on the clipboard");
    const img = await decodePng(back!);
    assertEquals([img.width, img.height], [w, h]);
    assertEquals(img.data, rgba);
    // Reading images needs Tauri's core image plugin: a clear error, not an unusable answer.
    const read = await win.evalJs<Result>(call(`await tauriGuest.clipboard.readImage()`));
    assertEquals(read.code, "unsupported", JSON.stringify(read));
  },
);

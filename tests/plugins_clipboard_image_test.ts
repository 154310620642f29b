import { assert, assertEquals } from "./support/assert.ts";
import { App } from "../mod.ts";
import { waitFor, WINDOW_TEST } from "./support/harness.ts";
import { guestScriptTag } from "./support/guest.ts";
import { encodePng } from "./support/png_encode.ts";
import { decodePng } from "./support/png.ts";
import { appDirs } from "../plugins/paths.ts";
import { assertRejectsWithString, call, type Result } from "./support/guest_call.ts";

const ID = `dev.panes.clipimage${crypto.randomUUID().slice(0, 6)}`;

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
  "clipboard: writeImage puts the image on the system clipboard (read back by xclip); refused calls change nothing",
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
      identifier: ID,
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
    assertRejectsWithString(
      denied,
      'clipboard-manager.write_image not allowed on window "text", webview "text", URL: local\n\nallowed on: [windows: "main", URL: local]\n\nreferenced by: capability: c, permission: allow-write-image',
    );
    assertEquals(new TextDecoder().decode(await xclipRead("UTF8_STRING")), "before");
    // Bytes that are not an image: a clear error, the clipboard unchanged.
    const junk = await win.evalJs<Result>(
      call(`await tauriGuest.clipboard.writeImage(new Uint8Array([1, 2, 3]))`),
    );
    assertRejectsWithString(junk, /not an image/);
    assertEquals(new TextDecoder().decode(await xclipRead("UTF8_STRING")), "before");
    const path = await win.evalJs<Result>(
      call(`await tauriGuest.clipboard.writeImage("/etc/hostname")`),
    );
    // A path outside the app's own folders (as the core image plugin reads them): refused.
    assertRejectsWithString(path, /outside the folders a page may read images from/);
    assertEquals(new TextDecoder().decode(await xclipRead("UTF8_STRING")), "before");
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
    // An Image resource (@tauri-apps/api/image) is written as its pixels.
    const other = [...rgba].map((v, i) => i % 4 === 3 ? 255 : 255 - v);
    assertEquals(
      await win.evalJs<Result>(call(
        `const img = await tauriGuest.image.Image.new(new Uint8Array(${
          JSON.stringify(other)
        }), ${w}, ${h});
         await tauriGuest.clipboard.writeImage(img)`,
      )),
      { ok: true },
    );
    const fromImage = await waitFor(async () => {
      const b = await xclipRead("image/png");
      if (b.length <= 8) return null;
      const d = await decodePng(b);
      return d.data[0] === other[0] ? d : null;
    }, "the Image resource's pixels on the clipboard");
    assertEquals([fromImage!.width, fromImage!.height], [w, h]);
    assertEquals([...fromImage!.data], other);
    // A path in the app's own data folder is read (Tauri's JsImage path).
    const dirs = appDirs(ID, (k) => Deno.env.get(k));
    await Deno.mkdir(dirs.APPDATA, { recursive: true });
    try {
      await Deno.writeFile(`${dirs.APPDATA}/clip.png`, png);
      assertEquals(
        await win.evalJs<Result>(
          call(
            `await tauriGuest.clipboard.writeImage(${JSON.stringify(`${dirs.APPDATA}/clip.png`)})`,
          ),
        ),
        { ok: true },
      );
      const fromPath = await waitFor(async () => {
        const b = await xclipRead("image/png");
        if (b.length <= 8) return null;
        const d = await decodePng(b);
        return d.data[0] === rgba[0] ? d : null;
      }, "the path's pixels on the clipboard");
      assertEquals(fromPath!.data, rgba);
    } finally {
      await Deno.remove(dirs.APPDATA, { recursive: true });
    }
  },
);

/** Reads the clipboard's image in `win` through the guest package: its size and RGBA. */
const readImageJs = call(`const img = await tauriGuest.clipboard.readImage();
  const size = await img.size();
  return { width: size.width, height: size.height, rgba: [...await img.rgba()] }`);

Deno.test(
  "clipboard: readImage returns an Image (@tauri-apps/api/image) of what another program or writeImage put there; refused without allow-read-image",
  WINDOW_TEST,
  async () => {
    const [w, h] = [6, 4];
    const rgba = new Uint8Array(w * h * 4);
    for (let i = 0; i < w * h; i++) rgba.set([(i * 40) % 256, 255 - i * 9, i * 3, 255], i * 4);
    rgba.set([10, 20, 30, 128], 4); // one half-transparent pixel: straight alpha survives
    const png = await encodePng(w, h, rgba);
    const file = await Deno.makeTempFile({ suffix: ".png" });
    await Deno.writeFile(file, png);
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
    // Another program owns the clipboard with a PNG (xclip stays in the foreground to serve it).
    const xclip = new Deno.Command("xclip", {
      args: ["-quiet", "-selection", "clipboard", "-t", "image/png", "-i", file],
      stdout: "null",
      stderr: "null",
    }).spawn();
    try {
      await waitFor(
        async () => new TextDecoder().decode(await xclipRead("TARGETS")).includes("image/png"),
        "xclip offering image/png",
      );
      // A window without allow-read-image: refused, no image, and xclip still owns the clipboard.
      const denied = await text.evalJs<Result>(readImageJs);
      assertRejectsWithString(
        denied,
        'clipboard-manager.read_image not allowed on window "text", webview "text", URL: local\n\nallowed on: [windows: "main", URL: local]\n\nreferenced by: capability: c, permission: allow-read-image',
      );
      assertEquals(await xclipRead("image/png"), png);
      // Positive control: the granted window reads the other program's image.
      const read = await win.evalJs<Result>(readImageJs);
      assert(read.ok, JSON.stringify(read));
      const got = read.v as { width: number; height: number; rgba: number[] };
      assertEquals([got.width, got.height], [w, h]);
      assertEquals(got.rgba, [...rgba]);
    } finally {
      xclip.kill("SIGTERM");
      await xclip.status;
      await Deno.remove(file);
    }
    // What writeImage put there reads back the same (panes owns the clipboard now).
    const mine = new Uint8Array(w * h * 4).map((_, i) => i % 4 === 3 ? 255 : (i * 7) % 256);
    assertEquals(
      await win.evalJs<Result>(
        call(
          `await tauriGuest.clipboard.writeImage(new Uint8Array(${
            JSON.stringify([...await encodePng(w, h, mine)])
          }))`,
        ),
      ),
      { ok: true },
    );
    const back = await win.evalJs<Result>(readImageJs);
    assert(back.ok, JSON.stringify(back));
    assertEquals((back.v as { rgba: number[] }).rgba, [...mine]);
    // Text only on the clipboard: a clear error, no image.
    assertEquals(await win.evalJs<Result>(call(`await tauriGuest.clipboard.writeText("t")`)), {
      ok: true,
    });
    const none = await win.evalJs<Result>(readImageJs);
    assertRejectsWithString(none, /holds no image/);
  },
);

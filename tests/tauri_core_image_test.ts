/**
 * Tauri's core image plugin through @tauri-apps/api/image in a real window: RGBA and size round
 * trips, PNG and ICO decoding, bad input, and from_path limited to the app's own folders.
 */
import { assert, assertEquals, assertMatch } from "./support/assert.ts";
import { App } from "../mod.ts";
import { PIXELS_3X2 } from "./support/pixels_3x2.ts";
import { WINDOW_TEST } from "./support/harness.ts";
import { encodePng } from "./support/png_encode.ts";
import { tauriCoreScript, tryIn } from "./support/tauri_core.ts";
import { appDirs } from "../plugins/paths.ts";

const ID = `dev.panes.coreimage${crypto.randomUUID().slice(0, 6)}`;
const PIXELS = [...PIXELS_3X2];

/** A one-entry ICO holding `png`. */
function icoOf(png: Uint8Array, w: number, h: number): Uint8Array {
  const out = new Uint8Array(6 + 16 + png.length);
  const v = new DataView(out.buffer);
  v.setUint16(2, 1, true);
  v.setUint16(4, 1, true);
  out[6] = w;
  out[7] = h;
  v.setUint16(10, 1, true);
  v.setUint16(12, 32, true);
  v.setUint32(14, png.length, true);
  v.setUint32(18, 22, true);
  out.set(png, 22);
  return out;
}

/** A one-entry ICO holding a 32-bit bitmap of `rgba` (rows bottom-up, BGRA, an empty mask). */
function bmpIco(rgba: number[], w: number, h: number): Uint8Array {
  const maskRow = Math.ceil(w / 32) * 4;
  const bmp = new Uint8Array(40 + w * h * 4 + maskRow * h);
  const v = new DataView(bmp.buffer);
  v.setUint32(0, 40, true);
  v.setInt32(4, w, true);
  v.setInt32(8, h * 2, true); // colour rows, then the mask's
  v.setUint16(12, 1, true);
  v.setUint16(14, 32, true);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const s = (y * w + x) * 4, d = 40 + ((h - 1 - y) * w + x) * 4;
      bmp.set([rgba[s + 2], rgba[s + 1], rgba[s], rgba[s + 3]], d);
    }
  }
  return icoOf(bmp, w, h);
}

Deno.test(
  "image: new, fromBytes (PNG, ICO), rgba and size round trip; bad input rejects",
  WINDOW_TEST,
  async () => {
    const script = await tauriCoreScript();
    await using app = new App({ identifier: ID, config: false });
    const win = await app.show(`<body>${script}</body>`, { label: "img", width: 300, height: 200 });
    const png = await encodePng(3, 2, new Uint8Array(PIXELS));
    const r = await tryIn(
      win,
      `const I = T.image.Image;
     const raw = await I.new(new Uint8Array(${JSON.stringify(PIXELS)}), 3, 2);
     const fromPng = await I.fromBytes(new Uint8Array(${JSON.stringify([...png])}));
     const fromIco = await I.fromBytes(${JSON.stringify([...icoOf(png, 3, 2)])});
     const fromBmpIco = await I.fromBytes(${JSON.stringify([...bmpIco(PIXELS, 3, 2)])});
     // An ArrayBuffer, as Tauri's own example passes fetch()'s.
     const fromBuffer = await I.fromBytes(new Uint8Array(${JSON.stringify([...png])}).buffer);
     const out = {};
     for (const [k, img] of Object.entries({ raw, fromPng, fromIco, fromBmpIco, fromBuffer })) {
       out[k] = { size: await img.size(), rgba: Array.from(await img.rgba()), rid: typeof img.rid };
     }
     await raw.close();
     try { await raw.size(); out.closed = "still there"; } catch (e) { out.closed = typeof e + ": " + e; }
     return out;`,
    );
    assert(r.ok, JSON.stringify(r));
    const v = r.v as Record<string, { size: unknown; rgba: number[]; rid: string }> & {
      closed: string;
    };
    for (const k of ["raw", "fromPng", "fromIco", "fromBmpIco", "fromBuffer"]) {
      assertEquals(v[k].size, { width: 3, height: 2 }, k);
      assertEquals(v[k].rgba, PIXELS, k);
      assertEquals(v[k].rid, "number");
    }
    assertMatch(v.closed, /^string: no \w+ with resource id \d+$/);
    // Bad input: a clear error each, nothing made.
    const errors = await tryIn(
      win,
      `const I = T.image.Image, out = [];
     for (const f of [() => I.new(new Uint8Array([1, 2, 3]), 1, 1),
       () => I.new(new Uint8Array(4), 0, 1),
       () => I.fromBytes(new Uint8Array([1, 2, 3, 4])),
       () => I.fromBytes(new TextEncoder().encode("GIF89a........")),
       () => I.fromBytes(new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 1, 0, 0, 0, 1, 0, 0, 8, 6, 0, 0, 0])),
       () => I.fromBytes(new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 2, 0, 0, 0, 2, 8, 6, 0, 0, 0, 1, 2, 3, 4]))]) {
       try { out.push({ ok: await f() }); } catch (e) { out.push({ type: typeof e, message: String(e) }); }
     }
     return out;`,
    );
    assert(errors.ok, JSON.stringify(errors));
    const list = errors.v as { type: string; message: string }[];
    assert(list[0].message.includes("a 1×1 image needs 4"), list[0].message);
    assert(list[1].message.includes("width must be a positive integer"), list[1].message);
    assert(list[2].message.includes("not a PNG or ICO image"), list[2].message);
    assert(list[3].message.includes("not a PNG or ICO image"), list[3].message);
    assert(list[4].message.includes("too large (65536×65536"), list[4].message);
    assert(list[5].message.includes("cannot decode the PNG"), list[5].message);
    // Plain strings, as Tauri rejects.
    for (const e of list) assertEquals(e.type, "string", e.message);
  },
);

Deno.test(
  "image.fromPath reads the app's own folders only; elsewhere (or through a link out) is forbidden",
  WINDOW_TEST,
  async () => {
    const script = await tauriCoreScript();
    const dirs = appDirs(ID, (k) => Deno.env.get(k));
    const outside = await Deno.makeTempDir();
    await Deno.mkdir(dirs.APPDATA, { recursive: true });
    try {
      const png = await encodePng(3, 2, new Uint8Array(PIXELS));
      await Deno.writeFile(`${dirs.APPDATA}/icon.png`, png);
      await Deno.writeFile(`${outside}/secret.png`, png);
      await Deno.symlink(`${outside}/secret.png`, `${dirs.APPDATA}/link.png`);
      await using app = new App({ identifier: ID, config: false });
      const win = await app.show(`<body>${script}</body>`, { label: "p", width: 300, height: 200 });
      const run = (path: string) =>
        tryIn(
          win,
          `const img = await T.image.Image.fromPath(${JSON.stringify(path)});
           return { size: await img.size(), first: Array.from(await img.rgba()).slice(0, 4) };`,
        );
      // Positive control: the same PNG inside the app's data folder.
      assertEquals(await run(`${dirs.APPDATA}/icon.png`), {
        ok: true,
        v: { size: { width: 3, height: 2 }, first: [255, 0, 0, 255] },
      });
      for (
        const p of [
          `${outside}/secret.png`,
          `${outside}/missing.png`, // no hint whether it exists
          `${dirs.APPDATA}/../../../../${outside}/secret.png`,
          `${dirs.APPDATA}/link.png`,
        ]
      ) {
        const r = await run(p);
        assert(!r.ok, `${p} must be refused`);
        assertEquals(r.ok ? "" : r.tauri, r.message, `${p}: a plain string`);
        assert(r.message.includes("outside the folders a page may read images from"), r.message);
      }
    } finally {
      await Deno.remove(outside, { recursive: true });
      await Deno.remove(dirs.APPDATA, { recursive: true }).catch(() => {});
    }
  },
);

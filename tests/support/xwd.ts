/** X11 screen captures for tests: `xwd` output decoded to RGBA (what the X server shows). @module */

import type { Image } from "../../testing.ts";

/** Decodes an XWD (X Window Dump) image: ZPixmap, 24/32 bits per pixel, TrueColor. */
export function decodeXwd(bytes: Uint8Array): Image {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const h = (i: number) => v.getUint32(i * 4); // the header is big-endian CARD32s
  const headerSize = h(0), version = h(1), format = h(2);
  if (version !== 7 || format !== 2) {
    throw new Error(`not a ZPixmap XWD v7 (${version}, ${format})`);
  }
  const width = h(4), height = h(5), byteOrder = h(7), bpp = h(11), bpl = h(12);
  const masks = [h(14), h(15), h(16)];
  const ncolors = h(19);
  if (bpp !== 32 && bpp !== 24) throw new Error(`XWD: ${bpp} bits per pixel is not supported`);
  const shift = (m: number) => {
    let s = 0;
    while (m && !(m & 1)) {
      m >>>= 1;
      s++;
    }
    return s;
  };
  const shifts = masks.map(shift);
  const start = headerSize + ncolors * 12;
  const data = new Uint8Array(width * height * 4);
  const little = byteOrder === 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = start + y * bpl + x * (bpp / 8);
      const px = bpp === 32
        ? v.getUint32(o, little)
        : little
        ? bytes[o] | (bytes[o + 1] << 8) | (bytes[o + 2] << 16)
        : (bytes[o] << 16) | (bytes[o + 1] << 8) | bytes[o + 2];
      const d = (y * width + x) * 4;
      for (let c = 0; c < 3; c++) data[d + c] = ((px & masks[c]) >>> shifts[c]) & 255;
      data[d + 3] = 255;
    }
  }
  return { width, height, data };
}

/** Captures one X window by its exact title (or, with `byId`, its window id) with `xwd`: the client area, no frame. */
export async function captureWindow(title: string, byId = false): Promise<Image> {
  const out = await new Deno.Command("xwd", {
    args: ["-silent", byId ? "-id" : "-name", title],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) {
    throw new Error(`xwd -name ${title} failed: ${new TextDecoder().decode(out.stderr)}`);
  }
  return decodeXwd(out.stdout);
}

/** Captures the whole screen (popups and menus are windows of their own). */
export async function captureScreen(): Promise<Image> {
  const out = await new Deno.Command("xwd", {
    args: ["-silent", "-root"],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) throw new Error(`xwd -root failed: ${new TextDecoder().decode(out.stderr)}`);
  return decodeXwd(out.stdout);
}

/** Where the window with this exact title (or, with `byId`, this window id) is on screen. */
export async function windowGeometry(
  title: string,
  byId = false,
): Promise<{ x: number; y: number; width: number; height: number }> {
  const out = await new Deno.Command("xdotool", {
    args: byId
      ? ["getwindowgeometry", "--shell", title]
      : ["search", "--sync", "--name", `^${title}$`, "getwindowgeometry", "--shell"],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  const get = (k: string) => Number(new RegExp(`^${k}=(-?\\d+)$`, "m").exec(text)?.[1]);
  const g = { x: get("X"), y: get("Y"), width: get("WIDTH"), height: get("HEIGHT") };
  if (!out.success || Object.values(g).some(Number.isNaN)) {
    throw new Error(`xdotool getwindowgeometry ${title}: ${text}`);
  }
  return g;
}

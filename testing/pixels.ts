/**
 * Screenshot comparison: a region of a screenshot against a saved PNG, within a tolerance, so a UI
 * regression fails a test and leaves a diff image beside the saved one.
 * @module
 */

import { decodePng, encodePng, type Image } from "./png.ts";

/** A rectangle in image pixels. */
export interface Region {
  /** Left edge. */
  x: number;
  /** Top edge. */
  y: number;
  /** Width. */
  width: number;
  /** Height. */
  height: number;
}

/** Options for {@linkcode compareImages} and {@linkcode assertScreenshot}. */
export interface CompareOptions {
  /** Largest difference per colour channel (0–255) that still counts as equal (default 8). */
  tolerance?: number;
  /** How many pixels may differ beyond `tolerance` (default 0). */
  maxDiffPixels?: number;
}

/** What {@linkcode compareImages} found. */
export interface Comparison {
  /** Pixels that differ beyond the tolerance. */
  diffPixels: number;
  /** The smallest rectangle holding them (undefined when none differ). */
  bounds?: Region;
  /** The largest channel difference seen. */
  maxDelta: number;
}

/** Cuts `region` out of `img` (throws when it does not fit). */
export function crop(img: Image, region: Region): Image {
  const { x, y, width, height } = region;
  if (
    ![x, y, width, height].every(Number.isInteger) || x < 0 || y < 0 || width < 1 ||
    height < 1 || x + width > img.width || y + height > img.height
  ) {
    throw new RangeError(
      `region ${JSON.stringify(region)} is not inside the ${img.width}×${img.height} image`,
    );
  }
  const data = new Uint8Array(width * height * 4);
  for (let row = 0; row < height; row++) {
    const from = ((y + row) * img.width + x) * 4;
    data.set(img.data.subarray(from, from + width * 4), row * width * 4);
  }
  return { width, height, data };
}

/** Compares two images of the same size pixel by pixel (RGB; alpha is ignored). */
export function compareImages(a: Image, b: Image, options: CompareOptions = {}): Comparison {
  if (a.width !== b.width || a.height !== b.height) {
    throw new RangeError(`sizes differ: ${a.width}×${a.height} and ${b.width}×${b.height}`);
  }
  const tolerance = options.tolerance ?? 8;
  let diffPixels = 0, maxDelta = 0;
  let x0 = Infinity, y0 = Infinity, x1 = -1, y1 = -1;
  for (let y = 0; y < a.height; y++) {
    for (let x = 0; x < a.width; x++) {
      const i = (y * a.width + x) * 4;
      const d = Math.max(
        Math.abs(a.data[i] - b.data[i]),
        Math.abs(a.data[i + 1] - b.data[i + 1]),
        Math.abs(a.data[i + 2] - b.data[i + 2]),
      );
      if (d > maxDelta) maxDelta = d;
      if (d > tolerance) {
        diffPixels++;
        x0 = Math.min(x0, x);
        y0 = Math.min(y0, y);
        x1 = Math.max(x1, x);
        y1 = Math.max(y1, y);
      }
    }
  }
  return {
    diffPixels,
    maxDelta,
    ...(diffPixels ? { bounds: { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 } } : {}),
  };
}

/** A diff image: the expected image faded to grey, with the differing pixels in red. */
export function diffImage(actual: Image, expected: Image, tolerance = 8): Image {
  const data = new Uint8Array(actual.data.length);
  for (let i = 0; i < data.length; i += 4) {
    const d = Math.max(
      Math.abs(actual.data[i] - expected.data[i]),
      Math.abs(actual.data[i + 1] - expected.data[i + 1]),
      Math.abs(actual.data[i + 2] - expected.data[i + 2]),
    );
    if (d > tolerance) data.set([255, 0, 0, 255], i);
    else {
      const grey = (expected.data[i] + expected.data[i + 1] + expected.data[i + 2]) / 3;
      const faded = Math.round(160 + grey * 95 / 255);
      data.set([faded, faded, faded, 255], i);
    }
  }
  return { width: actual.width, height: actual.height, data };
}

/** Options for {@linkcode assertScreenshot}. */
export interface ScreenshotAssertOptions extends CompareOptions {
  /** Compare only this part of the screenshot (the saved PNG is that part). */
  region?: Region;
  /**
   * Save the screenshot as the new expected image instead of comparing (default: when the
   * environment has `PANES_UPDATE_SCREENSHOTS=1`).
   */
  update?: boolean;
}

function siblings(path: string): { actual: string; diff: string } {
  const base = path.replace(/\.png$/i, "");
  return { actual: `${base}.actual.png`, diff: `${base}.diff.png` };
}

/**
 * Compares a screenshot (PNG bytes or decoded) with the PNG saved at `expectedPath`. On a mismatch
 * it writes `<name>.actual.png` and `<name>.diff.png` next to it and throws saying how many
 * pixels differ and where; when they match, stale `.actual`/`.diff` files from an earlier failure
 * are removed. A missing expected file is a failure too (with the screenshot written as
 * `.actual.png` to review); with `update` (or `PANES_UPDATE_SCREENSHOTS=1`) the screenshot is
 * saved as the expected image.
 */
export async function assertScreenshot(
  screenshot: Uint8Array | Image,
  expectedPath: string | URL,
  options: ScreenshotAssertOptions = {},
): Promise<Comparison> {
  const path = expectedPath instanceof URL ? expectedPath.pathname : expectedPath;
  const full = screenshot instanceof Uint8Array ? await decodePng(screenshot) : screenshot;
  const actual = options.region ? crop(full, options.region) : full;
  const out = siblings(path);
  const update = options.update ?? Deno.env.get("PANES_UPDATE_SCREENSHOTS") === "1";
  if (update) {
    await Deno.writeFile(path, await encodePng(actual.width, actual.height, actual.data));
    return { diffPixels: 0, maxDelta: 0 };
  }
  let expected: Image;
  try {
    expected = await decodePng(await Deno.readFile(path));
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
    await Deno.writeFile(out.actual, await encodePng(actual.width, actual.height, actual.data));
    throw new Error(
      `no saved screenshot at ${path}: wrote this one to ${out.actual} (check it, then rename it, ` +
        `or run with PANES_UPDATE_SCREENSHOTS=1 to save it)`,
    );
  }
  const sizeDiffers = expected.width !== actual.width || expected.height !== actual.height;
  const result: Comparison = sizeDiffers
    ? { diffPixels: actual.width * actual.height, maxDelta: 255 }
    : compareImages(actual, expected, options);
  if (!sizeDiffers && result.diffPixels <= (options.maxDiffPixels ?? 0)) {
    for (const f of [out.actual, out.diff]) await Deno.remove(f).catch(() => {});
    return result;
  }
  await Deno.writeFile(out.actual, await encodePng(actual.width, actual.height, actual.data));
  if (sizeDiffers) {
    throw new Error(
      `screenshot is ${actual.width}×${actual.height}, ${path} is ${expected.width}×${expected.height} ` +
        `(the screenshot is at ${out.actual})`,
    );
  }
  const diff = diffImage(actual, expected, options.tolerance ?? 8);
  await Deno.writeFile(out.diff, await encodePng(diff.width, diff.height, diff.data));
  throw new Error(
    `screenshot differs from ${path}: ${result.diffPixels} pixels beyond a tolerance of ${
      options.tolerance ?? 8
    } (at most ${
      options.maxDiffPixels ?? 0
    } allowed), largest channel difference ${result.maxDelta}, ` +
      `within ${JSON.stringify(result.bounds)}; diff image: ${out.diff}, screenshot: ${out.actual}`,
  );
}

/** A 3×2 RGBA test image: red, green, blue / half-transparent grey, fully transparent, white. */
// deno-fmt-ignore
export const PIXELS_3X2: readonly number[] = [
  255, 0, 0, 255,   0, 255, 0, 255,   0, 0, 255, 255,
  10, 20, 30, 128,  40, 50, 60, 0,    255, 255, 255, 255,
];

/** PNG decoding for tests: the test kit's (`testing/png.ts`), under its old name here. @module */

export { decodePng, type Image, near, pixel } from "../../testing/png.ts";

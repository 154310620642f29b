/** PNG encoding for tests: the test kit's (`testing/png.ts`), under its old name here. @module */

export { encodePng } from "../../testing/png.ts";

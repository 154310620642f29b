/**
 * PNG encoding for tests: the test kit's (`testing/png.ts`), under its old name here. Test files
 * import it from `../testing.ts`; this stays until the last old importer has moved.
 * @module
 */

export { encodePng } from "../../testing/png.ts";

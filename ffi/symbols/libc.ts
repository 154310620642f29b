/**
 * libc: the loader call that pins a library, and the one blocking wait of the main isolate's
 * D-Bus loop (run off the isolate's thread). Each symbol is declared once, here.
 * @module
 */

/** The symbols, with the C signature of each entry beside it. */
export const libcSymbols = {
  // void *dlopen(const char *filename, int flags);
  dlopen: { parameters: ["buffer", "i32"], result: "pointer" },
  // int poll(struct pollfd *fds, nfds_t nfds, int timeout);
  poll: { parameters: ["buffer", "u64", "i32"], result: "i32", nonblocking: true },
} as const satisfies Deno.ForeignLibraryInterface;

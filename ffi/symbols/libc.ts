/**
 * libc: the loader call that pins a library, the one blocking wait of the main isolate's D-Bus
 * and key-grab loops (run off the isolate's thread), and the fd and memory calls around them. Each symbol is declared once, here.
 * @module
 */

/** The symbols, with the C signature of each entry beside it. */
export const libcSymbols = {
  // void *dlopen(const char *filename, int flags);
  dlopen: { parameters: ["buffer", "i32"], result: "pointer" },
  // int poll(struct pollfd *fds, nfds_t nfds, int timeout);
  poll: { parameters: ["buffer", "u64", "i32"], result: "i32", nonblocking: true },
  // The same poll(2) on the calling thread: the main-isolate UI's look at what is ready (timeout 0).
  pollNow: { name: "poll", parameters: ["buffer", "u64", "i32"], result: "i32" },
  // void free(void *ptr);  (replies and events libxcb hands over)
  free: { parameters: ["pointer"], result: "void" },
  // int eventfd(unsigned int initval, int flags);  (wakes a poll from this isolate)
  eventfd: { parameters: ["u32", "i32"], result: "i32" },
  // ssize_t write(int fd, const void *buf, size_t count);
  write: { parameters: ["i32", "buffer", "u64"], result: "i64" },
  // ssize_t read(int fd, void *buf, size_t count);
  read: { parameters: ["i32", "buffer", "u64"], result: "i64" },
  // int close(int fd);
  close: { parameters: ["i32"], result: "i32" },
} as const satisfies Deno.ForeignLibraryInterface;

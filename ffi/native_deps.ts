/**
 * Which package provides a shared object the native stack needs, and the load error that says
 * so. GTK 4 installed without recommended packages (`--no-install-recommends`, containers) can
 * lack a library that libwebview or WebKitGTK links: the loader then names the missing soname
 * ("libvulkan.so.1: cannot open shared object file"), and the user needs its package, not the
 * GTK/WebKit packages they already have. Pure data and string work: no I/O, nothing at import.
 * @module
 */

/** Where one soname comes from: Debian/Ubuntu package, and Fedora's and Arch's when known. */
export interface SonamePackage {
  /** The Debian 12 package (Ubuntu uses the same name, sometimes with a `t64` suffix). */
  debian: string;
  fedora?: string;
  arch?: string;
}

/**
 * Package → the sonames it provides, for everything `ldd` lists for libwebkitgtk-6.0.so.4,
 * libgtk-4.so.1 and webview-bun's libwebview-x64.so on Debian 12 (WebKitGTK 2.50, GTK 4.8), each
 * mapped with `dpkg -S`. Fedora and Arch names are given where known. Rows: [debian, fedora,
 * arch, ...sonames]; "" = unknown.
 */
const TABLE: ReadonlyArray<readonly string[]> = [
  // The stack itself.
  ["libwebkitgtk-6.0-4", "webkitgtk6.0", "webkitgtk-6.0", "libwebkitgtk-6.0.so.4"],
  [
    "libjavascriptcoregtk-6.0-1",
    "javascriptcoregtk6.0",
    "webkitgtk-6.0",
    "libjavascriptcoregtk-6.0.so.1",
  ],
  ["libgtk-4-1", "gtk4", "gtk4", "libgtk-4.so.1"],
  ["libsoup-3.0-0", "libsoup3", "libsoup3", "libsoup-3.0.so.0"],
  // Graphics: the ones a slim install most often lacks.
  ["libvulkan1", "vulkan-loader", "vulkan-icd-loader", "libvulkan.so.1"],
  ["libegl1", "libglvnd-egl", "libglvnd", "libEGL.so.1"],
  ["libgl1", "libglvnd-glx", "libglvnd", "libGL.so.1"],
  ["libglx0", "libglvnd-glx", "libglvnd", "libGLX.so.0"],
  ["libglvnd0", "libglvnd", "libglvnd", "libGLdispatch.so.0"],
  ["libgbm1", "mesa-libgbm", "mesa", "libgbm.so.1"],
  ["libdrm2", "libdrm", "libdrm", "libdrm.so.2"],
  ["libepoxy0", "libepoxy", "libepoxy", "libepoxy.so.0"],
  ["libgraphene-1.0-0", "graphene", "graphene", "libgraphene-1.0.so.0"],
  ["libwayland-client0", "libwayland-client", "wayland", "libwayland-client.so.0"],
  ["libwayland-cursor0", "libwayland-cursor", "wayland", "libwayland-cursor.so.0"],
  ["libwayland-egl1", "libwayland-egl", "wayland", "libwayland-egl.so.1"],
  ["libwayland-server0", "libwayland-server", "wayland", "libwayland-server.so.0"],
  ["libxkbcommon0", "libxkbcommon", "libxkbcommon", "libxkbcommon.so.0"],
  ["libcairo2", "cairo", "cairo", "libcairo.so.2"],
  ["libcairo-gobject2", "cairo-gobject", "cairo", "libcairo-gobject.so.2"],
  ["libcairo-script-interpreter2", "cairo", "cairo", "libcairo-script-interpreter.so.2"],
  ["libpixman-1-0", "pixman", "pixman", "libpixman-1.so.0"],
  ["libgdk-pixbuf-2.0-0", "gdk-pixbuf2", "gdk-pixbuf2", "libgdk_pixbuf-2.0.so.0"],
  ["libpango-1.0-0", "pango", "pango", "libpango-1.0.so.0"],
  ["libpangocairo-1.0-0", "pango", "pango", "libpangocairo-1.0.so.0"],
  ["libpangoft2-1.0-0", "pango", "pango", "libpangoft2-1.0.so.0"],
  ["libharfbuzz0b", "harfbuzz", "harfbuzz", "libharfbuzz.so.0"],
  ["libharfbuzz-icu0", "harfbuzz-icu", "harfbuzz-icu", "libharfbuzz-icu.so.0"],
  ["libfontconfig1", "fontconfig", "fontconfig", "libfontconfig.so.1"],
  ["libfreetype6", "freetype", "freetype2", "libfreetype.so.6"],
  ["libfribidi0", "fribidi", "fribidi", "libfribidi.so.0"],
  ["libthai0", "libthai", "libthai", "libthai.so.0"],
  ["libdatrie1", "libdatrie", "libdatrie", "libdatrie.so.1"],
  ["libgraphite2-3", "graphite2", "graphite2", "libgraphite2.so.3"],
  ["libcloudproviders0", "libcloudproviders", "libcloudproviders", "libcloudproviders.so.0"],
  // GLib.
  [
    "libglib2.0-0",
    "glib2",
    "glib2",
    "libglib-2.0.so.0",
    "libgobject-2.0.so.0",
    "libgio-2.0.so.0",
    "libgmodule-2.0.so.0",
  ],
  // X11.
  ["libx11-6", "libX11", "libx11", "libX11.so.6"],
  ["libx11-xcb1", "libX11-xcb", "libx11", "libX11-xcb.so.1"],
  ["libxcb1", "libxcb", "libxcb", "libxcb.so.1"],
  ["libxcb-render0", "libxcb", "libxcb", "libxcb-render.so.0"],
  ["libxcb-shm0", "libxcb", "libxcb", "libxcb-shm.so.0"],
  ["libxau6", "libXau", "libxau", "libXau.so.6"],
  ["libxdmcp6", "libXdmcp", "libxdmcp", "libXdmcp.so.6"],
  ["libxcursor1", "libXcursor", "libxcursor", "libXcursor.so.1"],
  ["libxdamage1", "libXdamage", "libxdamage", "libXdamage.so.1"],
  ["libxext6", "libXext", "libxext", "libXext.so.6"],
  ["libxfixes3", "libXfixes", "libxfixes", "libXfixes.so.3"],
  ["libxi6", "libXi", "libxi", "libXi.so.6"],
  ["libxinerama1", "libXinerama", "libxinerama", "libXinerama.so.1"],
  ["libxrandr2", "libXrandr", "libxrandr", "libXrandr.so.2"],
  ["libxrender1", "libXrender", "libxrender", "libXrender.so.1"],
  // Media (WebKit).
  ["libgstreamer1.0-0", "gstreamer1", "gstreamer", "libgstreamer-1.0.so.0", "libgstbase-1.0.so.0"],
  [
    "libgstreamer-plugins-base1.0-0",
    "gstreamer1-plugins-base",
    "gst-plugins-base-libs",
    "libgstallocators-1.0.so.0",
    "libgstapp-1.0.so.0",
    "libgstaudio-1.0.so.0",
    "libgstfft-1.0.so.0",
    "libgstpbutils-1.0.so.0",
    "libgsttag-1.0.so.0",
    "libgstvideo-1.0.so.0",
  ],
  ["libgstreamer-gl1.0-0", "gstreamer1-plugins-base", "gst-plugins-base-libs", "libgstgl-1.0.so.0"],
  ["liborc-0.4-0", "orc", "orc", "liborc-0.4.so.0"],
  ["libasound2", "alsa-lib", "alsa-lib", "libasound.so.2"],
  ["libavif15", "libavif", "libavif", "libavif.so.15"],
  ["libaom3", "libaom", "aom", "libaom.so.3"],
  ["libdav1d6", "libdav1d", "dav1d", "libdav1d.so.6"],
  ["librav1e0", "rav1e-libs", "rav1e", "librav1e.so.0"],
  ["libsvtav1enc1", "svt-av1-libs", "svt-av1", "libSvtAv1Enc.so.1"],
  ["libgav1-1", "", "", "libgav1.so.1"],
  ["libyuv0", "libyuv", "libyuv", "libyuv.so.0"],
  ["libwebp7", "libwebp", "libwebp", "libwebp.so.7"],
  ["libwebpdemux2", "libwebp", "libwebp", "libwebpdemux.so.2"],
  ["libwebpmux3", "libwebp", "libwebp", "libwebpmux.so.3"],
  ["libjpeg62-turbo", "libjpeg-turbo", "libjpeg-turbo", "libjpeg.so.62"],
  ["libpng16-16", "libpng", "libpng", "libpng16.so.16"],
  ["libtiff6", "libtiff", "libtiff", "libtiff.so.6"],
  ["liblerc4", "lerc", "lerc", "libLerc.so.4"],
  ["libjbig0", "jbigkit-libs", "jbigkit", "libjbig.so.0"],
  ["libdeflate0", "libdeflate", "libdeflate", "libdeflate.so.0"],
  ["liblcms2-2", "lcms2", "lcms2", "liblcms2.so.2"],
  ["libwoff1", "woff2", "woff2", "libwoff2common.so.1.0.2", "libwoff2dec.so.1.0.2"],
  // Web platform pieces WebKit links.
  ["libenchant-2-2", "enchant2", "enchant", "libenchant-2.so.2"],
  ["libhyphen0", "hyphen", "hyphen", "libhyphen.so.0"],
  ["libmanette-0.2-0", "libmanette", "libmanette", "libmanette-0.2.so.0"],
  ["libevdev2", "libevdev", "libevdev", "libevdev.so.2"],
  ["libgudev-1.0-0", "libgudev", "libgudev", "libgudev-1.0.so.0"],
  ["libsecret-1-0", "libsecret", "libsecret", "libsecret-1.so.0"],
  ["libxml2", "libxml2", "libxml2", "libxml2.so.2"],
  ["libxslt1.1", "libxslt", "libxslt", "libxslt.so.1"],
  ["libsqlite3-0", "sqlite-libs", "sqlite", "libsqlite3.so.0"],
  ["libseccomp2", "libseccomp", "libseccomp", "libseccomp.so.2"],
  ["libsystemd0", "systemd-libs", "systemd-libs", "libsystemd.so.0"],
  ["libudev1", "systemd-libs", "systemd-libs", "libudev.so.1"],
  ["libpsl5", "libpsl", "libpsl", "libpsl.so.5"],
  ["libnghttp2-14", "libnghttp2", "libnghttp2", "libnghttp2.so.14"],
  ["libbrotli1", "brotli", "brotli", "libbrotlicommon.so.1", "libbrotlidec.so.1"],
  ["libgcrypt20", "libgcrypt", "libgcrypt", "libgcrypt.so.20"],
  ["libgpg-error0", "libgpg-error", "libgpg-error", "libgpg-error.so.0"],
  ["libtasn1-6", "libtasn1", "libtasn1", "libtasn1.so.6"],
  ["libunwind8", "libunwind", "libunwind", "libunwind.so.8"],
  ["libdw1", "elfutils-libs", "libelf", "libdw.so.1"],
  ["libelf1", "elfutils-libelf", "libelf", "libelf.so.1"],
  ["libatomic1", "libatomic", "gcc-libs", "libatomic.so.1"],
  ["libstdc++6", "libstdc++", "gcc-libs", "libstdc++.so.6"],
  ["libgcc-s1", "libgcc", "gcc-libs", "libgcc_s.so.1"],
  ["libicu72", "libicu", "icu", "libicudata.so.72", "libicui18n.so.72", "libicuuc.so.72"],
  // Kerberos and base libraries (present on almost every system).
  ["libgssapi-krb5-2", "krb5-libs", "krb5", "libgssapi_krb5.so.2"],
  ["libkrb5-3", "krb5-libs", "krb5", "libkrb5.so.3"],
  ["libk5crypto3", "krb5-libs", "krb5", "libk5crypto.so.3"],
  ["libkrb5support0", "krb5-libs", "krb5", "libkrb5support.so.0"],
  ["libcom-err2", "libcom_err", "e2fsprogs", "libcom_err.so.2"],
  ["libkeyutils1", "keyutils-libs", "keyutils", "libkeyutils.so.1"],
  ["libexpat1", "expat", "expat", "libexpat.so.1"],
  ["libffi8", "libffi", "libffi", "libffi.so.8"],
  ["libpcre2-8-0", "pcre2", "pcre2", "libpcre2-8.so.0"],
  ["libmount1", "libmount", "util-linux-libs", "libmount.so.1"],
  ["libblkid1", "libblkid", "util-linux-libs", "libblkid.so.1"],
  ["libselinux1", "libselinux", "libselinux", "libselinux.so.1"],
  ["libidn2-0", "libidn2", "libidn2", "libidn2.so.0"],
  ["libunistring2", "libunistring", "libunistring", "libunistring.so.2"],
  ["libbsd0", "libbsd", "libbsd", "libbsd.so.0"],
  ["libmd0", "libmd", "libmd", "libmd.so.0"],
  ["libcap2", "libcap", "libcap", "libcap.so.2"],
  ["zlib1g", "zlib", "zlib", "libz.so.1"],
  ["libzstd1", "libzstd", "zstd", "libzstd.so.1"],
  ["liblzma5", "xz-libs", "xz", "liblzma.so.5"],
  ["liblz4-1", "lz4-libs", "lz4", "liblz4.so.1"],
  ["liblzo2-2", "lzo", "lzo", "liblzo2.so.2"],
  ["libbz2-1.0", "bzip2-libs", "bzip2", "libbz2.so.1.0"],
  [
    "libc6",
    "glibc",
    "glibc",
    "libc.so.6",
    "libm.so.6",
    "libdl.so.2",
    "libpthread.so.0",
    "libresolv.so.2",
  ],
];

/** Sonames of a family that differ only by a versioned prefix (one package holds them all). */
const FAMILIES: ReadonlyArray<[RegExp, SonamePackage]> = [
  [/^libabsl_\w+\.so\.20220623$/, { debian: "libabsl20220623", fedora: "abseil-cpp" }],
  [/^libflite\w*\.so\.1$/, { debian: "libflite1", fedora: "flite", arch: "flite" }],
];

let index: Map<string, SonamePackage> | undefined;

/** The package that provides `soname` (a file name, e.g. `libvulkan.so.1`), or undefined. */
export function packageForSoname(soname: string): SonamePackage | undefined {
  if (!index) {
    index = new Map();
    for (const [debian, fedora, arch, ...sonames] of TABLE) {
      const pkg: SonamePackage = { debian };
      if (fedora) pkg.fedora = fedora;
      if (arch) pkg.arch = arch;
      for (const s of sonames) index.set(s, pkg);
    }
  }
  const base = soname.slice(soname.lastIndexOf("/") + 1);
  return index.get(base) ?? FAMILIES.find(([re]) => re.test(base))?.[1];
}

/**
 * The shared object the loader could not find, from a dlopen error text such as
 * `libvulkan.so.1: cannot open shared object file: No such file or directory` (the dependency
 * that is missing, which may not be the library asked for), or undefined for other errors.
 */
export function missingSoname(loaderText: string): string | undefined {
  const m = /([^\s:/]+\.so(?:\.[0-9][0-9.]*)?): cannot open shared object file/.exec(loaderText);
  return m?.[1];
}

/** The install line(s) for packages, per distribution (Fedora/Arch only when all are known). */
export function installCommands(pkgs: SonamePackage[]): string {
  const uniq = (xs: (string | undefined)[]) => [...new Set(xs)];
  const debian = uniq(pkgs.map((p) => p.debian));
  let text = `\`apt-get install -y ${debian.join(" ")}\` (Debian/Ubuntu)`;
  const fedora = uniq(pkgs.map((p) => p.fedora));
  if (fedora.every(Boolean)) text += `, \`dnf install ${fedora.join(" ")}\` (Fedora)`;
  const arch = uniq(pkgs.map((p) => p.arch));
  if (arch.every(Boolean)) text += `, \`pacman -S ${arch.join(" ")}\` (Arch)`;
  return text;
}

/** How to find the package of a soname this table does not know. */
export function findPackageHint(soname: string): string {
  return `panes does not know which package provides ${soname}: find it with ` +
    `\`apt-file search ${soname}\` (after \`apt-get install -y apt-file && apt-file update\`), ` +
    `or \`dpkg -S ${soname}\` on a machine that has it; Fedora: \`dnf provides '*/${soname}'\`; ` +
    `Arch: \`pacman -F ${soname}\``;
}

/**
 * What to do about one missing soname: its package and the install line, or how to find the
 * package when it is not in the table.
 */
export function missingSonameHint(soname: string): string {
  const pkg = packageForSoname(soname);
  if (!pkg) return `${soname} is missing; ${findPackageHint(soname)}`;
  return `${soname} is missing (package ${pkg.debian}): install it with ${installCommands([pkg])}`;
}

/** What to install when WebKitGTK or libwebview cannot be loaded and no soname is named. */
export const GENERAL_HINT = "install the system WebKitGTK 6.0 and GTK 4 libraries: " +
  installCommands([packageForSoname("libwebkitgtk-6.0.so.4")!, packageForSoname("libgtk-4.so.1")!]);

/**
 * The advice for a failed dlopen: names the missing soname and its package when the loader
 * says which file it could not open, the general GTK/WebKit line otherwise.
 */
export function loadFailureHint(loaderText: string): string {
  const soname = missingSoname(loaderText);
  return soname ? missingSonameHint(soname) : GENERAL_HINT;
}

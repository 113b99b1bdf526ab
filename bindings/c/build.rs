//! Gives the shared library its SONAME, so that programs linked against it
//! record `libcaseexport.so.<ABI>` (not the bare development name) and keep
//! loading it across compatible updates. The ABI version follows semver as
//! cargo reads it: the major version, or `0.<minor>` while the major version
//! is 0 (where a minor release may break compatibility). `make install`
//! (bindings/c/Makefile) installs `libcaseexport.so.<version>` with the
//! `libcaseexport.so.<ABI>` and `libcaseexport.so` links, using the same rule.

use std::env;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let major = env::var("CARGO_PKG_VERSION_MAJOR").unwrap_or_default();
    let minor = env::var("CARGO_PKG_VERSION_MINOR").unwrap_or_default();
    let abi = if major == "0" {
        format!("0.{minor}")
    } else {
        major
    };
    // ELF platforms whose linker takes -soname (GNU ld, gold, lld, mold).
    let os = env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if matches!(
        os.as_str(),
        "linux" | "android" | "freebsd" | "netbsd" | "openbsd" | "dragonfly"
    ) {
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libcaseexport.so.{abi}");
    }
}

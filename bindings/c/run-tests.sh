#!/usr/bin/env bash
# The C part of the test suite, from a fresh clone: builds libcaseexport
# (debug profile) with cargo, checks that the checked-in header is what
# cbindgen generates, compiles the header as C99 and C++, compiles the C
# tests (the shared vectors, every API and error path, and a NULL for each
# pointer argument of every function in the header) against the static and
# the shared library and runs both, again under AddressSanitizer +
# UndefinedBehaviorSanitizer (static library) and under valgrind when it is
# installed, runs the JSONTestSuite parsing corpus through the reading functions the same
# way, builds and runs the example, and installs into a temporary prefix to
# build a program with pkg-config.
#
# Needs: Rust, a C compiler (CC, default cc), python3. Optional, with a
# visible SKIP line when absent: a C++ compiler (CXX, default c++), valgrind,
# pkg-config, and the corpus folder <repo>/../shared/data/jsontestsuite/test_parsing
# (CI has it beside the clone; CASEEXPORT_JSONTESTSUITE=DIR points elsewhere,
# e.g. CASEEXPORT_JSONTESTSUITE=/nonexistent to see the skip).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
lib="$CARGO_TARGET_DIR/debug"
build="$here/build"
CC="${CC:-cc}"
CXX="${CXX:-c++}"
# The flags every C file here must compile with.
cflags=(-std=c99 -Wall -Wextra -Werror -pedantic)
corpus="${CASEEXPORT_JSONTESTSUITE:-$root/../shared/data/jsontestsuite/test_parsing}"
valgrind_opts=(--quiet --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=1)
native_libs=($(make -s -f "$here/Makefile" print-native-static-libs))

step() { printf '\n---- C: %s ----\n' "$*"; }
skip() { printf 'SKIP: %s\n' "$*"; }

mkdir -p "$build"
cd "$root"

step "build libcaseexport (debug) into $lib"
cargo build -p caseexport-c
for f in libcaseexport.a libcaseexport.so; do
    test -f "$lib/$f" || { echo "missing $lib/$f" >&2; exit 1; }
done
# Programs linked with -lcaseexport need the library under its SONAME at run
# time (`make install` makes that link); here a folder of links to the build.
soname="$(make -s -f "$here/Makefile" print-soname)"
shared="$build/lib"
mkdir -p "$shared"
ln -sf "$lib/libcaseexport.so" "$shared/libcaseexport.so"
if [ -n "$soname" ]; then
    ln -sf "$lib/libcaseexport.so" "$shared/$soname"
    if command -v readelf >/dev/null 2>&1; then
        readelf -d "$lib/libcaseexport.so" | grep -q "Library soname: \[$soname\]" ||
            { echo "libcaseexport.so does not have the SONAME $soname" >&2; exit 1; }
        echo "libcaseexport.so has the SONAME $soname"
    else
        skip "readelf is not installed: the SONAME was not checked"
    fi
fi

step "the checked-in header is what cbindgen generates"
# --workspace: the same feature set as `cargo test --workspace`, so cbindgen
# and its dependencies are not built a second time.
cargo test --workspace --test header --quiet

step "the header compiles as C99 (-pedantic) and as C++"
cat > "$build/header_check.c" <<'C'
#include "caseexport.h"
#include <string.h>
int main(void) { return strcmp(cx_version(), CX_VERSION_STRING) != 0; }
C
"$CC" "${cflags[@]}" -I"$here/include" "$build/header_check.c" -o "$build/header_check_c" \
    -L"$shared" -lcaseexport -Wl,-rpath,"$shared"
"$build/header_check_c"
if command -v "$CXX" >/dev/null 2>&1; then
    cp "$build/header_check.c" "$build/header_check.cpp"
    "$CXX" -std=c++11 -Wall -Wextra -Werror -pedantic -I"$here/include" "$build/header_check.cpp" \
        -o "$build/header_check_cxx" -L"$shared" -lcaseexport -Wl,-rpath,"$shared"
    "$build/header_check_cxx"
    echo "header: C99 and C++ OK"
else
    skip "no C++ compiler ($CXX): the header was not compiled as C++"
fi

step "shared vectors -> flat file"
cases="$(python3 "$here/tests/vectors_to_flat.py" "$root/tests/vectors" "$build/vectors.flat")"
echo "$cases vector cases"

step "the NULL-argument test, generated from the header"
# One call per pointer argument of every function declared in caseexport.h:
# a new function is covered as soon as it is in the header.
read -r null_calls header_functions < <(python3 "$here/tests/gen_null_tests.py" \
    "$here/include/caseexport.h" "$build/test_null_args.c")
echo "$null_calls NULL-argument calls for $header_functions functions"

step "compile the C tests against the shared and the static library"
test_srcs=("$here/tests/test_main.c" "$here/tests/test_vectors.c" "$here/tests/test_api.c"
    "$here/tests/test_bounds.c" "$build/test_null_args.c")
"$CC" "${cflags[@]}" -I"$here/include" -I"$here/tests" "${test_srcs[@]}" -pthread \
    -o "$build/cx_tests_shared" -L"$shared" -lcaseexport -Wl,-rpath,"$shared"
"$CC" "${cflags[@]}" -I"$here/include" -I"$here/tests" "${test_srcs[@]}" -pthread \
    -o "$build/cx_tests_static" "$lib/libcaseexport.a" "${native_libs[@]}"
if command -v ldd >/dev/null 2>&1 && ldd "$build/cx_tests_static" | grep -q libcaseexport; then
    echo "cx_tests_static is linked to the shared library" >&2
    exit 1
fi
# The corpus runner is its own program: it takes a folder, not the vectors.
"$CC" "${cflags[@]}" -I"$here/include" -I"$here/tests" "$here/tests/test_corpus.c" \
    -o "$build/cx_corpus_shared" -L"$shared" -lcaseexport -Wl,-rpath,"$shared"
"$CC" "${cflags[@]}" -I"$here/include" -I"$here/tests" "$here/tests/test_corpus.c" -pthread \
    -o "$build/cx_corpus_static" "$lib/libcaseexport.a" "${native_libs[@]}"

step "run the C tests (shared library)"
"$build/cx_tests_shared" "$build/vectors.flat" "$cases" | tee "$build/cx_tests_shared.out"
grep -qx "NULL-argument calls run: $null_calls" "$build/cx_tests_shared.out"
step "run the C tests (static library)"
"$build/cx_tests_static" "$build/vectors.flat" "$cases"

# AddressSanitizer + UndefinedBehaviorSanitizer on the C side (the tests, the
# example, the corpus runner), linked against the static library. The Rust
# code itself is not instrumented here (the fuzz targets build it with
# AddressSanitizer, fuzz/run.sh), but every allocation it makes goes through
# the sanitizer's malloc, so leaks and C-side misuse of its memory show.
san_flags=(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -g)
if echo 'int main(void){return 0;}' | "$CC" -x c "${san_flags[@]}" - -o "$build/san_probe" 2>/dev/null \
    && "$build/san_probe"; then
    export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1"
    export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
    step "ASan/UBSan: each deliberate bug of the canary is caught"
    "$CC" "${cflags[@]}" "${san_flags[@]}" -I"$here/include" "$here/tests/sanitizer_canary.c" \
        -o "$build/sanitizer_canary" "$lib/libcaseexport.a" "${native_libs[@]}"
    for bug in overflow:AddressSanitizer leak:LeakSanitizer "ub:runtime error"; do
        if "$build/sanitizer_canary" "${bug%%:*}" 2>"$build/sanitizer_canary.log"; then
            echo "the sanitizers missed the deliberate ${bug%%:*}; their results cannot be trusted" >&2
            exit 1
        fi
        grep -q "${bug#*:}" "$build/sanitizer_canary.log"
        echo "caught: ${bug%%:*} (${bug#*:})"
    done
    step "ASan/UBSan: the C tests (static library)"
    "$CC" "${cflags[@]}" "${san_flags[@]}" -I"$here/include" -I"$here/tests" "${test_srcs[@]}" -pthread \
        -o "$build/cx_tests_asan" "$lib/libcaseexport.a" "${native_libs[@]}"
    "$build/cx_tests_asan" "$build/vectors.flat" "$cases"
    step "ASan/UBSan: the example"
    "$CC" "${cflags[@]}" "${san_flags[@]}" -I"$here/include" "$here/examples/patch_example.c" \
        -o "$build/patch_example_asan" "$lib/libcaseexport.a" "${native_libs[@]}"
    "$build/patch_example_asan" | diff -u "$here/examples/patch_example.expected" -
    if [ -d "$corpus" ]; then
        step "ASan/UBSan: the JSONTestSuite corpus (static library)"
        "$CC" "${cflags[@]}" "${san_flags[@]}" -I"$here/include" -I"$here/tests" "$here/tests/test_corpus.c" \
            -pthread -o "$build/cx_corpus_asan" "$lib/libcaseexport.a" "${native_libs[@]}"
        "$build/cx_corpus_asan" "$corpus"
    else
        step "ASan/UBSan: the JSONTestSuite corpus"
        skip "JSONTestSuite corpus not found at $corpus: not run under the sanitizers"
    fi
    unset ASAN_OPTIONS UBSAN_OPTIONS
else
    step "ASan/UBSan"
    skip "$CC cannot build and run with -fsanitize=address,undefined: the C tests did not run under the sanitizers"
fi

if [ -d "$corpus" ]; then
    have_corpus=1
    step "the JSONTestSuite parsing corpus, $corpus (shared library)"
    "$build/cx_corpus_shared" "$corpus"
    step "the JSONTestSuite parsing corpus (static library)"
    "$build/cx_corpus_static" "$corpus"
else
    have_corpus=0
    step "the JSONTestSuite parsing corpus"
    skip "JSONTestSuite corpus not found at $corpus (../shared/data beside the repository): the C reader did not run it"
fi

if command -v valgrind >/dev/null 2>&1; then
    step "valgrind: a deliberate leak is caught"
    "$CC" "${cflags[@]}" -I"$here/include" "$here/tests/leak_canary.c" -o "$build/leak_canary" \
        -L"$shared" -lcaseexport -Wl,-rpath,"$shared"
    if valgrind "${valgrind_opts[@]}" "$build/leak_canary" 2>"$build/leak_canary.log"; then
        echo "valgrind did not report the deliberate leak; its results cannot be trusted" >&2
        exit 1
    fi
    grep -q "definitely lost" "$build/leak_canary.log"
    echo "valgrind reports the deliberate leak, as it should"
    step "valgrind: the C tests (shared library)"
    valgrind "${valgrind_opts[@]}" "$build/cx_tests_shared" "$build/vectors.flat" "$cases"
    step "valgrind: the C tests (static library)"
    valgrind "${valgrind_opts[@]}" "$build/cx_tests_static" "$build/vectors.flat" "$cases"
    if [ "$have_corpus" = 1 ]; then
        step "valgrind: the JSONTestSuite corpus (shared library)"
        valgrind "${valgrind_opts[@]}" "$build/cx_corpus_shared" "$corpus"
        step "valgrind: the JSONTestSuite corpus (static library)"
        valgrind "${valgrind_opts[@]}" "$build/cx_corpus_static" "$corpus"
    else
        step "valgrind: the JSONTestSuite corpus"
        skip "JSONTestSuite corpus not found at $corpus: not run under valgrind"
    fi
else
    step "valgrind"
    skip "valgrind is not installed: the C tests did not run under memcheck"
fi

step "the example builds, runs and prints what it should"
"$CC" "${cflags[@]}" -I"$here/include" "$here/examples/patch_example.c" \
    -o "$build/patch_example" -L"$shared" -lcaseexport -Wl,-rpath,"$shared"
"$build/patch_example" > "$build/patch_example.out"
diff -u "$here/examples/patch_example.expected" "$build/patch_example.out"
if command -v valgrind >/dev/null 2>&1; then
    valgrind "${valgrind_opts[@]}" "$build/patch_example" > /dev/null
fi
echo "example output matches examples/patch_example.expected"
# Both READMEs show the compiled example: a C block must be the file itself.
# The C README also shows what it prints: a text block must be the expected
# output (which the example was just checked against), CRLF shown as LF.
python3 - "$here/examples/patch_example.c" "$here/examples/patch_example.expected" \
    "$here/README.md" "$here/../../README.md" <<'PY'
import os, sys
example = open(sys.argv[1], encoding="utf-8").read()
output = open(sys.argv[2], encoding="utf-8", newline="").read().replace("\r\n", "\n")
for path in sys.argv[3:]:
    readme = open(path, encoding="utf-8").read()
    blocks = readme.split("```")[1::2]
    code = [b.split("\n", 1)[1] for b in blocks if b.startswith("c\n")]
    if example not in code:
        sys.exit(f"{os.path.normpath(path)} does not show examples/patch_example.c as it is")
    print(f"{os.path.normpath(path)} shows the example as compiled")
    if path == sys.argv[3]:
        text = [b.split("\n", 1)[1] for b in blocks if b.startswith("text\n")]
        if output not in text:
            sys.exit(f"{os.path.normpath(path)} does not show the example's output as it prints it "
                     "(examples/patch_example.expected)")
        print(f"{os.path.normpath(path)} shows the example's output as printed")
PY

step "make install PREFIX=<temporary>, then build and run programs the way the READMEs say"
prefix="$(mktemp -d)"
trap 'rm -rf "$prefix"' EXIT
make -s -C "$here" install PREFIX="$prefix" PROFILE=debug
for f in lib/libcaseexport.a lib/libcaseexport.so include/caseexport.h lib/pkgconfig/caseexport.pc; do
    test -e "$prefix/$f" || { echo "make install did not install $f" >&2; exit 1; }
done
if [ -n "$soname" ]; then
    # libcaseexport.so -> SONAME -> the versioned file, which has that SONAME.
    version="$(sed -n 's/^#define CX_VERSION_STRING "\(.*\)"/\1/p' "$here/include/caseexport.h")"
    test "$(readlink "$prefix/lib/libcaseexport.so")" = "$soname"
    test "$(readlink "$prefix/lib/$soname")" = "libcaseexport.so.$version"
    test -f "$prefix/lib/libcaseexport.so.$version" && test ! -L "$prefix/lib/libcaseexport.so.$version"
    echo "installed: libcaseexport.so -> $soname -> libcaseexport.so.$version"
fi
grep -qx "prefix=$prefix" "$prefix/lib/pkgconfig/caseexport.pc"
# No LD_LIBRARY_PATH anywhere below: the programs run as a user runs them.
unset LD_LIBRARY_PATH
if command -v pkg-config >/dev/null 2>&1; then
    export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
    test "$(pkg-config --modversion caseexport)" = "$(sed -n 's/^#define CX_VERSION_STRING "\(.*\)"/\1/p' "$here/include/caseexport.h")"
    # Shared: exactly the README's command; runs through the run path that
    # --libs carries for a prefix outside the loader's own folders.
    "$CC" -std=c99 "$here/examples/patch_example.c" -o "$build/patch_example_pc" \
        $(pkg-config --cflags --libs caseexport)
    "$build/patch_example_pc" > "$build/patch_example_pc.out"
    diff -u "$here/examples/patch_example.expected" "$build/patch_example_pc.out"
    if [ -n "$soname" ] && command -v readelf >/dev/null 2>&1; then
        readelf -d "$build/patch_example_pc" | grep -q "Shared library: \[$soname\]" ||
            { echo "the program does not record $soname" >&2; exit 1; }
    fi
    # Static libcaseexport, shared C library: the archive plus Libs.private.
    "$CC" "${cflags[@]}" "$here/examples/patch_example.c" -o "$build/patch_example_pc_static" \
        $(pkg-config --cflags caseexport) $(pkg-config --libs-only-L caseexport) \
        -Wl,-Bstatic -lcaseexport -Wl,-Bdynamic \
        $(pkg-config --static --libs-only-l caseexport | sed 's/-lcaseexport//')
    "$build/patch_example_pc_static" > "$build/patch_example_pc_static.out"
    diff -u "$here/examples/patch_example.expected" "$build/patch_example_pc_static.out"
    # Fully static (needs the C library's static archive, libc6-dev's libc.a):
    # exactly the README's command. With this debug library the linker warns
    # about glibc's getpwuid_r and getaddrinfo (Rust's standard library's
    # home_dir and lookup_host, which libcaseexport does not call), as the C
    # README says; any other warning fails.
    if "$CC" -std=c99 -static "$here/examples/patch_example.c" -o "$build/patch_example_full_static" \
        $(pkg-config --static --cflags --libs caseexport) 2>"$build/full_static.log"; then
        if grep -i "warning" "$build/full_static.log" | grep -v "Using '\(getpwuid_r\|getaddrinfo\)' in statically linked applications" >&2; then
            echo "the fully static link printed other warnings than the C README says (above)" >&2
            exit 1
        fi
        if command -v readelf >/dev/null 2>&1 && readelf -d "$build/patch_example_full_static" 2>/dev/null | grep -q NEEDED; then
            echo "the -static program needs shared libraries" >&2; exit 1
        fi
        "$build/patch_example_full_static" > "$build/patch_example_full_static.out"
        diff -u "$here/examples/patch_example.expected" "$build/patch_example_full_static.out"
        echo "pkg-config builds (shared, static library, fully static) run and print the expected output"
    elif grep -q "cannot find -lc\b\|cannot find -lc$" "$build/full_static.log"; then
        skip "no static C library (libc.a): the fully static build did not run"
        echo "pkg-config builds (shared, static library) run and print the expected output"
    else
        cat "$build/full_static.log" >&2
        exit 1
    fi
else
    skip "pkg-config is not installed: built against the installed files by path instead"
    "$CC" "${cflags[@]}" -I"$prefix/include" "$here/examples/patch_example.c" \
        -o "$build/patch_example_pc" -L"$prefix/lib" -lcaseexport -Wl,-rpath,"$prefix/lib"
    "$build/patch_example_pc" > "$build/patch_example_pc.out"
    diff -u "$here/examples/patch_example.expected" "$build/patch_example_pc.out"
fi
make -s -C "$here" uninstall PREFIX="$prefix"
test -z "$(find "$prefix" -type f -o -type l)" ||
    { echo "make uninstall left files behind:" >&2; find "$prefix" -type f -o -type l >&2; exit 1; }

echo
echo "C: all checks passed"

/* The C test runner of libcaseexport: the shared vectors (as converted by
 * vectors_to_flat.py) and every API and error path. Prints one line per
 * failure and a closing "C tests: N passed, M failed" line; exits 1 on any
 * failure.
 *
 * Usage: cx_tests FLAT_VECTOR_FILE EXPECTED_CASE_COUNT */
#include <stdlib.h>

#include "harness.h"

struct cx_test_counts cx_counts;

void run_test(const char *name, void (*fn)(void)) {
    cx_counts.current_failures = 0;
    fn();
    if (cx_counts.current_failures == 0) {
        cx_counts.passed++;
    } else {
        cx_counts.failed++;
        fprintf(stderr, "FAILED: %s (%d checks)\n", name, cx_counts.current_failures);
    }
}

int bytes_eq(const char *data, size_t len, const char *want) {
    size_t n = strlen(want);
    return data != NULL && len == n && memcmp(data, want, n) == 0 && data[n] == '\0';
}

int buffer_eq(const cx_buffer *buf, const char *want) {
    return bytes_eq(cx_buffer_data(buf), cx_buffer_len(buf), want);
}

int str_eq(cx_str s, const char *want) { return bytes_eq(s.data, s.len, want); }

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s FLAT_VECTOR_FILE EXPECTED_CASE_COUNT\n", argv[0]);
        return 2;
    }
    int vectors = run_vector_file(argv[1], atoi(argv[2]));
    run_api_tests();
    run_bounds_tests();
    int null_calls = run_null_argument_tests();
    printf("vector cases run: %d\n", vectors);
    printf("NULL-argument calls run: %d\n", null_calls);
    printf("C tests: %d passed, %d failed\n", cx_counts.passed, cx_counts.failed);
    return cx_counts.failed == 0 && vectors > 0 ? 0 : 1;
}

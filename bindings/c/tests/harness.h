/* A tiny test harness for the C tests of libcaseexport: CHECK macros that
 * record a failure and go on, and run_test, which counts a test as passed
 * when none of its checks failed. */
#ifndef CX_TEST_HARNESS_H
#define CX_TEST_HARNESS_H

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "caseexport.h"

struct cx_test_counts {
    int passed;
    int failed;
    int current_failures;
};

extern struct cx_test_counts cx_counts;

#define CHECK(cond)                                                          \
    do {                                                                     \
        if (!(cond)) {                                                       \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, \
                    #cond);                                                  \
            cx_counts.current_failures++;                                    \
        }                                                                    \
    } while (0)

#define CHECK_RC(expr, want)                                                   \
    do {                                                                       \
        unsigned got_rc_ = (unsigned)(expr);                                   \
        if (got_rc_ != (unsigned)(want)) {                                     \
            fprintf(stderr, "%s:%d: %s gave %u (%s), want %s\n", __FILE__,     \
                    __LINE__, #expr, got_rc_, cx_result_str(got_rc_), #want);  \
            cx_counts.current_failures++;                                      \
        }                                                                      \
    } while (0)

/* Runs one test function and counts it. */
void run_test(const char *name, void (*fn)(void));

/* `len` bytes at `data` equal the NUL-terminated `want`. */
int bytes_eq(const char *data, size_t len, const char *want);

/* The buffer holds exactly `want` (and is NUL-terminated after it). */
int buffer_eq(const cx_buffer *buf, const char *want);

/* The borrowed string holds exactly `want` (and is NUL-terminated after it). */
int str_eq(cx_str s, const char *want);

/* A string literal as (pointer, length) arguments. */
#define LIT(s) (const uint8_t *)(s), (sizeof(s) - 1)

/* Suites. */
void run_api_tests(void);
void run_bounds_tests(void);
/* Generated from the header by gen_null_tests.py; returns the number of calls. */
int run_null_argument_tests(void);
int run_vector_file(const char *path, int expected_cases);

#endif

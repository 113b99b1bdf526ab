/* The JSONTestSuite parsing corpus through the C API, as
 * crates/caseexport/tests/jsontestsuite.rs does it in Rust. Every file is read
 * four ways: cx_operation_from_json lenient and strict, cx_patch_from_json
 * (strict, the default) and cx_operation_apply_json onto an empty operation.
 * `y_*.json` is JSON, so it may be a validation error but never `invalidJson`;
 * `n_*.json` must be rejected with `invalidJson` (or `limitExceeded`, for
 * nesting and size); `i_*.json` may go either way. Whatever the file, a
 * reading gives CX_RESULT_OK or CX_RESULT_INVALID_INPUT with a non-empty
 * error list — never another result (CX_RESULT_PANIC is a crash caught at the
 * boundary) — and everything it gives is freed (run under valgrind).
 *
 * Prints one line per problem and a closing "corpus: N passed, M failed"
 * line (N and M count files); exits 1 on any failure or when the folder holds
 * fewer than 100 files (an incomplete corpus would pass too easily).
 *
 * Usage: cx_corpus CORPUS_DIR (…/jsontestsuite/test_parsing). run-tests.sh
 * decides where it is, and skips visibly when it is absent. */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <stdlib.h>

#include "harness.h"

struct cx_test_counts cx_counts;

/* The file being checked, for the messages. */
static const char *current_name;

enum expect { EXPECT_JSON, EXPECT_NOT_JSON, EXPECT_EITHER };

/* Files are small (the largest is under 1 MiB); the corpus folder is flat. */
#define MAX_FILES 1024

static int compare_names(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reads the whole file into a new buffer (`*len` bytes, plus a NUL so that
 * even an empty file gives a non-NULL pointer). Returns NULL on failure. */
static uint8_t *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    uint8_t *data = NULL;
    size_t cap = 0, n = 0;
    if (f == NULL) return NULL;
    for (;;) {
        if (n == cap) {
            size_t new_cap = cap == 0 ? 4096 : cap * 2;
            uint8_t *grown = realloc(data, new_cap + 1);
            if (grown == NULL) {
                free(data);
                fclose(f);
                return NULL;
            }
            data = grown;
            cap = new_cap;
        }
        size_t got = fread(data + n, 1, cap - n, f);
        n += got;
        if (got == 0) break;
    }
    if (ferror(f)) {
        free(data);
        fclose(f);
        return NULL;
    }
    fclose(f);
    data[n] = 0;
    *len = n;
    return data;
}

/* Checks one reading's result and error list against what the file's prefix
 * expects, then frees the list. */
static void check_outcome(const char *reader, enum expect expect, cx_result rc,
                          cx_error_list *errors) {
    if (rc == CX_RESULT_OK) {
        CHECK(errors == NULL);
        if (expect == EXPECT_NOT_JSON) {
            fprintf(stderr, "%s: %s: invalid JSON accepted\n", current_name, reader);
            cx_counts.current_failures++;
        }
        return;
    }
    if (rc != CX_RESULT_INVALID_INPUT) {
        fprintf(stderr, "%s: %s: gave %u (%s), want CX_RESULT_OK or CX_RESULT_INVALID_INPUT\n",
                current_name, reader, (unsigned)rc, cx_result_str(rc));
        cx_counts.current_failures++;
        cx_error_list_free(errors);
        return;
    }
    size_t n = cx_error_list_len(errors);
    int invalid_json = 0, limit = 0;
    if (errors == NULL || n == 0) {
        fprintf(stderr, "%s: %s: CX_RESULT_INVALID_INPUT without errors\n", current_name, reader);
        cx_counts.current_failures++;
    }
    for (size_t i = 0; i < n; i++) {
        cx_error_detail d;
        CHECK_RC(cx_error_list_get(errors, i, &d), CX_RESULT_OK);
        CHECK(d.code_name.data != NULL && d.path.data != NULL);
        if (d.code == CX_ERROR_CODE_INVALID_JSON) invalid_json = 1;
        if (d.code == CX_ERROR_CODE_LIMIT_EXCEEDED) limit = 1;
    }
    if (expect == EXPECT_JSON && invalid_json) {
        fprintf(stderr, "%s: %s: valid JSON reported as invalidJson\n", current_name, reader);
        cx_counts.current_failures++;
    }
    if (expect == EXPECT_NOT_JSON && !invalid_json && !limit) {
        cx_error_detail first;
        const char *code = "?";
        if (n > 0 && cx_error_list_get(errors, 0, &first) == CX_RESULT_OK) {
            code = first.code_name.data;
        }
        fprintf(stderr, "%s: %s: invalid JSON not reported as invalidJson (first code: %s)\n",
                current_name, reader, code);
        cx_counts.current_failures++;
    }
    cx_error_list_free(errors);
}

/* The four readings of one file. */
static void check_file(const uint8_t *json, size_t len, enum expect expect) {
    cx_read_options lenient, strict;
    CHECK_RC(cx_read_options_init(&lenient, CX_MODE_LENIENT), CX_RESULT_OK);
    CHECK_RC(cx_read_options_init(&strict, CX_MODE_STRICT), CX_RESULT_OK);

    cx_operation *op = NULL;
    cx_error_list *errors = NULL;
    cx_result rc = cx_operation_from_json(json, len, &lenient, &op, &errors);
    check_outcome("cx_operation_from_json (lenient)", expect, rc, errors);
    cx_operation_free(op);

    op = NULL;
    errors = NULL;
    rc = cx_operation_from_json(json, len, &strict, &op, &errors);
    check_outcome("cx_operation_from_json (strict)", expect, rc, errors);
    cx_operation_free(op);

    cx_patch *patch = NULL;
    errors = NULL;
    rc = cx_patch_from_json(json, len, NULL, &patch, &errors);
    check_outcome("cx_patch_from_json", expect, rc, errors);
    cx_patch_free(patch);

    cx_operation *base = NULL;
    CHECK_RC(cx_operation_new(&base), CX_RESULT_OK);
    op = NULL;
    errors = NULL;
    rc = cx_operation_apply_json(base, json, len, NULL, &op, &errors);
    check_outcome("cx_operation_apply_json", expect, rc, errors);
    cx_operation_free(op);
    cx_operation_free(base);
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
        return 2;
    }
    const char *dir_path = argv[1];
    DIR *dir = opendir(dir_path);
    if (dir == NULL) {
        perror(dir_path);
        return 2;
    }
    char *names[MAX_FILES];
    size_t count = 0;
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL) {
        const char *name = entry->d_name;
        size_t n = strlen(name);
        if (n < 5 || strcmp(name + n - 5, ".json") != 0) continue;
        if (count == MAX_FILES) {
            fprintf(stderr, "more than %d files in %s\n", MAX_FILES, dir_path);
            break;
        }
        names[count] = malloc(n + 1);
        if (names[count] == NULL) break;
        memcpy(names[count], name, n + 1);
        count++;
    }
    closedir(dir);
    qsort(names, count, sizeof names[0], compare_names);

    for (size_t i = 0; i < count; i++) {
        const char *name = names[i];
        enum expect expect = strncmp(name, "y_", 2) == 0   ? EXPECT_JSON
                             : strncmp(name, "n_", 2) == 0 ? EXPECT_NOT_JSON
                                                           : EXPECT_EITHER;
        size_t path_len = strlen(dir_path) + 1 + strlen(name) + 1;
        char *path = malloc(path_len);
        size_t len = 0;
        uint8_t *json = NULL;
        current_name = name;
        cx_counts.current_failures = 0;
        if (path != NULL) {
            snprintf(path, path_len, "%s/%s", dir_path, name);
            json = read_file(path, &len);
        }
        if (json == NULL) {
            fprintf(stderr, "%s: cannot read the file\n", name);
            cx_counts.current_failures++;
        } else {
            check_file(json, len, expect);
        }
        if (cx_counts.current_failures == 0) {
            cx_counts.passed++;
        } else {
            cx_counts.failed++;
            fprintf(stderr, "FAILED: %s (%d checks)\n", name, cx_counts.current_failures);
        }
        free(json);
        free(path);
        free(names[i]);
    }
    printf("corpus: %d passed, %d failed\n", cx_counts.passed, cx_counts.failed);
    if (count < 100) {
        fprintf(stderr, "corpus looks incomplete: %zu files in %s\n", count, dir_path);
        return 1;
    }
    return cx_counts.failed == 0 ? 0 : 1;
}

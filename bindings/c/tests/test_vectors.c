/* Runs the shared vectors (the tests/vectors JSON files, flattened by
 * vectors_to_flat.py) through the C API: canonical output compared byte for
 * byte, errors compared as ordered lists of (path, code). For apply cases the typed
 * path (cx_patch_from_json + cx_operation_apply) and the in-place path are
 * checked too; for diff cases, that applying the patch to the base gives an
 * operation equivalent to the target. */
#include <stdlib.h>

#include "harness.h"

#define MAX_CASE_ERRORS 128

struct field {
    const char *data; /* NULL when the field is absent */
    size_t len;
};

struct vcase {
    struct field name, file, op, mode, document, patch, target, expected;
    struct field odata_type, max_depth, max_size, max_errors, max_error_bytes, type;
    size_t n_errors;
    struct field error_path[MAX_CASE_ERRORS], error_code[MAX_CASE_ERRORS];
};

struct reader {
    const char *p;
    const char *end;
};

/* Reads `KEY LEN\n<LEN bytes>\n`. Returns 1, 0 at the end, -1 if malformed. */
static int next_field(struct reader *r, char *key, size_t key_cap, struct field *value) {
    size_t k = 0, len = 0;
    if (r->p == r->end) return 0;
    while (r->p < r->end && *r->p != ' ') {
        if (k + 1 >= key_cap) return -1;
        key[k++] = *r->p++;
    }
    key[k] = '\0';
    if (r->p == r->end || k == 0) return -1;
    r->p++; /* space */
    if (r->p == r->end || *r->p < '0' || *r->p > '9') return -1;
    while (r->p < r->end && *r->p >= '0' && *r->p <= '9') {
        size_t digit = (size_t)(*r->p++ - '0');
        if (len > ((size_t)-1 - digit) / 10) return -1;
        len = len * 10 + digit;
    }
    if (r->p == r->end || *r->p != '\n') return -1;
    r->p++;
    if ((size_t)(r->end - r->p) < len + 1 || r->p[len] != '\n') return -1;
    value->data = r->p;
    value->len = len;
    r->p += len + 1;
    return 1;
}

static int field_is(struct field f, const char *s) {
    return f.data != NULL && f.len == strlen(s) && memcmp(f.data, s, f.len) == 0;
}

static size_t field_size(struct field f) {
    char tmp[32];
    if (f.len == 0 || f.len >= sizeof tmp) return 0;
    memcpy(tmp, f.data, f.len);
    tmp[f.len] = '\0';
    return (size_t)strtoull(tmp, NULL, 10);
}

static const struct {
    const char *name;
    cx_error_code code;
} CODES[] = {
    {"invalidJson", CX_ERROR_CODE_INVALID_JSON},
    {"invalidPatch", CX_ERROR_CODE_INVALID_PATCH},
    {"unknownProperty", CX_ERROR_CODE_UNKNOWN_PROPERTY},
    {"readOnlyProperty", CX_ERROR_CODE_READ_ONLY_PROPERTY},
    {"invalidType", CX_ERROR_CODE_INVALID_TYPE},
    {"invalidEnumMember", CX_ERROR_CODE_INVALID_ENUM_MEMBER},
    {"invalidDateTime", CX_ERROR_CODE_INVALID_DATE_TIME},
    {"outOfRange", CX_ERROR_CODE_OUT_OF_RANGE},
    {"duplicateProperty", CX_ERROR_CODE_DUPLICATE_PROPERTY},
    {"typeMismatch", CX_ERROR_CODE_TYPE_MISMATCH},
    {"limitExceeded", CX_ERROR_CODE_LIMIT_EXCEEDED},
    {"unrepresentable", CX_ERROR_CODE_UNREPRESENTABLE},
};

/* The C enum value that goes with a code name; 0 (no code) if none. */
static unsigned code_for_name(cx_str name) {
    size_t i;
    for (i = 0; i < sizeof CODES / sizeof CODES[0]; i++) {
        if (str_eq(name, CODES[i].name)) return (unsigned)CODES[i].code;
    }
    return 0;
}

static void print_case(const struct vcase *c) {
    fprintf(stderr, "vector %.*s :: %.*s: ", (int)c->file.len, c->file.data,
            (int)c->name.len, c->name.data);
}

static void print_errors(const cx_error_list *errors) {
    size_t i, n = cx_error_list_len(errors);
    for (i = 0; i < n; i++) {
        cx_error_detail d;
        if (cx_error_list_get(errors, i, &d) != CX_RESULT_OK) continue;
        fprintf(stderr, "    got (%s, %s) %s\n", d.path.data, d.code_name.data, d.message.data);
    }
}

/* The reported errors equal the expected (path, code) list, in order
 * (DESIGN.md "Errors": document order, then the apply-time checks). */
static int errors_match(const struct vcase *c, const cx_error_list *errors) {
    size_t i, n = cx_error_list_len(errors);
    int ok = n > 0 && n == c->n_errors;
    for (i = 0; ok && i < n; i++) {
        cx_error_detail d;
        if (cx_error_list_get(errors, i, &d) != CX_RESULT_OK) return 0;
        if (code_for_name(d.code_name) != (unsigned)d.code || d.message.len == 0) ok = 0;
        if (d.path.len != c->error_path[i].len || d.code_name.len != c->error_code[i].len ||
            memcmp(d.path.data, c->error_path[i].data, d.path.len) != 0 ||
            memcmp(d.code_name.data, c->error_code[i].data, d.code_name.len) != 0) {
            ok = 0;
        }
    }
    return ok;
}

/* Checks one outcome against the case: output bytes or the error set.
 * Takes ownership of `out` and `errors`. Returns 1 when it matches. */
static int check_outcome(const struct vcase *c, const char *what, cx_result rc, cx_buffer *out,
                         cx_error_list *errors) {
    int ok;
    if (c->expected.data != NULL) {
        ok = rc == CX_RESULT_OK && cx_buffer_len(out) == c->expected.len &&
             memcmp(cx_buffer_data(out), c->expected.data, c->expected.len) == 0;
        if (!ok) {
            print_case(c);
            fprintf(stderr, "%s: %s\n  want %.*s\n  got  %s\n", what, cx_result_str(rc),
                    (int)c->expected.len, c->expected.data,
                    out ? cx_buffer_data(out) : "(nothing)");
            print_errors(errors);
        }
    } else {
        ok = rc == CX_RESULT_INVALID_INPUT && errors != NULL && out == NULL && errors_match(c, errors);
        if (!ok) {
            size_t j;
            print_case(c);
            fprintf(stderr, "%s: %s; want errors:\n", what, cx_result_str(rc));
            for (j = 0; j < c->n_errors; j++) {
                fprintf(stderr, "    want (%.*s, %.*s)\n", (int)c->error_path[j].len,
                        c->error_path[j].data, (int)c->error_code[j].len, c->error_code[j].data);
            }
            print_errors(errors);
        }
    }
    cx_buffer_free(out);
    cx_error_list_free(errors);
    return ok;
}

static cx_read_options case_options(const struct vcase *c) {
    cx_read_options o;
    uint32_t mode = field_is(c->mode, "strict") ? CX_MODE_STRICT : CX_MODE_LENIENT;
    CHECK_RC(cx_read_options_init(&o, mode), CX_RESULT_OK);
    if (c->max_depth.data) o.max_depth = field_size(c->max_depth);
    if (c->max_size.data) o.max_size = field_size(c->max_size);
    if (c->max_errors.data) o.max_errors = field_size(c->max_errors);
    if (c->max_error_bytes.data) o.max_error_bytes = field_size(c->max_error_bytes);
    return o;
}

static cx_operation *read_lenient(const struct vcase *c, struct field text) {
    cx_operation *op = NULL;
    cx_error_list *errors = NULL;
    if (cx_operation_from_json((const uint8_t *)text.data, text.len, NULL, &op, &errors) !=
        CX_RESULT_OK) {
        print_case(c);
        fprintf(stderr, "stored document is invalid\n");
        print_errors(errors);
        cx_error_list_free(errors);
        return NULL;
    }
    return op;
}

/* Writes `op` canonically (NULL op → NULL buffer). */
static cx_buffer *to_json(const cx_operation *op) {
    cx_buffer *b = NULL;
    if (op != NULL) CHECK_RC(cx_operation_to_json(op, &b), CX_RESULT_OK);
    return b;
}

static int run_read(const struct vcase *c) {
    cx_read_options o = case_options(c);
    cx_operation *op = NULL;
    cx_error_list *errors = NULL;
    cx_result rc = cx_operation_from_json((const uint8_t *)c->document.data, c->document.len, &o,
                                          &op, &errors);
    cx_buffer *out = to_json(op);
    int ok;
    if (op != NULL && c->expected.data != NULL) {
        /* Canonical output is a fixed point of a lenient read. */
        cx_operation *again = NULL;
        cx_buffer *out2 = NULL;
        ok = cx_operation_from_json((const uint8_t *)cx_buffer_data(out), cx_buffer_len(out), NULL,
                                    &again, NULL) == CX_RESULT_OK &&
             cx_operation_to_json(again, &out2) == CX_RESULT_OK &&
             cx_buffer_len(out2) == cx_buffer_len(out) &&
             memcmp(cx_buffer_data(out2), cx_buffer_data(out), cx_buffer_len(out)) == 0;
        if (!ok) {
            print_case(c);
            fprintf(stderr, "canonical output is not a fixed point\n");
        }
        cx_buffer_free(out2);
        cx_operation_free(again);
        if (!ok) {
            cx_operation_free(op);
            cx_buffer_free(out);
            cx_error_list_free(errors);
            return 0;
        }
    }
    cx_operation_free(op);
    return check_outcome(c, "read", rc, out, errors);
}

static int run_apply(const struct vcase *c) {
    cx_read_options o = case_options(c);
    cx_operation *stored = read_lenient(c, c->document);
    cx_operation *updated = NULL, *in_place = NULL;
    cx_error_list *errors = NULL;
    cx_buffer *before = NULL, *after = NULL;
    cx_result rc;
    int ok;
    if (stored == NULL) return 0;

    /* cx_operation_apply_json */
    rc = cx_operation_apply_json(stored, (const uint8_t *)c->patch.data, c->patch.len, &o,
                                 &updated, &errors);
    ok = check_outcome(c, "apply_json", rc, to_json(updated), errors);
    cx_operation_free(updated);
    updated = NULL;
    errors = NULL;

    /* cx_operation_apply_json_in_place: same outcome; unchanged on failure */
    CHECK_RC(cx_operation_clone(stored, &in_place), CX_RESULT_OK);
    before = to_json(in_place);
    rc = cx_operation_apply_json_in_place(in_place, (const uint8_t *)c->patch.data, c->patch.len,
                                          &o, &errors);
    if (rc == CX_RESULT_OK) {
        ok &= check_outcome(c, "apply_json_in_place", rc, to_json(in_place), errors);
    } else {
        after = to_json(in_place);
        if (cx_buffer_len(after) != cx_buffer_len(before) ||
            memcmp(cx_buffer_data(after), cx_buffer_data(before), cx_buffer_len(before)) != 0) {
            print_case(c);
            fprintf(stderr, "a failed in-place apply changed the operation\n");
            ok = 0;
        }
        ok &= check_outcome(c, "apply_json_in_place", rc, NULL, errors);
    }
    errors = NULL;
    cx_buffer_free(before);
    cx_buffer_free(after);
    cx_operation_free(in_place);

    /* The typed path: read the patch, then apply it. */
    if (c->expected.data != NULL) {
        cx_patch *patch = NULL;
        rc = cx_patch_from_json((const uint8_t *)c->patch.data, c->patch.len, &o, &patch, &errors);
        if (rc == CX_RESULT_OK) {
            rc = cx_operation_apply(stored, patch, &updated, &errors);
        }
        ok &= check_outcome(c, "patch_from_json + apply", rc, to_json(updated), errors);
        cx_operation_free(updated);
        cx_patch_free(patch);
    }
    cx_operation_free(stored);
    return ok;
}

static int run_diff(const struct vcase *c) {
    cx_operation *base = read_lenient(c, c->document);
    cx_operation *target = read_lenient(c, c->target);
    cx_patch *patch = NULL;
    cx_error_list *errors = NULL;
    cx_buffer *out = NULL;
    cx_result rc;
    int ok = 0;
    if (base == NULL || target == NULL) goto done;
    rc = cx_diff(base, target, &patch, &errors);
    if (rc == CX_RESULT_OK) {
        cx_operation *applied = NULL;
        bool equivalent = false;
        CHECK_RC(cx_patch_set_odata_type(patch, !field_is(c->odata_type, "false")), CX_RESULT_OK);
        CHECK_RC(cx_patch_to_json(patch, &out), CX_RESULT_OK);
        /* The law: apply(base, diff(base, target)) is equivalent to target. */
        CHECK_RC(cx_operation_apply(base, patch, &applied, NULL), CX_RESULT_OK);
        CHECK_RC(cx_operation_equivalent(applied, target, &equivalent), CX_RESULT_OK);
        if (!equivalent) {
            print_case(c);
            fprintf(stderr, "applying the diff does not reproduce the target\n");
            cx_operation_free(applied);
            cx_buffer_free(out);
            goto done;
        }
        cx_operation_free(applied);
    }
    ok = check_outcome(c, "diff", rc, out, errors);
done:
    cx_patch_free(patch);
    cx_operation_free(base);
    cx_operation_free(target);
    return ok;
}

static int store(struct vcase *c, const char *key, struct field value) {
    if (strcmp(key, "name") == 0) c->name = value;
    else if (strcmp(key, "file") == 0) c->file = value;
    else if (strcmp(key, "op") == 0) c->op = value;
    else if (strcmp(key, "mode") == 0) c->mode = value;
    else if (strcmp(key, "document") == 0) c->document = value;
    else if (strcmp(key, "patch") == 0) c->patch = value;
    else if (strcmp(key, "target") == 0) c->target = value;
    else if (strcmp(key, "expected") == 0) c->expected = value;
    else if (strcmp(key, "odata_type") == 0) c->odata_type = value;
    else if (strcmp(key, "type") == 0) c->type = value;
    else if (strcmp(key, "max_depth") == 0) c->max_depth = value;
    else if (strcmp(key, "max_size") == 0) c->max_size = value;
    else if (strcmp(key, "max_errors") == 0) c->max_errors = value;
    else if (strcmp(key, "max_error_bytes") == 0) c->max_error_bytes = value;
    else if (strcmp(key, "error_path") == 0) {
        if (c->n_errors >= MAX_CASE_ERRORS) return 0;
        c->error_path[c->n_errors] = value;
    } else if (strcmp(key, "error_code") == 0) {
        if (c->n_errors >= MAX_CASE_ERRORS) return 0;
        c->error_code[c->n_errors++] = value;
    } else return 0;
    return 1;
}

static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0, n = 0;
    if (f == NULL) return NULL;
    for (;;) {
        size_t got;
        if (n == cap) {
            char *bigger;
            cap = cap ? cap * 2 : 65536;
            bigger = (char *)realloc(buf, cap);
            if (bigger == NULL) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = bigger;
        }
        got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) break;
    }
    fclose(f);
    *len = n;
    return buf;
}

/* The case's type selector (`type`; absent: the seed's type). */
static uint32_t case_type(const struct vcase *c) {
    if (c->type.data == NULL || field_is(c->type, "caseExportOperation")) return CX_OPERATION_TYPE_SEED;
    if (field_is(c->type, "ediscovery.caseExportOperation")) return CX_OPERATION_TYPE_EDISCOVERY;
    if (field_is(c->type, "security.ediscoveryExportOperation")) return CX_OPERATION_TYPE_SECURITY;
    return CX_OPERATION_TYPE_ANY;
}

/* A case with a type selector, through cx_export_operation. */
static int run_typed(const struct vcase *c) {
    cx_read_options o = case_options(c);
    uint32_t type = case_type(c);
    cx_export_operation *op = NULL, *target = NULL, *updated = NULL;
    cx_error_list *errors = NULL;
    cx_buffer *out = NULL;
    cx_result rc;
    if (field_is(c->op, "read")) {
        rc = cx_export_operation_from_json((const uint8_t *)c->document.data, c->document.len, &o,
                                           type, &op, &errors);
        if (rc == CX_RESULT_OK) CHECK_RC(cx_export_operation_to_json(op, &out), CX_RESULT_OK);
    } else {
        CHECK_RC(cx_export_operation_from_json((const uint8_t *)c->document.data, c->document.len,
                                               NULL, type, &op, NULL),
                 CX_RESULT_OK);
        if (field_is(c->op, "apply")) {
            rc = cx_export_operation_apply_json(op, (const uint8_t *)c->patch.data, c->patch.len,
                                                &o, &updated, &errors);
            if (rc == CX_RESULT_OK) CHECK_RC(cx_export_operation_to_json(updated, &out), CX_RESULT_OK);
        } else {
            CHECK_RC(cx_export_operation_from_json((const uint8_t *)c->target.data, c->target.len,
                                                   NULL, type, &target, NULL),
                     CX_RESULT_OK);
            rc = cx_export_operation_diff(op, target, !field_is(c->odata_type, "false"), &out,
                                          &errors);
        }
    }
    cx_export_operation_free(op);
    cx_export_operation_free(target);
    cx_export_operation_free(updated);
    return check_outcome(c, "typed", rc, out, errors);
}

/* A list page, through cx_operations_page. */
static int run_list(const struct vcase *c) {
    cx_read_options o = case_options(c);
    cx_operations_page *page = NULL;
    cx_error_list *errors = NULL;
    cx_buffer *out = NULL;
    cx_result rc = cx_operations_page_from_json((const uint8_t *)c->document.data, c->document.len,
                                                &o, case_type(c), &page, &errors);
    if (rc == CX_RESULT_OK) CHECK_RC(cx_operations_page_to_json(page, &out), CX_RESULT_OK);
    cx_operations_page_free(page);
    return check_outcome(c, "list", rc, out, errors);
}

static struct vcase current_case;
static int current_result;

static void run_current(void) {
    const struct vcase *c = &current_case;
    if (field_is(c->op, "list")) current_result = run_list(c);
    else if (c->type.data != NULL) current_result = run_typed(c);
    else if (field_is(c->op, "read")) current_result = run_read(c);
    else if (field_is(c->op, "apply")) current_result = run_apply(c);
    else if (field_is(c->op, "diff")) current_result = run_diff(c);
    else {
        print_case(c);
        fprintf(stderr, "unknown op\n");
        current_result = 0;
    }
    if (!current_result) cx_counts.current_failures++;
}

/* Runs every case of the flat file; returns the number run (-1 if the file
 * is unreadable or malformed, or holds another number of cases than
 * `expected_cases`). Each case counts as one test. */
int run_vector_file(const char *path, int expected_cases) {
    size_t len = 0;
    char *text = read_file(path, &len);
    struct reader r;
    char key[32];
    struct field value;
    int declared = -1, run = 0, status;
    if (text == NULL) {
        fprintf(stderr, "cannot read %s\n", path);
        cx_counts.failed++;
        return -1;
    }
    r.p = text;
    r.end = text + len;
    if (next_field(&r, key, sizeof key, &value) != 1 || strcmp(key, "cases") != 0) {
        fprintf(stderr, "%s: no case count\n", path);
        free(text);
        cx_counts.failed++;
        return -1;
    }
    declared = (int)field_size(value);
    memset(&current_case, 0, sizeof current_case);
    while ((status = next_field(&r, key, sizeof key, &value)) == 1) {
        if (strcmp(key, "end") == 0) {
            char name[256];
            snprintf(name, sizeof name, "vector %.*s", (int)current_case.name.len,
                     current_case.name.data);
            run_test(name, run_current);
            run++;
            memset(&current_case, 0, sizeof current_case);
        } else if (!store(&current_case, key, value)) {
            fprintf(stderr, "%s: unexpected field %s\n", path, key);
            status = -1;
            break;
        }
    }
    free(text);
    if (status < 0 || run != declared || run != expected_cases) {
        fprintf(stderr, "%s: malformed or incomplete (%d cases run, %d declared, %d expected)\n",
                path, run, declared, expected_cases);
        cx_counts.failed++;
        return -1;
    }
    return run;
}

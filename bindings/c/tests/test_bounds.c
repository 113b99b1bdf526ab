/* Issue 14 from C: bounded error text, the whole input's path, the SAS token
 * in the display form of a request, response edge cases and diff with one
 * id. All of it comes from the core; these tests show C gets the same. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define ODATA "{\"@odata.type\":\"#microsoft.graph.caseExportOperation\""

/* Sum of path and message bytes of every detail. */
static size_t error_text_bytes(const cx_error_list *errors) {
    size_t i, total = 0;
    cx_error_detail d;
    for (i = 0; i < cx_error_list_len(errors); i++) {
        if (cx_error_list_get(errors, i, &d) == CX_RESULT_OK) {
            total += d.path.len + d.message.len;
        }
    }
    return total;
}

/* {"NAME":{"x":1,"x":1,...}} with a name of name_len bytes: every duplicate's
 * path repeats NAME. */
static char *long_name_with_duplicates(size_t name_len, size_t duplicates, size_t *len) {
    size_t i, n = 0;
    char *doc = malloc(name_len + 6 * duplicates + 16);
    if (doc == NULL) {
        return NULL;
    }
    doc[n++] = '{';
    doc[n++] = '"';
    memset(doc + n, 'n', name_len);
    n += name_len;
    memcpy(doc + n, "\":{", 3);
    n += 3;
    for (i = 0; i < duplicates; i++) {
        if (i > 0) {
            doc[n++] = ',';
        }
        memcpy(doc + n, "\"x\":1", 5);
        n += 5;
    }
    memcpy(doc + n, "}}", 3);
    *len = n + 2;
    return doc;
}

static void test_error_text_is_bounded(void) {
    size_t len = 0;
    char *doc = long_name_with_duplicates(1000000, 2000, &len);
    cx_operation *op = NULL;
    cx_error_list *errors = NULL;
    cx_read_options o;
    cx_error_detail d;
    const char *marker = "\xe2\x80\xa6(+999936 bytes)/x";
    CHECK(doc != NULL);
    if (doc == NULL) {
        return;
    }
    CHECK_RC(cx_read_options_init(&o, CX_MODE_LENIENT), CX_RESULT_OK);
    CHECK(o.max_error_bytes == 64u * 1024);

    /* Default options (NULL): 64 KiB of error text at most, not 100 MB. */
    CHECK_RC(cx_operation_from_json((const uint8_t *)doc, len, NULL, &op, &errors),
             CX_RESULT_INVALID_INPUT);
    CHECK(error_text_bytes(errors) <= 64u * 1024);
    CHECK(cx_error_list_is_truncated(errors));
    CHECK_RC(cx_error_list_get(errors, 0, &d), CX_RESULT_OK);
    CHECK(d.code == CX_ERROR_CODE_DUPLICATE_PROPERTY);
    CHECK(d.path.len == 1 + 64 + strlen(marker));
    CHECK(d.path.len >= strlen(marker) &&
          strcmp(d.path.data + d.path.len - strlen(marker), marker) == 0);
    cx_error_list_free(errors);
    errors = NULL;

    /* The budget is an option; the first error is always reported. */
    o.max_error_bytes = 0;
    CHECK_RC(cx_operation_from_json((const uint8_t *)doc, len, &o, &op, &errors),
             CX_RESULT_INVALID_INPUT);
    CHECK(cx_error_list_len(errors) == 1 && cx_error_list_is_truncated(errors));
    cx_error_list_free(errors);
    free(doc);
}

static void test_whole_input_path_is_the_empty_pointer(void) {
    cx_patch *patch = NULL;
    cx_error_list *errors = NULL;
    cx_error_detail d;
    CHECK_RC(cx_patch_from_json(LIT("[1]"), NULL, &patch, &errors), CX_RESULT_INVALID_INPUT);
    CHECK_RC(cx_error_list_get(errors, 0, &d), CX_RESULT_OK);
    CHECK(str_eq(d.path, "") && d.code == CX_ERROR_CODE_INVALID_PATCH);
    cx_error_list_free(errors);
}

static void test_display_form_masks_the_sas_token(void) {
    static const char shown_body[] = ODATA ",\"azureBlobToken\":\"***\"}";
    static const char sent_body[] = ODATA ",\"azureBlobToken\":\"sig=SAS-SECRET\"}";
    cx_patch *patch = NULL;
    cx_request *req = NULL;
    cx_buffer *text = NULL;
    char want[512];
    CHECK_RC(cx_patch_new(&patch), CX_RESULT_OK);
    CHECK_RC(cx_patch_set_string(patch, CX_PROPERTY_AZURE_BLOB_TOKEN, LIT("sig=SAS-SECRET")),
             CX_RESULT_OK);
    CHECK_RC(cx_request_new(LIT("https://x/y"), LIT("tok"), patch, &req), CX_RESULT_OK);
    CHECK_RC(cx_request_to_http1(req, false, &text), CX_RESULT_OK);
    snprintf(want, sizeof want,
             "PATCH https://x/y HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ***\r\n"
             "Content-Type: application/json\r\nContent-Length: %u\r\n\r\n%s",
             (unsigned)strlen(shown_body), shown_body);
    CHECK(buffer_eq(text, want));
    CHECK(strstr(cx_buffer_data(text), "SAS-SECRET") == NULL);
    cx_buffer_free(text);
    CHECK_RC(cx_request_to_http1(req, true, &text), CX_RESULT_OK);
    snprintf(want, sizeof want, "Content-Length: %u\r\n\r\n%s", (unsigned)strlen(sent_body),
             sent_body);
    CHECK(strstr(cx_buffer_data(text), want) != NULL);
    cx_buffer_free(text);
    cx_request_free(req);
    cx_patch_free(patch);
}

static cx_header header(const char *name, const char *value) {
    cx_header h;
    h.name = (const uint8_t *)name;
    h.name_len = strlen(name);
    h.value = (const uint8_t *)value;
    h.value_len = strlen(value);
    return h;
}

static void test_response_edge_cases(void) {
    cx_response *resp = (cx_response *)0x1;
    cx_error_list *errors = NULL;
    cx_error_detail d;
    cx_graph_error_info info;
    cx_header h = header("Retry-After", "+3");

    /* A lone form feed is not JSON whitespace: invalidJson, not "no content". */
    CHECK_RC(cx_response_read(200, NULL, 0, LIT("\f"), &resp, &errors), CX_RESULT_INVALID_INPUT);
    CHECK(resp == (cx_response *)0x1);
    CHECK_RC(cx_error_list_get(errors, 0, &d), CX_RESULT_OK);
    CHECK(str_eq(d.path, "") && d.code == CX_ERROR_CODE_INVALID_JSON);
    cx_error_list_free(errors);

    /* delay-seconds is digits only. */
    resp = NULL;
    CHECK_RC(cx_response_read(503, &h, 1, LIT(""), &resp, NULL), CX_RESULT_OK);
    CHECK_RC(cx_response_graph_error(resp, &info), CX_RESULT_OK);
    CHECK(info.retry_after == CX_RETRY_AFTER_KIND_DATE && str_eq(info.retry_after_date, "+3"));
    cx_response_free(resp);
}

static void test_diff_with_one_id_is_refused(void) {
    cx_operation *with_id = NULL, *without = NULL;
    cx_patch *patch = (cx_patch *)0x1;
    cx_error_list *errors = NULL;
    cx_error_detail d;
    CHECK_RC(cx_operation_from_json(LIT("{\"id\":\"op1\"}"), NULL, &with_id, NULL), CX_RESULT_OK);
    CHECK_RC(cx_operation_from_json(LIT("{}"), NULL, &without, NULL), CX_RESULT_OK);
    CHECK_RC(cx_diff(without, with_id, &patch, &errors), CX_RESULT_INVALID_INPUT);
    CHECK(patch == (cx_patch *)0x1);
    CHECK_RC(cx_error_list_get(errors, 0, &d), CX_RESULT_OK);
    CHECK(str_eq(d.path, "/id") && d.code == CX_ERROR_CODE_READ_ONLY_PROPERTY);
    cx_error_list_free(errors);
    cx_operation_free(with_id);
    cx_operation_free(without);
}


/* ---- Issue 24: one rule for bounds, the seed's alias, drifted docs ---- */

/* A growing NUL-terminated string. */
struct sb {
    char *data;
    size_t len, cap;
};

static void sb_add(struct sb *b, const char *s, size_t n) {
    if (b->len + n + 1 > b->cap) {
        size_t cap = (b->cap + n + 1) * 2;
        char *d = realloc(b->data, cap);
        if (d == NULL) {
            abort();
        }
        b->data = d;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

static void sb_str(struct sb *b, const char *s) { sb_add(b, s, strlen(s)); }

/* `"I-nnn…"` (quoted): a name of about `len` bytes, unique by `i`. */
static void sb_name(struct sb *b, size_t i, size_t len) {
    char head[32];
    size_t k;
    snprintf(head, sizeof head, "\"%u-", (unsigned)i);
    sb_str(b, head);
    for (k = 0; k < len; k++) {
        sb_add(b, "n", 1);
    }
    sb_add(b, "\"", 1);
}

/* Many long unknown names (strict), wrong values, deep duplicates under
 * long names. */
static struct sb adversarial_object(size_t items) {
    struct sb b = {NULL, 0, 0};
    size_t i, d;
    sb_str(&b, "{\"status\":7,\"percentProgress\":\"x\",\"outputName\":[1]");
    for (i = 0; i < items; i++) {
        sb_add(&b, ",", 1);
        sb_name(&b, i, 3000);
        sb_add(&b, ":", 1);
        for (d = 0; d < 20; d++) {
            sb_add(&b, "{", 1);
            sb_name(&b, i * 100 + d, 200);
            sb_add(&b, ":", 1);
        }
        sb_str(&b, "{\"x\":1,\"x\":1}");
        for (d = 0; d < 20; d++) {
            sb_add(&b, "}", 1);
        }
    }
    sb_add(&b, "}", 1);
    return b;
}

/* A page: elements that are not objects, wrong elements with long names,
 * unknown operation types, a long unknown top-level member. */
static struct sb adversarial_page(const char *type) {
    struct sb b = {NULL, 0, 0};
    size_t i;
    sb_add(&b, "{", 1);
    sb_name(&b, 0, 3000);
    sb_str(&b, ":1,\"value\":[");
    for (i = 0; i < 600; i++) {
        if (i > 0) {
            sb_add(&b, ",", 1);
        }
        if (i % 3 == 0) {
            sb_add(&b, "7", 1);
        } else if (i % 3 == 1) {
            sb_str(&b, "{\"@odata.type\":\"");
            sb_str(&b, type);
            sb_str(&b, "\",\"status\":7,");
            sb_name(&b, i, 2000);
            sb_str(&b, ":1,\"percentProgress\":\"x\"}");
        } else {
            sb_str(&b, "{\"@odata.type\":");
            sb_name(&b, i, 2000);
            sb_add(&b, "}", 1);
        }
    }
    sb_str(&b, "]}");
    return b;
}

/* The list's bounds: at most `max_errors` details, at most `budget` bytes
 * plus the first detail (always kept), truncated, each path step at most
 * 64 bytes plus the `…(+N bytes)` marker. */
static void check_bounded(const char *what, const cx_error_list *errors, size_t budget,
                          size_t max_errors) {
    size_t i, n = cx_error_list_len(errors), first = 0;
    cx_error_detail d;
    int steps_ok = 1;
    if (n == 0) {
        fprintf(stderr, "  %s: no errors\n", what);
        CHECK(n > 0);
        return;
    }
    CHECK_RC(cx_error_list_get(errors, 0, &d), CX_RESULT_OK);
    first = d.path.len + d.message.len;
    for (i = 0; i < n; i++) {
        size_t k, step = 0;
        if (cx_error_list_get(errors, i, &d) != CX_RESULT_OK) {
            continue;
        }
        for (k = 0; k < d.path.len; k++) {
            step = d.path.data[k] == '/' ? 0 : step + 1;
            if (step > 64 + 20) {
                steps_ok = 0;
            }
        }
    }
    if (n > max_errors || error_text_bytes(errors) > budget + first || !steps_ok ||
        !cx_error_list_is_truncated(errors)) {
        fprintf(stderr, "  %s: %u errors, %u bytes, steps %s\n", what, (unsigned)n,
                (unsigned)error_text_bytes(errors), steps_ok ? "ok" : "too long");
    }
    CHECK(n <= max_errors);
    CHECK(error_text_bytes(errors) <= budget + first);
    CHECK(steps_ok);
    CHECK(cx_error_list_is_truncated(errors));
}

static const char *const type_names[3] = {
    "#microsoft.graph.caseExportOperation",
    "#microsoft.graph.ediscovery.caseExportOperation",
    "#microsoft.graph.security.ediscoveryExportOperation",
};

static void test_every_reading_entry_point_is_bounded(void) {
    struct sb doc = adversarial_object(60);
    cx_read_options o;
    cx_error_list *errors = NULL;
    cx_operation *op = NULL;
    cx_patch *patch = NULL;
    cx_response *resp = NULL;
    uint32_t ty, mode;
    const size_t budget = 4096, max_errors = 50;
    for (mode = 0; mode < 2; mode++) {
        CHECK_RC(cx_read_options_init(&o, mode == 0 ? CX_MODE_STRICT : CX_MODE_LENIENT),
                 CX_RESULT_OK);
        o.max_error_bytes = budget;
        o.max_errors = max_errors;
        CHECK_RC(cx_operation_from_json((const uint8_t *)doc.data, doc.len, &o, &op, &errors),
                 CX_RESULT_INVALID_INPUT);
        check_bounded("cx_operation_from_json", errors, budget, max_errors);
        cx_error_list_free(errors);
        errors = NULL;
        CHECK_RC(cx_patch_from_json((const uint8_t *)doc.data, doc.len, &o, &patch, &errors),
                 CX_RESULT_INVALID_INPUT);
        check_bounded("cx_patch_from_json", errors, budget, max_errors);
        cx_error_list_free(errors);
        errors = NULL;
        CHECK_RC(cx_patch_new(&patch), CX_RESULT_OK);
        CHECK_RC(cx_patch_set_json(patch, CX_PROPERTY_CREATED_BY, (const uint8_t *)doc.data,
                                   doc.len, &o, &errors),
                 CX_RESULT_INVALID_INPUT);
        check_bounded("cx_patch_set_json", errors, budget, max_errors);
        cx_error_list_free(errors);
        errors = NULL;
        cx_patch_free(patch);
        patch = NULL;
        for (ty = CX_OPERATION_TYPE_SEED; ty <= CX_OPERATION_TYPE_ANY; ty++) {
            cx_export_operation *eop = NULL, *base = NULL;
            cx_export_patch *ep = NULL;
            cx_operations_page *page = NULL;
            struct sb p = adversarial_page(type_names[ty % 3]);
            CHECK_RC(cx_export_operation_from_json((const uint8_t *)doc.data, doc.len, &o, ty,
                                                   &eop, &errors),
                     CX_RESULT_INVALID_INPUT);
            check_bounded("cx_export_operation_from_json", errors, budget, max_errors);
            cx_error_list_free(errors);
            errors = NULL;
            CHECK_RC(cx_export_patch_from_json((const uint8_t *)doc.data, doc.len, &o, ty, &ep,
                                               &errors),
                     CX_RESULT_INVALID_INPUT);
            check_bounded("cx_export_patch_from_json", errors, budget, max_errors);
            cx_error_list_free(errors);
            errors = NULL;
            if (ty != CX_OPERATION_TYPE_ANY) {
                CHECK_RC(cx_export_operation_from_json(LIT("{}"), &o, ty, &base, NULL),
                         CX_RESULT_OK);
                CHECK_RC(cx_export_operation_apply_json(base, (const uint8_t *)doc.data, doc.len,
                                                        &o, &eop, &errors),
                         CX_RESULT_INVALID_INPUT);
                check_bounded("cx_export_operation_apply_json", errors, budget, max_errors);
                cx_error_list_free(errors);
                errors = NULL;
                cx_export_operation_free(base);
                CHECK_RC(cx_export_patch_new(ty, &ep), CX_RESULT_OK);
                CHECK_RC(cx_export_patch_set_json(ep, LIT("createdBy"), (const uint8_t *)doc.data,
                                                  doc.len, &o, &errors),
                         CX_RESULT_INVALID_INPUT);
                check_bounded("cx_export_patch_set_json", errors, budget, max_errors);
                cx_error_list_free(errors);
                errors = NULL;
                cx_export_patch_free(ep);
                CHECK_RC(cx_operations_page_from_json((const uint8_t *)p.data, p.len, &o, ty,
                                                      &page, &errors),
                         CX_RESULT_INVALID_INPUT);
                check_bounded("cx_operations_page_from_json", errors, budget, max_errors);
                cx_error_list_free(errors);
                errors = NULL;
            }
            /* The response readers take no options: the defaults bound them. */
            CHECK_RC(cx_response_read_export(200, NULL, 0, (const uint8_t *)doc.data, doc.len, ty,
                                             &resp, &errors),
                     CX_RESULT_INVALID_INPUT);
            check_bounded("cx_response_read_export", errors, 64u * 1024, 100);
            cx_error_list_free(errors);
            errors = NULL;
            free(p.data);
        }
    }
    CHECK_RC(cx_response_read(200, NULL, 0, (const uint8_t *)doc.data, doc.len, &resp, &errors),
             CX_RESULT_INVALID_INPUT);
    check_bounded("cx_response_read", errors, 64u * 1024, 100);
    cx_error_list_free(errors);
    free(doc.data);
}

static void test_page_errors_are_capped_as_a_whole(void) {
    cx_read_options o;
    cx_operations_page *page = NULL;
    cx_error_list *errors = NULL;
    struct sb p = {NULL, 0, 0};
    size_t i;
    /* Issue 24's case: max_errors 2, five entries that are not objects. */
    CHECK_RC(cx_read_options_init(&o, CX_MODE_LENIENT), CX_RESULT_OK);
    o.max_errors = 2;
    CHECK_RC(cx_operations_page_from_json(LIT("{\"value\":[7,7,7,7,7]}"), &o,
                                          CX_OPERATION_TYPE_SECURITY, &page, &errors),
             CX_RESULT_INVALID_INPUT);
    CHECK(cx_error_list_len(errors) == 2 && cx_error_list_is_truncated(errors));
    cx_error_list_free(errors);
    errors = NULL;
    /* 10,000 entries with the default options: 100 errors. */
    sb_str(&p, "{\"value\":[7");
    for (i = 1; i < 10000; i++) {
        sb_str(&p, ",7");
    }
    sb_str(&p, "]}");
    CHECK_RC(cx_operations_page_from_json((const uint8_t *)p.data, p.len, NULL,
                                          CX_OPERATION_TYPE_SEED, &page, &errors),
             CX_RESULT_INVALID_INPUT);
    CHECK(cx_error_list_len(errors) == 100 && cx_error_list_is_truncated(errors));
    cx_error_list_free(errors);
    free(p.data);
}

static void test_page_limit_is_the_input_size(void) {
    static const char page43[] = "{\"value\":[{\"x\":[-0,-0,-0,-0,-0,-0,-0,-0]}]}";
    cx_read_options o;
    cx_operations_page *page = NULL;
    cx_error_list *errors = NULL;
    cx_error_detail d;
    CHECK(strlen(page43) == 43);
    CHECK_RC(cx_read_options_init(&o, CX_MODE_LENIENT), CX_RESULT_OK);
    o.max_size = 43;
    CHECK_RC(cx_operations_page_from_json(LIT(page43), &o, CX_OPERATION_TYPE_SEED, &page, NULL),
             CX_RESULT_OK);
    CHECK(cx_operations_page_len(page) == 1);
    cx_operations_page_free(page);
    o.max_size = 42;
    CHECK_RC(cx_operations_page_from_json(LIT(page43), &o, CX_OPERATION_TYPE_SEED, &page, &errors),
             CX_RESULT_INVALID_INPUT);
    CHECK_RC(cx_error_list_get(errors, 0, &d), CX_RESULT_OK);
    CHECK(str_eq(d.path, "") && d.code == CX_ERROR_CODE_LIMIT_EXCEEDED);
    cx_error_list_free(errors);
}

#define ALIAS_DOC "{\"@odata.type\":\"#microsoft.graph.ediscovery.caseExportOperation\",\"id\":\"1\"}"

static void test_a_selected_type_reads_only_its_own_name(void) {
    cx_export_operation *eop = NULL;
    cx_export_patch *ep = NULL;
    cx_operation *op = NULL;
    cx_response *resp = NULL;
    cx_error_list *errors = NULL;
    cx_error_detail d;
    cx_buffer *out = NULL;
    uint32_t ty = 99;
    /* The seed selected: typeMismatch at /@odata.type, for a document, a
     * patch and a response. */
    CHECK_RC(cx_export_operation_from_json(LIT(ALIAS_DOC), NULL, CX_OPERATION_TYPE_SEED, &eop,
                                           &errors),
             CX_RESULT_INVALID_INPUT);
    CHECK_RC(cx_error_list_get(errors, 0, &d), CX_RESULT_OK);
    CHECK(str_eq(d.path, "/@odata.type") && d.code == CX_ERROR_CODE_TYPE_MISMATCH);
    cx_error_list_free(errors);
    errors = NULL;
    CHECK_RC(cx_export_patch_from_json(LIT(ALIAS_DOC), NULL, CX_OPERATION_TYPE_SEED, &ep,
                                       &errors),
             CX_RESULT_INVALID_INPUT);
    CHECK_RC(cx_error_list_get(errors, 0, &d), CX_RESULT_OK);
    CHECK(str_eq(d.path, "/@odata.type") && d.code == CX_ERROR_CODE_TYPE_MISMATCH);
    cx_error_list_free(errors);
    errors = NULL;
    CHECK_RC(cx_response_read_export(200, NULL, 0, LIT(ALIAS_DOC), CX_OPERATION_TYPE_SEED, &resp,
                                     &errors),
             CX_RESULT_INVALID_INPUT);
    CHECK_RC(cx_error_list_get(errors, 0, &d), CX_RESULT_OK);
    CHECK(str_eq(d.path, "/@odata.type") && d.code == CX_ERROR_CODE_TYPE_MISMATCH);
    cx_error_list_free(errors);
    /* Any type: the ediscovery type, written back and read back the same. */
    CHECK_RC(cx_export_operation_from_json(LIT(ALIAS_DOC), NULL, CX_OPERATION_TYPE_ANY, &eop,
                                           NULL),
             CX_RESULT_OK);
    CHECK_RC(cx_export_operation_type(eop, &ty), CX_RESULT_OK);
    CHECK(ty == CX_OPERATION_TYPE_EDISCOVERY);
    CHECK_RC(cx_export_operation_to_json(eop, &out), CX_RESULT_OK);
    cx_export_operation_free(eop);
    CHECK_RC(cx_export_operation_from_json((const uint8_t *)cx_buffer_data(out),
                                           cx_buffer_len(out), NULL, CX_OPERATION_TYPE_ANY, &eop,
                                           NULL),
             CX_RESULT_OK);
    CHECK_RC(cx_export_operation_type(eop, &ty), CX_RESULT_OK);
    CHECK(ty == CX_OPERATION_TYPE_EDISCOVERY);
    cx_export_operation_free(eop);
    cx_buffer_free(out);
    /* The seed's own reader still reads the alias (documented there). */
    CHECK_RC(cx_operation_from_json(LIT(ALIAS_DOC), NULL, &op, NULL), CX_RESULT_OK);
    cx_operation_free(op);
}

static void test_documented_header_count_and_error_message(void) {
    cx_patch *patch = NULL;
    cx_request *req = NULL;
    cx_response *resp = NULL;
    cx_graph_error_info info;
    cx_str name, value;
    struct sb body = {NULL, 0, 0};
    size_t i;
    CHECK_RC(cx_patch_new(&patch), CX_RESULT_OK);
    CHECK_RC(cx_request_new(LIT("https://x/y"), LIT("tok"), patch, &req), CX_RESULT_OK);
    CHECK(cx_request_header_count(req) == 4);
    CHECK_RC(cx_request_set_include_unknown_enum_members(req, true), CX_RESULT_OK);
    CHECK(cx_request_header_count(req) == 5);
    CHECK_RC(cx_request_header(req, 4, &name, &value), CX_RESULT_OK);
    CHECK(str_eq(name, "Prefer") && str_eq(value, "include-unknown-enum-members"));
    CHECK_RC(cx_request_set_if_match(req, LIT("*")), CX_RESULT_OK);
    CHECK(cx_request_header_count(req) == 6);
    CHECK_RC(cx_request_header(req, 4, &name, &value), CX_RESULT_OK);
    CHECK(str_eq(name, "If-Match"));
    CHECK_RC(cx_request_header(req, 5, &name, &value), CX_RESULT_OK);
    CHECK(str_eq(name, "Prefer"));
    cx_request_free(req);
    cx_patch_free(patch);
    /* A 502 with 1000 characters that are not JSON: 200 of them, then "…". */
    for (i = 0; i < 1000; i++) {
        sb_add(&body, "x", 1);
    }
    CHECK_RC(cx_response_read(502, NULL, 0, (const uint8_t *)body.data, body.len, &resp, NULL),
             CX_RESULT_OK);
    CHECK_RC(cx_response_graph_error(resp, &info), CX_RESULT_OK);
    CHECK(info.message.len == 200 + strlen("\xe2\x80\xa6"));
    CHECK(memcmp(info.message.data + 200, "\xe2\x80\xa6", 3) == 0);
    cx_response_free(resp);
    free(body.data);
}

void run_bounds_tests(void) {
    run_test("error text is bounded", test_error_text_is_bounded);
    run_test("whole input path is the empty pointer", test_whole_input_path_is_the_empty_pointer);
    run_test("display form masks the SAS token", test_display_form_masks_the_sas_token);
    run_test("response edge cases", test_response_edge_cases);
    run_test("diff with one id is refused", test_diff_with_one_id_is_refused);
    run_test("every reading entry point is bounded", test_every_reading_entry_point_is_bounded);
    run_test("page errors are capped as a whole", test_page_errors_are_capped_as_a_whole);
    run_test("page limit is the input size", test_page_limit_is_the_input_size);
    run_test("a selected type reads only its own name", test_a_selected_type_reads_only_its_own_name);
    run_test("documented header count and error message",
             test_documented_header_count_and_error_message);
}

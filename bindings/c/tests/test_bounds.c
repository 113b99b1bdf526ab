/* Issue 14 from C: bounded error text, the whole input's path, the SAS token
 * in the display form of a request, response edge cases and diff with one
 * id. All of it comes from the core; these tests show C gets the same. */
#include <stdlib.h>

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

void run_bounds_tests(void) {
    run_test("error text is bounded", test_error_text_is_bounded);
    run_test("whole input path is the empty pointer", test_whole_input_path_is_the_empty_pointer);
    run_test("display form masks the SAS token", test_display_form_masks_the_sas_token);
    run_test("response edge cases", test_response_edge_cases);
    run_test("diff with one id is refused", test_diff_with_one_id_is_refused);
}

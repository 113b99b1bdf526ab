/* Every entry point of libcaseexport and its error paths: NULL arguments,
 * invalid UTF-8, invalid JSON, each error code, out-parameters left alone on
 * failure, _free(NULL), the patch builder, the request and the response, and
 * several threads at once. Run under valgrind, it also proves that freeing
 * what the library returns frees everything. */
#include <pthread.h>
#include <stdlib.h>

#include "harness.h"

#define DOC                                                                      \
    "{\"@odata.etag\":\"W/\\\"7\\\"\",\"id\":\"op1\",\"status\":\"running\","   \
    "\"percentProgress\":40,\"createdDateTime\":\"2024-03-01T10:20:30.1200000Z\"," \
    "\"outputName\":\"Export 1\",\"description\":null,\"azureBlobToken\":\"sv=1&sig=SECRET\","  \
    "\"exportOptions\":\"text, originalFiles\",\"createdBy\":{\"user\":{\"id\":\"u1\"}}," \
    "\"action\":\"applyTags\"}"

#define ODATA "{\"@odata.type\":\"#microsoft.graph.caseExportOperation\""

/* A pointer value no real allocation has, to prove an out-parameter was not
 * written. */
#define SENTINEL ((void *)(uintptr_t)0x5a5a)

static cx_operation *read_doc(const char *json) {
    cx_operation *op = NULL;
    CHECK_RC(cx_operation_from_json((const uint8_t *)json, strlen(json), NULL, &op, NULL),
             CX_RESULT_OK);
    return op;
}

/* Reads `json` with `mode`, expecting failure; returns the error list. */
static cx_error_list *read_errors(const void *json, size_t len, uint32_t mode) {
    cx_read_options o;
    cx_operation *op = (cx_operation *)SENTINEL;
    cx_error_list *errors = NULL;
    CHECK_RC(cx_read_options_init(&o, mode), CX_RESULT_OK);
    CHECK_RC(cx_operation_from_json((const uint8_t *)json, len, &o, &op, &errors),
             CX_RESULT_INVALID_INPUT);
    CHECK(op == (cx_operation *)SENTINEL);
    CHECK(errors != NULL);
    return errors;
}

/* The list holds exactly one error: (path, code, name). */
static void check_single_error(cx_error_list *errors, const char *path, cx_error_code code,
                               const char *name) {
    cx_error_detail d;
    CHECK(cx_error_list_len(errors) == 1);
    CHECK_RC(cx_error_list_get(errors, 0, &d), CX_RESULT_OK);
    CHECK(str_eq(d.path, path));
    CHECK(d.code == code);
    CHECK(str_eq(d.code_name, name));
    CHECK(d.message.len > 0 && d.message.data[d.message.len] == '\0');
    cx_error_list_free(errors);
}

static void test_version(void) {
    CHECK(strcmp(cx_version(), CX_VERSION_STRING) == 0);
    CHECK(CX_VERSION_MAJOR >= 0 && CX_VERSION_MINOR >= 0 && CX_VERSION_PATCH >= 0);
}

static void test_result_strings(void) {
    unsigned i;
    for (i = CX_RESULT_OK; i <= CX_RESULT_PANIC; i++) {
        CHECK(strcmp(cx_result_str(i), "unknown result code") != 0);
    }
    CHECK(strcmp(cx_result_str(12345), "unknown result code") == 0);
    CHECK(strcmp(cx_result_str(CX_RESULT_OK), "ok") == 0);
}

static void test_free_null_is_a_no_op(void) {
    cx_operation_free(NULL);
    cx_patch_free(NULL);
    cx_error_list_free(NULL);
    cx_request_free(NULL);
    cx_response_free(NULL);
    cx_buffer_free(NULL);
    CHECK(cx_buffer_len(NULL) == 0);
    CHECK(cx_buffer_data(NULL) == NULL);
    CHECK(cx_error_list_len(NULL) == 0);
    CHECK(!cx_error_list_is_truncated(NULL));
    CHECK(cx_request_header_count(NULL) == 0);
}

static void test_null_arguments(void) {
    cx_operation *op = read_doc(DOC);
    cx_operation *out_op = (cx_operation *)SENTINEL;
    cx_patch *patch = NULL, *out_patch = (cx_patch *)SENTINEL;
    cx_buffer *buf = (cx_buffer *)SENTINEL;
    cx_request *req = NULL, *out_req = (cx_request *)SENTINEL;
    cx_response *resp = NULL, *out_resp = (cx_response *)SENTINEL;
    cx_error_list *errors = (cx_error_list *)SENTINEL;
    cx_error_detail detail;
    cx_str s;
    bool flag;
    int32_t pct;
    cx_field_state state;
    cx_response_kind kind;
    cx_graph_error_info info;
    cx_graph_error_detail gd;
    cx_read_options o;

    CHECK_RC(cx_patch_new(&patch), CX_RESULT_OK);
    CHECK_RC(cx_request_new(LIT("https://x/y"), LIT("t"), patch, &req), CX_RESULT_OK);
    CHECK_RC(cx_response_read(204, NULL, 0, NULL, 0, &resp, NULL), CX_RESULT_OK);

    /* Required out-parameters and handles. */
    CHECK_RC(cx_read_options_init(NULL, CX_MODE_STRICT), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_operation_new(NULL), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_operation_clone(NULL, &out_op), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_operation_clone(op, NULL), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_operation_from_json(LIT("{}"), NULL, NULL, NULL), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_operation_from_json(NULL, 2, NULL, &out_op, &errors), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_operation_to_json(NULL, &buf), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_operation_to_json(op, NULL), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_operation_apply(NULL, patch, &out_op, &errors), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_operation_apply(op, NULL, &out_op, &errors), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_operation_apply(op, patch, NULL, &errors), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_operation_apply_in_place(NULL, patch, &errors), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_operation_apply_in_place(op, NULL, &errors), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_operation_apply_json(NULL, LIT("{}"), NULL, &out_op, &errors),
             CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_operation_apply_json(op, NULL, 1, NULL, &out_op, &errors), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_operation_apply_json(op, LIT("{}"), NULL, NULL, &errors), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_operation_apply_json_in_place(NULL, LIT("{}"), NULL, &errors),
             CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_operation_equal(NULL, op, &flag), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_operation_equal(op, op, NULL), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_operation_equivalent(op, NULL, &flag), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_operation_etag(NULL, &buf), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_operation_etag(op, NULL), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_operation_state(NULL, CX_PROPERTY_ID, &state), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_operation_state(op, CX_PROPERTY_ID, NULL), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_operation_get(NULL, CX_PROPERTY_ID, &buf), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_operation_get(op, CX_PROPERTY_ID, NULL), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_operation_get_percent_progress(NULL, &pct), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_operation_get_percent_progress(op, NULL), CX_RESULT_NULL_ARGUMENT);

    CHECK_RC(cx_patch_new(NULL), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_patch_from_json(LIT("{}"), NULL, NULL, &errors), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_patch_to_json(NULL, &buf), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_patch_to_json(patch, NULL), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_patch_set_odata_type(NULL, false), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_patch_is_empty(NULL, &flag), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_patch_is_empty(patch, NULL), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_patch_set_string(NULL, CX_PROPERTY_OUTPUT_NAME, LIT("x")), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_patch_set_string(patch, CX_PROPERTY_OUTPUT_NAME, NULL, 1), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_patch_set_percent_progress(NULL, 5), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_patch_clear(NULL, CX_PROPERTY_OUTPUT_NAME), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_patch_set_json(NULL, CX_PROPERTY_CREATED_BY, LIT("{}"), NULL, NULL),
             CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_patch_set_json(patch, CX_PROPERTY_CREATED_BY, NULL, 2, NULL, NULL),
             CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_patch_set_unknown(NULL, LIT("x"), LIT("1"), NULL), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_patch_set_unknown(patch, NULL, 1, LIT("1"), NULL), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_patch_set_unknown(patch, LIT("x"), NULL, 1, NULL), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_patch_remove_unknown(NULL, LIT("x")), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_diff(NULL, op, &out_patch, &errors), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_diff(op, NULL, &out_patch, &errors), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_diff(op, op, NULL, &errors), CX_RESULT_NULL_ARGUMENT);

    CHECK_RC(cx_error_list_get(NULL, 0, &detail), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_error_list_to_graph_body(NULL, &buf), CX_RESULT_NULL_ARGUMENT);

    CHECK_RC(cx_request_new(NULL, 5, LIT("t"), patch, &out_req), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_request_new(LIT("https://x/y"), NULL, 1, patch, &out_req), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_request_new(LIT("https://x/y"), LIT("t"), NULL, &out_req), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_request_new(LIT("https://x/y"), LIT("t"), patch, NULL), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_request_new_with_body(LIT("https://x/y"), LIT("t"), NULL, 3, &out_req),
             CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_request_new_with_body(LIT("https://x/y"), LIT("t"), LIT("{}"), NULL),
             CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_request_set_if_match(NULL, LIT("e")), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_request_set_if_match(req, NULL, 1), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_request_url(NULL, &s), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_request_url(req, NULL), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_request_body(NULL, &s), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_request_body(req, NULL), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_request_header(NULL, 0, &s, &s), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_request_header(req, 0, NULL, &s), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_request_header(req, 0, &s, NULL), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_request_to_http1(NULL, false, &buf), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_request_to_http1(req, false, NULL), CX_RESULT_NULL_ARGUMENT);

    CHECK_RC(cx_response_read(200, NULL, 1, LIT("{}"), &out_resp, &errors), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_response_read(200, NULL, 0, NULL, 2, &out_resp, &errors), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_response_read(200, NULL, 0, LIT("{}"), NULL, &errors), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_response_get_kind(NULL, &kind), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_response_get_kind(resp, NULL), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_response_operation(NULL, &out_op), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_response_operation(resp, NULL), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_response_graph_error(NULL, &info), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_response_graph_error(resp, NULL), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_response_graph_error_detail(NULL, 0, &gd), CX_RESULT_NULL_ARGUMENT);
    CHECK_RC(cx_response_graph_error_detail(resp, 0, NULL), CX_RESULT_NULL_ARGUMENT);
    (void)o;

    /* Nothing was written on failure. */
    CHECK(out_op == (cx_operation *)SENTINEL);
    CHECK(out_patch == (cx_patch *)SENTINEL);
    CHECK(out_req == (cx_request *)SENTINEL);
    CHECK(out_resp == (cx_response *)SENTINEL);
    CHECK(buf == (cx_buffer *)SENTINEL);
    CHECK(errors == (cx_error_list *)SENTINEL);

    cx_response_free(resp);
    cx_request_free(req);
    cx_patch_free(patch);
    cx_operation_free(op);
}

static void test_empty_input_is_invalid_json_not_a_null_pointer(void) {
    /* NULL with length 0 is the empty buffer: malformed JSON, not a NULL error. */
    cx_operation *op = NULL;
    cx_error_list *errors = NULL;
    CHECK_RC(cx_operation_from_json(NULL, 0, NULL, &op, &errors), CX_RESULT_INVALID_INPUT);
    CHECK(op == NULL);
    check_single_error(errors, "", CX_ERROR_CODE_INVALID_JSON, "invalidJson");
}

static void test_invalid_utf8(void) {
    static const char doc[] = "{\"outputName\":\"caf\xe9\"}";
    static const uint8_t bad[] = {'a', 0xff, 'b'};
    cx_patch *patch = NULL;
    cx_request *req = (cx_request *)SENTINEL;
    cx_response *resp = (cx_response *)SENTINEL;
    cx_buffer *before = NULL, *after = NULL;
    cx_header h;

    /* JSON input that is not UTF-8 is malformed JSON: one invalidJson at "". */
    check_single_error(read_errors(doc, sizeof doc - 1, CX_MODE_LENIENT), "",
                       CX_ERROR_CODE_INVALID_JSON, "invalidJson");
    /* Text arguments that are not UTF-8 get their own code. */
    CHECK_RC(cx_patch_new(&patch), CX_RESULT_OK);
    CHECK_RC(cx_patch_to_json(patch, &before), CX_RESULT_OK);
    CHECK_RC(cx_patch_set_string(patch, CX_PROPERTY_OUTPUT_NAME, bad, sizeof bad),
             CX_RESULT_INVALID_UTF8);
    CHECK_RC(cx_patch_set_unknown(patch, bad, sizeof bad, LIT("1"), NULL), CX_RESULT_INVALID_UTF8);
    CHECK_RC(cx_patch_remove_unknown(patch, bad, sizeof bad), CX_RESULT_INVALID_UTF8);
    CHECK_RC(cx_patch_to_json(patch, &after), CX_RESULT_OK);
    CHECK(strcmp(cx_buffer_data(before), cx_buffer_data(after)) == 0);
    CHECK_RC(cx_request_new(bad, sizeof bad, LIT("t"), patch, &req), CX_RESULT_INVALID_UTF8);
    CHECK_RC(cx_request_new(LIT("https://x/y"), bad, sizeof bad, patch, &req), CX_RESULT_INVALID_UTF8);
    CHECK(req == (cx_request *)SENTINEL);
    h.name = bad;
    h.name_len = sizeof bad;
    h.value = (const uint8_t *)"v";
    h.value_len = 1;
    CHECK_RC(cx_response_read(204, &h, 1, NULL, 0, &resp, NULL), CX_RESULT_INVALID_UTF8);
    h.name = (const uint8_t *)"Date";
    h.name_len = 4;
    h.value = bad;
    h.value_len = sizeof bad;
    CHECK_RC(cx_response_read(204, &h, 1, NULL, 0, &resp, NULL), CX_RESULT_INVALID_UTF8);
    CHECK(resp == (cx_response *)SENTINEL);
    cx_buffer_free(before);
    cx_buffer_free(after);
    cx_patch_free(patch);
}

static void test_invalid_json(void) {
    static const char *bad[] = {"{", "{\"id\":\"op1\",}", "[1,2", "nul", "{\"a\":1} {}", "\"x"};
    size_t i;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        check_single_error(read_errors(bad[i], strlen(bad[i]), CX_MODE_LENIENT), "",
                           CX_ERROR_CODE_INVALID_JSON, "invalidJson");
    }
}

/* Each of the twelve codes, produced through the C API. */
static void test_each_error_code(void) {
    cx_operation *op = read_doc("{\"id\":\"op1\",\"x\":1}");
    cx_operation *target = read_doc("{\"id\":\"op1\",\"x\":{\"a\":null}}");
    cx_operation *other = read_doc("{\"id\":\"op2\"}");
    cx_operation *out = (cx_operation *)SENTINEL;
    cx_patch *patch = (cx_patch *)SENTINEL;
    cx_error_list *errors = NULL;
    cx_read_options small;

    check_single_error(read_errors("{", 1, CX_MODE_STRICT), "", CX_ERROR_CODE_INVALID_JSON,
                       "invalidJson");
    CHECK_RC(cx_operation_apply_json(op, LIT("[]"), NULL, &out, &errors), CX_RESULT_INVALID_INPUT);
    check_single_error(errors, "", CX_ERROR_CODE_INVALID_PATCH, "invalidPatch");
    errors = NULL;
    check_single_error(read_errors(LIT("{\"colour\":\"red\"}"), CX_MODE_STRICT), "/colour",
                       CX_ERROR_CODE_UNKNOWN_PROPERTY, "unknownProperty");
    CHECK_RC(cx_operation_apply_json(op, LIT("{\"id\":\"op9\"}"), NULL, &out, &errors),
             CX_RESULT_INVALID_INPUT);
    check_single_error(errors, "/id", CX_ERROR_CODE_READ_ONLY_PROPERTY, "readOnlyProperty");
    errors = NULL;
    check_single_error(read_errors(LIT("{\"percentProgress\":\"ten\"}"), CX_MODE_STRICT),
                       "/percentProgress", CX_ERROR_CODE_INVALID_TYPE, "invalidType");
    check_single_error(read_errors(LIT("{\"status\":\"paused\"}"), CX_MODE_STRICT), "/status",
                       CX_ERROR_CODE_INVALID_ENUM_MEMBER, "invalidEnumMember");
    check_single_error(read_errors(LIT("{\"createdDateTime\":\"2024-02-30T00:00:00Z\"}"),
                                   CX_MODE_LENIENT),
                       "/createdDateTime", CX_ERROR_CODE_INVALID_DATE_TIME, "invalidDateTime");
    check_single_error(read_errors(LIT("{\"percentProgress\":101}"), CX_MODE_LENIENT),
                       "/percentProgress", CX_ERROR_CODE_OUT_OF_RANGE, "outOfRange");
    check_single_error(read_errors(LIT("{\"id\":\"a\",\"id\":\"b\"}"), CX_MODE_LENIENT), "/id",
                       CX_ERROR_CODE_DUPLICATE_PROPERTY, "duplicateProperty");
    check_single_error(read_errors(LIT("{\"@odata.type\":\"#microsoft.graph.user\"}"),
                                   CX_MODE_LENIENT),
                       "/@odata.type", CX_ERROR_CODE_TYPE_MISMATCH, "typeMismatch");
    CHECK_RC(cx_read_options_init(&small, CX_MODE_LENIENT), CX_RESULT_OK);
    small.max_size = 4;
    CHECK_RC(cx_operation_from_json(LIT("{\"id\":\"x\"}"), &small, &out, &errors),
             CX_RESULT_INVALID_INPUT);
    check_single_error(errors, "", CX_ERROR_CODE_LIMIT_EXCEEDED, "limitExceeded");
    errors = NULL;
    CHECK_RC(cx_diff(op, target, &patch, &errors), CX_RESULT_INVALID_INPUT);
    check_single_error(errors, "/x/a", CX_ERROR_CODE_UNREPRESENTABLE, "unrepresentable");
    errors = NULL;
    CHECK_RC(cx_diff(op, other, &patch, &errors), CX_RESULT_INVALID_INPUT);
    check_single_error(errors, "/id", CX_ERROR_CODE_READ_ONLY_PROPERTY, "readOnlyProperty");
    CHECK(out == (cx_operation *)SENTINEL);
    CHECK(patch == (cx_patch *)SENTINEL);
    cx_operation_free(op);
    cx_operation_free(target);
    cx_operation_free(other);
}

static void test_error_list(void) {
    static const char doc[] =
        "{\"percentProgress\":\"x\",\"status\":1,\"action\":\"nope\",\"outputName\":5}";
    cx_read_options o;
    cx_operation *op = NULL;
    cx_error_list *errors = NULL;
    cx_error_detail d, untouched;
    cx_buffer *body = NULL;
    CHECK_RC(cx_read_options_init(&o, CX_MODE_STRICT), CX_RESULT_OK);
    CHECK(o.mode == CX_MODE_STRICT && o.max_depth == 64 && o.max_size == 16u * 1024 * 1024 &&
          o.max_errors == 100);

    /* All errors at once, in document order. */
    CHECK_RC(cx_operation_from_json(LIT(doc), &o, &op, &errors), CX_RESULT_INVALID_INPUT);
    CHECK(cx_error_list_len(errors) == 4);
    CHECK(!cx_error_list_is_truncated(errors));
    CHECK_RC(cx_error_list_get(errors, 3, &d), CX_RESULT_OK);
    CHECK(str_eq(d.path, "/outputName") && d.code == CX_ERROR_CODE_INVALID_TYPE);
    memset(&untouched, 0x5a, sizeof untouched);
    d = untouched;
    CHECK_RC(cx_error_list_get(errors, 4, &d), CX_RESULT_OUT_OF_RANGE);
    CHECK(memcmp(&d, &untouched, sizeof d) == 0);
    CHECK_RC(cx_error_list_to_graph_body(errors, &body), CX_RESULT_OK);
    CHECK(strncmp(cx_buffer_data(body), "{\"error\":{\"code\":\"BadRequest\",", 30) == 0);
    CHECK(strstr(cx_buffer_data(body),
                 "{\"code\":\"invalidType\",\"target\":\"percentProgress\",") != NULL);
    cx_buffer_free(body);
    cx_error_list_free(errors);
    errors = NULL;

    /* Capped by max_errors, and marked truncated. */
    o.max_errors = 2;
    CHECK_RC(cx_operation_from_json(LIT(doc), &o, &op, &errors), CX_RESULT_INVALID_INPUT);
    CHECK(cx_error_list_len(errors) == 2);
    CHECK(cx_error_list_is_truncated(errors));
    cx_error_list_free(errors);
    errors = NULL;

    /* errors_out is optional. */
    CHECK_RC(cx_operation_from_json(LIT(doc), &o, &op, NULL), CX_RESULT_INVALID_INPUT);
    CHECK(op == NULL);
}

static void test_options(void) {
    cx_read_options o, untouched;
    cx_operation *op = (cx_operation *)SENTINEL;
    cx_error_list *errors = (cx_error_list *)SENTINEL;
    memset(&untouched, 0x5a, sizeof untouched);
    o = untouched;
    CHECK_RC(cx_read_options_init(&o, 7), CX_RESULT_INVALID_ARGUMENT);
    CHECK(memcmp(&o, &untouched, sizeof o) == 0);
    CHECK_RC(cx_read_options_init(&o, CX_MODE_LENIENT), CX_RESULT_OK);
    o.mode = 9;
    CHECK_RC(cx_operation_from_json(LIT("{}"), &o, &op, &errors), CX_RESULT_INVALID_ARGUMENT);
    CHECK(op == (cx_operation *)SENTINEL && errors == (cx_error_list *)SENTINEL);
    /* Depth: the document is depth 1; createdBy.user is depth 3. */
    CHECK_RC(cx_read_options_init(&o, CX_MODE_LENIENT), CX_RESULT_OK);
    o.max_depth = 2;
    errors = NULL;
    CHECK_RC(cx_operation_from_json(LIT("{\"createdBy\":{\"user\":{}}}"), &o, &op, &errors),
             CX_RESULT_INVALID_INPUT);
    check_single_error(errors, "/createdBy/user", CX_ERROR_CODE_LIMIT_EXCEEDED, "limitExceeded");
    /* Lenient keeps what strict refuses. */
    op = NULL;
    CHECK_RC(cx_operation_from_json(LIT("{\"action\":\"applyTags\",\"colour\":\"red\"}"), NULL, &op,
                                    NULL),
             CX_RESULT_OK);
    cx_operation_free(op);
}

static void test_operation_round_trip_and_getters(void) {
    cx_operation *op = read_doc(DOC), *empty = NULL, *copy = NULL;
    cx_buffer *buf = NULL;
    cx_field_state state;
    int32_t pct = -7;
    bool flag = false;
    unsigned p;

    CHECK_RC(cx_operation_to_json(op, &buf), CX_RESULT_OK);
    CHECK(buffer_eq(buf, ODATA ",\"@odata.etag\":\"W/\\\"7\\\"\",\"id\":\"op1\","
                             "\"createdDateTime\":\"2024-03-01T10:20:30.12Z\",\"percentProgress\":40,"
                             "\"status\":\"running\",\"action\":\"applyTags\","
                             "\"createdBy\":{\"user\":{\"id\":\"u1\"}},\"outputName\":\"Export 1\","
                             "\"description\":null,\"azureBlobToken\":\"sv=1&sig=SECRET\","
                             "\"exportOptions\":\"originalFiles,text\"}"));
    cx_buffer_free(buf);

    CHECK_RC(cx_operation_state(op, CX_PROPERTY_DESCRIPTION, &state), CX_RESULT_OK);
    CHECK(state == CX_FIELD_STATE_NULL);
    CHECK_RC(cx_operation_state(op, CX_PROPERTY_OUTPUT_FOLDER_ID, &state), CX_RESULT_OK);
    CHECK(state == CX_FIELD_STATE_ABSENT);
    CHECK_RC(cx_operation_state(op, CX_PROPERTY_CREATED_BY, &state), CX_RESULT_OK);
    CHECK(state == CX_FIELD_STATE_VALUE);
    CHECK_RC(cx_operation_state(op, 15, &state), CX_RESULT_INVALID_PROPERTY);
    CHECK_RC(cx_operation_state(op, 0xffffffffu, &state), CX_RESULT_INVALID_PROPERTY);

    {
        static const struct {
            unsigned property;
            const char *value;
        } want[] = {
            {CX_PROPERTY_ID, "op1"},
            {CX_PROPERTY_CREATED_DATE_TIME, "2024-03-01T10:20:30.12Z"},
            {CX_PROPERTY_PERCENT_PROGRESS, "40"},
            {CX_PROPERTY_STATUS, "running"},
            {CX_PROPERTY_ACTION, "applyTags"},
            {CX_PROPERTY_OUTPUT_NAME, "Export 1"},
            {CX_PROPERTY_AZURE_BLOB_TOKEN, "sv=1&sig=SECRET"},
            {CX_PROPERTY_EXPORT_OPTIONS, "originalFiles,text"},
        };
        size_t i;
        for (i = 0; i < sizeof want / sizeof want[0]; i++) {
            buf = NULL;
            CHECK_RC(cx_operation_get(op, want[i].property, &buf), CX_RESULT_OK);
            CHECK(buffer_eq(buf, want[i].value));
            cx_buffer_free(buf);
        }
    }
    buf = (cx_buffer *)SENTINEL;
    CHECK_RC(cx_operation_get(op, CX_PROPERTY_DESCRIPTION, &buf), CX_RESULT_NO_VALUE);
    CHECK_RC(cx_operation_get(op, CX_PROPERTY_EXPORT_STRUCTURE, &buf), CX_RESULT_NO_VALUE);
    CHECK_RC(cx_operation_get(op, CX_PROPERTY_CREATED_BY, &buf), CX_RESULT_INVALID_PROPERTY);
    CHECK_RC(cx_operation_get(op, 99, &buf), CX_RESULT_INVALID_PROPERTY);
    CHECK(buf == (cx_buffer *)SENTINEL);
    CHECK_RC(cx_operation_get_percent_progress(op, &pct), CX_RESULT_OK);
    CHECK(pct == 40);
    CHECK_RC(cx_operation_etag(op, &buf), CX_RESULT_OK);
    CHECK(buffer_eq(buf, "W/\"7\""));
    cx_buffer_free(buf);

    /* Every property of a new operation is absent. */
    CHECK_RC(cx_operation_new(&empty), CX_RESULT_OK);
    for (p = CX_PROPERTY_ID; p <= CX_PROPERTY_EXPORT_STRUCTURE; p++) {
        CHECK_RC(cx_operation_state(empty, p, &state), CX_RESULT_OK);
        CHECK(state == CX_FIELD_STATE_ABSENT);
    }
    pct = -7;
    CHECK_RC(cx_operation_get_percent_progress(empty, &pct), CX_RESULT_NO_VALUE);
    CHECK(pct == -7);
    buf = (cx_buffer *)SENTINEL;
    CHECK_RC(cx_operation_etag(empty, &buf), CX_RESULT_NO_VALUE);
    CHECK(buf == (cx_buffer *)SENTINEL);
    CHECK_RC(cx_operation_to_json(empty, &buf), CX_RESULT_OK);
    CHECK(buffer_eq(buf, ODATA "}"));
    cx_buffer_free(buf);

    /* Equality: exact vs equivalent (absent ≡ null, annotations ignored). */
    CHECK_RC(cx_operation_clone(op, &copy), CX_RESULT_OK);
    CHECK_RC(cx_operation_equal(op, copy, &flag), CX_RESULT_OK);
    CHECK(flag);
    cx_operation_free(copy);
    copy = read_doc("{\"outputFolderId\":null}");
    CHECK_RC(cx_operation_equal(empty, copy, &flag), CX_RESULT_OK);
    CHECK(!flag);
    CHECK_RC(cx_operation_equivalent(empty, copy, &flag), CX_RESULT_OK);
    CHECK(flag);
    cx_operation_free(copy);
    cx_operation_free(empty);
    cx_operation_free(op);
}

static void test_apply(void) {
    cx_operation *op = read_doc(DOC), *updated = NULL;
    cx_patch *patch = NULL;
    cx_buffer *buf = NULL, *before = NULL;
    cx_error_list *errors = NULL;

    CHECK_RC(cx_operation_apply_json(op, LIT("{\"percentProgress\":100,\"status\":\"succeeded\"}"),
                                     NULL, &updated, &errors),
             CX_RESULT_OK);
    CHECK_RC(cx_operation_get(updated, CX_PROPERTY_STATUS, &buf), CX_RESULT_OK);
    CHECK(buffer_eq(buf, "succeeded"));
    cx_buffer_free(buf);
    cx_operation_free(updated);
    updated = NULL;

    /* Patches are strict by default: an unknown member is refused. */
    CHECK_RC(cx_operation_apply_json(op, LIT("{\"colour\":\"red\"}"), NULL, &updated, &errors),
             CX_RESULT_INVALID_INPUT);
    check_single_error(errors, "/colour", CX_ERROR_CODE_UNKNOWN_PROPERTY, "unknownProperty");
    errors = NULL;
    CHECK(updated == NULL);

    /* In place, typed: a patch with a different id changes nothing. */
    CHECK_RC(cx_patch_from_json(LIT("{\"id\":\"other\",\"outputName\":\"x\"}"), NULL, &patch, NULL),
             CX_RESULT_OK);
    CHECK_RC(cx_operation_to_json(op, &before), CX_RESULT_OK);
    CHECK_RC(cx_operation_apply_in_place(op, patch, &errors), CX_RESULT_INVALID_INPUT);
    check_single_error(errors, "/id", CX_ERROR_CODE_READ_ONLY_PROPERTY, "readOnlyProperty");
    errors = NULL;
    CHECK_RC(cx_operation_to_json(op, &buf), CX_RESULT_OK);
    CHECK(strcmp(cx_buffer_data(buf), cx_buffer_data(before)) == 0);
    cx_buffer_free(buf);
    cx_patch_free(patch);

    /* In place, typed, success. */
    CHECK_RC(cx_patch_from_json(LIT("{\"id\":\"op1\",\"outputName\":\"x\"}"), NULL, &patch, NULL),
             CX_RESULT_OK);
    CHECK_RC(cx_operation_apply_in_place(op, patch, NULL), CX_RESULT_OK);
    CHECK_RC(cx_operation_get(op, CX_PROPERTY_OUTPUT_NAME, &buf), CX_RESULT_OK);
    CHECK(buffer_eq(buf, "x"));
    cx_buffer_free(buf);
    cx_buffer_free(before);
    cx_patch_free(patch);
    cx_operation_free(op);
}

static void test_patch_builder(void) {
    cx_patch *patch = NULL;
    cx_buffer *buf = NULL, *before = NULL;
    cx_error_list *errors = NULL;
    bool empty = false;

    CHECK_RC(cx_patch_new(&patch), CX_RESULT_OK);
    CHECK_RC(cx_patch_is_empty(patch, &empty), CX_RESULT_OK);
    CHECK(empty);
    CHECK_RC(cx_patch_set_string(patch, CX_PROPERTY_OUTPUT_NAME, LIT("export-2024")), CX_RESULT_OK);
    CHECK_RC(cx_patch_set_string(patch, CX_PROPERTY_DESCRIPTION, LIT("say \"hi\"\n")), CX_RESULT_OK);
    CHECK_RC(cx_patch_set_string(patch, CX_PROPERTY_OUTPUT_FOLDER_ID, LIT("")), CX_RESULT_OK);
    CHECK_RC(cx_patch_set_string(patch, CX_PROPERTY_AZURE_BLOB_CONTAINER, LIT("https://c/x")),
             CX_RESULT_OK);
    CHECK_RC(cx_patch_set_string(patch, CX_PROPERTY_AZURE_BLOB_TOKEN, LIT("sv=1&sig=S")),
             CX_RESULT_OK);
    CHECK_RC(cx_patch_set_string(patch, CX_PROPERTY_CREATED_DATE_TIME,
                                 LIT("2024-03-01T10:20:30.1200000+05:30")),
             CX_RESULT_OK);
    CHECK_RC(cx_patch_set_string(patch, CX_PROPERTY_STATUS, LIT("partiallySucceeded")), CX_RESULT_OK);
    CHECK_RC(cx_patch_set_string(patch, CX_PROPERTY_ACTION, LIT("convertToPdf")), CX_RESULT_OK);
    CHECK_RC(cx_patch_set_string(patch, CX_PROPERTY_EXPORT_OPTIONS, LIT("tags, text,text")),
             CX_RESULT_OK);
    CHECK_RC(cx_patch_set_string(patch, CX_PROPERTY_EXPORT_STRUCTURE, LIT("pst")), CX_RESULT_OK);
    CHECK_RC(cx_patch_set_percent_progress(patch, 0), CX_RESULT_OK);
    CHECK_RC(cx_patch_clear(patch, CX_PROPERTY_COMPLETED_DATE_TIME), CX_RESULT_OK);
    CHECK_RC(cx_patch_set_json(patch, CX_PROPERTY_CREATED_BY,
                               LIT("{\"user\":{\"displayName\":\"Adele Vance\"}}"), NULL, NULL),
             CX_RESULT_OK);
    CHECK_RC(cx_patch_set_json(patch, CX_PROPERTY_RESULT_INFO, LIT(" {\"code\": 7} "), NULL, NULL),
             CX_RESULT_OK);
    CHECK_RC(cx_patch_set_unknown(patch, LIT("colour"), LIT("{\"a\":[1,2.5,null]}"), NULL),
             CX_RESULT_OK);
    CHECK_RC(cx_patch_remove_unknown(patch, LIT("size")), CX_RESULT_OK);
    CHECK_RC(cx_patch_is_empty(patch, &empty), CX_RESULT_OK);
    CHECK(!empty);
    CHECK_RC(cx_patch_to_json(patch, &before), CX_RESULT_OK);
    CHECK(buffer_eq(before,
                    ODATA ",\"createdDateTime\":\"2024-03-01T10:20:30.12+05:30\","
                          "\"completedDateTime\":null,\"percentProgress\":0,"
                          "\"status\":\"partiallySucceeded\",\"action\":\"convertToPdf\","
                          "\"createdBy\":{\"user\":{\"displayName\":\"Adele Vance\"}},"
                          "\"resultInfo\":{\"code\":7},\"outputName\":\"export-2024\","
                          "\"description\":\"say \\\"hi\\\"\\n\",\"outputFolderId\":\"\","
                          "\"azureBlobContainer\":\"https://c/x\",\"azureBlobToken\":\"sv=1&sig=S\","
                          "\"exportOptions\":\"text,tags\",\"exportStructure\":\"pst\","
                          "\"colour\":{\"a\":[1,2.5,null]},\"size\":null}"));

    /* Refused values leave the patch as it was. */
    CHECK_RC(cx_patch_set_percent_progress(patch, 101), CX_RESULT_INVALID_VALUE);
    CHECK_RC(cx_patch_set_percent_progress(patch, -1), CX_RESULT_INVALID_VALUE);
    CHECK_RC(cx_patch_set_string(patch, CX_PROPERTY_STATUS, LIT("paused")), CX_RESULT_INVALID_VALUE);
    CHECK_RC(cx_patch_set_string(patch, CX_PROPERTY_STATUS, LIT("Running")), CX_RESULT_INVALID_VALUE);
    CHECK_RC(cx_patch_set_string(patch, CX_PROPERTY_EXPORT_STRUCTURE, LIT("unknownFutureValue")),
             CX_RESULT_INVALID_VALUE);
    CHECK_RC(cx_patch_set_string(patch, CX_PROPERTY_EXPORT_OPTIONS, LIT("text,")),
             CX_RESULT_INVALID_VALUE);
    CHECK_RC(cx_patch_set_string(patch, CX_PROPERTY_EXPORT_OPTIONS, LIT("")), CX_RESULT_INVALID_VALUE);
    CHECK_RC(cx_patch_set_string(patch, CX_PROPERTY_CREATED_DATE_TIME, LIT("2024-03-01")),
             CX_RESULT_INVALID_VALUE);
    CHECK_RC(cx_patch_set_string(patch, CX_PROPERTY_PERCENT_PROGRESS, LIT("5")),
             CX_RESULT_INVALID_VALUE);
    CHECK_RC(cx_patch_set_string(patch, CX_PROPERTY_CREATED_BY, LIT("x")), CX_RESULT_INVALID_VALUE);
    CHECK_RC(cx_patch_set_string(patch, 15, LIT("x")), CX_RESULT_INVALID_PROPERTY);
    CHECK_RC(cx_patch_clear(patch, CX_PROPERTY_ID), CX_RESULT_INVALID_VALUE);
    CHECK_RC(cx_patch_clear(patch, 1000), CX_RESULT_INVALID_PROPERTY);
    CHECK_RC(cx_patch_set_unknown(patch, LIT("status"), LIT("1"), NULL), CX_RESULT_INVALID_VALUE);
    CHECK_RC(cx_patch_set_unknown(patch, LIT("@odata.etag"), LIT("1"), NULL), CX_RESULT_INVALID_VALUE);
    CHECK_RC(cx_patch_remove_unknown(patch, LIT("outputName")), CX_RESULT_INVALID_VALUE);
    CHECK_RC(cx_patch_set_unknown(patch, LIT("colour"), LIT("{\"a\":1,\"a\":2}"), &errors),
             CX_RESULT_INVALID_INPUT);
    check_single_error(errors, "/a", CX_ERROR_CODE_DUPLICATE_PROPERTY, "duplicateProperty");
    errors = NULL;
    /* set_json: errors are relative to {"<property>": value}. */
    CHECK_RC(cx_patch_set_json(patch, CX_PROPERTY_CREATED_BY, LIT("{\"user\":{\"id\":5}}"), NULL,
                               &errors),
             CX_RESULT_INVALID_INPUT);
    check_single_error(errors, "/createdBy/user/id", CX_ERROR_CODE_INVALID_TYPE, "invalidType");
    errors = NULL;
    CHECK_RC(cx_patch_set_json(patch, CX_PROPERTY_RESULT_INFO, LIT("{\"colour\":1}"), NULL, &errors),
             CX_RESULT_INVALID_INPUT);
    check_single_error(errors, "/resultInfo/colour", CX_ERROR_CODE_UNKNOWN_PROPERTY,
                       "unknownProperty");
    errors = NULL;
    CHECK_RC(cx_patch_set_json(patch, CX_PROPERTY_CREATED_BY, LIT("{"), NULL, &errors),
             CX_RESULT_INVALID_INPUT);
    check_single_error(errors, "", CX_ERROR_CODE_INVALID_JSON, "invalidJson");
    /* Text that would close the body early is not one JSON value. */
    CHECK_RC(cx_patch_set_json(patch, CX_PROPERTY_CREATED_BY, LIT("{}, \"outputName\": \"x\""),
                               NULL, &errors),
             CX_RESULT_INVALID_INPUT);
    check_single_error(errors, "", CX_ERROR_CODE_INVALID_JSON, "invalidJson");
    errors = NULL;
    CHECK_RC(cx_patch_to_json(patch, &buf), CX_RESULT_OK);
    CHECK(strcmp(cx_buffer_data(buf), cx_buffer_data(before)) == 0);
    cx_buffer_free(buf);

    /* The caller's limits are honoured: a 73-deep value under max_depth 127
       (the body's own level counts), and max_errors 1 gives one error. */
    {
        cx_read_options opts;
        char deep[200], path[200];
        size_t n = 0, i;
        CHECK_RC(cx_read_options_init(&opts, CX_MODE_STRICT), CX_RESULT_OK);
        opts.max_depth = 127;
        n += (size_t)sprintf(deep, "{\"user\":{\"x\":");
        for (i = 0; i < 71; i++) deep[n++] = '[';
        for (i = 0; i < 71; i++) deep[n++] = ']';
        deep[n++] = '}';
        deep[n++] = '}';
        deep[n] = '\0';
        CHECK_RC(cx_patch_set_json(patch, CX_PROPERTY_CREATED_BY, (const uint8_t *)deep, n, &opts, NULL),
                 CX_RESULT_OK);
        CHECK_RC(cx_patch_set_json(patch, CX_PROPERTY_CREATED_BY, (const uint8_t *)deep, n, NULL,
                                   &errors),
                 CX_RESULT_INVALID_INPUT);
        /* The first container past depth 64 is the 62nd array. */
        n = (size_t)sprintf(path, "/createdBy/user/x");
        for (i = 1; i < 62; i++) n += (size_t)sprintf(path + n, "/0");
        check_single_error(errors, path, CX_ERROR_CODE_LIMIT_EXCEEDED, "limitExceeded");
        errors = NULL;
        opts.max_depth = 64;
        opts.max_errors = 1;
        CHECK_RC(cx_patch_set_json(patch, CX_PROPERTY_RESULT_INFO,
                                   LIT("{\"code\":\"a\",\"message\":1,\"subcode\":[]}"), &opts,
                                   &errors),
                 CX_RESULT_INVALID_INPUT);
        CHECK(cx_error_list_len(errors) == 1);
        cx_error_list_free(errors);
        errors = NULL;
        CHECK_RC(cx_patch_clear(patch, CX_PROPERTY_CREATED_BY), CX_RESULT_OK);
    }

    /* Lenient options let a newer member through set_json. */
    {
        cx_read_options lenient;
        CHECK_RC(cx_read_options_init(&lenient, CX_MODE_LENIENT), CX_RESULT_OK);
        CHECK_RC(cx_patch_set_json(patch, CX_PROPERTY_ACTION, LIT("\"applyTags\""), &lenient, NULL),
                 CX_RESULT_OK);
        CHECK_RC(cx_patch_set_json(patch, CX_PROPERTY_ACTION, LIT("\"applyTags\""), NULL, &errors),
                 CX_RESULT_INVALID_INPUT);
        check_single_error(errors, "/action", CX_ERROR_CODE_INVALID_ENUM_MEMBER, "invalidEnumMember");
        errors = NULL;
    }

    /* Without @odata.type. */
    cx_patch_free(patch);
    CHECK_RC(cx_patch_new(&patch), CX_RESULT_OK);
    CHECK_RC(cx_patch_set_percent_progress(patch, 100), CX_RESULT_OK);
    CHECK_RC(cx_patch_set_odata_type(patch, false), CX_RESULT_OK);
    CHECK_RC(cx_patch_to_json(patch, &buf), CX_RESULT_OK);
    CHECK(buffer_eq(buf, "{\"percentProgress\":100}"));
    cx_buffer_free(buf);
    cx_buffer_free(before);
    cx_patch_free(patch);
}

static void test_diff(void) {
    cx_operation *base = read_doc(
        "{\"id\":\"1\",\"createdBy\":{\"user\":{\"id\":\"u1\",\"displayName\":\"Adele\"}},"
        "\"outputName\":\"a\"}");
    cx_operation *target =
        read_doc("{\"id\":\"1\",\"createdBy\":{\"user\":{\"id\":\"u1\",\"displayName\":\"Adele "
                 "Vance\"}}}");
    cx_patch *patch = NULL;
    cx_buffer *buf = NULL;
    cx_operation *applied = NULL;
    bool same = false;
    CHECK_RC(cx_diff(base, target, &patch, NULL), CX_RESULT_OK);
    CHECK_RC(cx_patch_to_json(patch, &buf), CX_RESULT_OK);
    CHECK(buffer_eq(buf, ODATA ",\"createdBy\":{\"user\":{\"displayName\":\"Adele Vance\"}},"
                               "\"outputName\":null}"));
    CHECK_RC(cx_operation_apply(base, patch, &applied, NULL), CX_RESULT_OK);
    CHECK_RC(cx_operation_equivalent(applied, target, &same), CX_RESULT_OK);
    CHECK(same);
    cx_operation_free(applied);
    cx_buffer_free(buf);
    cx_patch_free(patch);
    cx_operation_free(base);
    cx_operation_free(target);
}

static void test_request(void) {
    static const char url[] =
        "https://graph.microsoft.com/beta/compliance/ediscovery/cases/c1/operations/o1";
    static const char body[] = ODATA ",\"description\":\"nightly\"}";
    cx_patch *patch = NULL;
    cx_request *req = NULL, *bad = (cx_request *)SENTINEL;
    cx_buffer *text = NULL;
    cx_str name, value, s;
    char want[1024];

    CHECK_RC(cx_patch_new(&patch), CX_RESULT_OK);
    CHECK_RC(cx_patch_set_string(patch, CX_PROPERTY_DESCRIPTION, LIT("nightly")), CX_RESULT_OK);
    CHECK_RC(cx_request_new(LIT(url), LIT("eyJ0.secret"), patch, &req), CX_RESULT_OK);
    CHECK_RC(cx_request_url(req, &s), CX_RESULT_OK);
    CHECK(str_eq(s, url));
    CHECK_RC(cx_request_body(req, &s), CX_RESULT_OK);
    CHECK(str_eq(s, body));
    CHECK(cx_request_header_count(req) == 4);
    CHECK_RC(cx_request_header(req, 0, &name, &value), CX_RESULT_OK);
    CHECK(str_eq(name, "Host") && str_eq(value, "graph.microsoft.com"));
    CHECK_RC(cx_request_header(req, 1, &name, &value), CX_RESULT_OK);
    CHECK(str_eq(name, "Authorization") && str_eq(value, "Bearer eyJ0.secret"));
    CHECK_RC(cx_request_header(req, 3, &name, &value), CX_RESULT_OK);
    snprintf(want, sizeof want, "%u", (unsigned)strlen(body));
    CHECK(str_eq(name, "Content-Length") && str_eq(value, want));
    CHECK_RC(cx_request_header(req, 4, &name, &value), CX_RESULT_OUT_OF_RANGE);

    /* If-Match; a refused value leaves the request as it was. */
    CHECK_RC(cx_request_set_if_match(req, LIT("W/\"7\"")), CX_RESULT_OK);
    CHECK_RC(cx_request_set_if_match(req, LIT("a\r\nX-Evil: 1")), CX_RESULT_INVALID_IF_MATCH);
    CHECK_RC(cx_request_set_if_match(req, LIT("")), CX_RESULT_INVALID_IF_MATCH);
    CHECK(cx_request_header_count(req) == 5);
    CHECK_RC(cx_request_header(req, 4, &name, &value), CX_RESULT_OK);
    CHECK(str_eq(name, "If-Match") && str_eq(value, "W/\"7\""));

    /* Prefer: include-unknown-enum-members, added and taken away again. */
    CHECK_RC(cx_request_set_include_unknown_enum_members(req, true), CX_RESULT_OK);
    CHECK(cx_request_header_count(req) == 6);
    CHECK_RC(cx_request_header(req, 5, &name, &value), CX_RESULT_OK);
    CHECK(str_eq(name, "Prefer") && str_eq(value, "include-unknown-enum-members"));
    CHECK_RC(cx_request_set_include_unknown_enum_members(req, false), CX_RESULT_OK);
    CHECK(cx_request_header_count(req) == 5);
    CHECK_RC(cx_request_set_include_unknown_enum_members(NULL, true), CX_RESULT_NULL_ARGUMENT);

    /* HTTP/1.1 text: the token is redacted unless asked for. */
    CHECK_RC(cx_request_to_http1(req, false, &text), CX_RESULT_OK);
    snprintf(want, sizeof want,
             "PATCH %s HTTP/1.1\r\nHost: graph.microsoft.com\r\nAuthorization: Bearer ***\r\nContent-Type: application/json\r\n"
             "Content-Length: %u\r\nIf-Match: W/\"7\"\r\n\r\n%s",
             url, (unsigned)strlen(body), body);
    CHECK(buffer_eq(text, want));
    CHECK(strstr(cx_buffer_data(text), "secret") == NULL);
    cx_buffer_free(text);
    CHECK_RC(cx_request_to_http1(req, true, &text), CX_RESULT_OK);
    CHECK(strstr(cx_buffer_data(text), "Authorization: Bearer eyJ0.secret\r\n") != NULL);
    cx_buffer_free(text);
    cx_request_free(req);

    /* With a body the caller already has. */
    CHECK_RC(cx_request_new_with_body(LIT("https://x/me"), LIT("t"), LIT("{}"), &req), CX_RESULT_OK);
    CHECK_RC(cx_request_body(req, &s), CX_RESULT_OK);
    CHECK(str_eq(s, "{}"));
    cx_request_free(req);

    /* Refused URLs and tokens. */
    CHECK_RC(cx_request_new(LIT(""), LIT("t"), patch, &bad), CX_RESULT_INVALID_URL);
    CHECK_RC(cx_request_new(LIT("ftp://x"), LIT("t"), patch, &bad), CX_RESULT_INVALID_URL);
    CHECK_RC(cx_request_new(LIT("/me"), LIT("t"), patch, &bad), CX_RESULT_INVALID_URL);
    CHECK_RC(cx_request_new(LIT("https://x/a b"), LIT("t"), patch, &bad), CX_RESULT_INVALID_URL);
    CHECK_RC(cx_request_new(LIT("https://x/y"), LIT(""), patch, &bad), CX_RESULT_INVALID_TOKEN);
    CHECK_RC(cx_request_new(LIT("https://x/y"), LIT("a\r\nX: 1"), patch, &bad),
             CX_RESULT_INVALID_TOKEN);
    CHECK_RC(cx_request_new_with_body(LIT("https://x/y"), LIT("a b"), LIT("{}"), &bad),
             CX_RESULT_INVALID_TOKEN);
    CHECK(bad == (cx_request *)SENTINEL);
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

static void test_response(void) {
    static const char err_body[] =
        "{\"error\":{\"code\":\"TooManyRequests\",\"message\":\"Slow down\","
        "\"details\":[{\"code\":\"throttled\",\"target\":\"tenant\",\"message\":\"m1\"},"
        "{\"code\":\"again\",\"message\":\"m2\"}],"
        "\"innerError\":{\"request-id\":\"r-1\",\"date\":\"2024-01-01T00:00:00\"}}}";
    cx_header hs[2];
    cx_response *resp = NULL;
    cx_response_kind kind;
    cx_operation *op = (cx_operation *)SENTINEL;
    cx_graph_error_info info;
    cx_graph_error_detail d;
    cx_error_list *errors = NULL;
    cx_buffer *buf = NULL;

    /* 200 + body: the updated operation, read leniently. */
    CHECK_RC(cx_response_read(200, NULL, 0, LIT("{\"id\":\"1\",\"action\":\"applyTags\"}"), &resp,
                              NULL),
             CX_RESULT_OK);
    CHECK_RC(cx_response_get_kind(resp, &kind), CX_RESULT_OK);
    CHECK(kind == CX_RESPONSE_KIND_UPDATED);
    CHECK_RC(cx_response_graph_error(resp, &info), CX_RESULT_WRONG_KIND);
    CHECK_RC(cx_response_graph_error_detail(resp, 0, &d), CX_RESULT_WRONG_KIND);
    CHECK_RC(cx_response_operation(resp, &op), CX_RESULT_OK);
    cx_response_free(resp); /* the operation is independent of the response */
    CHECK_RC(cx_operation_get(op, CX_PROPERTY_ACTION, &buf), CX_RESULT_OK);
    CHECK(buffer_eq(buf, "applyTags"));
    cx_buffer_free(buf);
    cx_operation_free(op);

    /* 204: no content. */
    op = (cx_operation *)SENTINEL;
    CHECK_RC(cx_response_read(204, NULL, 0, NULL, 0, &resp, NULL), CX_RESULT_OK);
    CHECK_RC(cx_response_get_kind(resp, &kind), CX_RESULT_OK);
    CHECK(kind == CX_RESPONSE_KIND_NO_CONTENT);
    CHECK_RC(cx_response_operation(resp, &op), CX_RESULT_WRONG_KIND);
    CHECK(op == (cx_operation *)SENTINEL);
    cx_response_free(resp);

    /* 429 with a Graph error body and Retry-After in seconds. */
    hs[0] = header("retry-after", "30");
    hs[1] = header("client-request-id", "c-9");
    CHECK_RC(cx_response_read(429, hs, 2, LIT(err_body), &resp, NULL), CX_RESULT_OK);
    CHECK_RC(cx_response_get_kind(resp, &kind), CX_RESULT_OK);
    CHECK(kind == CX_RESPONSE_KIND_FAILED);
    CHECK_RC(cx_response_graph_error(resp, &info), CX_RESULT_OK);
    CHECK(info.status == 429);
    CHECK(str_eq(info.code, "TooManyRequests") && str_eq(info.message, "Slow down"));
    CHECK(str_eq(info.request_id, "r-1") && str_eq(info.client_request_id, "c-9"));
    CHECK(str_eq(info.date, "2024-01-01T00:00:00"));
    CHECK(info.retry_after == CX_RETRY_AFTER_KIND_SECONDS && info.retry_after_seconds == 30);
    CHECK(info.retry_after_date.data == NULL && info.retry_after_date.len == 0);
    CHECK(info.detail_count == 2);
    CHECK_RC(cx_response_graph_error_detail(resp, 0, &d), CX_RESULT_OK);
    CHECK(str_eq(d.code, "throttled") && str_eq(d.target, "tenant") && str_eq(d.message, "m1"));
    CHECK_RC(cx_response_graph_error_detail(resp, 1, &d), CX_RESULT_OK);
    CHECK(str_eq(d.code, "again") && d.target.data == NULL && str_eq(d.message, "m2"));
    CHECK_RC(cx_response_graph_error_detail(resp, 2, &d), CX_RESULT_OUT_OF_RANGE);
    cx_response_free(resp);

    /* 503 with a non-JSON body and Retry-After as a date. */
    hs[0] = header("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT");
    hs[1] = header("request-id", "abc");
    CHECK_RC(cx_response_read(503, hs, 2, LIT("<html>busy</html>"), &resp, NULL), CX_RESULT_OK);
    CHECK_RC(cx_response_graph_error(resp, &info), CX_RESULT_OK);
    CHECK(str_eq(info.code, "ServiceUnavailable") && str_eq(info.message, "<html>busy</html>"));
    CHECK(str_eq(info.request_id, "abc") && info.client_request_id.data == NULL);
    CHECK(info.date.data == NULL && info.detail_count == 0);
    CHECK(info.retry_after == CX_RETRY_AFTER_KIND_DATE && info.retry_after_seconds == 0);
    CHECK(str_eq(info.retry_after_date, "Wed, 21 Oct 2015 07:28:00 GMT"));
    cx_response_free(resp);

    /* 200 with a body that is not an operation. */
    resp = (cx_response *)SENTINEL;
    CHECK_RC(cx_response_read(200, NULL, 0, LIT("{\"percentProgress\":\"x\"}"), &resp, &errors),
             CX_RESULT_INVALID_INPUT);
    CHECK(resp == (cx_response *)SENTINEL);
    check_single_error(errors, "/percentProgress", CX_ERROR_CODE_INVALID_TYPE, "invalidType");
}

/* Several threads at once, each with its own handles, all sharing one
 * const operation. */
#define THREADS 4
#define ROUNDS 25

struct thread_arg {
    const cx_operation *shared;
    int failures;
};

static void *thread_main(void *p) {
    struct thread_arg *arg = (struct thread_arg *)p;
    int i;
    for (i = 0; i < ROUNDS; i++) {
        cx_operation *mine = NULL, *updated = NULL;
        cx_patch *patch = NULL;
        cx_buffer *a = NULL, *b = NULL;
        bool same = false;
        if (cx_operation_clone(arg->shared, &mine) != CX_RESULT_OK ||
            cx_operation_apply_json(arg->shared, LIT("{\"percentProgress\":99}"), NULL, &updated,
                                    NULL) != CX_RESULT_OK ||
            cx_diff(mine, updated, &patch, NULL) != CX_RESULT_OK ||
            cx_patch_to_json(patch, &a) != CX_RESULT_OK ||
            cx_operation_to_json(arg->shared, &b) != CX_RESULT_OK ||
            cx_operation_equal(mine, arg->shared, &same) != CX_RESULT_OK || !same ||
            !buffer_eq(a, ODATA ",\"percentProgress\":99}")) {
            arg->failures++;
        }
        cx_buffer_free(a);
        cx_buffer_free(b);
        cx_patch_free(patch);
        cx_operation_free(updated);
        cx_operation_free(mine);
    }
    return NULL;
}

static void test_threads(void) {
    cx_operation *shared = read_doc(DOC);
    pthread_t threads[THREADS];
    struct thread_arg args[THREADS];
    int i, started = 0;
    for (i = 0; i < THREADS; i++) {
        args[i].shared = shared;
        args[i].failures = 0;
        if (pthread_create(&threads[i], NULL, thread_main, &args[i]) == 0) started++;
    }
    CHECK(started == THREADS);
    for (i = 0; i < started; i++) {
        pthread_join(threads[i], NULL);
        CHECK(args[i].failures == 0);
    }
    cx_operation_free(shared);
}

/* The live service's types: the type from the document, properties by name,
 * a list page's next link. */
/* A response whose operation may be of any export type. */
static void test_response_export(void) {
    static const char sec[] = "{\"@odata.type\":\"#microsoft.graph.security.ediscoveryExportOperation\","
                              "\"id\":\"1\",\"status\":\"running\"}";
    cx_response *resp = NULL;
    cx_response_kind kind;
    cx_export_operation *op = NULL;
    cx_operation *seed = (cx_operation *)SENTINEL;
    cx_error_list *errors = NULL;
    uint32_t type = 99;

    /* The type the body names. */
    CHECK_RC(cx_response_read_export(200, NULL, 0, LIT(sec), CX_OPERATION_TYPE_ANY, &resp, NULL),
             CX_RESULT_OK);
    CHECK_RC(cx_response_get_kind(resp, &kind), CX_RESULT_OK);
    CHECK(kind == CX_RESPONSE_KIND_UPDATED);
    CHECK_RC(cx_response_operation(resp, &seed), CX_RESULT_WRONG_KIND);
    CHECK(seed == (cx_operation *)SENTINEL);
    CHECK_RC(cx_response_export_operation(resp, &op), CX_RESULT_OK);
    cx_response_free(resp);
    CHECK_RC(cx_export_operation_type(op, &type), CX_RESULT_OK);
    CHECK(type == CX_OPERATION_TYPE_SECURITY);
    cx_export_operation_free(op);

    /* No `@odata.type`: the type asked for. */
    CHECK_RC(cx_response_read_export(200, NULL, 0, LIT("{\"id\":\"1\"}"), CX_OPERATION_TYPE_EDISCOVERY,
                                     &resp, NULL),
             CX_RESULT_OK);
    CHECK_RC(cx_response_export_operation(resp, &op), CX_RESULT_OK);
    cx_response_free(resp);
    CHECK_RC(cx_export_operation_type(op, &type), CX_RESULT_OK);
    CHECK(type == CX_OPERATION_TYPE_EDISCOVERY);
    cx_export_operation_free(op);

    /* Only the seed's type: a security body is a typeMismatch. */
    resp = NULL;
    CHECK_RC(cx_response_read_export(200, NULL, 0, LIT(sec), CX_OPERATION_TYPE_SEED, &resp, &errors),
             CX_RESULT_INVALID_INPUT);
    CHECK(resp == NULL && errors != NULL);
    cx_error_list_free(errors);
    CHECK_RC(cx_response_read_export(200, NULL, 0, LIT(sec), 9, &resp, NULL), CX_RESULT_INVALID_ARGUMENT);

    /* A seed's operation through either reader; 204 and errors as cx_response_read. */
    CHECK_RC(cx_response_read(200, NULL, 0, LIT("{\"id\":\"1\"}"), &resp, NULL), CX_RESULT_OK);
    CHECK_RC(cx_response_export_operation(resp, &op), CX_RESULT_OK);
    cx_response_free(resp);
    CHECK_RC(cx_export_operation_type(op, &type), CX_RESULT_OK);
    CHECK(type == CX_OPERATION_TYPE_SEED);
    cx_export_operation_free(op);
    CHECK_RC(cx_response_read_export(200, NULL, 0, LIT("{\"id\":\"1\"}"), CX_OPERATION_TYPE_ANY, &resp,
                                     NULL),
             CX_RESULT_OK);
    CHECK_RC(cx_response_operation(resp, &seed), CX_RESULT_OK);
    cx_response_free(resp);
    cx_operation_free(seed);
    CHECK_RC(cx_response_read_export(204, NULL, 0, NULL, 0, CX_OPERATION_TYPE_ANY, &resp, NULL),
             CX_RESULT_OK);
    CHECK_RC(cx_response_get_kind(resp, &kind), CX_RESULT_OK);
    CHECK(kind == CX_RESPONSE_KIND_NO_CONTENT);
    op = NULL;
    CHECK_RC(cx_response_export_operation(resp, &op), CX_RESULT_WRONG_KIND);
    CHECK(op == NULL);
    cx_response_free(resp);
    CHECK_RC(cx_response_read_export(404, NULL, 0, LIT("{\"error\":{\"code\":\"NotFound\",\"message\":\"m\"}}"),
                                     CX_OPERATION_TYPE_ANY, &resp, NULL),
             CX_RESULT_OK);
    CHECK_RC(cx_response_get_kind(resp, &kind), CX_RESULT_OK);
    CHECK(kind == CX_RESPONSE_KIND_FAILED);
    cx_response_free(resp);
}

/* Watching an operation: the core's policy through cx_poll_step. */
static void test_poll(void) {
    static const char running[] = "{\"@odata.type\":\"#microsoft.graph.security.ediscoveryExportOperation\","
                                  "\"status\":\"running\",\"percentProgress\":40}";
    static const char failed[] = "{\"status\":\"failed\",\"resultInfo\":{\"code\":5,\"message\":\"m\"}}";
    static const char done[] = "{\"status\":\"succeeded\",\"percentProgress\":100}";
    cx_header retry = {(const uint8_t *)"Retry-After", 11, (const uint8_t *)"7", 1};
    cx_poll *poll = NULL;
    cx_poll_next next;
    cx_error_list *errors = NULL;

    CHECK_RC(cx_poll_new(CX_OPERATION_TYPE_ANY, 1000, 4000, 1, &poll), CX_RESULT_OK);
    /* The backoff doubles to its cap; Retry-After wins. */
    CHECK_RC(cx_poll_step(poll, 200, NULL, 0, LIT(running), &next, NULL), CX_RESULT_OK);
    CHECK(next.kind == CX_POLL_KIND_WAIT && next.wait_ms == 1000 && !next.from_retry_after);
    CHECK(next.percent == 40 && next.http_status == 0 && next.ended == CX_POLL_ENDED_NONE);
    CHECK_RC(cx_poll_step(poll, 200, NULL, 0, LIT(running), &next, NULL), CX_RESULT_OK);
    CHECK(next.wait_ms == 2000);
    CHECK_RC(cx_poll_step(poll, 200, &retry, 1, LIT(running), &next, NULL), CX_RESULT_OK);
    CHECK(next.wait_ms == 7000 && next.from_retry_after);
    CHECK_RC(cx_poll_step(poll, 200, NULL, 0, LIT(running), &next, NULL), CX_RESULT_OK);
    CHECK(next.wait_ms == 4000);
    CHECK_RC(cx_poll_step(poll, 200, NULL, 0, LIT(running), &next, NULL), CX_RESULT_OK);
    CHECK(next.wait_ms == 4000);
    CHECK_RC(cx_poll_reset(poll), CX_RESULT_OK);
    CHECK_RC(cx_poll_step(poll, 200, NULL, 0, LIT(running), &next, NULL), CX_RESULT_OK);
    CHECK(next.wait_ms == 1000);
    /* One transient error is waited out, the second in a row ends the watch. */
    CHECK_RC(cx_poll_step(poll, 503, NULL, 0, NULL, 0, &next, NULL), CX_RESULT_OK);
    CHECK(next.kind == CX_POLL_KIND_WAIT && next.http_status == 503 && next.transient_in_a_row == 1);
    CHECK_RC(cx_poll_step(poll, 503, NULL, 0, NULL, 0, &next, NULL), CX_RESULT_OK);
    CHECK(next.kind == CX_POLL_KIND_ERROR && next.http_status == 503);
    /* Terminal states. */
    CHECK_RC(cx_poll_step(poll, 200, NULL, 0, LIT(failed), &next, NULL), CX_RESULT_OK);
    CHECK(next.kind == CX_POLL_KIND_ENDED && next.ended == CX_POLL_ENDED_FAILED);
    CHECK(next.has_result_code && next.result_code == 5 && next.percent == -1);
    CHECK_RC(cx_poll_step(poll, 200, NULL, 0, LIT(done), &next, NULL), CX_RESULT_OK);
    CHECK(next.kind == CX_POLL_KIND_SUCCEEDED && next.percent == 100);
    CHECK_RC(cx_poll_step(poll, 404, NULL, 0, LIT("{\"error\":{\"code\":\"itemNotFound\",\"message\":\"m\"}}"),
                          &next, NULL),
             CX_RESULT_OK);
    CHECK(next.kind == CX_POLL_KIND_ERROR && next.http_status == 404);
    cx_poll_free(poll);

    /* A body of another type than the one watched: an error list, `next` untouched. */
    CHECK_RC(cx_poll_new(CX_OPERATION_TYPE_SEED, 0, 0, 0, &poll), CX_RESULT_OK);
    memset(&next, 0x5a, sizeof next);
    CHECK_RC(cx_poll_step(poll, 200, NULL, 0, LIT(running), &next, &errors), CX_RESULT_INVALID_INPUT);
    CHECK(errors != NULL && next.wait_ms == 0x5a5a5a5a5a5a5a5aULL);
    cx_error_list_free(errors);
    cx_poll_free(poll);
    /* Bad arguments. */
    poll = NULL;
    CHECK_RC(cx_poll_new(9, 0, 0, 0, &poll), CX_RESULT_INVALID_ARGUMENT);
    CHECK_RC(cx_poll_new(CX_OPERATION_TYPE_ANY, 10, 5, 0, &poll), CX_RESULT_INVALID_ARGUMENT);
    CHECK(poll == NULL);
}

static void test_export_operation(void) {
    static const char doc[] = "{\"@odata.type\":\"#microsoft.graph.security.ediscoveryExportOperation\","
                              "\"id\":\"1\",\"exportStructure\":\"msg\",\"description\":null}";
    static const char page[] = "{\"value\":[{\"id\":\"1\"},{\"id\":\"2\"}],"
                               "\"@odata.nextLink\":\"https://graph.example/next\"}";
    cx_export_operation *op = NULL;
    cx_operations_page *list = NULL;
    cx_buffer *value = NULL;
    cx_field_state state = CX_FIELD_STATE_ABSENT;
    cx_str link;
    uint32_t type = 99;
    CHECK_RC(cx_export_operation_from_json(LIT(doc), NULL, CX_OPERATION_TYPE_ANY, &op, NULL),
             CX_RESULT_OK);
    CHECK_RC(cx_export_operation_type(op, &type), CX_RESULT_OK);
    CHECK(type == CX_OPERATION_TYPE_SECURITY);
    CHECK_RC(cx_export_operation_get_json(op, LIT("export_structure"), &state, &value), CX_RESULT_OK);
    CHECK(state == CX_FIELD_STATE_VALUE && value != NULL);
    CHECK(cx_buffer_len(value) == 5 && memcmp(cx_buffer_data(value), "\"msg\"", 5) == 0);
    cx_buffer_free(value);
    CHECK_RC(cx_export_operation_get_json(op, LIT("description"), &state, &value), CX_RESULT_OK);
    CHECK(state == CX_FIELD_STATE_NULL && value == NULL);
    CHECK_RC(cx_export_operation_get_json(op, LIT("colour"), &state, &value),
             CX_RESULT_INVALID_PROPERTY);
    /* Asked for the seed's type only, the document is another type's. */
    CHECK_RC(cx_export_operation_from_json(LIT(doc), NULL, CX_OPERATION_TYPE_SEED, &op, NULL),
             CX_RESULT_INVALID_INPUT);
    CHECK_RC(cx_export_operation_from_json(LIT(doc), NULL, 7, &op, NULL), CX_RESULT_INVALID_ARGUMENT);
    {
        cx_export_patch *patch = NULL;
        cx_export_operation *updated = NULL;
        cx_buffer *body = NULL;
        static const char want[] = "{\"@odata.type\":\"#microsoft.graph.security.ediscoveryExportOperation\","
                                   "\"status\":\"succeeded\"}";
        CHECK_RC(cx_export_patch_new(CX_OPERATION_TYPE_SECURITY, &patch), CX_RESULT_OK);
        CHECK_RC(cx_export_patch_set_json(patch, LIT("status"), LIT("\"succeeded\""), NULL, NULL),
                 CX_RESULT_OK);
        CHECK_RC(cx_export_patch_set_json(patch, LIT("colour"), LIT("1"), NULL, NULL),
                 CX_RESULT_INVALID_INPUT);
        CHECK_RC(cx_export_patch_to_json(patch, &body), CX_RESULT_OK);
        CHECK(cx_buffer_len(body) == sizeof want - 1 &&
              memcmp(cx_buffer_data(body), want, sizeof want - 1) == 0);
        CHECK_RC(cx_export_operation_apply(op, patch, &updated, NULL), CX_RESULT_OK);
        cx_export_operation_free(updated);
        cx_buffer_free(body);
        cx_export_patch_free(patch);
    }
    cx_export_operation_free(op);
    CHECK_RC(cx_operations_page_from_json(LIT(page), NULL, CX_OPERATION_TYPE_SECURITY, &list, NULL),
             CX_RESULT_OK);
    CHECK(cx_operations_page_len(list) == 2);
    CHECK_RC(cx_operations_page_next_link(list, &link), CX_RESULT_OK);
    CHECK(link.len == 26 && memcmp(link.data, "https://graph.example/next", 26) == 0 &&
          link.data[26] == '\0');
    cx_operations_page_free(list);
}

void run_api_tests(void) {
    run_test("version", test_version);
    run_test("result strings", test_result_strings);
    run_test("free(NULL) is a no-op", test_free_null_is_a_no_op);
    run_test("NULL arguments", test_null_arguments);
    run_test("empty input", test_empty_input_is_invalid_json_not_a_null_pointer);
    run_test("invalid UTF-8", test_invalid_utf8);
    run_test("invalid JSON", test_invalid_json);
    run_test("each error code", test_each_error_code);
    run_test("error list", test_error_list);
    run_test("read options", test_options);
    run_test("operation round trip and getters", test_operation_round_trip_and_getters);
    run_test("apply", test_apply);
    run_test("patch builder", test_patch_builder);
    run_test("diff", test_diff);
    run_test("request", test_request);
    run_test("response", test_response);
    run_test("threads", test_threads);
    run_test("export operation", test_export_operation);
    run_test("response of any export type", test_response_export);
    run_test("watching an operation (cx_poll)", test_poll);
}

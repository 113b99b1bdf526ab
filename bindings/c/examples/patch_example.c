/* patch_example.c: read a stored caseExportOperation, build a PATCH with
 * the typed builder, apply it locally, and print the HTTP/1.1 request that
 * sends it to Microsoft Graph.
 *
 *   cc -std=c99 patch_example.c $(pkg-config --cflags --libs caseexport)
 */
#include <stdio.h>
#include <string.h>

#include "caseexport.h"

/* (pointer, length) of a NUL-terminated string, for the library's inputs. */
#define TEXT(s) (const uint8_t *)(s), strlen(s)

/* Stops at the first failure, printing its code and any error details. */
#define TRY(call)                                                            \
    do {                                                                     \
        cx_result rc_ = (call);                                              \
        if (rc_ != CX_RESULT_OK) {                                           \
            fprintf(stderr, "%s: %s\n", #call, cx_result_str(rc_));          \
            print_errors(errors);                                            \
            goto done;                                                       \
        }                                                                    \
    } while (0)

static void print_errors(const cx_error_list *errors) {
    cx_error_detail d;
    size_t i;
    for (i = 0; i < cx_error_list_len(errors); i++) {
        if (cx_error_list_get(errors, i, &d) == CX_RESULT_OK) {
            fprintf(stderr, "  %s %s %s\n", d.path.data, d.code_name.data, d.message.data);
        }
    }
}

int main(void) {
    const char *stored =
        "{\"@odata.etag\": \"W/\\\"3\\\"\", \"id\": \"359c4f92\", \"status\": \"running\","
        " \"percentProgress\": 40, \"outputName\": \"Export 1\", \"description\": \"draft\"}";
    const char *url = "https://graph.microsoft.com/beta/compliance/ediscovery/cases/"
                      "c1/operations/359c4f92";
    cx_operation *op = NULL, *updated = NULL;
    cx_patch *patch = NULL;
    cx_request *request = NULL;
    cx_buffer *doc = NULL, *etag = NULL, *http = NULL;
    cx_error_list *errors = NULL;
    int status = 1;

    /* 1. Read the stored operation (NULL options: lenient, default limits). */
    TRY(cx_operation_from_json(TEXT(stored), NULL, &op, &errors));

    /* 2. Build the patch: set what changes, clear what goes. */
    TRY(cx_patch_new(&patch));
    TRY(cx_patch_set_string(patch, CX_PROPERTY_STATUS, TEXT("succeeded")));
    TRY(cx_patch_set_percent_progress(patch, 100));
    TRY(cx_patch_set_string(patch, CX_PROPERTY_EXPORT_OPTIONS, TEXT("originalFiles, text")));
    TRY(cx_patch_clear(patch, CX_PROPERTY_DESCRIPTION));

    /* 3. Apply it locally to know the new state. */
    TRY(cx_operation_apply(op, patch, &updated, &errors));
    TRY(cx_operation_to_json(updated, &doc));
    printf("%s\n\n", cx_buffer_data(doc));

    /* 4. The request that sends it, guarded by the stored etag; the bearer
     *    token prints as *** (pass true to reveal it when actually sending). */
    TRY(cx_request_new(TEXT(url), TEXT("eyJ0eXAiOiJKV1Qi.secret"), patch, &request));
    TRY(cx_operation_etag(op, &etag));
    TRY(cx_request_set_if_match(request, (const uint8_t *)cx_buffer_data(etag),
                                cx_buffer_len(etag)));
    TRY(cx_request_to_http1(request, false, &http));
    fwrite(cx_buffer_data(http), 1, cx_buffer_len(http), stdout);
    printf("\n");
    status = 0;

done:
    /* Everything the library made is freed by its _free function;
     * freeing NULL is a no-op, so this also runs after an early failure. */
    cx_buffer_free(http);
    cx_buffer_free(etag);
    cx_buffer_free(doc);
    cx_request_free(request);
    cx_operation_free(updated);
    cx_patch_free(patch);
    cx_operation_free(op);
    cx_error_list_free(errors);
    return status;
}

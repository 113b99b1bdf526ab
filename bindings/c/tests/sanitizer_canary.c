/* Deliberate bugs, one per argument, that the AddressSanitizer /
 * UndefinedBehaviorSanitizer build must report (run-tests.sh checks that
 * each one fails): if one ran clean, the sanitizer results could not be
 * trusted.
 *
 * Usage: sanitizer_canary overflow|leak|ub */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "caseexport.h"

int main(int argc, char **argv) {
    const char *what = argc > 1 ? argv[1] : "";
    if (strcmp(what, "overflow") == 0) {
        /* A read one byte past a buffer the C side allocated. */
        volatile char *p = malloc(8);
        char c;
        memset((char *)p, 'x', 8);
        c = p[8];
        free((char *)p);
        return c == 'x';
    }
    if (strcmp(what, "leak") == 0) {
        /* An operation made by the library (Rust allocations) never freed. */
        cx_operation *op = NULL;
        if (cx_operation_new(&op) != CX_RESULT_OK) {
            return 2;
        }
        op = NULL;
        return 0;
    }
    if (strcmp(what, "ub") == 0) {
        /* Signed integer overflow. */
        volatile int big = INT_MAX;
        return big + argc > 0 ? 0 : 1;
    }
    return 2;
}

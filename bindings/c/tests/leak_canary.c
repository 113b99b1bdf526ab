/* Deliberately leaks one operation. run-tests.sh runs it under valgrind with
 * the same options as the real tests and expects valgrind to fail: proof
 * that a clean valgrind run of the tests means no leak, not a blind spot. */
#include "caseexport.h"

int main(void) {
    cx_operation *op = NULL;
    if (cx_operation_new(&op) != CX_RESULT_OK) return 2;
    op = NULL; /* the only pointer to it is gone: definitely lost */
    return op == NULL ? 0 : 3;
}

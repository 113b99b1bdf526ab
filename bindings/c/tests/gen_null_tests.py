#!/usr/bin/env python3
"""Generates the C test that passes NULL for each pointer argument of every
function in caseexport.h, one call per (function, argument), all other
arguments valid.

    gen_null_tests.py include/caseexport.h OUT.c      (prints the number of calls)

The list of functions comes from the header itself, so a new function is
tested as soon as it is declared; a parameter type this script does not know
how to fill stops the generation with an error (teach `VALUES` below).

What each call must do (the header's conventions):
- a function returning `cx_result`: `CX_RESULT_NULL_ARGUMENT` for a required
  pointer, and every out-parameter left as it was; for an optional pointer
  (`options`, `errors_out`) anything but `CX_RESULT_NULL_ARGUMENT` or
  `CX_RESULT_PANIC` (and whatever it returned is freed);
- any other function: the documented neutral value (`NULL`, `0`, `false`,
  nothing for `void`), never a crash.
"""
import re
import sys

# Pointer parameters that may be NULL (documented in the header).
OPTIONAL = {"options", "errors_out"}

# Handles: fixture field holding a live one, and its free function.
HANDLES = {
    "cx_operation": ("f.op", "cx_operation_free"),
    "cx_patch": ("f.patch", "cx_patch_free"),
    "cx_error_list": ("f.errors", "cx_error_list_free"),
    "cx_request": ("f.request", "cx_request_free"),
    "cx_response": ("f.response", "cx_response_free"),
    "cx_buffer": ("f.buffer", "cx_buffer_free"),
    "cx_export_operation": ("f.export_op", "cx_export_operation_free"),
    "cx_operations_page": ("f.page", "cx_operations_page_free"),
    "cx_export_patch": ("f.export_patch", "cx_export_patch_free"),
    "cx_poll": ("f.poll", "cx_poll_free"),
}

# Plain structs and scalars written through a pointer (out-parameters).
OUT_VALUES = {"cx_str", "cx_error_detail", "cx_graph_error_info", "cx_graph_error_detail",
              "cx_read_options", "cx_response_kind", "cx_field_state", "bool", "int32_t",
              "uint32_t", "cx_poll_next"}

# Input byte strings by parameter name (valid values, so only the NULL fails).
BYTES = {"url": "https://graph.example/x", "token": "t0ken", "etag": 'W/"1"', "name": "reviewTag",
         "json": '"x"', "value": "export", "body": "{}"}

# Scalars by parameter name.
SCALARS = {"property": "CX_PROPERTY_OUTPUT_NAME", "mode": "CX_MODE_STRICT", "result": "0",
           "status": "429", "index": "0", "header_count": "1", "yes": "true",
           "reveal_token": "false", "value": "50", "type": "CX_OPERATION_TYPE_SECURITY",
           "odata_type": "true", "first_wait_ms": "0", "max_wait_ms": "0",
           "max_transient": "1"}


def prototypes(header):
    body = header.split('extern "C" {', 1)[1]
    body = re.sub(r"/\*.*?\*/", "", body, flags=re.S)
    for m in re.finditer(r"^([A-Za-z_][\w ]*?[\w*])\s*\b(cx_\w+)\(([^;]*?)\);", body, re.M | re.S):
        ret, name, params = m.group(1).strip(), m.group(2), m.group(3)
        plist = []
        if params.strip() != "void":
            for p in params.split(","):
                p = " ".join(p.split())
                pm = re.match(r"(.*?)(\w+)$", p)
                plist.append((pm.group(1).strip(), pm.group(2)))
        yield ret, name, plist


def base_type(t):
    return t.replace("const", "").replace("struct", "").replace("*", "").strip()


class Case:
    def __init__(self, fn, ret, params, null_index):
        self.fn, self.ret, self.params, self.null = fn, ret, params, null_index
        self.decls, self.checks, self.frees = [], [], []

    def arg(self, i):
        ctype, name = self.params[i]
        if i == self.null:
            return "NULL"
        stars = ctype.count("*")
        base = base_type(ctype)
        if stars == 0:
            if ctype == "size_t" and i > 0 and self.params[i - 1][0] == "const uint8_t *":
                return f"strlen({BYTES_NAME(self.params[i - 1][1])})"
            if name in SCALARS:
                return SCALARS[name]
            raise SystemExit(f"{self.fn}: no value for scalar parameter {ctype} {name}")
        if stars == 2 and base in HANDLES:
            var = f"out_{name}"
            self.decls.append(f"struct {base} *{var} = (struct {base} *)SENTINEL;")
            self.checks.append(var)
            self.frees.append(f"if ({var} != (struct {base} *)SENTINEL) {HANDLES[base][1]}({var});")
            return f"&{var}"
        if stars == 1 and base in HANDLES:
            return HANDLES[base][0]
        if ctype == "const uint8_t *":
            return f"(const uint8_t *){BYTES_NAME(name)}"
        if base == "cx_header":
            return "&f.header"
        if base == "cx_read_options" and ctype.startswith("const"):
            return "&f.options"
        if stars == 1 and base in OUT_VALUES:
            kind = f"struct {base}" if "struct" in ctype else base
            var = f"out_{name}"
            self.decls.append(f"{kind} {var}, {var}_before;")
            self.decls.append(f"memset(&{var}, 0x5a, sizeof {var});")
            self.decls.append(f"memcpy(&{var}_before, &{var}, sizeof {var});")
            self.checks.append(f"memcmp(&{var}, &{var}_before, sizeof {var}) == 0")
            return f"&{var}"
        raise SystemExit(f"{self.fn}: no value for pointer parameter {ctype} {name}")

    def render(self):
        args = [self.arg(i) for i in range(len(self.params))]
        nulled = self.params[self.null][1]
        call = f"{self.fn}({', '.join(args)})"
        out = [f"    /* {self.fn}: {nulled} = NULL */", "    {"]
        out.append("        struct fixtures f;")
        out += [f"        {d}" for d in self.decls]
        out.append("        fixtures_init(&f);")
        if self.ret == "cx_result":
            out.append(f"        cx_result rc = {call};")
            if nulled in OPTIONAL:
                out.append(f'        CHECK_CALL(rc != CX_RESULT_NULL_ARGUMENT && rc != CX_RESULT_PANIC, "{self.fn}", "{nulled}");')
            else:
                out.append(f'        CHECK_CALL(rc == CX_RESULT_NULL_ARGUMENT, "{self.fn}", "{nulled}");')
                for c in self.checks:
                    cond = c if "memcmp" in c else f"{c} == SENTINEL"
                    out.append(f'        CHECK_CALL({cond}, "{self.fn}", "{nulled} (an out-parameter was written)");')
        elif self.ret == "void":
            out.append(f"        {call};")
        elif self.ret in ("size_t", "bool") or self.ret.endswith("*"):
            neutral = {"size_t": "0", "bool": "false"}.get(self.ret, "NULL")
            out.append(f'        CHECK_CALL({call} == {neutral}, "{self.fn}", "{nulled}");')
        else:
            raise SystemExit(f"{self.fn}: no neutral value known for return type {self.ret}")
        out += [f"        {fr}" for fr in self.frees]
        out.append("        fixtures_free(&f);")
        out.append("        calls++;")
        out.append("    }")
        return "\n".join(out)


def BYTES_NAME(name):
    if name not in BYTES:
        raise SystemExit(f"no input bytes known for parameter {name!r} (add it to BYTES)")
    return f"BYTES_{name.upper()}"


PRELUDE = r"""/* Generated by bindings/c/tests/gen_null_tests.py from caseexport.h: do not
 * edit. Every pointer argument of every function, passed as NULL. */
#include <stdint.h>
#include <stdlib.h>

#include "harness.h"

#define SENTINEL ((void *)(uintptr_t)0x5a5a)
#define CHECK_CALL(cond, fn, arg)                                                  \
    do {                                                                           \
        if (!(cond)) {                                                             \
            fprintf(stderr, "%s:%d: %s with NULL %s: CHECK failed: %s\n", __FILE__, \
                    __LINE__, fn, arg, #cond);                                     \
            cx_counts.current_failures++;                                          \
        }                                                                          \
    } while (0)

@BYTES@

/* One live value of each handle, made fresh for every call. */
struct fixtures {
    cx_operation *op;
    cx_patch *patch;
    cx_error_list *errors;
    cx_request *request;
    cx_response *response;
    cx_buffer *buffer;
    cx_export_operation *export_op;
    cx_operations_page *page;
    cx_export_patch *export_patch;
    cx_poll *poll;
    cx_header header;
    cx_read_options options;
};

static void fixtures_init(struct fixtures *f) {
    static const char doc[] = "{\"@odata.etag\":\"W/\\\"1\\\"\",\"id\":\"op1\",\"outputName\":\"a\"}";
    static const char bad[] = "{\"percentProgress\":\"ten\"}";
    static const char graph[] = "{\"error\":{\"code\":\"TooManyRequests\",\"message\":\"m\","
                                "\"details\":[{\"code\":\"c\",\"target\":\"t\",\"message\":\"d\"}]}}";
    memset(f, 0, sizeof *f);
    f->header.name = (const uint8_t *)"Retry-After";
    f->header.name_len = 11;
    f->header.value = (const uint8_t *)"30";
    f->header.value_len = 2;
    CHECK_RC(cx_operation_from_json((const uint8_t *)doc, strlen(doc), NULL, &f->op, NULL), CX_RESULT_OK);
    {
        cx_operation *unused = NULL;
        CHECK_RC(cx_operation_from_json((const uint8_t *)bad, strlen(bad), NULL, &unused, &f->errors),
                 CX_RESULT_INVALID_INPUT);
    }
    CHECK_RC(cx_patch_new(&f->patch), CX_RESULT_OK);
    CHECK_RC(cx_request_new(LIT("https://graph.example/x"), LIT("t0ken"), f->patch, &f->request),
             CX_RESULT_OK);
    CHECK_RC(cx_response_read(429, &f->header, 1, (const uint8_t *)graph, strlen(graph), &f->response,
                              NULL),
             CX_RESULT_OK);
    CHECK_RC(cx_patch_to_json(f->patch, &f->buffer), CX_RESULT_OK);
    CHECK_RC(cx_read_options_init(&f->options, CX_MODE_LENIENT), CX_RESULT_OK);
    CHECK_RC(cx_export_operation_from_json((const uint8_t *)doc, strlen(doc), NULL,
                                           CX_OPERATION_TYPE_SECURITY, &f->export_op, NULL),
             CX_RESULT_OK);
    {
        static const char page[] = "{\"value\":[],\"@odata.nextLink\":\"https://graph.example/n\"}";
        CHECK_RC(cx_operations_page_from_json((const uint8_t *)page, strlen(page), NULL,
                                              CX_OPERATION_TYPE_SECURITY, &f->page, NULL),
                 CX_RESULT_OK);
    }
    CHECK_RC(cx_export_patch_new(CX_OPERATION_TYPE_SECURITY, &f->export_patch), CX_RESULT_OK);
    CHECK_RC(cx_poll_new(CX_OPERATION_TYPE_ANY, 0, 0, 1, &f->poll), CX_RESULT_OK);
}

static void fixtures_free(struct fixtures *f) {
    cx_operation_free(f->op);
    cx_patch_free(f->patch);
    cx_error_list_free(f->errors);
    cx_request_free(f->request);
    cx_response_free(f->response);
    cx_buffer_free(f->buffer);
    cx_export_operation_free(f->export_op);
    cx_operations_page_free(f->page);
    cx_export_patch_free(f->export_patch);
    cx_poll_free(f->poll);
}

static int calls;

static void null_arguments(void) {
"""


def main():
    header_path, out_path = sys.argv[1], sys.argv[2]
    with open(header_path, encoding="utf-8") as f:
        header = f.read()
    cases, functions = [], 0
    for ret, fn, params in prototypes(header):
        functions += 1
        for i, (ctype, _) in enumerate(params):
            if "*" in ctype:
                cases.append(Case(fn, ret, params, i))
    if functions < 40:
        raise SystemExit(f"only {functions} functions found in {header_path}: the parser is broken")
    bodies = [c.render() for c in cases]
    byte_defs = "\n".join(
        f"static const char BYTES_{k.upper()}[] = {c_string(v)};" for k, v in sorted(BYTES.items()))
    with open(out_path, "w", encoding="utf-8") as f:
        f.write(PRELUDE.replace("@BYTES@", byte_defs))
        f.write("\n".join(bodies))
        f.write("\n}\n\n")
        f.write("/* Runs every call; returns how many ran. */\n")
        f.write("int run_null_argument_tests(void) {\n")
        f.write('    run_test("every pointer argument as NULL", null_arguments);\n')
        f.write("    return calls;\n}\n")
    print(f"{len(cases)} {functions}")


def c_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


if __name__ == "__main__":
    main()

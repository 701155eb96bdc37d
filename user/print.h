/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nstrack - the one output path, text or JSON.
 *
 * Every print_* call carries both a JSON key and a text format:
 *  - in text mode the value is printed at once with fmt (a printf format
 *    taking exactly that one value); fmt NULL means "not in text output";
 *  - in JSON mode the value is added to the innermost open object under
 *    key, or appended to the innermost open array (key must then be NULL);
 *    key NULL inside an object means "not in JSON output".
 * Containers only exist in JSON; opening and closing them prints nothing
 * in text mode.  The JSON document is printed by print_finish(), so a
 * command that fails half-way prints no partial JSON (it calls
 * print_discard() instead).
 */
#ifndef NSTRACK_PRINT_H
#define NSTRACK_PRINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* out: where everything goes; json: JSON mode; pretty: indented JSON */
int print_init(FILE *out, bool json, bool pretty);
bool print_is_json(void);

/*
 * JSON: print the document (compact or indented) and a newline.  Both
 * modes: flush and report write errors.  Returns 0, -ENOMEM (a JSON value
 * could not be built) or -EIO.  Frees everything; print_init() again to
 * reuse.
 */
int print_finish(void);

/* Forget everything without printing (JSON); text is already out. */
void print_discard(void);

void print_open_object(const char *key);
void print_close_object(void);
void print_open_array(const char *key);
void print_close_array(void);

void print_u64(const char *key, const char *fmt, uint64_t v);
void print_s64(const char *key, const char *fmt, int64_t v);
void print_string(const char *key, const char *fmt, const char *s);
/* text: fmt receives "true" or "false" */
void print_bool(const char *key, const char *fmt, bool v);
/* text: text_value is printed as it is (may be NULL: nothing) */
void print_null(const char *key, const char *text_value);

/* text mode only: printf to the output; nothing in JSON mode */
void print_text(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Aligned text table: cells are copied; columns are left-aligned, padded
 * to the widest cell and separated by two spaces; the last column is not
 * padded.  Output goes to the printer's FILE (text mode only).
 */
struct print_table;
struct print_table *print_table_new(size_t ncols, const char *const *headers);
int print_table_add(struct print_table *t, const char *const *cells);
void print_table_emit(const struct print_table *t);
void print_table_free(struct print_table *t);

#endif /* NSTRACK_PRINT_H */

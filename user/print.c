// SPDX-License-Identifier: GPL-2.0
/*
 * nstrack - text or JSON output, built on jansson for the JSON side.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "print.h"

#define PRINT_MAX_DEPTH 16

static struct {
	FILE *out;
	bool json;
	bool pretty;
	int err;			/* sticky: first failure while building */
	json_t *root;
	json_t *stack[PRINT_MAX_DEPTH];
	unsigned int depth;
	unsigned int lost_depth;	/* opens beyond PRINT_MAX_DEPTH */
} pr;

int print_init(FILE *out, bool json, bool pretty)
{
	print_discard();
	pr.out = out;
	pr.json = json || pretty;
	pr.pretty = pretty;
	pr.err = 0;
	return 0;
}

bool print_is_json(void)
{
	return pr.json;
}

void print_discard(void)
{
	while (pr.depth)
		json_decref(pr.stack[--pr.depth]);
	json_decref(pr.root);
	pr.root = NULL;
	pr.depth = 0;
	pr.lost_depth = 0;
	pr.err = 0;
}

/* Copy of s with control characters replaced: text output stays on its lines. */
static char *text_safe(const char *s)
{
	size_t n = strlen(s);
	char *c = malloc(n + 1);

	if (c) {
		for (size_t i = 0; i <= n; i++) {
			unsigned char ch = (unsigned char)s[i];

			c[i] = (ch && (ch < 0x20 || ch == 0x7f)) ? '?' : s[i];
		}
	}
	return c;
}

/*
 * JSON strings must be UTF-8; a task comm or a file name need not be.  If
 * s is not valid UTF-8, every non-ASCII byte becomes '?'.
 */
static json_t *json_string_safe(const char *s)
{
	json_t *v = json_string(s);
	char *c;

	if (v)
		return v;
	c = strdup(s);
	if (!c)
		return NULL;
	for (char *p = c; *p; p++)
		if ((unsigned char)*p >= 0x80)
			*p = '?';
	v = json_string(c);
	free(c);
	return v;
}

/* Attach v (reference stolen) where the current position says. */
static void json_add(const char *key, json_t *v)
{
	json_t *parent;

	if (!v) {
		pr.err = -ENOMEM;
		return;
	}
	if (pr.lost_depth) {
		json_decref(v);
		return;
	}
	if (!pr.depth) {
		if (pr.root)		/* a second top-level value: misuse */
			json_decref(pr.root);
		pr.root = v;
		return;
	}
	parent = pr.stack[pr.depth - 1];
	if (json_is_array(parent)) {
		if (json_array_append_new(parent, v))
			pr.err = -ENOMEM;
	} else if (key) {
		if (json_object_set_new(parent, key, v))
			pr.err = -ENOMEM;
	} else {
		json_decref(v);		/* text-only field */
	}
}

/* Would a value with this key be kept?  Avoids building it for nothing. */
static bool json_wants(const char *key)
{
	if (!pr.depth)
		return true;
	return key || json_is_array(pr.stack[pr.depth - 1]);
}

/*
 * The stack holds its own reference to each open container, so a
 * container that could not be attached to its parent stays valid until it
 * is closed.
 */
static void open_container(const char *key, json_t *c)
{
	if (!c) {
		pr.err = -ENOMEM;
		pr.lost_depth++;
		return;
	}
	if (pr.lost_depth || pr.depth == PRINT_MAX_DEPTH || !json_wants(key)) {
		if (pr.depth == PRINT_MAX_DEPTH)
			pr.err = -EINVAL;
		json_decref(c);
		pr.lost_depth++;
		return;
	}
	json_add(key, json_incref(c));
	pr.stack[pr.depth++] = c;
}

static void close_container(void)
{
	if (!pr.json)
		return;
	if (pr.lost_depth)
		pr.lost_depth--;
	else if (pr.depth)
		json_decref(pr.stack[--pr.depth]);
}

void print_open_object(const char *key)
{
	if (pr.json)
		open_container(key, json_object());
}

void print_close_object(void)
{
	close_container();
}

void print_open_array(const char *key)
{
	if (pr.json)
		open_container(key, json_array());
}

void print_close_array(void)
{
	close_container();
}

void print_u64(const char *key, const char *fmt, uint64_t v)
{
	if (pr.json) {
		if (!json_wants(key))
			return;
		/*
		 * jansson integers are signed 64-bit; the values nstrack
		 * prints never get near 2^63, but if one did it must not
		 * turn negative, so it degrades to a (rounded) real.
		 */
		if (v <= (uint64_t)INT64_MAX)
			json_add(key, json_integer((json_int_t)v));
		else
			json_add(key, json_real((double)v));
	} else if (fmt) {
		fprintf(pr.out, fmt, v);
	}
}

void print_s64(const char *key, const char *fmt, int64_t v)
{
	if (pr.json) {
		if (json_wants(key))
			json_add(key, json_integer((json_int_t)v));
	} else if (fmt) {
		fprintf(pr.out, fmt, v);
	}
}

void print_string(const char *key, const char *fmt, const char *s)
{
	if (pr.json) {
		if (json_wants(key))
			json_add(key, s ? json_string_safe(s) : json_null());
	} else if (fmt) {
		char *safe = text_safe(s ? s : "");

		if (!safe) {
			pr.err = -ENOMEM;
			return;
		}
		fprintf(pr.out, fmt, safe);
		free(safe);
	}
}

void print_bool(const char *key, const char *fmt, bool v)
{
	if (pr.json) {
		if (json_wants(key))
			json_add(key, json_boolean(v));
	} else if (fmt) {
		fprintf(pr.out, fmt, v ? "true" : "false");
	}
}

void print_null(const char *key, const char *text_value)
{
	if (pr.json) {
		if (json_wants(key))
			json_add(key, json_null());
	} else if (text_value) {
		fputs(text_value, pr.out);
	}
}

void print_text(const char *fmt, ...)
{
	va_list ap;

	if (pr.json)
		return;
	va_start(ap, fmt);
	vfprintf(pr.out, fmt, ap);
	va_end(ap);
}

/*
 * The JSON document is built in memory and printed whole or not at all.
 * A failed write is remembered: jansson does not check every one (an
 * object key that could not be written would just be missing).
 */
struct dump_buf {
	char *s;
	size_t len, cap;
	bool failed;
};

static int dump_cb(const char *data, size_t size, void *arg)
{
	struct dump_buf *b = arg;

	if (b->failed)
		return -1;
	if (size > b->cap - b->len) {
		size_t ncap = b->cap ? b->cap : 4096;
		char *ns;

		while (ncap - b->len < size)
			ncap *= 2;
		ns = realloc(b->s, ncap);
		if (!ns) {
			b->failed = true;
			return -1;
		}
		b->s = ns;
		b->cap = ncap;
	}
	memcpy(b->s + b->len, data, size);
	b->len += size;
	return 0;
}

int print_finish(void)
{
	struct dump_buf doc = { 0 };
	int err = pr.err;

	if (pr.json && !err && pr.root) {
		size_t flags = JSON_ENCODE_ANY | JSON_PRESERVE_ORDER;

		flags |= pr.pretty ? JSON_INDENT(2) : JSON_COMPACT;
		if (json_dump_callback(pr.root, dump_cb, &doc, flags) < 0 ||
		    doc.failed) {
			err = -ENOMEM;
		} else {
			fwrite(doc.s, 1, doc.len, pr.out);
			fputc('\n', pr.out);
		}
		free(doc.s);
	}
	errno = 0;
	if (fflush(pr.out) == EOF || ferror(pr.out)) {
		if (!err)
			err = errno ? -errno : -EIO;
	}
	print_discard();
	return err;
}

struct print_table {
	size_t ncols;
	size_t nrows;		/* including the header row */
	size_t cap;
	char **cells;		/* nrows * ncols */
};

int print_table_add(struct print_table *t, const char *const *cells)
{
	size_t i;

	if (t->nrows == t->cap) {
		size_t ncap = t->cap ? t->cap * 2 : 16;
		char **nc = realloc(t->cells, ncap * t->ncols * sizeof(*nc));

		if (!nc)
			return -ENOMEM;
		t->cells = nc;
		t->cap = ncap;
	}
	for (i = 0; i < t->ncols; i++) {
		char *c = text_safe(cells[i] ? cells[i] : "");

		if (!c) {
			while (i--)
				free(t->cells[t->nrows * t->ncols + i]);
			return -ENOMEM;
		}
		t->cells[t->nrows * t->ncols + i] = c;
	}
	t->nrows++;
	return 0;
}

struct print_table *print_table_new(size_t ncols, const char *const *headers)
{
	struct print_table *t;

	if (!ncols)
		return NULL;
	t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->ncols = ncols;
	if (print_table_add(t, headers)) {
		print_table_free(t);
		return NULL;
	}
	return t;
}

void print_table_emit(const struct print_table *t)
{
	size_t r, c;
	size_t *w;

	if (pr.json || !t)
		return;
	w = calloc(t->ncols, sizeof(*w));
	if (!w) {
		pr.err = -ENOMEM;
		return;
	}
	for (r = 0; r < t->nrows; r++)
		for (c = 0; c < t->ncols; c++) {
			size_t l = strlen(t->cells[r * t->ncols + c]);

			if (l > w[c])
				w[c] = l;
		}
	for (r = 0; r < t->nrows; r++) {
		for (c = 0; c < t->ncols; c++) {
			const char *cell = t->cells[r * t->ncols + c];

			if (c + 1 == t->ncols)
				fprintf(pr.out, "%s\n", cell);
			else
				fprintf(pr.out, "%-*s  ", (int)w[c], cell);
		}
	}
	free(w);
}

void print_table_free(struct print_table *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	free(t);
}

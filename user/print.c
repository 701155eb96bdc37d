// SPDX-License-Identifier: GPL-2.0
/*
 * nstrack - text or JSON output.  JSON is written as it is produced by
 * yajl's streaming generator into one buffer, and the buffer is printed
 * whole by print_finish(): no tree of the document is ever built, so a
 * dump of 10,000 namespaces costs about what its text table costs.
 */
#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_gen.h>

#include "print.h"

#define PRINT_MAX_DEPTH 16

/*
 * yajl allocates exactly two things, both in yajl_gen_alloc(): the
 * generator and a buffer header that the print callback then replaces,
 * and it does not check the second allocation.  Both come from this arena,
 * so that they cannot fail; everything the document needs is in our own
 * buffer, whose growth is checked.
 */
#define ARENA_SIZE 4096

static struct {
	_Alignas(max_align_t) unsigned char bytes[ARENA_SIZE];
	size_t used;
} arena;

static void *arena_malloc(void *ctx, size_t size)
{
	size_t at = (arena.used + _Alignof(max_align_t) - 1) &
		    ~(_Alignof(max_align_t) - 1);

	(void)ctx;
	if (size > ARENA_SIZE - at)
		return NULL;
	arena.used = at + size;
	return arena.bytes + at;
}

static void *arena_realloc(void *ctx, void *p, size_t size)
{
	(void)ctx;
	(void)p;
	(void)size;
	return NULL;
}

static void arena_free(void *ctx, void *p)
{
	(void)ctx;
	(void)p;
}

static yajl_alloc_funcs arena_funcs = {
	arena_malloc, arena_realloc, arena_free, NULL
};

struct doc_buf {
	char *s;
	size_t len, cap;
	bool failed;
};

/* One open JSON container; its bracket is written with its first member. */
struct level {
	bool is_array;
	bool opened;
};

static struct {
	FILE *out;
	bool json;
	bool pretty;
	int err;			/* sticky: first failure while building */
	yajl_gen gen;
	struct doc_buf doc;
	bool have_root;
	struct level stack[PRINT_MAX_DEPTH];
	unsigned int depth;
	unsigned int lost_depth;	/* opens beyond PRINT_MAX_DEPTH */
} pr;

static void doc_append(void *ctx, const char *data, size_t size)
{
	struct doc_buf *b = ctx;

	if (b->failed)
		return;
	if (size > b->cap - b->len) {
		size_t ncap = b->cap ? b->cap : 4096;
		char *ns;

		while (ncap - b->len < size)
			ncap *= 2;
		ns = realloc(b->s, ncap);
		if (!ns) {
			b->failed = true;
			return;
		}
		b->s = ns;
		b->cap = ncap;
	}
	memcpy(b->s + b->len, data, size);
	b->len += size;
}

int print_init(FILE *out, bool json, bool pretty)
{
	print_discard();
	pr.out = out;
	pr.json = json || pretty;
	pr.pretty = pretty;
	pr.err = 0;
	if (!pr.json)
		return 0;
	arena.used = 0;
	pr.gen = yajl_gen_alloc(&arena_funcs);
	if (!pr.gen ||
	    !yajl_gen_config(pr.gen, yajl_gen_print_callback, doc_append,
			     &pr.doc) ||
	    (pretty && (!yajl_gen_config(pr.gen, yajl_gen_beautify, 1) ||
			!yajl_gen_config(pr.gen, yajl_gen_indent_string, "  ")))) {
		pr.err = -ENOMEM;
		return pr.err;
	}
	return 0;
}

bool print_is_json(void)
{
	return pr.json;
}

void print_discard(void)
{
	if (pr.gen)
		yajl_gen_free(pr.gen);
	pr.gen = NULL;
	free(pr.doc.s);
	memset(&pr.doc, 0, sizeof(pr.doc));
	pr.have_root = false;
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

static void gen_check(yajl_gen_status st)
{
	/* only a misuse of the printer can make yajl refuse a value */
	if (st != yajl_gen_status_ok && !pr.err)
		pr.err = -EINVAL;
}

/*
 * Strictly valid UTF-8 (no overlong forms, surrogates or code points past
 * U+10FFFF), as JSON requires: iconv to UTF-32 refuses all of them.  Only
 * strings with a byte >= 0x80 get here.
 */
static bool utf8_valid(const char *s, size_t len)
{
	char out[256], *in = (char *)s, *o;
	size_t left = len, room;
	iconv_t cd;
	bool ok = true;

	cd = iconv_open("UTF-32LE", "UTF-8");
	if (cd == (iconv_t)-1)
		return false;
	while (left && ok) {
		o = out;
		room = sizeof(out);
		if (iconv(cd, &in, &left, &o, &room) == (size_t)-1 &&
		    errno != E2BIG)
			ok = false;
	}
	iconv_close(cd);
	return ok;
}

/*
 * A task comm or a file name need not be UTF-8: if s is not, every byte
 * >= 0x80 becomes '?'.
 */
static void gen_string(const char *s)
{
	size_t len = strlen(s), i;
	char *c;

	for (i = 0; i < len && (unsigned char)s[i] < 0x80; i++)
		;
	if (i == len || utf8_valid(s, len)) {
		gen_check(yajl_gen_string(pr.gen, (const unsigned char *)s, len));
		return;
	}
	c = strdup(s);
	if (!c) {
		pr.err = -ENOMEM;
		return;
	}
	for (i = 0; i < len; i++)
		if ((unsigned char)c[i] >= 0x80)
			c[i] = '?';
	gen_check(yajl_gen_string(pr.gen, (const unsigned char *)c, len));
	free(c);
}

/*
 * An integer in decimal; yajl_gen_integer() goes through sprintf, which
 * was a third of the cost of a listing.
 */
static void gen_integer(uint64_t magnitude, bool negative)
{
	char digits[24], *p = digits + sizeof(digits);

	do {
		*--p = (char)('0' + magnitude % 10);
		magnitude /= 10;
	} while (magnitude);
	if (negative)
		*--p = '-';
	gen_check(yajl_gen_number(pr.gen, p, (size_t)(digits + sizeof(digits) - p)));
}

/*
 * Would a value with this key be kept?  Inside an object a value without
 * a key is text-only; a second top-level value is a misuse.
 */
static bool json_wants(const char *key)
{
	if (pr.err || pr.lost_depth || !pr.gen)
		return false;
	if (!pr.depth) {
		if (pr.have_root)
			pr.err = -EINVAL;
		return !pr.have_root;
	}
	return key || pr.stack[pr.depth - 1].is_array;
}

/*
 * Write the brackets of the open containers that have none yet, then the
 * key (inside an object): a member follows.
 */
static void json_member(const char *key)
{
	unsigned int i;

	for (i = 0; i < pr.depth; i++) {
		struct level *l = &pr.stack[i];

		if (l->opened)
			continue;
		gen_check(l->is_array ? yajl_gen_array_open(pr.gen) :
					yajl_gen_map_open(pr.gen));
		l->opened = true;
	}
	if (!pr.depth)
		pr.have_root = true;
	else if (!pr.stack[pr.depth - 1].is_array)
		gen_string(key);
}

static void open_container(const char *key, bool is_array)
{
	if (!pr.json)
		return;
	if (pr.lost_depth || pr.depth == PRINT_MAX_DEPTH || !json_wants(key)) {
		if (pr.depth == PRINT_MAX_DEPTH)
			pr.err = -EINVAL;
		pr.lost_depth++;
		return;
	}
	json_member(key);
	pr.stack[pr.depth].is_array = is_array;
	pr.stack[pr.depth].opened = false;
	pr.depth++;
}

static void close_container(void)
{
	struct level *l;

	if (!pr.json)
		return;
	if (pr.lost_depth) {
		pr.lost_depth--;
		return;
	}
	if (!pr.depth)
		return;
	l = &pr.stack[--pr.depth];
	if (pr.err)
		return;
	if (l->opened)
		gen_check(l->is_array ? yajl_gen_array_close(pr.gen) :
					yajl_gen_map_close(pr.gen));
	else	/* empty: "[]" or "{}" on one line, also when indenting */
		gen_check(yajl_gen_number(pr.gen, l->is_array ? "[]" : "{}", 2));
}

void print_open_object(const char *key)
{
	open_container(key, false);
}

void print_close_object(void)
{
	close_container();
}

void print_open_array(const char *key)
{
	open_container(key, true);
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
		json_member(key);
		/*
		 * Past 2^63 (never in practice) a value degrades to a rounded
		 * real rather than overflow the integers of common parsers.
		 */
		if (v <= (uint64_t)INT64_MAX)
			gen_integer(v, false);
		else
			gen_check(yajl_gen_double(pr.gen, (double)v));
	} else if (fmt) {
		fprintf(pr.out, fmt, v);
	}
}

void print_s64(const char *key, const char *fmt, int64_t v)
{
	if (pr.json) {
		if (json_wants(key)) {
			json_member(key);
			/* the magnitude of INT64_MIN is only a uint64_t */
			gen_integer(v < 0 ? -(uint64_t)v : (uint64_t)v, v < 0);
		}
	} else if (fmt) {
		fprintf(pr.out, fmt, v);
	}
}

void print_string(const char *key, const char *fmt, const char *s)
{
	if (pr.json) {
		if (json_wants(key)) {
			json_member(key);
			if (s)
				gen_string(s);
			else
				gen_check(yajl_gen_null(pr.gen));
		}
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
		if (json_wants(key)) {
			json_member(key);
			gen_check(yajl_gen_bool(pr.gen, v));
		}
	} else if (fmt) {
		fprintf(pr.out, fmt, v ? "true" : "false");
	}
}

void print_null(const char *key, const char *text_value)
{
	if (pr.json) {
		if (json_wants(key)) {
			json_member(key);
			gen_check(yajl_gen_null(pr.gen));
		}
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
 * The JSON document is printed whole or not at all.  A write that failed
 * is remembered by errno and ferror, and reported.
 */
int print_finish(void)
{
	int err;

	/* as the whole tree used to be printed, so are unclosed containers */
	while (pr.json && (pr.depth || pr.lost_depth))
		close_container();
	err = pr.err;
	if (pr.json && !err && pr.doc.failed)
		err = -ENOMEM;
	if (pr.json && !err && pr.have_root) {
		size_t len = pr.doc.len;

		/* yajl ends an indented document with a newline, we always do */
		if (len && pr.doc.s[len - 1] == '\n')
			len--;
		fwrite(pr.doc.s, 1, len, pr.out);
		fputc('\n', pr.out);
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

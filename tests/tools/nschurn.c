// SPDX-License-Identifier: GPL-2.0
/*
 * nschurn [-w WORKERS] [-n CYCLES] - create and destroy network namespaces
 * as fast as the kernel allows.
 *
 * Forks WORKERS processes (default 1); each calls unshare(CLONE_NEWNET)
 * CYCLES times (default 100).  Every call makes a new namespace and drops
 * the worker's reference to the previous one, which the kernel then tears
 * down in its cleanup work queue; the last one goes when the worker exits.
 * So a run creates WORKERS * CYCLES namespaces and, once the kernel has
 * caught up, destroys all of them.  Teardown is asynchronous: when nschurn
 * returns, namespaces may still be dying.
 *
 * On success it prints one line on stdout:
 *   nschurn: W workers x N cycles: T namespaces in S.SSS s
 * (S is the time until every worker has exited, not until the kernel has
 * finished tearing down).  On any failure it prints one line on stderr,
 * about the first worker that failed, and exits 1.  Needs CAP_SYS_ADMIN.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_WORKERS 1024

/* what a worker tells the parent, in memory shared across fork() */
struct result {
	int err;		/* errno of the failed unshare(), 0 if none */
	long cycle;		/* the cycle it failed in, counting from 1 */
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: nschurn [-w WORKERS] [-n CYCLES]\n"
		"\n"
		"Fork WORKERS processes (default 1, at most %d), each of which\n"
		"creates and drops CYCLES network namespaces (default 100) with\n"
		"unshare(CLONE_NEWNET).  Prints one summary line; on failure, one\n"
		"error line and exit status 1.\n",
		MAX_WORKERS);
}

static int parse_num(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static void worker(long cycles, struct result *res)
{
	long i;

	for (i = 1; i <= cycles; i++) {
		if (unshare(CLONE_NEWNET) < 0) {
			res->err = errno;
			res->cycle = i;
			_exit(1);
		}
	}
	_exit(0);
}

static double elapsed(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) +
	       (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

int main(int argc, char **argv)
{
	long workers = 1, cycles = 100, started = 0, i;
	struct timespec t0, t1;
	struct result *res;
	char msg[256] = "";
	pid_t *pids;
	int opt, failed = 0;

	while ((opt = getopt(argc, argv, "w:n:h")) != -1) {
		switch (opt) {
		case 'w':
			if (parse_num(optarg, 1, MAX_WORKERS, &workers) < 0) {
				fprintf(stderr, "nschurn: -w takes a number from 1 to %d\n",
					MAX_WORKERS);
				return 2;
			}
			break;
		case 'n':
			if (parse_num(optarg, 0, INT_MAX, &cycles) < 0) {
				fprintf(stderr, "nschurn: -n takes a number from 0 to %d\n",
					INT_MAX);
				return 2;
			}
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}

	/* zero-filled, and shared with the workers across fork() */
	res = mmap(NULL, (size_t)workers * sizeof(*res), PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pids = calloc((size_t)workers, sizeof(*pids));
	if (res == MAP_FAILED || !pids) {
		fprintf(stderr, "nschurn: out of memory\n");
		return 1;
	}

	/* output buffered before fork() would be written by every child */
	fflush(NULL);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < workers; i++) {
		pids[i] = fork();
		if (pids[i] == 0)
			worker(cycles, &res[i]);
		if (pids[i] < 0) {
			snprintf(msg, sizeof(msg), "nschurn: fork of worker %ld: %s",
				 i, strerror(errno));
			failed = 1;
			break;
		}
		started++;
	}

	/* wait for every worker started; report the first failure only */
	for (i = 0; i < started; i++) {
		int status;

		while (waitpid(pids[i], &status, 0) < 0) {
			if (errno != EINTR) {
				status = -1;
				break;
			}
		}
		if (failed || (WIFEXITED(status) && WEXITSTATUS(status) == 0))
			continue;
		failed = 1;
		if (status == -1)
			snprintf(msg, sizeof(msg), "nschurn: waitpid worker %ld: %s",
				 i, strerror(errno));
		else if (WIFSIGNALED(status))
			snprintf(msg, sizeof(msg), "nschurn: worker %ld killed by signal %d",
				 i, WTERMSIG(status));
		else if (res[i].err)
			snprintf(msg, sizeof(msg),
				 "nschurn: worker %ld: cycle %ld of %ld: unshare(CLONE_NEWNET): %s",
				 i, res[i].cycle, cycles, strerror(res[i].err));
		else
			snprintf(msg, sizeof(msg), "nschurn: worker %ld exited with status %d",
				 i, WEXITSTATUS(status));
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);

	if (failed) {
		fprintf(stderr, "%s\n", msg);
		return 1;
	}
	printf("nschurn: %ld workers x %ld cycles: %ld namespaces in %.3f s\n",
	       workers, cycles, workers * cycles, elapsed(&t0, &t1));
	return fflush(stdout) == 0 ? 0 : 1;
}

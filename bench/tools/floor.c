/*
 * The syscall floor of one heartbeat scan: what no implementation can avoid.
 *
 *   floor DIR [WARMUP] [REPS] [--no-drop]
 *
 * One scan = opendir/readdir over DIR; for every "heartbeat-*.json" entry:
 * openat(O_RDONLY), one read() into a 64 KiB buffer, close(), and kill(pid, 0).
 * The pid is taken from the file NAME (digits after "heartbeat-"), not from the
 * JSON: the floor does no JSON or timestamp parsing and so does not classify
 * fresh/stale/orphan; it counts live and dead pids and the bytes read.
 *
 * The first scan runs right after trying to drop the page cache (sync; writing 3
 * to /proc/sys/vm/drop_caches, root only) and is reported as cold; then WARMUP
 * scans are discarded and REPS scans are timed with CLOCK_MONOTONIC.
 * Prints one JSON line.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct scan_result {
	long files, alive, dead, bytes;
};

static char buf[64 * 1024];

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int is_heartbeat(const char *name, size_t len)
{
	return len > 15 && memcmp(name, "heartbeat-", 10) == 0 && memcmp(name + len - 5, ".json", 5) == 0;
}

static struct scan_result scan(const char *dir)
{
	struct scan_result r = {0};
	DIR *d = opendir(dir);
	if (!d) {
		perror(dir);
		exit(1);
	}
	int dfd = dirfd(d);
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		if (!is_heartbeat(e->d_name, len))
			continue;
		int fd = openat(dfd, e->d_name, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue; /* vanished mid-scan */
		ssize_t n = read(fd, buf, sizeof buf);
		close(fd);
		if (n > 0)
			r.bytes += n;
		r.files++;
		long pid = strtol(e->d_name + 10, NULL, 10);
		if (pid > 0 && (kill((pid_t)pid, 0) == 0 || errno == EPERM))
			r.alive++;
		else
			r.dead++;
	}
	closedir(d);
	return r;
}

static int drop_caches(void)
{
	sync();
	int fd = open("/proc/sys/vm/drop_caches", O_WRONLY);
	if (fd < 0)
		return 0;
	int ok = write(fd, "3", 1) == 1;
	close(fd);
	return ok;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	const char *dir = NULL;
	int warmup = 3, reps = 20, drop = 1, pos = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--no-drop") == 0)
			drop = 0;
		else if (pos == 0 && ++pos)
			dir = argv[i];
		else if (pos == 1 && ++pos)
			warmup = atoi(argv[i]);
		else if (pos == 2 && ++pos)
			reps = atoi(argv[i]);
	}
	if (!dir || reps < 1) {
		fprintf(stderr, "usage: %s DIR [WARMUP] [REPS] [--no-drop]\n", argv[0]);
		return 2;
	}

	int dropped = drop && drop_caches();
	double t0 = now_ms();
	struct scan_result first = scan(dir);
	double cold = now_ms() - t0;

	for (int i = 0; i < warmup; i++)
		scan(dir);
	double *t = malloc(sizeof(double) * reps);
	struct scan_result last = first;
	for (int i = 0; i < reps; i++) {
		t0 = now_ms();
		last = scan(dir);
		t[i] = now_ms() - t0;
	}
	qsort(t, reps, sizeof(double), cmp_double);
	double median = reps % 2 ? t[reps / 2] : (t[reps / 2 - 1] + t[reps / 2]) / 2;

	printf("{\"impl\":\"floor\",\"files\":%ld,\"alive\":%ld,\"dead\":%ld,\"bytes\":%ld,"
	       "\"cache_dropped\":%s,\"cold_ms\":%.3f,\"warm_median_ms\":%.3f,\"warm_min_ms\":%.3f,"
	       "\"warm_max_ms\":%.3f,\"warmup\":%d,\"reps\":%d}\n",
	       last.files, last.alive, last.dead, last.bytes, dropped ? "true" : "false", cold, median, t[0],
	       t[reps - 1], warmup, reps);
	free(t);
	return 0;
}

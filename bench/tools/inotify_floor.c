/*
 * The floor of the watch's wake-up: how long from a heartbeat's rename() into place to
 * a thread blocked on inotify holding the event. What no watching service can beat.
 *
 *   inotify_floor DIR TRIALS [GAP_MS=100]
 *
 * Each trial stages a heartbeat as the wrappers write it (heartbeat-<pid>-<n>.json.<n>.tmp
 * written and closed beside the target), takes CLOCK_MONOTONIC, rename()s it into place,
 * and the watching thread, blocked in read() on an inotify descriptor for the directory,
 * takes the time when it reads the IN_MOVED_TO of that name. The file is then removed and
 * GAP_MS waited. Prints one line per trial: the microseconds from before rename() to the
 * event in hand.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <time.h>
#include <unistd.h>

static int inotify_fd;
static char expected[256];
static atomic_long seen_at_ns;
static atomic_int trial_armed;

static long now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

static void *watch(void *arg)
{
	(void)arg;
	char buf[64 * 1024] __attribute__((aligned(__alignof__(struct inotify_event))));
	for (;;) {
		ssize_t len = read(inotify_fd, buf, sizeof buf);
		long at = now_ns();
		if (len <= 0) {
			if (errno == EINTR)
				continue;
			return NULL;
		}
		for (char *p = buf; p < buf + len;) {
			struct inotify_event *event = (struct inotify_event *)p;
			if ((event->mask & IN_MOVED_TO) && event->len > 0 && atomic_load(&trial_armed)
			    && strcmp(event->name, expected) == 0) {
				atomic_store(&trial_armed, 0);
				atomic_store(&seen_at_ns, at);
			}
			p += sizeof(struct inotify_event) + event->len;
		}
	}
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: %s DIR TRIALS [GAP_MS]\n", argv[0]);
		return 2;
	}
	const char *dir = argv[1];
	int trials = atoi(argv[2]);
	int gap_ms = argc > 3 ? atoi(argv[3]) : 100;
	inotify_fd = inotify_init1(IN_CLOEXEC);
	if (inotify_fd < 0 || inotify_add_watch(inotify_fd, dir, IN_CREATE | IN_DELETE | IN_MODIFY | IN_MOVED_TO
							   | IN_MOVED_FROM) < 0) {
		perror("inotify");
		return 1;
	}
	pthread_t thread;
	pthread_create(&thread, NULL, watch, NULL);
	long pid = (long)getpid();
	for (int i = 0; i < trials; i++) {
		char staged[600], target[512];
		snprintf(expected, sizeof expected, "heartbeat-%ld-floor-%d.json", pid, i);
		snprintf(target, sizeof target, "%s/%s", dir, expected);
		snprintf(staged, sizeof staged, "%s.%d.tmp", target, i);
		int fd = open(staged, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (fd < 0) {
			perror(staged);
			return 1;
		}
		char payload[512];
		int n = snprintf(payload, sizeof payload,
				 "{\"pid\":%ld,\"uuid\":\"floor-%d\",\"started_at\":\"2026-01-01T00:00:00.000Z\","
				 "\"last_refresh\":\"2026-01-01T00:00:00.000Z\",\"wrapper_version\":\"1.0.0\","
				 "\"schema_version\":1}",
				 pid, i);
		if (write(fd, payload, n) != n || close(fd) != 0) {
			perror("write");
			return 1;
		}
		atomic_store(&seen_at_ns, 0);
		atomic_store(&trial_armed, 1);
		long before = now_ns();
		if (rename(staged, target) != 0) {
			perror("rename");
			return 1;
		}
		long deadline = before + 5000000000L;
		while (atomic_load(&seen_at_ns) == 0 && now_ns() < deadline)
			;
		long seen = atomic_load(&seen_at_ns);
		if (seen == 0) {
			fprintf(stderr, "trial %d: no event within 5 s\n", i);
			return 1;
		}
		printf("%.1f\n", (seen - before) / 1000.0);
		unlink(target);
		struct timespec gap = {gap_ms / 1000, (gap_ms % 1000) * 1000000L};
		nanosleep(&gap, NULL);
	}
	return 0;
}

/*
 * A writer storm: heartbeats staged and renamed into place as fast as asked, in several
 * directories alike.
 *
 *   rename_storm RATE SECONDS PID STARTED_AT_ISO DIR...
 *
 * In each DIR: writes heartbeat-PID-storm-<n>.json.<n>.tmp, closes it, rename()s it into
 * place, and removes the heartbeat of 50 renames before, so 50 stay; paced at RATE renames
 * a second per directory for SECONDS. Each is a new name: a rename over an existing file
 * makes ext4 start writing the data back (auto_da_alloc), about a millisecond each on the
 * project's VM, which would cap the storm far below thousands a second. Prints the
 * renames a second it reached per directory.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define NAMES 50

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	if (argc < 6) {
		fprintf(stderr, "usage: %s RATE SECONDS PID STARTED_AT_ISO DIR...\n", argv[0]);
		return 2;
	}
	double rate = atof(argv[1]), seconds = atof(argv[2]);
	long pid = atol(argv[3]);
	const char *started = argv[4];
	int dirs = argc - 5;
	double began = now_s();
	long renames = 0;
	while (now_s() - began < seconds) {
		for (int d = 0; d < dirs; d++) {
			char target[600], staged[700], payload[512];
			snprintf(target, sizeof target, "%s/heartbeat-%ld-storm-%ld.json", argv[5 + d], pid, renames);
			snprintf(staged, sizeof staged, "%s.%ld.tmp", target, renames);
			time_t wall = time(NULL);
			struct tm utc;
			gmtime_r(&wall, &utc);
			char refreshed[40];
			strftime(refreshed, sizeof refreshed, "%Y-%m-%dT%H:%M:%S.000Z", &utc);
			int n = snprintf(payload, sizeof payload,
					 "{\"pid\":%ld,\"uuid\":\"storm-%ld\",\"started_at\":\"%s\",\"last_refresh\":\"%s\","
					 "\"wrapper_version\":\"1.0.0\",\"schema_version\":1}",
					 pid, renames, started, refreshed);
			int fd = open(staged, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
			if (fd < 0 || write(fd, payload, n) != n || close(fd) != 0 || rename(staged, target) != 0) {
				perror(staged);
				return 1;
			}
			if (renames >= NAMES) {
				snprintf(target, sizeof target, "%s/heartbeat-%ld-storm-%ld.json", argv[5 + d], pid,
					 renames - NAMES);
				unlink(target);
			}
		}
		renames++;
		double ahead = renames / rate - (now_s() - began);
		if (ahead > 0) {
			struct timespec pause = {(time_t)ahead, (long)((ahead - (time_t)ahead) * 1e9)};
			nanosleep(&pause, NULL);
		}
	}
	printf("%.0f\n", renames / (now_s() - began));
	return 0;
}

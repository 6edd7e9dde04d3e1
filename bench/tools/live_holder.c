/*
 * Holds K distinct live pids for the benchmarks: K forked children that only pause().
 *
 *   live_holder K PIDS_FILE [MAX_SEC]
 *
 * Each child is its own single-threaded process, as a real wrapper is, so probing it
 * costs what probing a wrapper costs (kill(pid, 0), or Java's read of /proc/<pid>/stat,
 * which for a thread id would walk every thread of its group). Children share the
 * parent's pages copy-on-write: about 50 KiB of kernel and page-table memory each.
 * Writes the K pids to PIDS_FILE (one a line, renamed into place once all exist), then
 * waits until SIGTERM/SIGINT or MAX_SEC (default 3600) seconds, kills and reaps the
 * children. A child also dies if the parent is killed outright (PR_SET_PDEATHSIG).
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: %s K PIDS_FILE [MAX_SEC]\n", argv[0]);
		return 2;
	}
	long k = atol(argv[1]);
	unsigned max_sec = argc > 3 ? (unsigned)atoi(argv[3]) : 3600;
	pid_t *pids = calloc(k > 0 ? k : 1, sizeof(pid_t));
	pid_t parent = getpid();

	struct sigaction sa = {.sa_handler = on_signal};
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGALRM, &sa, NULL);

	long made = 0;
	for (; made < k && !stop; made++) {
		pid_t pid = fork();
		if (pid < 0) {
			perror("fork");
			break;
		}
		if (pid == 0) {
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			if (getppid() != parent)
				_exit(0);
			signal(SIGTERM, SIG_DFL);
			signal(SIGINT, SIG_DFL);
			for (;;)
				pause();
		}
		pids[made] = pid;
	}

	int status = 0;
	if (made == k) {
		char tmp[4096];
		snprintf(tmp, sizeof tmp, "%s.%d.tmp", argv[2], (int)parent);
		FILE *f = fopen(tmp, "w");
		if (!f) {
			perror(tmp);
			status = 1;
		}
		else {
			for (long i = 0; i < made; i++)
				fprintf(f, "%d\n", (int)pids[i]);
			fclose(f);
			if (rename(tmp, argv[2]) != 0) {
				perror("rename");
				status = 1;
			}
		}
		alarm(max_sec);
		while (!stop && status == 0)
			pause();
	}
	else {
		status = 1;
	}

	for (long i = 0; i < made; i++)
		kill(pids[i], SIGKILL);
	for (long i = 0; i < made; i++)
		waitpid(pids[i], NULL, 0);
	return status;
}

/*
 * Fuzz target: what an event listener writes on its standard output, the
 * only input of the listener protocol (listener.c). A pool of one
 * RUNNING listener with a small buffer is sent events as the input goes:
 * each 0xff byte is an event emitted, each 0xfe the listener's exit and
 * a new run, anything else goes to the protocol reader (READY, RESULT
 * lines and their bytes, or garbage). Nothing a listener writes may
 * crash the daemon, leak, or make it hold more than the pool's buffer.
 */

#include <event2/event.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "listener.h"
#include "xmalloc.h"

static struct event_base	*fuzz_base;
static struct supervisor	 fuzz_sv;
static struct cfg		 fuzz_cf;
static struct cfg_program	 fuzz_cp;
static struct program		 fuzz_pg;
static struct proc		 fuzz_p;
static struct proc		*fuzz_procs[1];

static void	fuzz_listener_init(void);
static void	fuzz_listener_run(void);

/* One supervisor with one listener program, for every input. */
static void
fuzz_listener_init(void)
{
	fuzz_base = event_base_new();
	fuzz_sv.base = fuzz_base;
	fuzz_sv.cf = &fuzz_cf;
	TAILQ_INIT(&fuzz_sv.programs);
	TAILQ_INIT(&fuzz_sv.listeners);
	fuzz_cp.name = xstrdup("mon");
	fuzz_cp.events = xstrdup("PROCESS_STATE, TICK_5");
	fuzz_cp.buffer_size = 3;
	fuzz_pg.name = fuzz_cp.name;
	fuzz_pg.cp = &fuzz_cp;
	fuzz_pg.sv = &fuzz_sv;
	fuzz_pg.procs = fuzz_procs;
	fuzz_pg.nprocs = 1;
	fuzz_procs[0] = &fuzz_p;
	fuzz_p.name = fuzz_cp.name;
	fuzz_p.pg = &fuzz_pg;
	fuzz_p.state = PROC_RUNNING;
	TAILQ_INSERT_TAIL(&fuzz_sv.programs, &fuzz_pg, entry);
	eventlog_level(EVL_ERROR + 1);
	/* As in the daemon: a closed pipe is an error, not a signal. */
	signal(SIGPIPE, SIG_IGN);
}

/* A new run of the listener: a pipe as its standard input. */
static void
fuzz_listener_run(void)
{
	int	 fds[2];

	if (pipe2(fds, O_CLOEXEC) != 0)
		abort();
	/* Nobody reads: writes stop at the pipe's size, then wait. */
	close(fds[0]);
	lsn_start(&fuzz_p, fds[1]);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t	 i, start = 0;

	if (fuzz_base == NULL)
		fuzz_listener_init();
	lsn_init(&fuzz_sv);
	lsn_sync(&fuzz_sv);
	fuzz_listener_run();
	for (i = 0; i <= size; i++) {
		if (i < size && data[i] != 0xff && data[i] != 0xfe)
			continue;
		if (i > start && fuzz_p.lsn != NULL)
			lsn_data(&fuzz_p, (const char *)data + start,
			    i - start);
		start = i + 1;
		if (i == size)
			break;
		if (data[i] == 0xff)
			lsn_emit(&fuzz_sv, LSN_PROCESS_STATE_RUNNING,
			    "processname:web groupname:web from_state:STARTING "
			    "pid:1");
		else {
			lsn_stop(&fuzz_p);
			fuzz_listener_run();
		}
	}
	lsn_stop(&fuzz_p);
	lsn_free(&fuzz_sv);
	return (0);
}

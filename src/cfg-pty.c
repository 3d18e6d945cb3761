/*
 * ptys are a resource of the whole system: kernel.pty.max of them in all
 * (4096 on many machines), kernel.pty.nr in use. Every process with
 * tty: true takes one, so a config with more such processes than the
 * limit cannot work: --check, the start and a reload say so, with the
 * numbers and the two ways out, instead of leaving hundreds of processes
 * to fail their spawns. A spawn that finds no pty left (the limit is
 * shared with everything else on the machine) says the same.
 *
 * TASKMASTER_PTY_DIR names a folder to read "max" and "nr" from instead
 * of /proc/sys/kernel/pty, so the tests can set a small limit without
 * lowering the machine's.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfg.h"
#include "xmalloc.h"

#define CFG_PTY_DIR	"/proc/sys/kernel/pty"

static int	 cfg_pty_read(const char *, u_int *);
static u_int	 cfg_pty_raise(u_int);

/* Read one number from a file of the pty folder; -1 if there is none. */
static int
cfg_pty_read(const char *name, u_int *v)
{
	const char	*dir = getenv("TASKMASTER_PTY_DIR");
	char		*path;
	FILE		*f;
	int		 rc;

	if (dir == NULL || *dir == '\0')
		dir = CFG_PTY_DIR;
	path = xstrfmt("%s/%s", dir, name);
	f = fopen(path, "r");
	free(path);
	if (f == NULL)
		return (-1);
	rc = fscanf(f, "%u", v) == 1 ? 0 : -1;
	fclose(f);
	return (rc);
}

/* A limit to suggest: room for want, in steps of 1024. */
static u_int
cfg_pty_raise(u_int want)
{
	return ((want / 1024 + 1) * 1024);
}

int
cfg_pty_limit(u_int *max, u_int *used)
{
	if (cfg_pty_read("max", max) != 0)
		return (-1);
	if (cfg_pty_read("nr", used) != 0)
		*used = 0;
	return (0);
}

char *
cfg_pty_over(u_int need)
{
	u_int	 max, used;

	if (cfg_pty_limit(&max, &used) != 0 || need <= max)
		return (NULL);
	return (xstrfmt("%u processes with tty: true need as many ptys, but "
	    "this system has %u in all (kernel.pty.max): set tty: false for "
	    "the programs that need no terminal, or raise the limit (sysctl "
	    "-w kernel.pty.max=%u)", need, max, cfg_pty_raise(need + used)));
}

char *
cfg_pty_none(int error)
{
	u_int	 max, used;

	if (cfg_pty_limit(&max, &used) != 0)
		return (xstrfmt("no pty left (%s): set tty: false if it needs "
		    "no terminal, or raise kernel.pty.max", strerror(error)));
	return (xstrfmt("no pty left (%s): %u of the system's %u are in use "
	    "(kernel.pty.max): set tty: false if it needs no terminal, or "
	    "raise the limit (sysctl -w kernel.pty.max=%u)", strerror(error),
	    used, max, cfg_pty_raise(max)));
}

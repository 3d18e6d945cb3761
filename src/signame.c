/*
 * Signal names and numbers, for stopsignal and the signal command. A name
 * is accepted with or without "SIG" and in any case; a number may be any
 * signal the system has, real-time ones included.
 */

#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cfg.h"
#include "xmalloc.h"

#define SIGNAME_MAX	64	/* the highest signal number accepted */

static const struct signame_entry {
	const char	*name;
	int		 sig;
} signame_table[] = {
	{ "HUP", SIGHUP },
	{ "INT", SIGINT },
	{ "QUIT", SIGQUIT },
	{ "ILL", SIGILL },
	{ "TRAP", SIGTRAP },
	{ "ABRT", SIGABRT },
	{ "BUS", SIGBUS },
	{ "FPE", SIGFPE },
	{ "KILL", SIGKILL },
	{ "USR1", SIGUSR1 },
	{ "SEGV", SIGSEGV },
	{ "USR2", SIGUSR2 },
	{ "PIPE", SIGPIPE },
	{ "ALRM", SIGALRM },
	{ "TERM", SIGTERM },
#ifdef SIGSTKFLT
	{ "STKFLT", SIGSTKFLT },
#endif
	{ "CHLD", SIGCHLD },
	{ "CONT", SIGCONT },
	{ "STOP", SIGSTOP },
	{ "TSTP", SIGTSTP },
	{ "TTIN", SIGTTIN },
	{ "TTOU", SIGTTOU },
	{ "URG", SIGURG },
	{ "XCPU", SIGXCPU },
	{ "XFSZ", SIGXFSZ },
	{ "VTALRM", SIGVTALRM },
	{ "PROF", SIGPROF },
	{ "WINCH", SIGWINCH },
#ifdef SIGIO
	{ "IO", SIGIO },
#endif
#ifdef SIGPWR
	{ "PWR", SIGPWR },
#endif
	{ "SYS", SIGSYS },
	/* Other names for the signals above: never returned by the lookup. */
	{ "IOT", SIGABRT },
	{ "CLD", SIGCHLD },
#ifdef SIGPOLL
	{ "POLL", SIGPOLL },
#endif
};

static int	signame_max(void);
static int	signame_number(const char *, int *);

/* The highest signal number this system has, capped at SIGNAME_MAX. */
static int
signame_max(void)
{
#ifdef SIGRTMAX
	if (SIGRTMAX < SIGNAME_MAX)
		return (SIGRTMAX);
#endif
	return (SIGNAME_MAX);
}

/*
 * Parse a string of digits as a number; -1 if it is not one. A number too
 * long to be a signal becomes INT_MAX, so the caller says it is too large.
 */
static int
signame_number(const char *s, int *n)
{
	const char	*cp;

	if (*s == '\0')
		return (-1);
	for (cp = s; *cp != '\0'; cp++) {
		if (*cp < '0' || *cp > '9')
			return (-1);
	}
	while (s[0] == '0' && s[1] != '\0')
		s++;
	if (strlen(s) > 4)
		*n = INT_MAX;
	else
		*n = atoi(s);
	return (0);
}

/* Parse "TERM", "SIGTERM", "term" or "15". */
int
signame_parse(const char *s, int *sig, char **cause)
{
	const char	*name;
	char		*q;
	size_t		 i;
	int		 n;

	if (*s == '\0') {
		*cause = xstrdup("expected a signal name or number, got an "
		    "empty value");
		return (-1);
	}
	if (signame_number(s, &n) == 0) {
		if (n < 1 || n > signame_max()) {
			*cause = xstrfmt("no signal number %s (expected a "
			    "number from 1 to %d)", s, signame_max());
			return (-1);
		}
		*sig = n;
		return (0);
	}

	name = s;
	if (strncasecmp(name, "SIG", 3) == 0)
		name += 3;
	for (i = 0; i < sizeof signame_table / sizeof signame_table[0]; i++) {
		if (strcasecmp(name, signame_table[i].name) == 0) {
			*sig = signame_table[i].sig;
			return (0);
		}
	}

	q = diag_quote(s);
	*cause = xstrfmt("unknown signal %s (expected a name such as TERM, "
	    "HUP, INT, QUIT, KILL, USR1, USR2 or a number)", q);
	free(q);
	return (-1);
}

/* Return the name of a signal without "SIG", or NULL. */
const char *
signame_name(int sig)
{
	size_t	i;

	for (i = 0; i < sizeof signame_table / sizeof signame_table[0]; i++) {
		if (signame_table[i].sig == sig)
			return (signame_table[i].name);
	}
	return (NULL);
}

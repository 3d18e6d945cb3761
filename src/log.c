/*
 * Developer debug log (-v). libevent's own messages are routed here so a
 * problem inside the loop leaves a trace next to ours.
 */

#include <sys/time.h>

#include <ctype.h>
#include <event2/event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "xmalloc.h"

static FILE	*log_file;

static void	log_event_cb(int, const char *);
static void	log_vwrite(const char *, va_list)
	    __attribute__((format(printf, 1, 0)));

static void
log_event_cb(int severity, const char *msg)
{
	log_debug("libevent [%d]: %s", severity, msg);
}

void
log_open(const char *name)
{
	char	*path;

	if (log_file != NULL)
		return;
	xasprintf(&path, "taskmaster-%s-%ld.log", name, (long)getpid());
	log_file = fopen(path, "ae");
	free(path);
	if (log_file == NULL)
		return;
	setvbuf(log_file, NULL, _IOLBF, 0);
	event_set_log_callback(log_event_cb);
}

void
log_close(void)
{
	if (log_file != NULL)
		fclose(log_file);
	log_file = NULL;
	event_set_log_callback(NULL);
}

int
log_enabled(void)
{
	return (log_file != NULL);
}

static void
log_vwrite(const char *fmt, va_list ap)
{
	struct timeval	 tv;
	char		*msg, *out, *cp;
	const char	*s;

	xvasprintf(&msg, fmt, ap);
	out = cp = xmalloc(4 * strlen(msg) + 1);
	for (s = msg; *s != '\0'; s++) {
		if (iscntrl((u_char)*s))
			cp += sprintf(cp, "\\%03o", (u_char)*s);
		else
			*cp++ = *s;
	}
	*cp = '\0';
	gettimeofday(&tv, NULL);
	fprintf(log_file, "%lld.%06ld %s\n", (long long)tv.tv_sec,
	    (long)tv.tv_usec, out);
	free(out);
	free(msg);
}

void
log_debug(const char *fmt, ...)
{
	va_list	 ap;

	if (log_file == NULL)
		return;
	va_start(ap, fmt);
	log_vwrite(fmt, ap);
	va_end(ap);
}

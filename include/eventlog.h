/*
 * The user's event log (SPEC section 9): one line per event, to a file or
 * to stderr, and to whatever hooks in (the console).
 */

#ifndef EVENTLOG_H
#define EVENTLOG_H

#include <sys/types.h>
#include <sys/queue.h>

#include <stdbool.h>
#include <stdint.h>

struct event_base;

enum evl_level {
	EVL_DEBUG,
	EVL_INFO,
	EVL_WARN,
	EVL_ERROR
};

/* Log to path, or to stderr when path is NULL; fills cause on error. */
int	 eventlog_open(const char *, char **);
/* Reopen the log file (SIGUSR1, logrotate). */
int	 eventlog_reopen(char **);
/* Rotate the file past maxbytes (0: never), keeping backups files. */
void	 eventlog_limits(uint64_t, u_int);
/* Write events of this level and above (DEBUG with -v). */
void	 eventlog_level(enum evl_level);
/* Also copy every event to stderr (taskmasterd -n). */
void	 eventlog_stderr(bool);
/* Call cb for each of the newest lines, oldest first. */
void	 eventlog_recent(void (*)(const char *, void *), void *);
/* Close the event log and forget the newest lines. */
void	 eventlog_free(void);
/* Close the event log. */
void	 eventlog_close(void);
/* The path of the event log, or NULL for stderr. */
const char *eventlog_path(void);
/*
 * Write the event log's output through base's loop from now on: a pipe,
 * a FIFO, a socket or a terminal is then written without ever blocking
 * (NULL: back to direct writes, at exit).
 */
void	 eventlog_base(struct event_base *);
/* Write one event: timestamp, level, subject, message. */
void	 eventlog(enum evl_level, const char *, const char *, ...)
	     __attribute__((format(printf, 3, 4)));
/* Something that sees every event line (the console's log pane). */
struct eventlog_hook {
	void		(*cb)(const char *, void *);
	void		*arg;
	TAILQ_ENTRY(eventlog_hook) entry;
};
/* Start seeing every event line. */
void	 eventlog_hook_add(struct eventlog_hook *);
/* Stop seeing event lines. */
void	 eventlog_hook_remove(struct eventlog_hook *);

#endif

/*
 * The developer debug log, as tmux's log.c: silent unless -v was given,
 * one file per process, microsecond timestamps, control characters
 * escaped. Never the only place a fact the user needs appears: that goes
 * to the event log or to the reply of a command.
 */

#ifndef LOG_H
#define LOG_H

#include <stdarg.h>

/* Open the debug log as "taskmaster-NAME-PID.log" in the current folder. */
void	 log_open(const char *);
/* Close the debug log. */
void	 log_close(void);
/* Whether debug logging is on (to skip costly formatting). */
int	 log_enabled(void);
/* Write a debug line; does nothing unless the log is open. */
void	 log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));

#endif

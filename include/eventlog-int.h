/*
 * Inside the event log: where its lines go (eventlog-sink.c). A regular
 * file is written directly; anything else (a pipe or FIFO such as a
 * container's /dev/stdout, a socket such as the journal's, a terminal)
 * is written without blocking through a bounded queue, so a reader that
 * stops reading costs lines, counted and said, never supervision.
 */

#ifndef EVENTLOG_INT_H
#define EVENTLOG_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct evbuffer;
struct event;
struct event_base;

struct evl_sink {
	int		 fd;		/* -1: none */
	bool		 own;		/* fd is ours to close */
	bool		 queued;	/* written without blocking */
	bool		 sock;		/* send(), MSG_DONTWAIT */
	struct evbuffer	*pending;	/* what the reader has not taken */
	struct event	*wev;
	uint64_t	 lost;		/* lines dropped since last said */
};

/* Write lines to fd (closed at the end if own). */
void	evl_sink_open(struct evl_sink *, int, bool);
/* Write one whole line. */
void	evl_sink_write(struct evl_sink *, const char *, size_t);
/* Queue through base's loop (NULL: no loop, at exit). */
void	evl_sink_base(struct evl_sink *, struct event_base *);
/* Close; last (at exit): give a slow reader a moment first. */
void	evl_sink_close(struct evl_sink *, bool);

#endif

/*
 * What logfile.c and its writer thread (logfile-thread.c) share: a file,
 * and who may touch which of its fields.
 */

#ifndef LOGFILE_INT_H
#define LOGFILE_INT_H

#include <sys/queue.h>

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "logfile.h"

/*
 * What a file whose reader is behind holds at most: a process's last
 * pipeful at its exit, and a few reads; past it, bytes are lost, counted.
 */
#define LOGFILE_PEND_MAX	(4 * 1024 * 1024)
/* A file written by the thread: streams pause past this much waiting. */
#define LOGFILE_THREAD_HOLD	(1024 * 1024)

/* What the thread does before the next write. */
#define LOGFILE_OP_REOPEN	0x1
#define LOGFILE_OP_CLEAR	0x2

/* A stream waiting for a file to take what is pending. */
struct logfile_waiter {
	void			(*cb)(void *);
	void			*arg;
};

struct logfile {
	char			*path;
	int			 fd;		/* threaded: the thread's */
	bool			 regular;	/* else: never rotated */
	bool			 threaded;	/* written by the thread */
	uint64_t		 size;		/* threaded: the thread's */
	u_int			 refs;
	u_int			 gen;		/* new descriptor: new number */

	struct event_base	*base;
	struct event		*wev;		/* writable again */
	/* What it could not take yet (threaded: under the lock). */
	char			*pend;
	size_t			 pend_len;
	size_t			 pend_size;
	struct logfile_waiter	*waiters;
	u_int			 nwaiters;

	/* Threaded, under the lock: what the thread is to do, and did. */
	uint64_t		 maxbytes;
	u_int			 backups;
	int			 ops;
	bool			 queued;
	bool			 busy;
	bool			 reported;
	uint64_t		 t_lost;	/* bytes lost since the last */
	int			 t_errno;	/* ... write that succeeded */
	uint64_t		 t_resumed;	/* lost before a good write */
	char			*t_cause;	/* rotation or reopen trouble */
	char			*work;		/* the thread's own */
	size_t			 work_size;

	/* Threaded, the loop's: when the log last said so. */
	uint64_t		 lost_said;
	uint64_t		 cause_said;

	TAILQ_ENTRY(logfile)	 entry;
	TAILQ_ENTRY(logfile)	 qentry;	/* the thread's work */
	TAILQ_ENTRY(logfile)	 rentry;	/* its reports */
};

/* Guards the threaded fields of every file. */
extern pthread_mutex_t logfile_lock;

/* Write now, rotating on the way (logfile.c); for the thread too. */
size_t	 logfile_write_now(struct logfile *, const char *, size_t, uint64_t,
	     u_int, char **);
/* Reopen the path now (logfile.c). */
int	 logfile_reopen_now(struct logfile *, char **);
/* Let every stream waiting for the file read again (logfile.c). */
void	 logfile_wake(struct logfile *);
/* Close and forget a file (logfile.c). */
void	 logfile_free(struct logfile *);
/*
 * Whether fd is to be written by the thread (output_thread; auto: a file
 * system that may hang, NFS, SMB, FUSE...), starting it on base.
 */
bool	 logfile_thread_wanted(int, struct event_base *);
/* Have the thread reopen or empty the file before its next write. */
void	 logfile_thread_op(struct logfile *, int);
/* Give the thread what the loop holds for lf (lock held). */
void	 logfile_thread_queue(struct logfile *);
/* Whether the thread has nothing of lf's, held or under way (lock held). */
bool	 logfile_thread_idle(const struct logfile *);
/* Stop the thread, waiting a moment for a write under way. */
bool	 logfile_thread_stop(void);

#endif

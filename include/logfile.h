/*
 * Output files as operators keep them: rotated by size, shared by every
 * stream that writes the same path, and the line stamper that gives a
 * pty's output plain line endings and timestamps.
 */

#ifndef LOGFILE_H
#define LOGFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct event_base;
struct logfile;

/*
 * The file at path, written through fd (which it takes, non-blocking):
 * one per path, shared by every stream that names it, so rotation
 * happens once; base waits for a slow FIFO or pipe.
 */
struct logfile *logfile_get(const char *, int, struct event_base *);
/* Which files the writer thread takes (enum cfg_output_thread). */
void	 logfile_thread_set(int);
/*
 * Drop one stream's use of a file; the last closes it, once its reader
 * (a FIFO's) has taken what it holds.
 */
void	 logfile_put(struct logfile *);
/* Close every file, held bytes tried once more (the daemon's end). */
void	 logfile_free_all(void);
/* The path of a file. */
const char *logfile_path(const struct logfile *);
/*
 * Write, rotating first whenever the file would pass maxbytes (0: never;
 * only a regular file is rotated) so no file is ever larger: file ->
 * file.1 ... -> file.backups, the oldest dropped (backups 0: the file
 * starts again empty). Returns the bytes written or held for a slow
 * reader; fewer, with errno, when the file takes no more.
 * Rotation trouble is in *cause (caller frees), the write goes on.
 */
size_t	 logfile_write(struct logfile *, const void *, size_t, uint64_t,
	     u_int, char **);
/*
 * Whether the file holds bytes its reader (a FIFO, a pipe) has not taken
 * yet: a stream should stop reading until logfile_wait's callback.
 */
bool	 logfile_blocked(const struct logfile *);
/* Call cb(arg) once, when the file has taken what was pending. */
void	 logfile_wait(struct logfile *, void (*)(void *), void *);
/* Forget every wait of arg (its stream is closing). */
void	 logfile_unwait(struct logfile *, void *);
/*
 * Whether a stream may write the file by splice(2) now (logfile-splice.c):
 * a regular file, written by the loop, by that stream alone, with
 * nothing pending.
 */
bool	 logfile_can_splice(const struct logfile *);
/*
 * A descriptor of the file for splice(2) and for reading it back, of the
 * caller's own (the file's is O_APPEND, which splice refuses); -1 with
 * errno. *gen gets the file's generation: when logfile_gen differs, the
 * file was rotated or reopened and the descriptor is an old file's.
 */
int	 logfile_splice_fd(struct logfile *, u_int *);
/* The file's generation (see logfile_splice_fd). */
u_int	 logfile_gen(const struct logfile *);
/*
 * Move up to len bytes from the pipe from into the file through fd (a
 * current logfile_splice_fd), at its end, without copying them through
 * user space. Never passes maxbytes (0: no limit): at the limit it
 * returns -1 with errno EFBIG, and the caller writes the usual way,
 * which rotates. Returns the bytes moved, 0 at the pipe's end, -1 with
 * errno (EAGAIN: the pipe is empty; else the file's trouble).
 */
ssize_t	 logfile_splice(struct logfile *, int, int, size_t, uint64_t,
	     off_t *);
/* Open the path again (logrotate moved it); the old fd stays on error. */
int	 logfile_reopen(struct logfile *, char **);
/* Empty the file (taskmasterctl clear). */
int	 logfile_clear(struct logfile *, char **);
/* Rename path.1 ... path.N one up and path to path.1, dropping path.N. */
int	 logfile_shift(const char *, u_int, char **);

/* stamp.c: what goes to a file, line by line. */

/* "2026-12-05T02:40:01.123Z ": RFC 3339, UTC, milliseconds, a space. */
#define STAMP_LEN	25

struct stamper {
	bool		 midline;	/* the last byte was not a newline */
	bool		 cr;		/* a \r held back: is \n next? */
};

/*
 * Turn len bytes into what the file gets: with crlf, "\r\n" becomes "\n"
 * (a lone \r stays, for progress bars), even across two calls; with
 * stamp, each line starts with now (STAMP_LEN bytes), a partial line
 * once. out must have room for stamp_room(len) bytes. Returns the bytes
 * put in out.
 */
size_t	 stamp_run(struct stamper *, const char *, size_t, bool, bool,
	     const char *, char *);
/* The most stamp_run can make of len bytes. */
size_t	 stamp_room(size_t);
/* What was held back, at the end of a stream (0 or 1 byte). */
size_t	 stamp_flush(struct stamper *, char *);
/* Format the time now into buf (STAMP_LEN + 1 bytes). */
void	 stamp_now(char *);

#endif

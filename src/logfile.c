/*
 * Output files rotated by size, as supervisord does and with its keys,
 * but exact: a write that would take the file past its limit is split,
 * the file is rotated between the two parts, and nothing is lost or
 * written twice, so the kept files, oldest first, are the stream's
 * bytes in order. Every stream that names a path shares one struct (two
 * instances of a numprocs program, stdout and stderr to the same file),
 * so the file is rotated once, by whoever fills it.
 *
 * The files are opened by path.c's rules (never through a link another
 * user planted); rotation renames within their folder.
 */

#include <sys/stat.h>
#include <sys/queue.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "logfile.h"
#include "path.h"
#include "taskmaster.h"
#include "xmalloc.h"

struct logfile {
	char			*path;
	int			 fd;
	uint64_t		 size;		/* bytes in the current file */
	u_int			 refs;
	TAILQ_ENTRY(logfile)	 entry;
};

static TAILQ_HEAD(, logfile) logfiles = TAILQ_HEAD_INITIALIZER(logfiles);

static int	logfile_rotate(struct logfile *, u_int, char **);

struct logfile *
logfile_get(const char *path, int fd)
{
	struct logfile	*lf;
	struct stat	 sb;

	TAILQ_FOREACH(lf, &logfiles, entry) {
		if (strcmp(lf->path, path) == 0) {
			close(fd);
			lf->refs++;
			return (lf);
		}
	}
	lf = xcalloc(1, sizeof *lf);
	lf->path = xstrdup(path);
	lf->fd = fd;
	lf->refs = 1;
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode))
		lf->size = sb.st_size;
	TAILQ_INSERT_TAIL(&logfiles, lf, entry);
	return (lf);
}

void
logfile_put(struct logfile *lf)
{
	if (lf == NULL || --lf->refs > 0)
		return;
	TAILQ_REMOVE(&logfiles, lf, entry);
	close(lf->fd);
	free(lf->path);
	free(lf);
}

const char *
logfile_path(const struct logfile *lf)
{
	return (lf->path);
}

int
logfile_shift(const char *path, u_int backups, char **cause)
{
	char	*from, *to;
	u_int	 i;

	for (i = backups; i > 0; i--) {
		from = i == 1 ? xstrdup(path) : xstrfmt("%s.%u", path, i - 1);
		to = xstrfmt("%s.%u", path, i);
		if (rename(from, to) == -1 && errno != ENOENT) {
			xasprintf(cause, "rotate %s to %s: %s", from, to,
			    strerror(errno));
			free(from);
			free(to);
			return (-1);
		}
		free(from);
		free(to);
	}
	return (0);
}

/* The file is full: move it aside (or empty it) and start a new one. */
static int
logfile_rotate(struct logfile *lf, u_int backups, char **cause)
{
	int	 fd;

	if (backups == 0) {
		/* No backups: the file starts again. */
		if (ftruncate(lf->fd, 0) == -1) {
			xasprintf(cause, "rotate %s: %s", lf->path,
			    strerror(errno));
			return (-1);
		}
		lf->size = 0;
		return (0);
	}
	if (logfile_shift(lf->path, backups, cause) != 0)
		return (-1);
	if ((fd = path_open(lf->path, O_WRONLY|O_APPEND|O_CREAT|O_CLOEXEC,
	    0644, 0, NULL, cause)) == -1)
		return (-1);
	close(lf->fd);
	lf->fd = fd;
	lf->size = 0;
	return (0);
}

size_t
logfile_write(struct logfile *lf, const void *buf, size_t len,
    uint64_t maxbytes, u_int backups, char **cause)
{
	const char	*p = buf;
	size_t		 done = 0, part, n;
	bool		 stuck = false;

	while (done < len) {
		part = len - done;
		if (maxbytes != 0 && !stuck) {
			if (lf->size >= maxbytes) {
				if (logfile_rotate(lf, backups, cause) != 0)
					stuck = true;	/* said; write on */
				continue;
			}
			if (part > maxbytes - lf->size)
				part = maxbytes - lf->size;
		}
		n = util_write_part(lf->fd, p + done, part);
		lf->size += n;
		done += n;
		if (n < part)
			break;		/* errno says why */
	}
	return (done);
}

int
logfile_reopen(struct logfile *lf, char **cause)
{
	struct stat	 sb;
	int		 fd;

	if ((fd = path_open(lf->path, O_WRONLY|O_APPEND|O_CREAT|O_CLOEXEC,
	    0644, 0, NULL, cause)) == -1)
		return (-1);
	close(lf->fd);
	lf->fd = fd;
	lf->size = fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) ? sb.st_size : 0;
	return (0);
}

int
logfile_clear(struct logfile *lf, char **cause)
{
	if (ftruncate(lf->fd, 0) == -1) {
		xasprintf(cause, "clear %s: %s", lf->path, strerror(errno));
		return (-1);
	}
	lf->size = 0;
	return (0);
}

/*
 * Writing a file straight from a process's pipe with splice(2): the
 * kernel moves the pipe's pages into the file, and the bytes never pass
 * through the daemon (proc-splice.c says when).
 *
 * splice(2) refuses a file opened with O_APPEND, which every output file
 * is, so the stream writes through a descriptor of its own, opened again
 * through /proc/self/fd (the same file, whatever its path has become)
 * and placed at the file's end before every move: a file another
 * program truncated (logrotate's copytruncate) is then followed as
 * O_APPEND would, with no hole. The same descriptor reads the bytes back
 * for the screen.
 */

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "logfile-int.h"
#include "taskmaster.h"

bool
logfile_can_splice(const struct logfile *lf)
{
	return (lf->regular && !lf->threaded && lf->refs == 1 &&
	    lf->pend_len == 0);
}

int
logfile_splice_fd(struct logfile *lf, u_int *gen)
{
	*gen = lf->gen;
	return (util_reopen(lf->fd, O_RDWR|O_CLOEXEC));
}

u_int
logfile_gen(const struct logfile *lf)
{
	return (lf->gen);
}

ssize_t
logfile_splice(struct logfile *lf, int from, int fd, size_t len,
    uint64_t maxbytes, off_t *at)
{
	ssize_t	 n;

	if (maxbytes != 0) {
		if (lf->size >= maxbytes) {
			errno = EFBIG;
			return (-1);
		}
		if (len > maxbytes - lf->size)
			len = maxbytes - lf->size;
	}
	if ((*at = lseek(fd, 0, SEEK_END)) == -1)
		return (-1);
	n = splice(from, NULL, fd, NULL, len, SPLICE_F_MOVE|SPLICE_F_NONBLOCK);
	if (n > 0)
		lf->size += n;	/* as the write path counts it */
	return (n);
}

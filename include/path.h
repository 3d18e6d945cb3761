/*
 * Configured paths (output files, the event log, the pidfile, the
 * socket) opened so that no other user can redirect them: the rule is
 * at the top of src/path.c and in taskmasterd(8), FILES AND FOLDERS.
 */

#ifndef PATH_H
#define PATH_H

#include <sys/types.h>
#include <sys/stat.h>

#include <stdbool.h>

/*
 * Open a configured file (flags and mode as open(2); the fd is
 * close-on-exec) by the rule of path.c: no symbolic link is followed in
 * a folder other users can write, and a file there must be a regular
 * file of our own with one link; strict also refuses such a folder
 * unless it is sticky. sb (or NULL) gets the file's stat. Returns the fd,
 * or -1 with a cause that names the path and what is wrong.
 */
int	 path_open(const char *, int, mode_t, int, struct stat *, char **);
/*
 * Open the folder that holds path (an O_PATH fd) by the same rule,
 * refusing a folder others can write unless it is sticky (*shared then
 * says it is one); base gets the last component. -1 with cause.
 */
int	 path_folder(const char *, char **, bool *, char **);
/* Remove path only if it is still the file made (same device, inode). */
int	 path_remove(const char *, const struct stat *);

#endif

/*
 * The command line's history: a bounded list of lines, oldest first, with
 * no line twice in a row, kept across runs in the user's state directory
 * (XDG base directories: $XDG_STATE_HOME, else ~/.local/state).
 *
 * The file is plain text, one entry a line, so it can be read and edited by
 * hand. It is replaced whole through a temporary file and rename(2): a
 * console killed while saving leaves the old file, never half a new one.
 * Two consoles saving one after the other keep the last one's history, as
 * a shell without histappend does.
 */

#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "prompt.h"
#include "xmalloc.h"

static bool	history_blank(const char *);
static int	history_mkdirs(const char *, char **);
static int	history_write(const struct history *, FILE *);

/* Whether a line holds nothing but spaces and tabs. */
static bool
history_blank(const char *line)
{
	for (; *line != '\0'; line++) {
		if (*line != ' ' && *line != '\t')
			return (false);
	}
	return (true);
}

struct history *
history_create(size_t max)
{
	struct history	*hs;

	hs = xcalloc(1, sizeof *hs);
	hs->max = max == 0 ? 1 : max;
	return (hs);
}

void
history_free(struct history *hs)
{
	size_t	i;

	if (hs == NULL)
		return;
	for (i = 0; i < hs->n; i++)
		free(hs->lines[i]);
	free(hs->lines);
	free(hs);
}

bool
history_add(struct history *hs, const char *line)
{
	size_t	 len;

	if (history_blank(line))
		return (false);
	/* "stop web " and "stop web" are the same line. */
	len = strlen(line);
	while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\t'))
		len--;
	if (hs->n > 0 && strlen(hs->lines[hs->n - 1]) == len &&
	    strncmp(hs->lines[hs->n - 1], line, len) == 0)
		return (false);

	/* Full: drop the oldest. A memmove of max pointers is nothing. */
	if (hs->n == hs->max) {
		free(hs->lines[0]);
		memmove(hs->lines, hs->lines + 1,
		    (hs->n - 1) * sizeof *hs->lines);
		hs->n--;
	} else
		hs->lines = xreallocarray(hs->lines, hs->n + 1,
		    sizeof *hs->lines);
	hs->lines[hs->n++] = xstrndup(line, len);
	return (true);
}

size_t
history_count(const struct history *hs)
{
	return (hs->n);
}

const char *
history_get(const struct history *hs, size_t i)
{
	if (i >= hs->n)
		return (NULL);
	return (hs->lines[hs->n - 1 - i]);
}

int
history_search(const struct history *hs, const char *needle, size_t from,
    size_t *found)
{
	size_t	i;

	for (i = from; i < hs->n; i++) {
		if (strstr(hs->lines[hs->n - 1 - i], needle) != NULL) {
			*found = i;
			return (0);
		}
	}
	return (-1);
}

int
history_load(struct history *hs, const char *path, char **cause)
{
	FILE	*f;
	char	*line = NULL;
	size_t	 size = 0;
	ssize_t	 len;
	int	 error;

	if ((f = fopen(path, "r")) == NULL) {
		if (errno == ENOENT)
			return (0);	/* the first run: nothing kept yet */
		xasprintf(cause, "open %s: %s", path, strerror(errno));
		return (-1);
	}
	while ((len = getline(&line, &size, f)) != -1) {
		if (len > 0 && line[len - 1] == '\n')
			line[len - 1] = '\0';
		history_add(hs, line);
	}
	error = ferror(f) ? errno : 0;
	free(line);
	fclose(f);
	if (error != 0) {
		xasprintf(cause, "read %s: %s", path, strerror(error));
		return (-1);
	}
	return (0);
}

/*
 * Create the folders above path, private (0700) as the XDG spec asks for
 * the state directory. Folders that exist are left as they are.
 */
static int
history_mkdirs(const char *path, char **cause)
{
	char	*copy, *cp;

	copy = xstrdup(path);
	for (cp = copy + 1; (cp = strchr(cp, '/')) != NULL; cp++) {
		*cp = '\0';
		if (mkdir(copy, 0700) != 0 && errno != EEXIST) {
			xasprintf(cause, "mkdir %s: %s", copy, strerror(errno));
			free(copy);
			return (-1);
		}
		*cp = '/';
	}
	free(copy);
	return (0);
}

/* Write the entries, oldest first; -1 with errno set on error. */
static int
history_write(const struct history *hs, FILE *f)
{
	size_t	i;

	for (i = 0; i < hs->n; i++) {
		/* A newline would make two entries of one when read back. */
		if (strchr(hs->lines[i], '\n') != NULL)
			continue;
		if (fputs(hs->lines[i], f) == EOF || putc('\n', f) == EOF)
			return (-1);
	}
	if (fflush(f) == EOF)
		return (-1);
	/* The rename must not be on disk before the data it points to. */
	if (fsync(fileno(f)) != 0)
		return (-1);
	return (0);
}

int
history_save(const struct history *hs, const char *path, char **cause)
{
	char	*tmp;
	FILE	*f;
	int	 fd, saved;

	if (history_mkdirs(path, cause) != 0)
		return (-1);

	/* In the same folder, so rename(2) replaces the file atomically. */
	xasprintf(&tmp, "%s.XXXXXX", path);
	if ((fd = mkstemp(tmp)) == -1) {
		xasprintf(cause, "create %s: %s", tmp, strerror(errno));
		free(tmp);
		return (-1);
	}
	/* mkstemp makes it 0600: the history is the user's business only. */
	if ((f = fdopen(fd, "w")) == NULL) {
		saved = errno;
		close(fd);
		goto fail;
	}
	if (history_write(hs, f) != 0) {
		saved = errno;
		fclose(f);
		goto fail;
	}
	if (fclose(f) == EOF) {
		saved = errno;
		goto fail;
	}
	if (rename(tmp, path) != 0) {
		xasprintf(cause, "rename %s: %s", path, strerror(errno));
		unlink(tmp);
		free(tmp);
		return (-1);
	}
	free(tmp);
	return (0);

fail:
	xasprintf(cause, "write %s: %s", tmp, strerror(saved));
	unlink(tmp);
	free(tmp);
	return (-1);
}

char *
history_default_path(void)
{
	const char	*dir;

	/* The XDG spec says a relative $XDG_STATE_HOME is to be ignored. */
	dir = getenv("XDG_STATE_HOME");
	if (dir != NULL && *dir == '/')
		return (xstrfmt("%s/taskmaster/history", dir));
	dir = getenv("HOME");
	if (dir != NULL && *dir != '\0')
		return (xstrfmt("%s/.local/state/taskmaster/history", dir));
	return (NULL);
}

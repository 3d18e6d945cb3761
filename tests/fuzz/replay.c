/*
 * Replay a fuzz target's inputs without libFuzzer: each file named, or
 * each file of each folder named, is given to the target once. Built
 * with the normal compiler and sanitizers, it keeps every crash a fuzzer
 * once found (tests/fuzz/regress/) and the seed corpus in the test
 * suite. Prints TAP, one line per input.
 */

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

static int	replay_n;

static void	replay_file(const char *);
static void	replay_path(const char *);

/* Run the target on one file. */
static void
replay_file(const char *path)
{
	FILE	*f;
	char	*buf = NULL;
	size_t	 len = 0, size = 0, n;

	if ((f = fopen(path, "rb")) == NULL) {
		printf("not ok %d - %s: %s\n", ++replay_n, path,
		    strerror(errno));
		return;
	}
	do {
		if (len == size) {
			size = size == 0 ? 4096 : size * 2;
			buf = realloc(buf, size);
		}
		n = fread(buf + len, 1, size - len, f);
		len += n;
	} while (n > 0);
	fclose(f);
	LLVMFuzzerTestOneInput((const uint8_t *)buf, len);
	free(buf);
	printf("ok %d - %s\n", ++replay_n, path);
	fflush(stdout);
}

/* Run it on a file, or on every regular file of a folder, in order. */
static void
replay_path(const char *path)
{
	struct dirent	**list;
	struct stat	  sb;
	char		 *full;
	int		  n, i;

	if (stat(path, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		replay_file(path);
		return;
	}
	if ((n = scandir(path, &list, NULL, alphasort)) < 0)
		return;
	for (i = 0; i < n; i++) {
		if (list[i]->d_name[0] != '.' &&
		    asprintf(&full, "%s/%s", path, list[i]->d_name) != -1) {
			if (stat(full, &sb) == 0 && S_ISREG(sb.st_mode))
				replay_file(full);
			free(full);
		}
		free(list[i]);
	}
	free(list);
}

int
main(int argc, char **argv)
{
	int	i;

	for (i = 1; i < argc; i++)
		replay_path(argv[i]);
	printf("1..%d\n", replay_n);
	return (0);
}

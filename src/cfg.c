/*
 * The configuration: where the file is looked for, which parser reads it,
 * and the plain data it becomes. Parsing and checking are separate steps
 * (cfg-yaml.c or cfg-ini.c, then cfg-check.c), but cfg_load runs them
 * together and refuses the whole file if any step found an error, so a
 * config is either complete and checked or not used at all.
 */

#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cfg.h"
#include "xmalloc.h"

#ifndef SYSCONFDIR
#define SYSCONFDIR "/etc"
#endif

static char	*cfg_dir_of(const char *);
static int	 cfg_is_ini(const char *);
static FILE	*cfg_open(const char *, char **);
static void	 cfg_find_add(char ***, u_int *, char *);
static int	 cfg_sorted_cmp(const void *, const void *);
static char	*cfg_find_home(void);

/* The absolute folder of a file path. */
static char *
cfg_dir_of(const char *path)
{
	const char	*slash;
	char		*dir, *abs, cwd[PATH_MAX];

	slash = strrchr(path, '/');
	if (slash == NULL)
		dir = xstrdup(".");
	else if (slash == path)
		dir = xstrdup("/");
	else
		dir = xstrndup(path, slash - path);
	if (*dir == '/' || getcwd(cwd, sizeof cwd) == NULL)
		return (dir);
	abs = cfg_resolve_path(dir, cwd);
	free(dir);
	return (abs);
}

/* Allocate a config for path with every global default set. */
struct cfg *
cfg_create(const char *path)
{
	struct cfg	*cf;

	cf = xcalloc(1, sizeof *cf);
	cf->path = xstrdup(path);
	cf->dir = cfg_dir_of(path);
	TAILQ_INIT(&cf->programs);
	cfg_type_defaults(cf, CFG_GLOBAL);
	return (cf);
}

/* Free a config and all its programs. */
void
cfg_free(struct cfg *cf)
{
	struct cfg_program	*p;
	u_int			 i;

	if (cf == NULL)
		return;
	while ((p = TAILQ_FIRST(&cf->programs)) != NULL) {
		TAILQ_REMOVE(&cf->programs, p, entry);
		cfg_program_free(p);
	}
	cfg_type_free_all(cf, CFG_GLOBAL);
	free(cf->path);
	free(cf->dir);
	for (i = 0; i < cf->nincluded; i++)
		free(cf->included[i]);
	free(cf->included);
	free(cf);
}

/* Allocate a program with every default set. */
struct cfg_program *
cfg_program_create(const char *name)
{
	struct cfg_program	*p;

	p = xcalloc(1, sizeof *p);
	p->name = xstrdup(name);
	p->where = xstrfmt("programs.%s", name);
	p->group_priority = -1;
	cfg_type_defaults(p, CFG_PROGRAM);
	return (p);
}

/* Free one program. */
void
cfg_program_free(struct cfg_program *p)
{
	if (p == NULL)
		return;
	cfg_type_free_all(p, CFG_PROGRAM);
	cfg_user_free(p);
	free(p->name);
	free(p->group_name);
	free(p->where);
	free(p);
}

const char *
cfg_place_file(const struct cfg *cf, u_int place)
{
	u_int	f = CFG_PLACE_FILE(place);

	if (f == 0 || f > cf->nincluded)
		return (cf->path);
	return (cf->included[f - 1]);
}

/* Add a program to a config, keeping file order. */
void
cfg_add_program(struct cfg *cf, struct cfg_program *p)
{
	TAILQ_INSERT_TAIL(&cf->programs, p, entry);
	cf->nprograms++;
}

/* Return the program called name, or NULL. */
struct cfg_program *
cfg_find_program(const struct cfg *cf, const char *name)
{
	struct cfg_program	*p;

	TAILQ_FOREACH(p, &cf->programs, entry) {
		if (strcmp(p->name, name) == 0)
			return (p);
	}
	return (NULL);
}

/* Order programs by name. */
static int
cfg_sorted_cmp(const void *a0, const void *b0)
{
	const struct cfg_program	*a = *(struct cfg_program *const *)a0;
	const struct cfg_program	*b = *(struct cfg_program *const *)b0;

	return (strcmp(a->name, b->name));
}

struct cfg_program **
cfg_sorted(const struct cfg *cf, u_int *n)
{
	struct cfg_program	**all, *p;

	*n = 0;
	if (cf == NULL)
		return (NULL);
	all = xreallocarray(NULL, cf->nprograms + 1, sizeof *all);
	TAILQ_FOREACH(p, &cf->programs, entry) {
		if (*n < cf->nprograms)
			all[(*n)++] = p;
	}
	qsort(all, *n, sizeof *all, cfg_sorted_cmp);
	return (all);
}

struct cfg_program *
cfg_sorted_find(struct cfg_program **all, u_int n, const char *name)
{
	struct cfg_program	key, *kp = &key, **found;

	if (n == 0)
		return (NULL);
	key.name = (char *)name;
	found = bsearch(&kp, all, n, sizeof *all, cfg_sorted_cmp);
	return (found != NULL ? *found : NULL);
}

/*
 * Resolve path against dir unless it is absolute. Leading "./" are
 * dropped so the result reads as a user would write it.
 */
char *
cfg_resolve_path(const char *path, const char *dir)
{
	size_t	len;

	if (*path == '/' || dir == NULL)
		return (xstrdup(path));
	while (path[0] == '.' && path[1] == '/') {
		path += 2;
		while (*path == '/')
			path++;
	}
	if (*path == '\0' || strcmp(path, ".") == 0)
		return (xstrdup(dir));
	len = strlen(dir);
	if (len > 0 && dir[len - 1] == '/')
		return (xstrfmt("%s%s", dir, path));
	return (xstrfmt("%s/%s", dir, path));
}

/*
 * The socket path to use: the config's, else $XDG_RUNTIME_DIR, else
 * /run as root, else a per-user name in /tmp.
 */
char *
cfg_socket_path(const struct cfg *cf)
{
	const char	*xdg;

	if (cf != NULL && cf->socket != NULL)
		return (xstrdup(cf->socket));
	xdg = getenv("XDG_RUNTIME_DIR");
	if (xdg != NULL && *xdg == '/')
		return (xstrfmt("%s/taskmaster.sock", xdg));
	if (geteuid() == 0)
		return (xstrdup("/run/taskmaster.sock"));
	return (xstrfmt("/tmp/taskmaster-%lu.sock", (u_long)geteuid()));
}

/*
 * The socket a config names, read even when the config has errors (a
 * client must reach the daemon to be told about them): parse only, no
 * check. NULL when the file cannot be read or names no socket.
 */
char *
cfg_peek_socket(const char *path)
{
	struct diag_list	 dl;
	struct cfg		*cf;
	FILE			*f;
	char			*sock = NULL, *cause;

	if ((f = cfg_open(path, &cause)) == NULL) {
		free(cause);
		return (NULL);
	}
	diag_init(&dl);
	cf = cfg_create(path);
	if (cfg_is_ini(path))
		(void)cfg_ini_parse(cf, f, &dl);
	else
		(void)cfg_yaml_parse(cf, f, &dl);
	fclose(f);
	if (cf->socket != NULL)
		sock = cfg_resolve_path(cf->socket, cf->dir);
	cfg_free(cf);
	diag_clear(&dl);
	return (sock);
}

/* Whether exit code is listed in the program's exitcodes. */
bool
cfg_exitcode_expected(const struct cfg_program *p, int code)
{
	if (code < 0 || code > 255)
		return (false);
	return ((p->exitcodes[code / 8] & (1 << (code % 8))) != 0);
}

/* The user's home folder, or NULL. */
static char *
cfg_find_home(void)
{
	const char	*home;
	struct passwd	*pw;

	home = getenv("HOME");
	if (home != NULL && *home == '/')
		return (xstrdup(home));
	pw = getpwuid(getuid());
	if (pw != NULL && pw->pw_dir != NULL && *pw->pw_dir == '/')
		return (xstrdup(pw->pw_dir));
	return (NULL);
}

/* Add a path to the list of places searched. */
static void
cfg_find_add(char ***paths, u_int *n, char *path)
{
	*paths = xreallocarray(*paths, *n + 1, sizeof **paths);
	(*paths)[(*n)++] = path;
}

/* Find the config file when -c is not given. */
char *
cfg_find(char **cause)
{
	char		**paths = NULL, *home, *found = NULL, *list, *tmp;
	const char	 *env;
	u_int		  n = 0, i;
	struct stat	  sb;

	env = getenv("TASKMASTER_CONFIG");
	if (env != NULL && *env != '\0')
		cfg_find_add(&paths, &n, xstrdup(env));
	cfg_find_add(&paths, &n, xstrdup("./taskmaster.yaml"));
	env = getenv("XDG_CONFIG_HOME");
	if (env != NULL && *env == '/') {
		cfg_find_add(&paths, &n,
		    xstrfmt("%s/taskmaster/taskmaster.yaml", env));
	} else if ((home = cfg_find_home()) != NULL) {
		cfg_find_add(&paths, &n,
		    xstrfmt("%s/.config/taskmaster/taskmaster.yaml", home));
		free(home);
	}
	cfg_find_add(&paths, &n,
	    xstrdup(SYSCONFDIR "/taskmaster/taskmaster.yaml"));
	if (strcmp(SYSCONFDIR, "/etc") != 0) {
		cfg_find_add(&paths, &n,
		    xstrdup("/etc/taskmaster/taskmaster.yaml"));
	}

	for (i = 0; i < n && found == NULL; i++) {
		if (stat(paths[i], &sb) == 0)
			found = xstrdup(paths[i]);
	}
	if (found == NULL) {
		list = xstrdup("no config file found (use -c FILE); searched:");
		for (i = 0; i < n; i++) {
			tmp = xstrfmt("%s\n    %s", list, paths[i]);
			free(list);
			list = tmp;
		}
		*cause = list;
	}
	for (i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	return (found);
}

/* Whether a path names a supervisord INI file (.ini or .conf). */
static int
cfg_is_ini(const char *path)
{
	const char	*base, *dot;

	base = strrchr(path, '/');
	base = base != NULL ? base + 1 : path;
	dot = strrchr(base, '.');
	if (dot == NULL)
		return (0);
	return (strcasecmp(dot, ".ini") == 0 || strcasecmp(dot, ".conf") == 0);
}

/*
 * Open a config file to read. Only a regular file is read: a FIFO or a
 * device at the path would block the daemon until someone wrote to it,
 * so the file is opened without blocking and looked at before reading.
 */
static FILE *
cfg_open(const char *path, char **cause)
{
	struct stat	 sb;
	const char	*what;
	FILE		*f;
	int		 fd, flags;

	fd = open(path, O_RDONLY|O_NONBLOCK|O_CLOEXEC|O_NOCTTY);
	if (fd == -1) {
		*cause = xstrfmt("cannot open: %s", strerror(errno));
		return (NULL);
	}
	if (fstat(fd, &sb) != 0) {
		*cause = xstrfmt("cannot read: %s", strerror(errno));
		goto fail;
	}
	if (S_ISDIR(sb.st_mode)) {
		*cause = xstrfmt("cannot read: %s", strerror(EISDIR));
		goto fail;
	}
	if (!S_ISREG(sb.st_mode)) {
		if (S_ISFIFO(sb.st_mode))
			what = "a FIFO";
		else if (S_ISSOCK(sb.st_mode))
			what = "a socket";
		else if (S_ISCHR(sb.st_mode) || S_ISBLK(sb.st_mode))
			what = "a device";
		else
			what = "a special file";
		*cause = xstrfmt("cannot read: not a regular file (%s)", what);
		goto fail;
	}
	if ((flags = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) == -1 ||
	    (f = fdopen(fd, "r")) == NULL) {
		*cause = xstrfmt("cannot read: %s", strerror(errno));
		goto fail;
	}
	return (f);

fail:
	close(fd);
	return (NULL);
}

/* Load and check a config file; NULL if it has any error. */
struct cfg *
cfg_load(const char *path, struct diag_list *dl)
{
	struct cfg	*cf;
	struct diag_pos	 pos = { path, 0, 0 };
	FILE		*f;
	u_int		 nerrors = dl->nerrors;
	char		*cause;
	int		 r;

	if ((f = cfg_open(path, &cause)) == NULL) {
		diag_add(dl, &pos, NULL, "%s", cause);
		free(cause);
		return (NULL);
	}

	cf = cfg_create(path);
	if (cfg_is_ini(path))
		r = cfg_ini_parse(cf, f, dl);
	else
		r = cfg_yaml_parse(cf, f, dl);
	fclose(f);
	if (r == 0) {
		cfg_inherit(cf, dl);
		cfg_check(cf, dl);
	}

	if (dl->nerrors != nerrors) {
		cfg_free(cf);
		return (NULL);
	}
	return (cf);
}

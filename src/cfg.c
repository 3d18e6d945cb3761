/*
 * The configuration: where the file is looked for, which parser reads it,
 * and the plain data it becomes. Parsing and checking are separate steps
 * (cfg-yaml.c or cfg-ini.c, then cfg-check.c), but cfg_load runs them
 * together and refuses the whole file if any step found an error, so a
 * config is either complete and checked or not used at all.
 */

#include <sys/types.h>
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cfg.h"
#include "xmalloc.h"

#ifndef SYSCONFDIR
#define SYSCONFDIR "/etc"
#endif

/* Largest edit distance a "did you mean" suggestion may have. */
#define CFG_SUGGEST_MAX	2

static const struct cfg_key_entry {
	const char	*name;
	const char	*alias;		/* supervisord's name */
	const char	*wanted;
} cfg_key_table[CFG_NKEYS] = {
	[CFG_KEY_CMD] = { "cmd", "command",
	    "a command (a string or a list of words)" },
	[CFG_KEY_ENV] = { "env", "environment",
	    "a mapping of variable names to values" },
	[CFG_KEY_WORKINGDIR] = { "workingdir", "directory",
	    "a directory path" },
	[CFG_KEY_UMASK] = { "umask", NULL, "an octal umask such as 022" },
	[CFG_KEY_USER] = { "user", NULL, "a user name" },
	[CFG_KEY_GROUP] = { "group", NULL, "a group name" },
	[CFG_KEY_STDOUT] = { "stdout", "stdout_logfile",
	    "a file path or \"discard\"" },
	[CFG_KEY_STDERR] = { "stderr", "stderr_logfile",
	    "a file path, \"discard\" or \"stdout\"" },
	[CFG_KEY_TTY] = { "tty", NULL, "true or false" },
	[CFG_KEY_TTY_SIZE] = { "tty_size", NULL, "COLSxROWS such as 80x24" },
	[CFG_KEY_SCROLLBACK] = { "scrollback", NULL, "an integer >= 0" },
	[CFG_KEY_AUTOSTART] = { "autostart", NULL, "true or false" },
	[CFG_KEY_AUTORESTART] = { "autorestart", NULL,
	    "always, never, unexpected, true or false" },
	[CFG_KEY_EXITCODES] = { "exitcodes", NULL,
	    "an exit code from 0 to 255 or a list of them" },
	[CFG_KEY_STARTTIME] = { "starttime", "startsecs",
	    "a number of seconds >= 0" },
	[CFG_KEY_STARTRETRIES] = { "startretries", NULL, "an integer >= 0" },
	[CFG_KEY_STOPSIGNAL] = { "stopsignal", NULL,
	    "a signal name or number" },
	[CFG_KEY_STOPTIME] = { "stoptime", "stopwaitsecs",
	    "a number of seconds >= 0" },
	[CFG_KEY_NUMPROCS] = { "numprocs", NULL, "an integer >= 1" },
};

static char	*cfg_dir_of(const char *);
static int	 cfg_is_ini(const char *);
static void	 cfg_find_add(char ***, u_int *, char *);
static char	*cfg_find_home(void);
static u_int	 cfg_distance(const char *, const char *);

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

/* Allocate an empty config for path. */
struct cfg *
cfg_create(const char *path)
{
	struct cfg	*cf;

	cf = xcalloc(1, sizeof *cf);
	cf->path = xstrdup(path);
	cf->dir = cfg_dir_of(path);
	cf->socket_mode = CFG_DEFAULT_SOCKET_MODE;
	TAILQ_INIT(&cf->programs);
	return (cf);
}

/* Free a config and all its programs. */
void
cfg_free(struct cfg *cf)
{
	struct cfg_program	*p;

	if (cf == NULL)
		return;
	while ((p = TAILQ_FIRST(&cf->programs)) != NULL) {
		TAILQ_REMOVE(&cf->programs, p, entry);
		cfg_program_free(p);
	}
	free(cf->path);
	free(cf->dir);
	free(cf->logfile);
	free(cf->socket);
	free(cf->pidfile);
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
	p->env = xcalloc(1, sizeof *p->env);
	p->umask = -1;
	p->stdout_mode = OUT_SCREEN;
	p->stderr_mode = OUT_STDOUT;
	p->tty = true;
	p->tty_cols = CFG_DEFAULT_TTY_COLS;
	p->tty_rows = CFG_DEFAULT_TTY_ROWS;
	p->scrollback = CFG_DEFAULT_SCROLLBACK;
	p->autostart = true;
	p->autorestart = RESTART_UNEXPECTED;
	p->exitcodes[0] = 0x1;
	p->starttime = CFG_DEFAULT_STARTTIME;
	p->startretries = CFG_DEFAULT_STARTRETRIES;
	p->stopsignal = SIGTERM;
	p->stoptime = CFG_DEFAULT_STOPTIME;
	p->restart_interval = CFG_DEFAULT_RESTART_INTERVAL;
	p->killgroup = true;
	p->numprocs = CFG_DEFAULT_NUMPROCS;
	return (p);
}

/* Free one program. */
void
cfg_program_free(struct cfg_program *p)
{
	if (p == NULL)
		return;
	free(p->name);
	free(p->where);
	argv_free(p->argv);
	free(p->cmd);
	argv_free(p->env);
	free(p->workingdir);
	free(p->user);
	free(p->group);
	free(p->stdout_path);
	free(p->stderr_path);
	free(p);
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
	char			*sock = NULL;

	if ((f = fopen(path, "r")) == NULL)
		return (NULL);
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

/* Load and check a config file; NULL if it has any error. */
struct cfg *
cfg_load(const char *path, struct diag_list *dl)
{
	struct cfg	*cf;
	struct diag_pos	 pos = { path, 0, 0 };
	struct stat	 sb;
	FILE		*f;
	u_int		 nerrors = dl->nerrors;
	int		 r;

	if ((f = fopen(path, "r")) == NULL) {
		diag_add(dl, &pos, NULL, "cannot open: %s", strerror(errno));
		return (NULL);
	}
	if (fstat(fileno(f), &sb) == 0 && S_ISDIR(sb.st_mode)) {
		diag_add(dl, &pos, NULL, "cannot read: %s", strerror(EISDIR));
		fclose(f);
		return (NULL);
	}

	cf = cfg_create(path);
	if (cfg_is_ini(path))
		r = cfg_ini_parse(cf, f, dl);
	else
		r = cfg_yaml_parse(cf, f, dl);
	fclose(f);
	if (r == 0)
		cfg_check(cf, dl);

	if (dl->nerrors != nerrors) {
		cfg_free(cf);
		return (NULL);
	}
	return (cf);
}

/* Return the name of a key. */
const char *
cfg_key_name(enum cfg_key key)
{
	if ((int)key < 0 || key >= CFG_NKEYS)
		return (NULL);
	return (cfg_key_table[key].name);
}

/* Return the supervisord name of a key, or NULL. */
const char *
cfg_key_alias(enum cfg_key key)
{
	if ((int)key < 0 || key >= CFG_NKEYS)
		return (NULL);
	return (cfg_key_table[key].alias);
}

/* Describe what a key's value looks like. */
const char *
cfg_key_wanted(enum cfg_key key)
{
	if ((int)key < 0 || key >= CFG_NKEYS)
		return (NULL);
	return (cfg_key_table[key].wanted);
}

/* Return the key called name or its supervisord alias, or -1. */
int
cfg_key_find(const char *name)
{
	const struct cfg_key_entry	*e;
	int				 key;

	for (key = 0; key < CFG_NKEYS; key++) {
		e = &cfg_key_table[key];
		if (strcmp(name, e->name) == 0)
			return (key);
		if (e->alias != NULL && strcmp(name, e->alias) == 0)
			return (key);
	}
	return (-1);
}

/*
 * Edit distance between two words, ignoring case, counting a swap of two
 * neighbours as one edit (so "stoptiem" is one away from "stoptime").
 * Words longer than the buffer are too far from any key to matter.
 */
static u_int
cfg_distance(const char *a, const char *b)
{
	u_int	d[33][33], cost, v;
	size_t	la = strlen(a), lb = strlen(b), i, j;

	if (la > 32 || lb > 32)
		return (UINT_MAX);
	for (i = 0; i <= la; i++)
		d[i][0] = i;
	for (j = 0; j <= lb; j++)
		d[0][j] = j;
	for (i = 1; i <= la; i++) {
		for (j = 1; j <= lb; j++) {
			cost = tolower((u_char)a[i - 1]) !=
			    tolower((u_char)b[j - 1]);
			v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (d[i - 1][j - 1] + cost < v)
				v = d[i - 1][j - 1] + cost;
			if (i > 1 && j > 1 &&
			    tolower((u_char)a[i - 1]) ==
			    tolower((u_char)b[j - 2]) &&
			    tolower((u_char)a[i - 2]) ==
			    tolower((u_char)b[j - 1]) &&
			    d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	}
	return (d[la][lb]);
}

/*
 * Return the candidate closest to name, if it is close enough to be a
 * likely typo: one edit for short words, two for longer ones.
 */
const char *
cfg_key_suggest(const char *name, const char *const *candidates)
{
	const char	*best = NULL;
	u_int		 d, bestd = UINT_MAX, limit;

	limit = strlen(name) <= 4 ? 1 : CFG_SUGGEST_MAX;
	for (; *candidates != NULL; candidates++) {
		d = cfg_distance(name, *candidates);
		if (d < bestd) {
			bestd = d;
			best = *candidates;
		}
	}
	if (bestd > limit)
		return (NULL);
	return (best);
}

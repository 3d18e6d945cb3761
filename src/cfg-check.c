/*
 * Values and the checks that need the system. The value parsers here are
 * shared by the YAML and INI readers, so the same mistake gives the same
 * message whichever format it is written in. cfg_check runs after a
 * parser and looks at what only the running system can answer: whether a
 * user, a group or a folder exists. It points at the line and column each
 * value came from, which the parsers keep in the pos tables of the config
 * and its programs.
 */

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cfg.h"
#include "xmalloc.h"

/* How much of a value a message quotes. */
#define CFG_CHECK_QUOTE_MAX	60

/* Numbers above this are only ever "too large": stop counting there. */
#define CFG_CHECK_BIG		10000000000ULL

static int	 cfg_check_number(const char *, unsigned long long *, int *);
static int	 cfg_check_octal(const char *, const char *, const char *,
		     int *, char **);
static char	*cfg_check_shown(const char *, int);
static int	 cfg_check_exitcodes(const char *, uint8_t *, char **);
static int	 cfg_check_set_cmd(struct cfg_program *, const char *,
		     char **);
static void	 cfg_check_set_output(struct cfg_program *, enum cfg_key,
		     const char *, const char *);
static int	 cfg_check_set_number(struct cfg_program *, enum cfg_key,
		     const char *, char **);
static void	 cfg_check_diag(struct cfg *, struct diag_list *,
		     const char *, const struct cfg_pos *, const char *, ...)
		     __attribute__((format(printf, 5, 6)));
static void	 cfg_check_file(struct cfg *, struct diag_list *,
		     const char *, const struct cfg_pos *, const char *,
		     const char *);
static void	 cfg_check_socket(struct cfg *, struct diag_list *);
static void	 cfg_check_program(struct cfg *, struct cfg_program *,
		     struct diag_list *);

/* Quote a value for a message: escaped, and shortened if long. */
char *
cfg_check_quote(const char *s)
{
	char		*out, *cp;
	size_t		 n = 0;
	const u_char	*u = (const u_char *)s;

	out = cp = xmalloc(CFG_CHECK_QUOTE_MAX * 4 + 8);
	*cp++ = '"';
	for (; *u != '\0' && n < CFG_CHECK_QUOTE_MAX; u++, n++) {
		if (*u == '"' || *u == '\\') {
			*cp++ = '\\';
			*cp++ = *u;
		} else if (*u == '\n') {
			*cp++ = '\\';
			*cp++ = 'n';
		} else if (*u == '\t') {
			*cp++ = '\\';
			*cp++ = 't';
		} else if (*u < 0x20 || *u == 0x7f) {
			cp += sprintf(cp, "\\x%02x", *u);
		} else
			*cp++ = *u;
	}
	if (*u != '\0') {
		/* Do not cut a UTF-8 character in two. */
		while (cp > out + 1 && (((u_char)cp[-1]) & 0xc0) == 0x80)
			cp--;
		if (cp > out + 1 && ((u_char)cp[-1]) >= 0xc0)
			cp--;
		memcpy(cp, "...", 3);
		cp += 3;
	}
	*cp++ = '"';
	*cp = '\0';
	return (out);
}

/*
 * A value as shown after "got": a number as it is written, anything else
 * quoted, so "-2" reads as a number and "abc" as a string.
 */
static char *
cfg_check_shown(const char *s, int number)
{
	if (number)
		return (xstrdup(s));
	return (cfg_check_quote(s));
}

/*
 * Parse an optional minus sign and decimal digits. Returns -1 if s is not
 * that; large values stop at CFG_CHECK_BIG so they cannot overflow.
 */
static int
cfg_check_number(const char *s, unsigned long long *v, int *negative)
{
	*negative = (*s == '-');
	if (*s == '-')
		s++;
	if (*s == '\0')
		return (-1);
	*v = 0;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return (-1);
		if (*v < CFG_CHECK_BIG)
			*v = *v * 10 + (*s - '0');
	}
	return (0);
}

/* Parse an unsigned integer within [min, max]. */
int
cfg_check_uint(const char *s, u_int min, u_int max, u_int *out, char **cause)
{
	unsigned long long	 v;
	int			 negative, number;
	char			*shown;

	number = (cfg_check_number(s, &v, &negative) == 0);
	if (number && negative && v == 0)
		negative = 0;
	if (number && !negative && v >= min && v <= max) {
		*out = v;
		return (0);
	}
	shown = cfg_check_shown(s, number);
	if (number && !negative && v > max)
		*cause = xstrfmt("expected an integer <= %u, got %s", max,
		    shown);
	else
		*cause = xstrfmt("expected an integer >= %u, got %s", min,
		    shown);
	free(shown);
	return (-1);
}

/* Parse one exit code, 0 to 255. */
int
cfg_check_exitcode(const char *s, int *code, char **cause)
{
	unsigned long long	 v;
	int			 negative, number;
	char			*shown;

	number = (cfg_check_number(s, &v, &negative) == 0);
	if (number && (!negative || v == 0) && v <= 255) {
		*code = v;
		return (0);
	}
	shown = cfg_check_shown(s, number);
	*cause = xstrfmt("expected an exit code from 0 to 255, got %s", shown);
	free(shown);
	return (-1);
}

/* Parse exit codes separated by commas into a bitmap. */
static int
cfg_check_exitcodes(const char *s, uint8_t *map, char **cause)
{
	char	*copy, *next, *word, *end;
	int	 code, r = 0;

	memset(map, 0, 32);
	copy = next = xstrdup(s);
	while (r == 0 && (word = strsep(&next, ",")) != NULL) {
		word += strspn(word, " \t\n");
		end = word + strlen(word);
		while (end > word && strchr(" \t\n", end[-1]) != NULL)
			*--end = '\0';
		if (*word == '\0' && next == NULL && word != copy)
			break;	/* a trailing comma */
		r = cfg_check_exitcode(word, &code, cause);
		if (r == 0)
			map[code / 8] |= 1 << (code % 8);
	}
	free(copy);
	return (r);
}

/*
 * Parse an octal number up to 0777, with an optional "0o" prefix, for a
 * umask or a mode.
 */
static int
cfg_check_octal(const char *s, const char *what, const char *example,
    int *out, char **cause)
{
	const char	*cp = s;
	char		*shown;
	u_int		 v = 0;
	int		 digit89 = 0;

	if (cp[0] == '0' && (cp[1] == 'o' || cp[1] == 'O'))
		cp += 2;
	if (*cp == '\0')
		goto bad;
	for (; *cp != '\0'; cp++) {
		if (*cp == '8' || *cp == '9')
			digit89 = 1;
		else if (*cp < '0' || *cp > '7')
			goto bad;
		if (v <= 0777)
			v = v * 8 + (*cp - '0');
	}
	if (digit89)
		goto bad;
	if (v > 0777) {
		shown = cfg_check_quote(s);
		*cause = xstrfmt("expected an octal %s from 000 to 777, got %s",
		    what, shown);
		free(shown);
		return (-1);
	}
	*out = v;
	return (0);

bad:
	shown = cfg_check_quote(s);
	*cause = xstrfmt("expected an octal %s such as %s, got %s%s", what,
	    example, shown, digit89 ? " (8 and 9 are not octal digits)" : "");
	free(shown);
	return (-1);
}

/* Parse a umask written in octal ("022", 22, "0o22"). */
int
cfg_check_umask(const char *s, int *out, char **cause)
{
	return (cfg_check_octal(s, "umask", "022", out, cause));
}

/* Parse a socket mode written in octal ("0600"). */
int
cfg_check_mode(const char *s, mode_t *out, char **cause)
{
	int	mode;

	if (cfg_check_octal(s, "mode", "0600", &mode, cause) != 0)
		return (-1);
	*out = mode;
	return (0);
}

/*
 * Parse a duration in seconds, an integer or a decimal ("5", "0.5", ".5"),
 * into milliseconds; digits past the third decimal are dropped.
 */
int
cfg_check_duration(const char *s, u_int *ms, char **cause)
{
	const char		*cp = s;
	unsigned long long	 whole = 0;
	u_int			 frac = 0, scale = 100, digits = 0;
	int			 negative;
	char			*shown;

	negative = (*cp == '-');
	if (negative)
		cp++;
	for (; *cp >= '0' && *cp <= '9'; cp++, digits++) {
		if (whole < CFG_CHECK_BIG)
			whole = whole * 10 + (*cp - '0');
	}
	if (*cp == '.') {
		for (cp++; *cp >= '0' && *cp <= '9'; cp++, digits++) {
			frac += (*cp - '0') * scale;
			scale /= 10;
		}
	}
	if (*cp != '\0' || digits == 0) {
		shown = cfg_check_quote(s);
		*cause = xstrfmt("expected a number of seconds >= 0 such as 5 "
		    "or 0.5, got %s", shown);
		free(shown);
		return (-1);
	}
	if (negative && (whole != 0 || frac != 0)) {
		*cause = xstrfmt("expected a number of seconds >= 0, got %s",
		    s);
		return (-1);
	}
	if (whole > CFG_MAX_SECONDS ||
	    (whole == CFG_MAX_SECONDS && frac != 0)) {
		*cause = xstrfmt("expected a number of seconds <= %u, got %s",
		    CFG_MAX_SECONDS, s);
		return (-1);
	}
	*ms = whole * 1000 + frac;
	return (0);
}

/* Parse a boolean (true/false, yes/no, on/off, 1/0). */
int
cfg_check_bool(const char *s, bool *out, char **cause)
{
	static const char *const yes[] = { "true", "yes", "on", "1" };
	static const char *const no[] = { "false", "no", "off", "0" };
	char	*shown;
	size_t	 i;

	for (i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		if (strcasecmp(s, yes[i]) == 0) {
			*out = true;
			return (0);
		}
		if (strcasecmp(s, no[i]) == 0) {
			*out = false;
			return (0);
		}
	}
	shown = cfg_check_quote(s);
	*cause = xstrfmt("expected true or false (or yes/no, on/off), got %s",
	    shown);
	free(shown);
	return (-1);
}

/* Parse autorestart: always, never, unexpected, true, false. */
int
cfg_check_autorestart(const char *s, enum cfg_restart *out, char **cause)
{
	char	*shown;

	if (strcasecmp(s, "always") == 0 || strcasecmp(s, "true") == 0)
		*out = RESTART_ALWAYS;
	else if (strcasecmp(s, "never") == 0 || strcasecmp(s, "false") == 0)
		*out = RESTART_NEVER;
	else if (strcasecmp(s, "unexpected") == 0)
		*out = RESTART_UNEXPECTED;
	else {
		shown = cfg_check_quote(s);
		*cause = xstrfmt("expected always, never, unexpected, true or "
		    "false, got %s", shown);
		free(shown);
		return (-1);
	}
	return (0);
}

/* Parse a tty_size written as COLSxROWS, each 2 to 1000. */
int
cfg_check_tty_size(const char *s, u_int *cols, u_int *rows, char **cause)
{
	const char		*x;
	char			*left, *shown;
	unsigned long long	 c, r;
	int			 neg, ok;

	x = strpbrk(s, "xX");
	if (x != NULL) {
		left = xstrndup(s, x - s);
		ok = (cfg_check_number(left, &c, &neg) == 0 && !neg &&
		    cfg_check_number(x + 1, &r, &neg) == 0 && !neg);
		free(left);
	} else
		ok = 0;
	shown = cfg_check_quote(s);
	if (!ok) {
		*cause = xstrfmt("expected COLSxROWS such as 80x24, got %s",
		    shown);
		free(shown);
		return (-1);
	}
	if (c < CFG_MIN_TTY || c > CFG_MAX_TTY ||
	    r < CFG_MIN_TTY || r > CFG_MAX_TTY) {
		*cause = xstrfmt("expected COLSxROWS with each from %u to %u, "
		    "got %s", CFG_MIN_TTY, CFG_MAX_TTY, shown);
		free(shown);
		return (-1);
	}
	free(shown);
	*cols = c;
	*rows = r;
	return (0);
}

/*
 * Whether a program name is valid: letters, digits, '-', '_' and '.',
 * starting with a letter, a digit or '_' (so it never looks like an
 * option), and not "all", which commands use for every program.
 */
int
cfg_check_name(const char *name, char **cause)
{
	const char	*cp;
	char		*shown;

	if (*name == '\0') {
		*cause = xstrdup("a program name cannot be empty");
		return (-1);
	}
	if (strlen(name) > CFG_MAX_NAME) {
		*cause = xstrfmt("program name is too long (at most %u "
		    "characters)", CFG_MAX_NAME);
		return (-1);
	}
	if (strcmp(name, "all") == 0) {
		*cause = xstrdup("\"all\" cannot be a program name: commands "
		    "use it for every program");
		return (-1);
	}
	for (cp = name; *cp != '\0'; cp++) {
		if ((*cp >= 'a' && *cp <= 'z') || (*cp >= 'A' && *cp <= 'Z') ||
		    (*cp >= '0' && *cp <= '9') || *cp == '_')
			continue;
		if ((*cp == '-' || *cp == '.') && cp != name)
			continue;
		shown = cfg_check_quote(name);
		*cause = xstrfmt("invalid program name %s: use letters, "
		    "digits, '-', '_' and '.', starting with a letter, a digit "
		    "or '_'", shown);
		free(shown);
		return (-1);
	}
	return (0);
}

/* Whether an environment variable name is valid. */
int
cfg_check_env_name(const char *name, char **cause)
{
	const char	*cp;
	char		*shown;

	for (cp = name; *cp != '\0'; cp++) {
		if ((*cp >= 'a' && *cp <= 'z') || (*cp >= 'A' && *cp <= 'Z') ||
		    *cp == '_')
			continue;
		if (*cp >= '0' && *cp <= '9' && cp != name)
			continue;
		break;
	}
	if (*name != '\0' && *cp == '\0')
		return (0);
	shown = cfg_check_quote(name);
	*cause = xstrfmt("invalid variable name %s: use letters, digits and "
	    "'_', not starting with a digit", shown);
	free(shown);
	return (-1);
}

/* Set cmd: split the command line into argv. */
static int
cfg_check_set_cmd(struct cfg_program *p, const char *value, char **cause)
{
	char	**argv;

	if (argv_split(value, NULL, &argv, cause) != 0)
		return (-1);
	if (*argv[0] == '\0') {
		argv_free(argv);
		*cause = xstrdup("the program to run (the first word) is "
		    "empty");
		return (-1);
	}
	argv_free(p->argv);
	p->argv = argv;
	free(p->cmd);
	p->cmd = xstrdup(value);
	return (0);
}

/* Set stdout or stderr: discard, stdout (stderr only) or a file. */
static void
cfg_check_set_output(struct cfg_program *p, enum cfg_key key,
    const char *value, const char *dir)
{
	enum cfg_out	  mode;
	char		 *path = NULL, **pathp;

	if (strcmp(value, "discard") == 0 || strcmp(value, "/dev/null") == 0)
		mode = OUT_DISCARD;
	else if (key == CFG_KEY_STDERR && strcmp(value, "stdout") == 0)
		mode = OUT_STDOUT;
	else {
		mode = OUT_FILE;
		path = cfg_resolve_path(value, dir);
	}
	if (key == CFG_KEY_STDOUT) {
		p->stdout_mode = mode;
		pathp = &p->stdout_path;
	} else {
		p->stderr_mode = mode;
		pathp = &p->stderr_path;
	}
	free(*pathp);
	*pathp = path;
}

/* Set one of the keys whose value is a number. */
static int
cfg_check_set_number(struct cfg_program *p, enum cfg_key key,
    const char *value, char **cause)
{
	switch (key) {
	case CFG_KEY_NUMPROCS:
		return (cfg_check_uint(value, 1, CFG_MAX_NUMPROCS, &p->numprocs,
		    cause));
	case CFG_KEY_STARTRETRIES:
		return (cfg_check_uint(value, 0, CFG_MAX_STARTRETRIES,
		    &p->startretries, cause));
	case CFG_KEY_SCROLLBACK:
		return (cfg_check_uint(value, 0, CFG_MAX_SCROLLBACK,
		    &p->scrollback, cause));
	case CFG_KEY_STARTTIME:
		return (cfg_check_duration(value, &p->starttime, cause));
	case CFG_KEY_STOPTIME:
		return (cfg_check_duration(value, &p->stoptime, cause));
	case CFG_KEY_UMASK:
		return (cfg_check_umask(value, &p->umask, cause));
	case CFG_KEY_TTY_SIZE:
		return (cfg_check_tty_size(value, &p->tty_cols, &p->tty_rows,
		    cause));
	default:
		*cause = xstrfmt("expected %s", cfg_key_wanted(key));
		return (-1);
	}
}

/*
 * Set key of p from a scalar value, the same way for every config format.
 * A value that is not valid leaves the program as it was.
 */
int
cfg_check_set(struct cfg_program *p, enum cfg_key key, const char *value,
    const char *dir, char **cause)
{
	char	**strp;

	if (*value == '\0') {
		*cause = xstrfmt("expected %s, got an empty value",
		    cfg_key_wanted(key));
		return (-1);
	}
	switch (key) {
	case CFG_KEY_CMD:
		return (cfg_check_set_cmd(p, value, cause));
	case CFG_KEY_ENV:
		*cause = xstrfmt("expected %s, got %s", cfg_key_wanted(key),
		    "a single value");
		return (-1);
	case CFG_KEY_WORKINGDIR:
		free(p->workingdir);
		p->workingdir = cfg_resolve_path(value, dir);
		return (0);
	case CFG_KEY_USER:
	case CFG_KEY_GROUP:
		strp = key == CFG_KEY_USER ? &p->user : &p->group;
		free(*strp);
		*strp = xstrdup(value);
		return (0);
	case CFG_KEY_STDOUT:
	case CFG_KEY_STDERR:
		cfg_check_set_output(p, key, value, dir);
		return (0);
	case CFG_KEY_TTY:
		return (cfg_check_bool(value, &p->tty, cause));
	case CFG_KEY_AUTOSTART:
		return (cfg_check_bool(value, &p->autostart, cause));
	case CFG_KEY_AUTORESTART:
		return (cfg_check_autorestart(value, &p->autorestart, cause));
	case CFG_KEY_EXITCODES:
		return (cfg_check_exitcodes(value, p->exitcodes, cause));
	case CFG_KEY_STOPSIGNAL:
		return (signame_parse(value, &p->stopsignal, cause));
	default:
		return (cfg_check_set_number(p, key, value, cause));
	}
}

/*
 * Record a problem with a value found after parsing, at the place pos
 * says; where is the program's key path, or NULL for a global value whose
 * pos->key is already the full path.
 */
static void
cfg_check_diag(struct cfg *cf, struct diag_list *dl, const char *where,
    const struct cfg_pos *pos, const char *fmt, ...)
{
	struct diag_pos	 dp = { cf->path, pos->line, pos->col };
	char		*key, *msg;
	va_list		 ap;

	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	if (where != NULL && pos->key != NULL)
		key = xstrfmt("%s.%s", where, pos->key);
	else
		key = xstrdup(where != NULL ? where : pos->key);
	diag_add(dl, &dp, key, "%s", msg);
	free(key);
	free(msg);
}

/*
 * Check that a file can be created where path says: its folder exists and
 * the path is not a folder itself.
 */
static void
cfg_check_file(struct cfg *cf, struct diag_list *dl, const char *where,
    const struct cfg_pos *pos, const char *verb, const char *path)
{
	struct stat	 sb;
	char		*dir, *slash;

	if (path == NULL)
		return;
	if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		cfg_check_diag(cf, dl, where, pos, "cannot %s %s: it is a "
		    "directory", verb, path);
		return;
	}
	dir = xstrdup(path);
	slash = strrchr(dir, '/');
	if (slash == NULL || slash == dir) {
		free(dir);
		return;
	}
	*slash = '\0';
	if (stat(dir, &sb) != 0) {
		if (errno == ENOENT || errno == ENOTDIR) {
			cfg_check_diag(cf, dl, where, pos, "cannot %s %s: no "
			    "such folder %s", verb, path, dir);
		} else {
			cfg_check_diag(cf, dl, where, pos, "cannot %s %s: %s: "
			    "%s", verb, path, dir, strerror(errno));
		}
	} else if (!S_ISDIR(sb.st_mode)) {
		cfg_check_diag(cf, dl, where, pos, "cannot %s %s: %s is not a "
		    "folder", verb, path, dir);
	}
	free(dir);
}

/* Check the socket path: its folder, and that it fits in sun_path. */
static void
cfg_check_socket(struct cfg *cf, struct diag_list *dl)
{
	struct sockaddr_un	sun;

	if (cf->socket == NULL)
		return;
	if (strlen(cf->socket) >= sizeof sun.sun_path) {
		cfg_check_diag(cf, dl, NULL, &cf->socket_pos, "socket path is "
		    "too long (%zu bytes, at most %zu)", strlen(cf->socket),
		    sizeof sun.sun_path - 1);
		return;
	}
	cfg_check_file(cf, dl, NULL, &cf->socket_pos, "create", cf->socket);
}

/* Check one program's values against the system. */
static void
cfg_check_program(struct cfg *cf, struct cfg_program *p, struct diag_list *dl)
{
	struct stat	 sb;
	char		*abs, *shown;

	if (p->user != NULL && getpwnam(p->user) == NULL) {
		shown = cfg_check_quote(p->user);
		cfg_check_diag(cf, dl, p->where, &p->pos[CFG_KEY_USER],
		    "no such user %s", shown);
		free(shown);
	}
	if (p->group != NULL && getgrnam(p->group) == NULL) {
		shown = cfg_check_quote(p->group);
		cfg_check_diag(cf, dl, p->where, &p->pos[CFG_KEY_GROUP],
		    "no such group %s", shown);
		free(shown);
	}
	if (p->workingdir != NULL) {
		if (stat(p->workingdir, &sb) != 0) {
			cfg_check_diag(cf, dl, p->where,
			    &p->pos[CFG_KEY_WORKINGDIR], "%s: %s",
			    p->workingdir, strerror(errno));
		} else if (!S_ISDIR(sb.st_mode)) {
			cfg_check_diag(cf, dl, p->where,
			    &p->pos[CFG_KEY_WORKINGDIR], "%s is not a "
			    "directory", p->workingdir);
		}
	}
	if (p->stdout_mode == OUT_FILE) {
		cfg_check_file(cf, dl, p->where, &p->pos[CFG_KEY_STDOUT],
		    "write", p->stdout_path);
	}
	if (p->stderr_mode == OUT_FILE) {
		cfg_check_file(cf, dl, p->where, &p->pos[CFG_KEY_STDERR],
		    "write", p->stderr_path);
	}

	/* A command written as a relative path is relative to the config. */
	if (p->argv != NULL && *p->argv[0] != '/' &&
	    strchr(p->argv[0], '/') != NULL) {
		abs = cfg_resolve_path(p->argv[0], cf->dir);
		free(p->argv[0]);
		p->argv[0] = abs;
	}
}

/*
 * Check values that need the system (users, groups, folders) and the
 * limit on processes in all, and resolve relative command paths.
 */
void
cfg_check(struct cfg *cf, struct diag_list *dl)
{
	struct cfg_program	*p;
	struct cfg_pos		 pos;
	u_int			 total = 0, ttys = 0;
	char			*why;

	cfg_check_file(cf, dl, NULL, &cf->logfile_pos, "write", cf->logfile);
	cfg_check_file(cf, dl, NULL, &cf->pidfile_pos, "write", cf->pidfile);
	cfg_check_socket(cf, dl);

	TAILQ_FOREACH(p, &cf->programs, entry) {
		cfg_check_program(cf, p, dl);
		if (p->tty)
			ttys += p->numprocs;
		if (total > CFG_MAX_PROCS)
			continue;	/* already said */
		total += p->numprocs;
		if (total <= CFG_MAX_PROCS)
			continue;
		pos = p->pos[CFG_KEY_NUMPROCS];
		if (pos.line == 0) {
			pos.line = p->line;
			pos.col = p->col;
		}
		cfg_check_diag(cf, dl, p->where, &pos, "too many processes: %u "
		    "up to this program (at most %u in all)", total,
		    CFG_MAX_PROCS);
	}

	/* Said at the first program, where the total of ptys begins. */
	if ((why = cfg_pty_over(ttys)) != NULL) {
		TAILQ_FOREACH(p, &cf->programs, entry) {
			if (!p->tty)
				continue;
			pos = p->pos[CFG_KEY_TTY];
			if (pos.line == 0) {
				pos.line = p->line;
				pos.col = p->col;
			}
			cfg_check_diag(cf, dl, p->where, &pos, "%s", why);
			break;
		}
		free(why);
	}
}

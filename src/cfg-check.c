/*
 * The checks that need the system. cfg_check runs after a reader and
 * asks what only the running system can answer: whether a folder exists,
 * whether a file can be created where a path says, whether a user or a
 * group exists (resolved once here into ids, see cfg-user.c). The key
 * table says which question each key asks (its sys field). Every message
 * points at the line and column the value came from, which the readers
 * keep in the pos tables of the config and its programs.
 */

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alert.h"
#include "cfg.h"
#include "listener.h"
#include "xmalloc.h"

static void	 cfg_check_diag(struct cfg *, struct diag_list *,
		     const char *, const struct cfg_pos *, const char *, ...)
		     __attribute__((format(printf, 5, 6)));
static void	 cfg_check_dir(struct cfg *, struct diag_list *,
		     const char *, const struct cfg_pos *, const char *);
static void	 cfg_check_file(struct cfg *, struct diag_list *,
		     const char *, const struct cfg_pos *, const char *,
		     const char *);
static void	 cfg_check_socket(struct cfg *, struct diag_list *,
		     const char *, const struct cfg_pos *, const char *);
static void	 cfg_check_read(struct cfg *, struct diag_list *,
		     const char *, const struct cfg_pos *, const char *, bool);
static void	 cfg_check_warn(struct cfg *, struct diag_list *,
		     const char *, const struct cfg_pos *, const char *, ...)
		     __attribute__((format(printf, 5, 6)));
static void	 cfg_check_diagv(struct cfg *, struct diag_list *,
		     const char *, const struct cfg_pos *, int, const char *,
		     va_list) __attribute__((format(printf, 6, 0)));
static void	 cfg_check_tcp(struct cfg *, struct diag_list *);
static void	 cfg_check_keys(struct cfg *, void *, enum cfg_scope,
		     struct cfg_pos *, const char *, struct diag_list *);
static void	 cfg_check_program(struct cfg *, struct cfg_program *,
		     struct diag_list *);

/*
 * Record a problem with a value found after parsing, at the place pos
 * says; where is the key path of its section, or NULL when pos->key is
 * already the full path.
 */
static void
cfg_check_diagv(struct cfg *cf, struct diag_list *dl, const char *where,
    const struct cfg_pos *pos, int warning, const char *fmt, va_list ap)
{
	struct diag_pos	 dp = { cfg_place_file(cf, pos->line),
	    CFG_PLACE_LINE(pos->line), pos->col };
	char		*key;

	if (where != NULL && pos->key != NULL)
		key = xstrfmt("%s.%s", where, pos->key);
	else
		key = xstrdup(where != NULL ? where : pos->key);
	diag_addv(dl, &dp, key, warning, fmt, ap);
	free(key);
}

static void
cfg_check_diag(struct cfg *cf, struct diag_list *dl, const char *where,
    const struct cfg_pos *pos, const char *fmt, ...)
{
	va_list		 ap;

	va_start(ap, fmt);
	cfg_check_diagv(cf, dl, where, pos, 0, fmt, ap);
	va_end(ap);
}

/* The same as a warning: the config still runs. */
static void
cfg_check_warn(struct cfg *cf, struct diag_list *dl, const char *where,
    const struct cfg_pos *pos, const char *fmt, ...)
{
	va_list		 ap;

	va_start(ap, fmt);
	cfg_check_diagv(cf, dl, where, pos, 1, fmt, ap);
	va_end(ap);
}

/*
 * An event listener: its events are supervisord's types, and its
 * standard output is the protocol, so no pty and no stderr mixed in.
 */
static void
cfg_check_listener(struct cfg *cf, struct cfg_program *p,
    struct diag_list *dl)
{
	struct cfg_pos	 pos;
	uint32_t	 mask;
	char		*cause, *names;

	if (p->events == NULL)
		return;
	pos = p->pos[CFG_KEY_EVENTS];
	if (lsn_parse_events(p->events, &mask, &cause) != 0) {
		cfg_check_diag(cf, dl, p->where, &pos, "%s", cause);
		free(cause);
	} else if ((names = lsn_unproduced(mask)) != NULL) {
		cfg_check_warn(cf, dl, p->where, &pos, "taskmaster never "
		    "produces %s: this listener will not be sent them", names);
		free(names);
	}
	if (p->tty) {
		pos = p->pos[CFG_KEY_TTY];
		cfg_check_diag(cf, dl, p->where, &pos, "an event listener "
		    "talks to taskmaster over pipes: tty must be false");
	}
	if (p->stderr_mode == OUT_STDOUT) {
		pos = p->pos[CFG_KEY_STDERR];
		if (pos.line == 0)
			pos = p->pos[CFG_KEY_REDIRECT_STDERR];
		cfg_check_diag(cf, dl, p->where, &pos, "an event listener's "
		    "stdout is the protocol: its stderr cannot go there");
	}
}

/* Check that a folder exists. */
static void
cfg_check_dir(struct cfg *cf, struct diag_list *dl, const char *where,
    const struct cfg_pos *pos, const char *path)
{
	struct stat	 sb;

	if (stat(path, &sb) != 0) {
		cfg_check_diag(cf, dl, where, pos, "%s: %s", path,
		    strerror(errno));
	} else if (!S_ISDIR(sb.st_mode)) {
		cfg_check_diag(cf, dl, where, pos, "%s is not a directory",
		    path);
	}
}

/*
 * Check that a file can be created where path says: its name fits in a
 * directory entry (or it would only fail when opened), its folder exists
 * and the path is not a folder itself.
 */
static void
cfg_check_file(struct cfg *cf, struct diag_list *dl, const char *where,
    const struct cfg_pos *pos, const char *verb, const char *path)
{
	struct stat	 sb;
	char		*dir, *slash, *shown;

	slash = strrchr(path, '/');
	if (slash != NULL && strlen(slash + 1) > NAME_MAX) {
		dir = slash == path ? xstrdup("/") : xstrndup(path,
		    slash - path);
		shown = diag_quote(slash + 1);
		cfg_check_diag(cf, dl, where, pos, "cannot %s in %s: the file "
		    "name %s is too long (%zu bytes, at most %d)", verb, dir,
		    shown, strlen(slash + 1), NAME_MAX);
		free(shown);
		free(dir);
		return;
	}
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

/* Check a socket path: that it fits in sun_path, then its folder. */
static void
cfg_check_socket(struct cfg *cf, struct diag_list *dl, const char *where,
    const struct cfg_pos *pos, const char *path)
{
	struct sockaddr_un	sun;

	if (strlen(path) >= sizeof sun.sun_path) {
		cfg_check_diag(cf, dl, where, pos, "socket path is too long "
		    "(%zu bytes, at most %zu)", strlen(path),
		    sizeof sun.sun_path - 1);
		return;
	}
	cfg_check_file(cf, dl, where, pos, "create", path);
}

/*
 * Check a file the daemon will read: a regular file it can read now. A
 * secret that others than its owner may read is a warning.
 */
static void
cfg_check_read(struct cfg *cf, struct diag_list *dl, const char *where,
    const struct cfg_pos *pos, const char *path, bool secret)
{
	struct diag_pos	 dp = { cfg_place_file(cf, pos->line),
	    CFG_PLACE_LINE(pos->line), pos->col };
	struct stat	 sb;
	char		*key;
	int		 fd;

	fd = open(path, O_RDONLY|O_NONBLOCK|O_NOCTTY|O_CLOEXEC);
	if (fd == -1) {
		cfg_check_diag(cf, dl, where, pos, "cannot read %s: %s", path,
		    strerror(errno));
		return;
	}
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		cfg_check_diag(cf, dl, where, pos, "cannot read %s: not a "
		    "regular file", path);
	} else if (secret && (sb.st_mode & (S_IRWXG|S_IRWXO)) != 0) {
		key = where != NULL && pos->key != NULL ?
		    xstrfmt("%s.%s", where, pos->key) : xstrdup(pos->key);
		diag_warn(dl, &dp, key, "%s can be read by others than its "
		    "owner (mode %04o): make it 0600", path,
		    (u_int)(sb.st_mode & 07777));
		free(key);
	}
	close(fd);
}

/*
 * TCP control: listen needs a secret; an address off loopback needs TLS,
 * or insecure: true. A supervisord file's [inet_http_server] is taken as
 * it would run there: without a password it is not listened on, and
 * without TLS it is plain TCP; both are said as warnings.
 */
static void
cfg_check_tcp(struct cfg *cf, struct diag_list *dl)
{
	struct cfg_pos	*pos = &cf->pos[CFG_KEY_LISTEN];
	struct diag_pos	 dp = { cfg_place_file(cf, pos->line),
	    CFG_PLACE_LINE(pos->line), pos->col };
	bool		 ini = (cf->where == NULL), tls;
	char		**a, *key;

	if ((cf->tls_cert == NULL) != (cf->tls_key == NULL)) {
		cfg_check_diag(cf, dl, cf->where, cf->tls_cert == NULL ?
		    &cf->pos[CFG_KEY_TLS_KEY] : &cf->pos[CFG_KEY_TLS_CERT],
		    "tls needs both cert and key");
	}
	if (cf->listen == NULL)
		return;
	key = cf->where != NULL ? xstrfmt("%s.%s", cf->where, pos->key) :
	    xstrdup(pos->key);
	if (cf->password_file == NULL && cf->password == NULL) {
		if (ini) {
			diag_warn(dl, &dp, key, "no password: taskmaster "
			    "listens on TCP only with one, so it does not "
			    "listen there (the UNIX socket works)");
			cfg_type_reset(cf, CFG_KEY_LISTEN);
		} else {
			diag_add(dl, &dp, key, "listen needs password_file "
			    "(the secret TCP clients must prove they know)");
		}
		free(key);
		return;
	}
	tls = cf->tls_cert != NULL && cf->tls_key != NULL;
	for (a = cf->listen; *a != NULL && !tls && !cf->insecure; a++) {
		if (cfg_value_loopback(*a))
			continue;
		if (ini) {
			diag_warn(dl, &dp, key, "%s is not loopback and "
			    "taskmaster has no TLS here: the password never "
			    "crosses the network, but commands and output do, "
			    "in clear", *a);
			cf->insecure = true;
			break;
		}
		diag_add(dl, &dp, key, "%s is not loopback: without TLS, "
		    "commands and output would cross the network in clear; add "
		    "tls (cert and key), or insecure: true", *a);
	}
	free(key);
}

/* Check the keys of a program or of the config that name a file. */
static void
cfg_check_keys(struct cfg *cf, void *base, enum cfg_scope scope,
    struct cfg_pos *pos, const char *where, struct diag_list *dl)
{
	const struct cfg_key_entry	*e;
	const char			*path;
	u_int				 key;

	for (key = 0; key < CFG_NKEYS; key++) {
		e = cfg_key_entry(key);
		if (e->scope != scope ||
		    (path = cfg_type_file(base, key)) == NULL)
			continue;
		switch (e->sys) {
		case CFG_SYS_DIR:
			cfg_check_dir(cf, dl, where, &pos[key], path);
			break;
		case CFG_SYS_FILE:
			cfg_check_file(cf, dl, where, &pos[key], "write",
			    path);
			break;
		case CFG_SYS_SOCKET:
			cfg_check_socket(cf, dl, where, &pos[key], path);
			break;
		case CFG_SYS_READ:
		case CFG_SYS_SECRET:
			cfg_check_read(cf, dl, where, &pos[key], path,
			    e->sys == CFG_SYS_SECRET);
			break;
		default:
			break;
		}
	}
}

/* Check one program's values against the system; resolve its ids. */
static void
cfg_check_program(struct cfg *cf, struct cfg_program *p, struct diag_list *dl)
{
	char	*cause;
	u_int	 key;

	if (cfg_user_resolve(p, &key, &cause) != 0) {
		cfg_check_diag(cf, dl, p->where, &p->pos[key], "%s", cause);
		free(cause);
	}
	cfg_check_keys(cf, p, CFG_PROGRAM, p->pos, p->where, dl);
	cfg_check_listener(cf, p, dl);
}

/*
 * Check values that need the system (users, groups, folders, the files
 * of alerts) and the limit on processes in all.
 */
void
cfg_check(struct cfg *cf, struct diag_list *dl)
{
	struct cfg_program	*p;
	struct cfg_pos		 pos;
	u_int			 total = 0, ttys = 0;
	char			*why;

	cfg_check_keys(cf, cf, CFG_GLOBAL, cf->pos, cf->where, dl);
	cfg_check_tcp(cf, dl);
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
	alert_cfg_check(cf, dl);

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

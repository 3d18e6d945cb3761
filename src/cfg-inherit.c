/*
 * What programs take from the daemon's settings once the whole file is
 * read (a [supervisord] section may come after the programs): its
 * environment, under theirs, and for supervisord's AUTO output files a
 * file of their own in childlogdir.
 */

#include <stdlib.h>
#include <string.h>

#include "cfg.h"
#include "xmalloc.h"

static void	cfg_inherit_env(struct cfg *, struct cfg_program *);
static void	cfg_inherit_auto(struct cfg *, struct cfg_program *, u_int,
		    const char *, struct diag_list *);

/* The daemon's variables first, each unless the program sets it. */
static void
cfg_inherit_env(struct cfg *cf, struct cfg_program *p)
{
	char	**env, **e, **pe;
	size_t	  n = 0, len;
	bool	  own;

	for (e = cf->environment; *e != NULL; e++)
		n++;
	for (e = p->env; *e != NULL; e++)
		n++;
	env = xreallocarray(NULL, n + 1, sizeof *env);
	n = 0;
	for (e = cf->environment; *e != NULL; e++) {
		len = strcspn(*e, "=");
		own = false;
		for (pe = p->env; *pe != NULL && !own; pe++)
			own = strncmp(*pe, *e, len + 1) == 0;
		if (!own)
			env[n++] = xstrdup(*e);
	}
	for (e = p->env; *e != NULL; e++)
		env[n++] = *e;
	env[n] = NULL;
	free(p->env);
	p->env = env;
}

/* An AUTO output: childlogdir/NAME-stdout.log (':' made '_'). */
static void
cfg_inherit_auto(struct cfg *cf, struct cfg_program *p, u_int key,
    const char *stream, struct diag_list *dl)
{
	struct diag_pos	 pos = { cfg_place_file(cf, p->line),
	    CFG_PLACE_LINE(p->line), 0 };
	char		*name, *path, *cause = NULL, *c;

	name = xstrdup(p->name);
	for (c = name; *c != '\0'; c++) {
		if (*c == ':')
			*c = '_';
	}
	path = xstrfmt("%s/%s-%s.log", cf->childlogdir, name, stream);
	if (cfg_type_set(p, key, path, NULL, &cause) != 0) {
		diag_add(dl, &pos, p->where, "childlogdir: %s", cause);
		free(cause);
	}
	free(path);
	free(name);
}

void
cfg_inherit(struct cfg *cf, struct diag_list *dl)
{
	struct cfg_program	*p;

	TAILQ_FOREACH(p, &cf->programs, entry) {
		/*
		 * An event listener speaks over pipes, and starts first and
		 * stops last (supervisord's priority -1 is our lowest, 0).
		 */
		if (p->events != NULL && p->pos[CFG_KEY_TTY].line == 0)
			p->tty = false;
		if (p->events != NULL && p->pos[CFG_KEY_PRIORITY].line == 0)
			p->priority = 0;
		/* Its stderr has a pipe of its own unless it was told. */
		if (p->events != NULL && p->stderr_mode == OUT_STDOUT &&
		    (p->pos[CFG_KEY_STDERR].line == 0 || (p->auto_out & 2)) &&
		    !p->redirect_stderr)
			p->stderr_mode = OUT_SCREEN;
		if (cf->environment != NULL && cf->environment[0] != NULL)
			cfg_inherit_env(cf, p);
		if (cf->childlogdir == NULL)
			continue;
		if ((p->auto_out & 1) && p->stdout_mode == OUT_SCREEN)
			cfg_inherit_auto(cf, p, CFG_KEY_STDOUT, "stdout", dl);
		if ((p->auto_out & 2) && (p->stderr_mode == OUT_SCREEN ||
		    p->stderr_mode == OUT_STDOUT))
			cfg_inherit_auto(cf, p, CFG_KEY_STDERR, "stderr", dl);
	}
}

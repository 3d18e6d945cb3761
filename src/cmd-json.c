/*
 * --json for scripts: status, pid and reload answer with one JSON
 * document (made with jansson, never by hand) instead of their lines. The
 * field names are stable and documented in taskmasterctl(1); a field is
 * null rather than missing when it has no value. A document larger than a
 * protocol frame still arrives whole: it is sent as its lines.
 */

#include <sys/wait.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "taskmaster.h"
#include "xmalloc.h"

/* supervisord's numbers for the states, which scripts may know. */
static const int cmd_json_codes[PROC_NSTATES] = {
	[PROC_STOPPED] = 0,
	[PROC_STARTING] = 10,
	[PROC_RUNNING] = 20,
	[PROC_BACKOFF] = 30,
	[PROC_STOPPING] = 40,
	[PROC_EXITED] = 100,
	[PROC_FATAL] = 200
};

static json_t	*cmd_json_time(time_t);
static json_t	*cmd_json_exit(struct proc *);

bool
cmd_json_flag(int *argc, char **argv)
{
	int	 i, j;
	bool	 found = false;

	for (i = 1; i < *argc; i++) {
		if (strcmp(argv[i], "--json") != 0)
			continue;
		found = true;
		for (j = i; j < *argc; j++)
			argv[j] = argv[j + 1];
		(*argc)--;
		i--;
	}
	return (found);
}

void
cmd_json_emit(struct cmd_ctx *ctx, json_t *doc)
{
	char	*text, *line, *next;

	text = json_dumps(doc, JSON_INDENT(2)|JSON_PRESERVE_ORDER);
	json_decref(doc);
	if (text == NULL) {
		cmd_error(ctx, CMD_EXIT_FAIL, "cannot make the JSON document");
		return;
	}
	for (line = text; line != NULL; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		cmd_print(ctx, "%s", line);
	}
	free(text);
}

/* A time as RFC 3339 in UTC, or null. */
static json_t *
cmd_json_time(time_t t)
{
	struct tm	 tm;
	char		 buf[32];

	if (t == 0 || gmtime_r(&t, &tm) == NULL)
		return (json_null());
	strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return (json_string(buf));
}

/* How the last run ended: code or signal, and whether expected. */
static json_t *
cmd_json_exit(struct proc *p)
{
	const char	*sig;
	int		 st = p->exit_status;

	if (st == -1 || !(p->flags & PROC_EVER) || proc_alive(p))
		return (json_null());
	if (WIFSIGNALED(st)) {
		sig = signame_name(WTERMSIG(st));
		return (json_pack("{s:n, s:s?, s:b}", "code", "signal", sig,
		    "expected", p->exit_expected));
	}
	return (json_pack("{s:i, s:n, s:b}", "code", WEXITSTATUS(st),
	    "signal", "expected", p->exit_expected));
}

json_t *
cmd_json_proc(struct proc *p)
{
	json_t	*o;
	char	*desc;
	bool	 stats = proc_stats_valid(p);

	desc = proc_describe(p);
	o = json_pack("{s:s, s:s, s:i, s:s, s:i, s:o, s:o, s:o, s:i, s:o, "
	    "s:s?, s:s, s:o, s:o}",
	    "name", p->name,
	    "program", p->pg->name,
	    "instance", (int)p->index,
	    "state", proc_fsm_state_name(p->state),
	    "statecode", cmd_json_codes[p->state],
	    "pid", p->pid != 0 ? json_integer(p->pid) : json_null(),
	    "start", p->pid != 0 ? cmd_json_time(p->start_wall) : json_null(),
	    "uptime", p->pid != 0 ? json_integer(proc_uptime(p)) : json_null(),
	    "restarts", (int)p->restarts,
	    "exit", cmd_json_exit(p),
	    "spawn_error", p->spawn_error,
	    "description", desc,
	    "cpu", stats ? json_real(p->stats.cpu / 10.0) : json_null(),
	    "rss", stats ? json_integer(p->stats.rss) : json_null());
	free(desc);
	return (o);
}

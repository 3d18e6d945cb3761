/*
 * The console's end of the connection: the same messages taskmasterctl
 * sends, several requests at once told apart by their ids. The process
 * table comes from one "subscribe" request and is replaced whole at each
 * reset...sync; commands typed on the ':' line are sent as argv and their
 * output becomes the feedback line and lines of the log pane.
 */

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto.h"
#include "tui.h"
#include "xmalloc.h"

static void	tui_client_event(struct tui *, const char *, size_t);
static void	tui_client_proc(struct tui *, char *);
static void	tui_client_sync(struct tui *);
static void	tui_client_output(struct tui *, uint32_t, int, const char *);
static void	tui_client_exit(struct tui *, uint32_t, int);
static struct tui_screen *tui_client_screen(struct tui *, uint32_t);
static void	tui_client_free_procs(struct tui_proc *, u_int);
static int	tui_client_name_cmp(const void *, const void *, void *);
static void	tui_client_index(struct tui *);

uint32_t
tui_client_send(struct tui *t, int argc, char **argv)
{
	uint32_t	 id = t->next_id++;

	proto_put_command(bufferevent_get_output(t->bev), id, argc, argv);
	return (id);
}

void
tui_client_input(struct tui *t, uint32_t id, int type, const void *data,
    size_t len)
{
	proto_put_id(bufferevent_get_output(t->bev), type, id, data, len);
}

void
tui_client_command(struct tui *t, const char *line, bool quiet,
    void (*done)(struct tui *, struct tui_cmd *, int))
{
	struct tui_cmd	*c;
	char		**argv, *cause = NULL;
	int		 argc;

	if (argv_split(line, &argc, &argv, &cause) != 0) {
		tui_message(t, true, "%s", cause);
		free(cause);
		return;
	}
	c = xcalloc(1, sizeof *c);
	c->line = xstrdup(line);
	c->quiet = quiet;
	c->done = done;
	c->id = tui_client_send(t, argc, argv);
	c->next = t->cmds;
	t->cmds = c;
	argv_free(argv);
	if (!quiet)
		tui_message(t, false, "%s ...", line);
}

static struct tui_screen *
tui_client_screen(struct tui *t, uint32_t id)
{
	if (t->preview != NULL && t->preview->id == id)
		return (t->preview);
	if (t->attach != NULL && t->attach->id == id)
		return (t->attach);
	return (NULL);
}

static void
tui_client_output(struct tui *t, uint32_t id, int stream, const char *text)
{
	struct tui_cmd		*c;
	struct tui_screen	*s;
	const char		*nl;
	size_t			 len;

	for (c = t->cmds; c != NULL; c = c->next) {
		if (c->id != id)
			continue;
		/* A message may hold several lines (status sends blocks). */
		do {
			nl = strchr(text, '\n');
			len = nl != NULL ? (size_t)(nl - text) : strlen(text);
			c->out = xreallocarray(c->out, c->nout + 1,
			    sizeof *c->out);
			c->out[c->nout++] = xstrfmt("%s%.*s", stream == 2 ?
			    "!" : " ", (int)len, text);
			text += len + 1;
		} while (nl != NULL);
		return;
	}
	/* Why an attach or a preview was refused. */
	if ((s = tui_client_screen(t, id)) != NULL) {
		free(s->state);
		s->state = xstrdup(text);
		s->alive = false;
		if (s == t->attach)
			tui_message(t, true, "%s", text);
		tui_redraw(t);
	}
}

static void
tui_client_exit(struct tui *t, uint32_t id, int status)
{
	struct tui_cmd		**cp, *c;
	struct tui_screen	*s;
	const char		*last = NULL, *firsterr = NULL;
	char			*line;
	u_int			 i;

	if ((s = tui_client_screen(t, id)) != NULL) {
		/* The daemon ended the stream: the process is gone. */
		s->alive = false;
		s->id = 0;
		tui_redraw(t);
		return;
	}
	for (cp = &t->cmds; (c = *cp) != NULL; cp = &c->next) {
		if (c->id == id)
			break;
	}
	if (c == NULL)
		return;
	*cp = c->next;

	if (!c->quiet || status != 0) {
		xasprintf(&line, "> %s (exit %d)", c->line, status);
		tui_log_add(t, line);
		free(line);
	}
	for (i = 0; i < c->nout; i++) {
		if (!c->quiet || status != 0)
			tui_log_add(t, c->out[i] + 1);
		if (c->out[i][0] == '!' && firsterr == NULL)
			firsterr = c->out[i] + 1;
		last = c->out[i] + 1;
	}
	if (status != 0 && status != CMD_EXIT_NOTRUNNING)
		tui_message(t, true, "%s", firsterr != NULL ? firsterr :
		    last != NULL ? last : "failed");
	else if (!c->quiet) {
		if (c->nout > 1)
			tui_message(t, false, "%s  (%u lines: l shows them)",
			    last, c->nout);
		else
			tui_message(t, false, "%s", last != NULL ? last :
			    "done");
	}
	if (c->done != NULL)
		c->done(t, c, status);
	for (i = 0; i < c->nout; i++)
		free(c->out[i]);
	free(c->out);
	free(c->line);
	free(c);
}

static void
tui_client_free_procs(struct tui_proc *procs, u_int n)
{
	u_int	 i;

	for (i = 0; i < n; i++) {
		free(procs[i].name);
		free(procs[i].desc);
	}
	free(procs);
}

/* Order the name index: by name. */
static int
tui_client_name_cmp(const void *a0, const void *b0, void *arg)
{
	struct tui	*t = arg;
	u_int		 a = *(const u_int *)a0, b = *(const u_int *)b0;

	return (strcmp(t->procs[a].name, t->procs[b].name));
}

/* Index the list by name, so an update finds its row in log time. */
static void
tui_client_index(struct tui *t)
{
	u_int	 i;

	free(t->byname);
	t->byname = xcalloc(t->nprocs + 1, sizeof *t->byname);
	for (i = 0; i < t->nprocs; i++)
		t->byname[i] = i;
	qsort_r(t->byname, t->nprocs, sizeof *t->byname, tui_client_name_cmp,
	    t);
}

struct tui_proc *
tui_client_find(struct tui *t, const char *name)
{
	u_int	 lo = 0, hi = t->nprocs, mid;
	int	 c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(name, t->procs[t->byname[mid]].name);
		if (c == 0)
			return (&t->procs[t->byname[mid]]);
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return (NULL);
}

/* One "proc" line: name, state, pid, start, restarts, status, expected. */
static void
tui_client_proc(struct tui *t, char *line)
{
	struct tui_proc	 np, *tp;
	char		*f[9], *s = line;
	int		 k;

	for (k = 0; k < 9; k++) {
		f[k] = s;
		if (k < 8) {
			if ((s = strchr(s, '\t')) == NULL)
				return;
			*s++ = '\0';
		}
	}
	memset(&np, 0, sizeof np);
	np.name = xstrdup(f[1]);
	if ((k = proto_state_parse(f[2])) == -1)
		k = PROC_STOPPED;
	np.state = k;
	np.pid = atol(f[3]);
	np.start = atoll(f[4]);
	np.restarts = strtoul(f[5], NULL, 10);
	np.status = atoi(f[6]);
	np.expected = atoi(f[7]) != 0;
	np.desc = xstrdup(f[8]);

	/* Within reset ... sync: the next list, in the daemon's order. */
	if (t->next_procs != NULL || !t->synced) {
		t->next_procs = xreallocarray(t->next_procs,
		    t->next_nprocs + 1, sizeof *t->next_procs);
		t->next_procs[t->next_nprocs++] = np;
		return;
	}
	if ((tp = tui_client_find(t, np.name)) != NULL) {
		free(tp->name);
		free(tp->desc);
		/* The figures of the same run still hold. */
		if (tp->pid == np.pid) {
			np.cpu = tp->cpu;
			np.rss = tp->rss;
			np.sampled = tp->sampled;
		}
		*tp = np;
	} else {
		t->procs = xreallocarray(t->procs, t->nprocs + 1,
		    sizeof *t->procs);
		t->procs[t->nprocs++] = np;
		tui_client_index(t);
	}
	tui_redraw(t);
}

/* A new full list has arrived: swap it in, keep the selection. */
static void
tui_client_sync(struct tui *t)
{
	struct tui_proc	*old = t->procs, *sel, **rows;
	char		*selname = NULL;
	u_int		 oldn = t->nprocs, i, n;

	if ((sel = tui_client_selected(t)) != NULL)
		selname = xstrdup(sel->name);
	t->procs = t->next_procs;
	t->nprocs = t->next_nprocs;
	t->next_procs = NULL;
	t->next_nprocs = 0;
	tui_client_index(t);
	tui_client_free_procs(old, oldn);
	t->synced = true;
	t->sel = 0;
	if (selname != NULL) {
		n = tui_client_rows(t, &rows);
		for (i = 0; i < n; i++) {
			if (strcmp(rows[i]->name, selname) == 0)
				t->sel = i;
		}
		free(rows);
		free(selname);
	}
	tui_table_preview(t);
	tui_redraw(t);
}

static void
tui_client_event(struct tui *t, const char *data, size_t len)
{
	char	*line, *tab;

	line = xstrndup(data, len);
	if ((tab = strchr(line, '\t')) != NULL)
		*tab++ = '\0';
	if (strcmp(line, "proc") == 0 && tab != NULL) {
		*--tab = '\t';
		tui_client_proc(t, line);
	} else if (strcmp(line, "reset") == 0) {
		tui_client_free_procs(t->next_procs, t->next_nprocs);
		t->next_procs = xcalloc(1, sizeof *t->next_procs);
		t->next_nprocs = 0;
	} else if (strcmp(line, "sync") == 0)
		tui_client_sync(t);
	else if (strcmp(line, "log") == 0 && tab != NULL)
		tui_log_add(t, tab);
	else if (strcmp(line, "stats") == 0 && tab != NULL)
		tui_stats_line(t, tab);
	else if (strcmp(line, "daemon") == 0 && tab != NULL) {
		char	*f[3], *s = tab;
		int	 k;

		for (k = 0; k < 3 && s != NULL; k++) {
			f[k] = s;
			if ((s = strchr(s, '\t')) != NULL)
				*s++ = '\0';
		}
		if (k == 3) {
			t->dpid = atol(f[0]);
			t->dstart = atoll(f[1]);
			free(t->config);
			t->config = xstrdup(f[2]);
		}
	}
	free(line);
}

void
tui_client_read_cb(struct bufferevent *bev, void *arg)
{
	struct tui		*t = arg;
	struct evbuffer		*in = bufferevent_get_input(bev);
	struct tui_screen	*s;
	struct proto_msg	 msg;
	const char		*data, *text;
	char			*cause = NULL;
	uint32_t		 id;
	size_t			 len;
	int			 rc, stream, status;

	while ((rc = proto_get(in, &msg, &cause)) == 1) {
		switch (msg.type) {
		case MSG_EVENT:
			if (proto_get_id(&msg, &id, &data, &len, &cause) != 0)
				break;
			if (id == t->sub_id)
				tui_client_event(t, data, len);
			else if ((s = tui_client_screen(t, id)) != NULL) {
				char	*ev = xstrndup(data, len);

				tui_screen_event(s, ev);
				free(ev);
			}
			break;
		case MSG_DATA:
			if (proto_get_id(&msg, &id, &data, &len, &cause) != 0)
				break;
			if ((s = tui_client_screen(t, id)) != NULL)
				tui_screen_data(s, data, len);
			break;
		case MSG_OUTPUT:
			if (proto_get_output(&msg, &id, &stream, &text,
			    &cause) == 0)
				tui_client_output(t, id, stream, text);
			break;
		case MSG_EXIT:
			if (proto_get_exit(&msg, &id, &status, &cause) == 0)
				tui_client_exit(t, id, status);
			break;
		case MSG_ERROR:
			tui_message(t, true, "daemon: %s", msg.payload);
			break;
		}
		proto_msg_clear(&msg);
		if (cause != NULL)
			break;
	}
	if (cause != NULL) {
		tui_message(t, true, "bad message from the daemon: %s", cause);
		free(cause);
	}
}

void
tui_client_event_cb(struct bufferevent *bev, short what, void *arg)
{
	struct tui	*t = arg;

	if (!(what & (BEV_EVENT_EOF|BEV_EVENT_ERROR)))
		return;
	/* taskmaster: how its supervisor exited says how this went. */
	if (!(t->flags & (TUI_QUITTING|TUI_EMBEDDED))) {
		t->exitcode = 1;
		free(t->message);
		t->message = xstrdup("the daemon closed the connection");
	}
	event_base_loopbreak(t->base);
}

u_int
tui_client_rows(struct tui *t, struct tui_proc ***rows)
{
	u_int	 i, n = 0;

	*rows = xcalloc(t->nprocs + 1, sizeof **rows);
	for (i = 0; i < t->nprocs; i++) {
		if (t->filter != NULL && *t->filter != '\0' &&
		    strstr(t->procs[i].name, t->filter) == NULL)
			continue;
		(*rows)[n++] = &t->procs[i];
	}
	return (n);
}

struct tui_proc *
tui_client_selected(struct tui *t)
{
	struct tui_proc	**rows, *p = NULL;
	u_int		  n;

	n = tui_client_rows(t, &rows);
	if (t->sel < n)
		p = rows[t->sel];
	free(rows);
	return (p);
}

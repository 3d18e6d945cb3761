/*
 * The console: the one header that includes curses. The console is a
 * client of the daemon like taskmasterctl: it learns process states from
 * a subscription, runs commands by sending them, and shows screens from
 * attach streams fed into a local libvterm. It never forks and never
 * touches a process itself.
 */

#ifndef TUI_H
#define TUI_H

#include <sys/types.h>

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include <curses.h>

#include "client.h"
#include "prompt.h"
#include "taskmaster.h"

struct bufferevent;
struct evbuffer;
struct tui;

/* The signals the console handles (tui-signal.c); SIGTSTP's index. */
#define TUI_NSIGNALS	8
#define TUI_SIGTSTP	1

/* Key handler results, acted on by the dispatcher. */
#define TUI_HANDLED	0x1
#define TUI_REDRAW	0x2
#define TUI_QUIT	0x4

/* A view: the table, the event log, the help, attach. */
struct tui_view {
	const char	*name;
	void		 (*draw)(struct tui *);
	int		 (*key)(struct tui *, wint_t, bool);
	void		 (*resize)(struct tui *);
};

/* One process as the console knows it, from the subscription. */
struct tui_proc {
	char		*name;
	enum proc_state	 state;
	pid_t		 pid;
	time_t		 start;
	u_int		 restarts;
	int		 status;	/* last wait status, or -1 */
	bool		 expected;
	char		*desc;
	/* From the daemon's stats lines: the whole process tree. */
	double		 cpu;		/* percent of one core */
	uint64_t	 rss;		/* bytes */
	bool		 sampled;
};

/* A screen on the console side: a local libvterm fed by a stream. */
struct tui_screen {
	struct tui	*tui;
	uint32_t	 id;		/* the attach request */
	char		*name;
	struct VTerm	*vt;
	struct VTermScreen *vts;
	u_int		 cols;
	u_int		 rows;
	bool		 readonly;
	char		*state;		/* "RUNNING", "EXITED: ..." */
	bool		 alive;
	struct evbuffer	*keys;		/* what libvterm encodes for keys */
};

/* A command run from the console, until its MSG_EXIT. */
struct tui_cmd {
	uint32_t	 id;
	char		*line;
	char		**out;
	u_int		 nout;
	bool		 quiet;		/* s/x/r keys: only errors matter */
	void		(*done)(struct tui *, struct tui_cmd *, int);
	struct tui_cmd	*next;
};

struct tui {
	struct event_base *base;
	struct bufferevent *bev;
	uint32_t	 next_id;
	int		 flags;
#define TUI_EMBEDDED	 0x01	/* taskmaster: the daemon is us */
#define TUI_COLOUR	 0x02
#define TUI_CONFIRM	 0x04	/* asking whether to stop everything */
#define TUI_QUITTING	 0x08
#define TUI_STARTED	 0x10	/* curses is on */
#define TUI_SUSPENDED	 0x20
#define TUI_HUNGUP	 0x40	/* the terminal is gone */
#define TUI_READONLY	 0x80	/* a read-only client: changes nothing */
	int		 exitcode;
	pid_t		 daemon;	/* taskmaster: its supervisor */

	/* What the subscription says. */
	uint32_t	 sub_id;
	char		*config;
	pid_t		 dpid;
	time_t		 dstart;
	struct tui_proc	*procs;
	u_int		 nprocs;
	u_int		*byname;	/* indexes of procs sorted by name */
	struct tui_proc	*next_procs;	/* being received after "reset" */
	u_int		 next_nprocs;
	bool		 synced;

	/* The event log pane: the newest lines. */
	char		**log;
	u_int		 log_first;
	u_int		 log_count;
	u_int		 log_top;	/* lines scrolled back from the end */

	/* Views. */
	const struct tui_view *view;
	u_int		 sel;		/* index in the filtered rows */
	u_int		 top;		/* first row shown */
	char		*filter;
	struct prompt	*filter_prompt;
	bool		 filtering;
	struct prompt	*prompt;
	bool		 prompting;
	struct history	*hist;
	char		*histpath;
	char		*message;
	bool		 message_error;
	char		**names;	/* for completion */
	u_int		 help_top;

	/* Commands in flight. */
	struct tui_cmd	*cmds;

	/* The preview of the selection, and attach. */
	struct tui_screen *preview;
	struct tui_screen *attach;
	bool		 escape;	/* a Ctrl-] is waiting */

	struct event	*stdin_ev;
	struct event	*redraw_ev;
	struct event	*tick_ev;
	struct event	*signals[TUI_NSIGNALS];
	struct event	*escape_ev;
	bool		 dirty;
	uint64_t	 last_draw;	/* ms */

	/* Colour pairs, allocated as cells need them. */
	short		*pairs;		/* (fg + 1) * 257 + bg + 1 -> pair */
	int		 npairs;
};

extern const struct tui_view tui_table_view;
extern const struct tui_view tui_log_view;
extern const struct tui_view tui_help_view;
extern const struct tui_view tui_attach_view;

/* tui.c */

/* Start the console on a connection (it takes bev); -1 with cause. */
int	 tui_start(struct tui *, struct event_base *, struct bufferevent *, int,
	     char **);
/* Put the terminal back as it was (safe to call at any time). */
void	 tui_stop(struct tui *);
/* Free what the console holds once the loop is over. */
void	 tui_free(struct tui *);
/* Ask for a redraw soon (coalesced). */
void	 tui_redraw(struct tui *);
/* Switch to a view. */
void	 tui_set_view(struct tui *, const struct tui_view *);
/* Set the feedback line. */
void	 tui_message(struct tui *, bool, const char *, ...)
	     __attribute__((format(printf, 3, 4)));
/* Draw text in a width, with an ellipsis if it does not fit. */
void	 tui_text(int, int, int, const char *);
/* The attribute for a state (colour when there is colour). */
attr_t	 tui_state_attr(struct tui *, enum proc_state, short *);
/* A colour pair for a foreground and background (-1: default). */
short	 tui_pair(struct tui *, int, int);

/* tui-key.c */

/* Read what terminfo says the keys the line editor knows send. */
void	 tui_key_init(void);
/* stdin is readable: take every key there is. */
void	 tui_key_stdin_cb(int, short, void *);
/* Quit: in taskmaster, stop everything first (asks when it must). */
void	 tui_quit(struct tui *, bool);

/* tui-signal.c */

/* Handle the terminal's signals and those passed to the supervisor. */
void	 tui_signal_start(struct tui *);
/* Stop handling them. */
void	 tui_signal_free(struct tui *);
/* Whether stdin reads as a terminal that is gone. */
bool	 tui_signal_stdin_gone(struct tui *);
/* The terminal is gone: leave without drawing. */
void	 tui_hangup(struct tui *);
/* The size is known to curses: lay every view out again. */
void	 tui_signal_relayout(struct tui *);
/* Give the terminal back and stop the console (Ctrl-Z). */
void	 tui_suspend(struct tui *);

/* tui-client.c: the daemon end. */

/* Send a command line; done (may be NULL) runs with its exit status. */
void	 tui_client_command(struct tui *, const char *, bool,
	     void (*)(struct tui *, struct tui_cmd *, int));
/* Send argv as a command; returns its request id. */
uint32_t tui_client_send(struct tui *, int, char **);
/* Send a message for a running request (keys, resize, detach). */
void	 tui_client_input(struct tui *, uint32_t, int, const void *, size_t);
/* Handle everything the daemon sent. */
void	 tui_client_read_cb(struct bufferevent *, void *);
/* The connection is gone. */
void	 tui_client_event_cb(struct bufferevent *, short, void *);
/* The processes shown in the table (the filter applied). */
u_int	 tui_client_rows(struct tui *, struct tui_proc ***);
/* The selected process, or NULL. */
struct tui_proc *tui_client_selected(struct tui *);
/* The process called name, or NULL. */
struct tui_proc *tui_client_find(struct tui *, const char *);

/* tui-screen.c: streams into local screens, drawn with curses. */

/* Attach (read-only for a preview) to a process at a size. */
struct tui_screen *tui_screen_open(struct tui *, const char *, bool, u_int,
	     u_int);
/* Detach and free. */
void	 tui_screen_close(struct tui_screen *);
/* Bytes of the stream for this screen. */
void	 tui_screen_data(struct tui_screen *, const char *, size_t);
/* An event for this screen (SIZE, STATE). */
void	 tui_screen_event(struct tui_screen *, const char *);
/* Draw rows of the screen into a region of stdscr. */
void	 tui_screen_draw(struct tui_screen *, int, int, int, int, bool);
/* Send a curses key to the process, encoded for its modes. */
void	 tui_screen_key(struct tui_screen *, wint_t, bool);
/* Tell the daemon the size wanted. */
void	 tui_screen_resize(struct tui_screen *, u_int, u_int);

/* tui-table.c */

/* Make sure the preview follows the selection. */
void	 tui_table_preview(struct tui *);

/* tui-header.c */

/* Draw the header line. */
void	 tui_header_draw(struct tui *);
/* Draw the message or prompt line, and the key bar. */
void	 tui_keybar_draw(struct tui *);

/* tui-log.c */

/* Add a line to the event log pane. */
void	 tui_log_add(struct tui *, const char *);

/* tui-stats.c */

/* One stats line of the subscription: NAME, CPU, RSS. */
void	 tui_stats_line(struct tui *, char *);

#endif

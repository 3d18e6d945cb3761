/*
 * The console's ':' command line as plain data: a line editor fed one key
 * at a time, its history and Tab completion. Nothing here draws or reads
 * the terminal, so the console maps curses keys onto these and draws what
 * prompt_view() describes, and the unit tests drive it without curses.
 */

#ifndef PROMPT_H
#define PROMPT_H

#include <sys/types.h>

#include <stdbool.h>
#include <stddef.h>

/*
 * Keys that are not characters, numbered above the last Unicode code point
 * so a key is one int: text is its code point, control keys their value
 * (Ctrl-A is 1, Tab 9, Enter 13 or 10, Esc 27, Backspace 127 or 8).
 */
enum prompt_keycode {
	PROMPT_KEY_LEFT = 0x110000,
	PROMPT_KEY_RIGHT,
	PROMPT_KEY_UP,
	PROMPT_KEY_DOWN,
	PROMPT_KEY_HOME,
	PROMPT_KEY_END,
	PROMPT_KEY_DELETE,
	PROMPT_KEY_BACKSPACE,
	PROMPT_KEY_ENTER,
	PROMPT_KEY_WORD_LEFT,		/* Ctrl-Left, Alt-B */
	PROMPT_KEY_WORD_RIGHT		/* Ctrl-Right, Alt-F */
};

/* History entries kept when the console does not say otherwise. */
#define HISTORY_MAX	1000

/* Command lines, oldest first, bounded. */
struct history {
	char		**lines;
	size_t		  n;
	size_t		  max;
};

/* What a Tab found for the word before the cursor. */
struct complete {
	size_t		  start;	/* the word is line[start..end) */
	size_t		  end;		/* the cursor */
	char		 *insert;	/* the candidate or the common prefix */
	char		**cands;	/* sorted, no duplicates */
	size_t		  ncands;
};

/* The line editor. */
struct prompt {
	char		 *buf;		/* UTF-8, NUL-terminated */
	size_t		  len;
	size_t		  size;
	size_t		  cursor;	/* byte offset, a character boundary */
	size_t		  scroll;	/* first byte shown by prompt_view */

	char		 *kill;		/* text of the last Ctrl-K/U/W */
	bool		  killing;	/* the last key killed: kills join */
	bool		  killnow;	/* this key killed */

	struct history	 *hist;		/* not owned; NULL: no history */
	size_t		  hpos;		/* 0: the edited line, i: entry i-1 */
	char		 *saved;	/* the edited line while walking */

	int		  flags;
#define PROMPT_SEARCHING 0x1		/* Ctrl-R search in progress */
#define PROMPT_FAILING	 0x2		/* no entry matches the search */
	char		 *search;	/* what Ctrl-R looks for */
	char		 *lastsearch;	/* for Ctrl-R Ctrl-R */
	size_t		  sstart;	/* entry the search began at */
	size_t		  spos;		/* entry of the match, newest 0 */
	bool		  smatch;	/* the line shown is a match */
	char		 *sorig;	/* the line before the search */
	size_t		  sorigcursor;
	size_t		  sorighpos;
	char		 *label;	/* "(reverse-i-search)'web': " */

	char		**cands;	/* candidates of the last Tab */
	size_t		  ncands;

	/* Process, program names for completion; see prompt_set_names. */
	const char *const *(*names_cb)(void *);
	void		 *names_arg;
};

/* What part of the line to draw in a given width, from prompt_view. */
struct prompt_view {
	const char	 *text;		/* first visible byte */
	size_t		  len;		/* bytes visible */
	u_int		  cursor;	/* cursor column from text */
	bool		  left;		/* text hidden before */
	bool		  right;	/* text hidden after */
};

/* What prompt_key did, for the console to act on. */
#define PROMPT_REDRAW	0x01		/* the line or the cursor changed */
#define PROMPT_ACCEPT	0x02		/* Enter: run prompt_text() */
#define PROMPT_CANCEL	0x04		/* Ctrl-C, Esc: close the line */
#define PROMPT_LIST	0x08		/* show prompt_candidates() */
#define PROMPT_BELL	0x10		/* the key could do nothing */

/* tui-prompt.c */

/* Create an empty line editor using hist (may be NULL, not owned). */
struct prompt	*prompt_create(struct history *);
/* Free a line editor. */
void		 prompt_free(struct prompt *);
/* Empty the line and leave history walking and search, for a new line. */
void		 prompt_reset(struct prompt *);
/* Replace the line with text, the cursor at its end ("stop web"). */
void		 prompt_set_text(struct prompt *, const char *);
/*
 * Tell Tab where to find the names that follow the command: cb returns a
 * NULL-terminated array of process and program names, which only has to
 * stay valid until the next call.
 */
void		 prompt_set_names(struct prompt *,
		     const char *const *(*)(void *), void *);
/* Handle one key; returns PROMPT_* flags (0: nothing changed). */
int		 prompt_key(struct prompt *, int);
/* The line as it is now (valid until the next key). */
const char	*prompt_text(const struct prompt *);
/* The cursor as a byte offset into prompt_text(). */
size_t		 prompt_cursor(const struct prompt *);
/* The cursor as a display column from the start of the line. */
u_int		 prompt_column(const struct prompt *);
/* In a Ctrl-R search, what to draw instead of ':'; otherwise NULL. */
const char	*prompt_label(const struct prompt *);
/* The candidates found by the last Tab, until the next key; or NULL. */
char *const	*prompt_candidates(const struct prompt *, size_t *);
/*
 * Say what slice of the line fits in width columns (what is left after
 * ':' or the label) with the cursor in it; the line scrolls sideways.
 */
void		 prompt_view(struct prompt *, u_int, struct prompt_view *);
/* Display width of len bytes of UTF-8, as the console draws them. */
u_int		 prompt_width(const char *, size_t);

/* tui-history.c */

/* Create an empty history keeping at most max entries. */
struct history	*history_create(size_t);
/* Free a history and its entries. */
void		 history_free(struct history *);
/*
 * Add a line as the newest entry, unless it is blank or the same as the
 * newest; the oldest goes beyond max. Returns whether it was added.
 */
bool		 history_add(struct history *, const char *);
/* The number of entries. */
size_t		 history_count(const struct history *);
/* Entry i counting back from the newest (0), or NULL. */
const char	*history_get(const struct history *, size_t);
/*
 * Find the newest entry at or older than from that contains needle.
 * Returns its index (as history_get) in *found, or -1 if none.
 */
int		 history_search(const struct history *, const char *, size_t,
		     size_t *);
/* Add the entries of a file; a missing file is not an error. */
int		 history_load(struct history *, const char *, char **);
/*
 * Write every entry to a file, one a line, through a temporary file and
 * a rename so a crash never leaves half a history; creates the folders.
 */
int		 history_save(const struct history *, const char *, char **);
/* $XDG_STATE_HOME/taskmaster/history or ~/.local/state/..., or NULL. */
char		*history_default_path(void);

/* tui-complete.c */

/*
 * Complete the word before cursor in line: a command name first, then
 * what the command takes (names, a signal, an option). names are the
 * process and program names, NULL-terminated (NULL for none); "all" is
 * added where the command takes it. Fills cp, returns the candidate count.
 */
size_t		 complete_line(const char *, size_t, const char *const *,
		     struct complete *);
/* Free what complete_line filled in. */
void		 complete_free(struct complete *);

#endif

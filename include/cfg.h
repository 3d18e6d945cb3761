/*
 * Configuration: what a config file says, the diagnostics found while
 * reading it, and the plan that turns one config into another on reload.
 * Nothing here forks, touches a process or the event loop: a config is
 * plain data, so every part of it can be tested on its own.
 */

#ifndef CFG_H
#define CFG_H

#include <sys/types.h>
#include <sys/queue.h>

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* diag.c: diagnostics with a position, collected rather than fatal. */

struct diag_pos {
	const char	*file;
	u_int		 line;		/* 1-based; 0 when unknown */
	u_int		 col;		/* 1-based; 0 when unknown (INI) */
};

struct diag {
	char		*file;
	u_int		 line;
	u_int		 col;
	char		*key;		/* key path, "programs.web.numprocs" */
	char		*msg;
	int		 warning;	/* a warning does not refuse a config */
	TAILQ_ENTRY(diag) entry;
};
TAILQ_HEAD(diag_head, diag);

struct diag_list {
	struct diag_head list;
	u_int		 nerrors;
	u_int		 nwarnings;
};

/* Initialise an empty diagnostics list. */
void	 diag_init(struct diag_list *);
/* Free every diagnostic in the list, leaving it empty. */
void	 diag_clear(struct diag_list *);
/* Record an error at pos (NULL: no position) for key (NULL: none). */
void	 diag_add(struct diag_list *, const struct diag_pos *, const char *,
	     const char *, ...) __attribute__((format(printf, 4, 5)));
/* Record a warning; warnings are shown but do not refuse the config. */
void	 diag_warn(struct diag_list *, const struct diag_pos *,
	     const char *, const char *, ...)
	     __attribute__((format(printf, 4, 5)));
/* Record an error or (warning set) a warning, from a va_list. */
void	 diag_addv(struct diag_list *, const struct diag_pos *, const char *,
	     int, const char *, va_list) __attribute__((format(printf, 5, 0)));
/* Sort by file, line and column so output reads top to bottom. */
void	 diag_sort(struct diag_list *);
/* Format one diagnostic as "file:line:col: key: message" (caller frees). */
char	*diag_format(const struct diag *);
/* Sort, then print every diagnostic, one per line. */
void	 diag_print(struct diag_list *, FILE *);

/* signame.c: signal names and numbers. */

/* Parse "TERM", "SIGTERM", "term" or "15"; fill cause on error. */
int	 signame_parse(const char *, int *, char **);
/* Return the name of a signal without "SIG" ("TERM"), or NULL. */
const char *signame_name(int);

/* argv-split.c: shell-like splitting, no expansion. */

/*
 * Split a command line into a NULL-terminated argv: whitespace separates
 * words, '...' is literal, "..." allows \" \\ \$ \` escapes, a backslash
 * outside quotes escapes the next character. Fill cause on error.
 */
int	 argv_split(const char *, int *, char ***, char **);
/* Free an argv from argv_split or argv_copy. */
void	 argv_free(char **);
/* Copy a NULL-terminated argv. */
char	**argv_copy(char **);
/* Join an argv into one string, quoting words that need it. */
char	*argv_join(char **);

/* The configuration itself. */

/*
 * The keys of a program, spawn keys first, then watch keys, then numprocs:
 * the order in which a reload plan lists what changed.
 */
enum cfg_key {
	CFG_KEY_CMD,
	CFG_KEY_ENV,
	CFG_KEY_WORKINGDIR,
	CFG_KEY_UMASK,
	CFG_KEY_USER,
	CFG_KEY_GROUP,
	CFG_KEY_STDOUT,
	CFG_KEY_STDERR,
	CFG_KEY_TTY,
	CFG_KEY_TTY_SIZE,
	CFG_KEY_SCROLLBACK,
	CFG_KEY_AUTOSTART,
	CFG_KEY_AUTORESTART,
	CFG_KEY_EXITCODES,
	CFG_KEY_STARTTIME,
	CFG_KEY_STARTRETRIES,
	CFG_KEY_STOPSIGNAL,
	CFG_KEY_STOPTIME,
	CFG_KEY_NUMPROCS,
	CFG_NKEYS
};

/* Where a value was written, so later checks can point at it. */
struct cfg_pos {
	u_int		 line;		/* 1-based; 0: not written */
	u_int		 col;		/* 1-based; 0: unknown (INI) */
	const char	*key;		/* static: the name as written */
};

enum cfg_restart {
	RESTART_NEVER,
	RESTART_UNEXPECTED,
	RESTART_ALWAYS
};

enum cfg_out {
	OUT_SCREEN,		/* absent: screen and scrollback only */
	OUT_DISCARD,		/* "discard" or /dev/null */
	OUT_FILE,		/* append to path */
	OUT_STDOUT		/* stderr only: same as stdout */
};

struct cfg_program {
	char		*name;
	u_int		 line;		/* where the program is defined */
	u_int		 col;
	char		*where;		/* key path, "programs.web" */
	struct cfg_pos	 pos[CFG_NKEYS]; /* where each key's value is */

	/* How it is spawned: a change here restarts the program. */
	char		**argv;		/* NULL-terminated, argv[0] non-empty */
	char		*cmd;		/* the command as written */
	char		**env;		/* "NAME=value", NULL-terminated; */
					/* never NULL, empty if none */
	char		*workingdir;	/* absolute, or NULL: inherited */
	int		 umask;		/* -1: inherited */
	char		*user;		/* NULL: unchanged */
	char		*group;		/* NULL: the user's group */
	enum cfg_out	 stdout_mode;
	char		*stdout_path;	/* absolute, OUT_FILE only */
	enum cfg_out	 stderr_mode;
	char		*stderr_path;	/* absolute, OUT_FILE only */
	bool		 tty;
	u_int		 tty_cols;
	u_int		 tty_rows;
	u_int		 scrollback;	/* lines */

	/* How it is watched: a change here is applied in place. */
	bool		 autostart;
	enum cfg_restart autorestart;
	uint8_t		 exitcodes[32];	/* bitmap of expected codes 0..255 */
	u_int		 starttime;	/* milliseconds */
	u_int		 startretries;
	int		 stopsignal;
	u_int		 stoptime;	/* milliseconds */
	u_int		 restart_interval; /* ms: least time between two */
					/* automatic starts (s6's throttle) */
	bool		 killgroup;	/* SIGKILL what an exited leader */
					/* left in its process group */

	/* How many: a change here starts or stops the extra instances. */
	u_int		 numprocs;

	TAILQ_ENTRY(cfg_program) entry;
};
TAILQ_HEAD(cfg_programs, cfg_program);

struct cfg {
	char		*path;		/* the file as given */
	char		*dir;		/* its folder, absolute */
	char		*logfile;	/* absolute; NULL: the default */
	char		*socket;	/* absolute; NULL: the default */
	mode_t		 socket_mode;	/* 0600 unless set */
	char		*pidfile;	/* absolute; NULL: the default */
	struct cfg_programs programs;	/* in file order */
	u_int		 nprograms;

	/* Where the global values are; key is the full path as written. */
	struct cfg_pos	 logfile_pos;
	struct cfg_pos	 socket_pos;
	struct cfg_pos	 socket_mode_pos;
	struct cfg_pos	 pidfile_pos;
};

/* Defaults, shared by the parsers and the documentation. */
#define CFG_DEFAULT_NUMPROCS	 1
#define CFG_DEFAULT_STARTTIME	 1000
#define CFG_DEFAULT_STARTRETRIES 3
#define CFG_DEFAULT_STOPTIME	 10000
#define CFG_DEFAULT_RESTART_INTERVAL 1000
#define CFG_DEFAULT_TTY_COLS	 80
#define CFG_DEFAULT_TTY_ROWS	 24
#define CFG_DEFAULT_SCROLLBACK	 1000
#define CFG_DEFAULT_SOCKET_MODE	 0600

/* Limits, so a typo cannot ask for a million processes. */
#define CFG_MAX_NUMPROCS	 10000	/* per program */
#define CFG_MAX_PROCS		 10000	/* all programs together */
#define CFG_MAX_STARTRETRIES	 10000
#define CFG_MAX_SCROLLBACK	 1000000
#define CFG_MAX_SECONDS		 1000000 /* starttime, stoptime */
#define CFG_MIN_TTY		 2	/* tty_size columns and rows */
#define CFG_MAX_TTY		 1000
#define CFG_MAX_NAME		 64	/* program name length */

/* cfg.c */

/*
 * Find the config file when -c is not given: $TASKMASTER_CONFIG,
 * ./taskmaster.yaml, $XDG_CONFIG_HOME/taskmaster/taskmaster.yaml (or
 * ~/.config/...), /etc/taskmaster/taskmaster.yaml. Returns a new string,
 * or NULL with a cause that lists every path searched.
 */
char	*cfg_find(char **);
/*
 * Load and check a config file, choosing YAML or supervisord INI by
 * extension. Every problem goes to dl; NULL is returned if any of them is
 * an error, so a config with an error is never used.
 */
struct cfg *cfg_load(const char *, struct diag_list *);
/* Free a config and all its programs. */
void	 cfg_free(struct cfg *);
/* Allocate an empty config for path (used by the parsers). */
struct cfg *cfg_create(const char *);
/* Allocate a program with every default set (used by the parsers). */
struct cfg_program *cfg_program_create(const char *);
/* Free one program. */
void	 cfg_program_free(struct cfg_program *);
/* Return the program called name, or NULL. */
struct cfg_program *cfg_find_program(const struct cfg *, const char *);
/* Resolve path (first) against dir (second) unless absolute; new string. */
char	*cfg_resolve_path(const char *, const char *);
/* The socket path to use: the config's, or the default for this user. */
char	*cfg_socket_path(const struct cfg *);
/* The socket a config names, even if it has errors; NULL if none. */
char	*cfg_peek_socket(const char *);
/* Whether exit code is listed in the program's exitcodes. */
bool	 cfg_exitcode_expected(const struct cfg_program *, int);
/* Return the name of a key ("cmd"). */
const char *cfg_key_name(enum cfg_key);
/* Return the supervisord name of a key ("command"), or NULL. */
const char *cfg_key_alias(enum cfg_key);
/* Describe what a key's value looks like ("an integer >= 1"). */
const char *cfg_key_wanted(enum cfg_key);
/* Return the key called name (or its supervisord alias), or -1. */
int	 cfg_key_find(const char *);
/* Return the NULL-terminated candidate closest to name, or NULL. */
const char *cfg_key_suggest(const char *, const char *const *);
/* Add a program to a config, keeping file order. */
void	 cfg_add_program(struct cfg *, struct cfg_program *);

/* cfg-yaml.c */

/*
 * Parse a YAML config into cf; problems go to dl. Returns -1 only if the
 * file cannot be read as YAML at all; bad values are in dl either way.
 */
int	 cfg_yaml_parse(struct cfg *, FILE *, struct diag_list *);

/* cfg-ini.c */

/* Parse a supervisord INI config into cf; problems go to dl. As above. */
int	 cfg_ini_parse(struct cfg *, FILE *, struct diag_list *);

/* cfg-check.c */

/*
 * Check values that need the system (users, groups, directories) and the
 * total number of processes; resolve relative command paths. Diagnostics
 * point at the positions the parser kept in the pos fields.
 */
void	 cfg_check(struct cfg *, struct diag_list *);

/* cfg-pty.c */

/* The system's pty limit and how many are in use; -1 if unknown. */
int	 cfg_pty_limit(u_int *, u_int *);
/* Why need processes with tty: true are too many, or NULL (caller frees). */
char	*cfg_pty_over(u_int);
/* Why a pty could not be opened (errno ENOSPC or EAGAIN), and what to do. */
char	*cfg_pty_none(int);

/* Parse a umask written in octal ("022", 22, "0o22"); fill cause. */
int	 cfg_check_umask(const char *, int *, char **);
/* Parse a duration in seconds ("5", "0.5") into milliseconds. */
int	 cfg_check_duration(const char *, u_int *, char **);
/* Parse a boolean (true/false, yes/no, on/off, 1/0). */
int	 cfg_check_bool(const char *, bool *, char **);
/* Parse autorestart: always, never, unexpected, true, false. */
int	 cfg_check_autorestart(const char *, enum cfg_restart *, char **);
/* Parse a tty_size written as COLSxROWS. */
int	 cfg_check_tty_size(const char *, u_int *, u_int *, char **);
/* Parse an unsigned integer within [min, max]. */
int	 cfg_check_uint(const char *, u_int, u_int, u_int *, char **);
/* Whether a program name is valid (letters, digits, - _ .). */
int	 cfg_check_name(const char *, char **);
/* Whether an environment variable name is valid ([A-Za-z_][A-Za-z0-9_]*). */
int	 cfg_check_env_name(const char *, char **);
/* Parse one exit code, 0 to 255. */
int	 cfg_check_exitcode(const char *, int *, char **);
/* Parse a socket mode written in octal ("0600"). */
int	 cfg_check_mode(const char *, mode_t *, char **);
/* Set key of p from a scalar value, paths resolved against dir. */
int	 cfg_check_set(struct cfg_program *, enum cfg_key, const char *,
	     const char *, char **);
/* Quote a value for a message: escaped, shortened (caller frees). */
char	*cfg_check_quote(const char *);

/* cfg-diff.c: old config + new config -> reload plan. */

#define PLAN_SPAWN	0x1	/* a spawn key changed: restart */
#define PLAN_WATCH	0x2	/* a watch key changed: update in place */
#define PLAN_SCALE	0x4	/* numprocs changed: start/stop extras */

enum plan_kind {
	PLAN_UNCHANGED,
	PLAN_ADDED,
	PLAN_REMOVED,
	PLAN_CHANGED
};

struct plan_entry {
	char		*name;
	enum plan_kind	 kind;
	int		 changes;	/* PLAN_* bits, for PLAN_CHANGED */
	char		*keys;		/* changed keys, "cmd, env" */
	u_int		 old_numprocs;
	u_int		 new_numprocs;
};

struct plan {
	struct plan_entry *entries;	/* removed first, then in new order */
	u_int		 n;
	u_int		 added;
	u_int		 removed;
	u_int		 restarted;	/* PLAN_SPAWN set */
	u_int		 updated;	/* PLAN_WATCH only, or with scale */
	u_int		 scaled;	/* PLAN_SCALE without PLAN_SPAWN */
	u_int		 unchanged;
	char		**notes;	/* global changes needing a restart */
	u_int		 nnotes;
};

/* Compare two configs and return the plan that turns old into new. */
struct plan *cfg_diff(const struct cfg *, const struct cfg *);
/* Free a plan. */
void	 plan_free(struct plan *);
/* One line for an entry: "web: restarted (cmd changed)" (caller frees). */
char	*plan_entry_format(const struct plan_entry *);
/* One summary line: "2 added, 1 removed, ..." (caller frees). */
char	*plan_summary(const struct plan *);

#endif

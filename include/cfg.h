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

struct cfg_alerts;

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
/* Quote a value for a message: escaped, shortened (caller frees). */
char	*diag_quote(const char *);

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
 * The keys taskmaster implements, program keys first, then the global
 * ones: an index into the key table (cfg-key.c), which says everything
 * else about each of them. A reload plan lists changed keys in this order.
 * Keys supervisord has and taskmaster does not implement are table entries
 * too, after these, without a name here.
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
	CFG_KEY_STDOUT_MAXBYTES,
	CFG_KEY_STDOUT_BACKUPS,
	CFG_KEY_STDERR_MAXBYTES,
	CFG_KEY_STDERR_BACKUPS,
	CFG_KEY_TIMESTAMPS,
	CFG_KEY_RAW_OUTPUT,
	CFG_KEY_STDOUT_SYSLOG,
	CFG_KEY_STDERR_SYSLOG,
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
	CFG_KEY_RESTART_INTERVAL,
	CFG_KEY_KILLGROUP,
	CFG_KEY_STOPASGROUP,
	CFG_KEY_KILLASGROUP,
	CFG_KEY_PROGRAM_ALERTS,
	CFG_KEY_PRIORITY,
	CFG_KEY_SHUTDOWN_ON_FATAL,
	CFG_KEY_EVENTS,
	CFG_KEY_BUFFER_SIZE,
	CFG_KEY_NUMPROCS,
	CFG_KEY_REDIRECT_STDERR,	/* INI only */
	CFG_KEY_PROCESS_NAME,		/* INI only */
	CFG_KEY_NUMPROCS_START,		/* INI only */

	CFG_KEY_LOGFILE,
	CFG_KEY_SOCKET,
	CFG_KEY_SOCKET_MODE,
	CFG_KEY_PIDFILE,
	CFG_KEY_ALERTS,
	CFG_KEY_LISTEN,
	CFG_KEY_PASSWORD_FILE,
	CFG_KEY_READONLY_PASSWORD_FILE,
	CFG_KEY_PASSWORD,		/* INI only: [inet_http_server] */
	CFG_KEY_TLS_CERT,
	CFG_KEY_TLS_KEY,
	CFG_KEY_INSECURE,
	CFG_KEY_LOGFILE_MAXBYTES,
	CFG_KEY_LOGFILE_BACKUPS,
	CFG_KEY_NODAEMON,
	CFG_KEY_OUTPUT_THREAD,
	CFG_KEY_MINFDS,
	CFG_KEY_MINPROCS,
	CFG_KEY_SOCKET_OWNER,
	CFG_KEY_DAEMON_USER,
	CFG_KEY_IDENTIFIER,
	CFG_KEY_CHILDLOGDIR,
	CFG_KEY_GLOBAL_ENV,		/* INI only: [supervisord] */
	CFG_NKEYS
};

/* Where a key is written: in each program, or once for the daemon. */
enum cfg_scope {
	CFG_PROGRAM,		/* programs.NAME, [program:NAME] */
	CFG_GLOBAL		/* taskmaster, [supervisord] and others */
};

/* What a value is, so how it is read, kept, compared and freed. */
enum cfg_type {
	CFG_T_NONE,		/* not implemented: accepted with a warning */
	CFG_T_STRING,		/* char *: any text */
	CFG_T_PATH,		/* char *: resolved against the config's dir */
	CFG_T_BOOL,		/* bool */
	CFG_T_UINT,		/* u_int from min to max */
	CFG_T_DURATION,		/* u_int milliseconds, written in seconds */
	CFG_T_SIZE,		/* uint64_t bytes: 50MB, 1GB, 500KB, 1024 */
	CFG_T_UMASK,		/* int, octal; -1: inherited */
	CFG_T_MODE,		/* mode_t, octal */
	CFG_T_SIGNAL,		/* int: a name or a number */
	CFG_T_ENUM,		/* int: one of the entry's choices */
	CFG_T_CMD,		/* char **argv (off), char *line (off2) */
	CFG_T_ENV,		/* char **"NAME=value", never NULL */
	CFG_T_EXITCODES,	/* uint8_t[32], a bitmap of 0..255 */
	CFG_T_OUTPUT,		/* enum cfg_out (off), char *path (off2) */
	CFG_T_TTY_SIZE,		/* u_int columns (off), u_int rows (off2) */
	CFG_T_ADDRS,		/* char **"HOST:PORT", NULL-terminated */
	CFG_T_ALERTS		/* struct cfg_alerts *, a YAML mapping */
};

/* What a reload does when a key's value changed. */
enum cfg_reload {
	CFG_RELOAD_SPAWN,	/* restart the program's processes */
	CFG_RELOAD_WATCH,	/* update in place */
	CFG_RELOAD_SCALE,	/* start or stop the extra instances */
	CFG_RELOAD_DAEMON,	/* global: only when taskmasterd restarts */
	CFG_RELOAD_NONE		/* not compared: its effect is another key's */
};

/* What cfg_check asks the system about a value. */
enum cfg_sys {
	CFG_SYS_NONE,
	CFG_SYS_DIR,		/* an existing folder */
	CFG_SYS_FILE,		/* a file to write: its folder exists */
	CFG_SYS_SOCKET,		/* as a file, and it fits in sun_path */
	CFG_SYS_IDS,		/* a user or group: both resolved to ids */
	CFG_SYS_READ,		/* a file to read */
	CFG_SYS_SECRET		/* a file to read, that others should not */
};

/* One word of a CFG_T_ENUM key and the value it stands for. */
struct cfg_choice {
	const char	*name;
	int		 value;
};

/*
 * One config key: everything the readers, the checks, the reload plan
 * and the manual need to know about it; cfg-key.c has the table.
 */
struct cfg_key_entry {
	const char	*name;		/* taskmaster's name; NULL: INI only */
	const char	*alias;		/* supervisord's name: "command", or */
					/* "section.name" for a global key */
	enum cfg_scope	 scope;
	enum cfg_type	 type;
	size_t		 off;		/* offsetof in struct cfg_program or */
	size_t		 off2;		/* struct cfg; off2: second field */
	unsigned long long min;		/* CFG_T_UINT, _DURATION (seconds), */
	unsigned long long max;		/* _SIZE (bytes) */
	const struct cfg_choice *choices; /* CFG_T_ENUM, ends with a NULL */
	const char	*def;		/* default, as written; NULL: unset */
	enum cfg_reload	 reload;
	enum cfg_sys	 sys;
	int		 flags;
#define CFG_KEY_REQUIRED	0x1	/* a program must have it */
#define CFG_KEY_UNSUPPORTED	0x2	/* supervisord's: ignored, warned */
#define CFG_KEY_TO_STDOUT	0x4	/* CFG_T_OUTPUT: "stdout" allowed */
	const char	*wanted;	/* "an integer >= 1", for messages; */
					/* unsupported: the warning or NULL */
};

/* Where a value was written, so later checks can point at it. */
/*
 * A line of the config's files: INI [include]s bring in more files, so a
 * line number carries the index of its file (0: the file itself) above
 * CFG_PLACE_SHIFT bits.
 */
#define CFG_PLACE_SHIFT		22
#define CFG_PLACE(f, l)		(((u_int)(f) << CFG_PLACE_SHIFT) | (l))
#define CFG_PLACE_LINE(p)	((p) & ((1U << CFG_PLACE_SHIFT) - 1))
#define CFG_PLACE_FILE(p)	((p) >> CFG_PLACE_SHIFT)
#define CFG_MAX_FILES		1000	/* the file and what it includes */

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
	char		*name;		/* INI: "group:process" in a group */
	char		*group_name;	/* INI: its [group:x], if not its name */
	int		 group_priority; /* INI: its [group:x]'s; -1: none */
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
	uint64_t	 stdout_maxbytes; /* rotate past this; 0: never */
	u_int		 stdout_backups;
	uint64_t	 stderr_maxbytes;
	u_int		 stderr_backups;
	bool		 timestamps;	/* each line in the files stamped */
	bool		 raw_output;	/* files keep the pty's \r\n */
	bool		 stdout_syslog;	/* each line to syslog too */
	bool		 stderr_syslog;
	bool		 redirect_stderr; /* INI: stderr goes with stdout */
	bool		 tty;
	u_int		 tty_cols;
	u_int		 tty_rows;
	u_int		 scrollback;	/* lines */

	/*
	 * user and group as ids, resolved when the config is loaded so that
	 * a spawn looks nothing up: set only if user or group is.
	 */
	bool		 ids;
	uid_t		 uid;		/* user's, or the daemon's */
	gid_t		 gid;		/* group's, else the user's */
	gid_t		*groups;	/* the groups to run with */
	int		 ngroups;
	char		*home;		/* user's home folder, or NULL */

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
	bool		 stopasgroup;	/* stopsignal to the group, not the */
					/* leader alone */
	bool		 killasgroup;	/* the same for SIGKILL */
	bool		 alerts;	/* false: never the subject of one */
	u_int		 priority;	/* start low first, stop high first */
	bool		 shutdown_on_fatal; /* FATAL stops the daemon */
	/* An event listener (listener.c): the events it is sent. */
	char		*events;	/* as written; NULL: not a listener */
	uint32_t	 event_mask;	/* LSN_EV_* bits, made by cfg_check */
	u_int		 buffer_size;	/* events kept while it is busy */

	/* How many: a change here starts or stops the extra instances. */
	u_int		 numprocs;
	/*
	 * INI: each instance is a program of its own, named by its expanded
	 * process_name, numbered from numprocs_start (cfg-ini.c).
	 */
	char		*process_name;
	u_int		 numprocs_start;
	u_int		 auto_out;	/* INI AUTO: 1 stdout, 2 stderr */

	TAILQ_ENTRY(cfg_program) entry;
};
TAILQ_HEAD(cfg_programs, cfg_program);

/* Which output files a thread writes (logfile-thread.c). */
enum cfg_output_thread {
	OUTPUT_THREAD_AUTO,	/* those on file systems that can hang */
	OUTPUT_THREAD_ALWAYS,	/* every regular file */
	OUTPUT_THREAD_NEVER
};

struct cfg {
	char		*path;		/* the file as given */
	char		*dir;		/* its folder, absolute */
	char		**included;	/* files read by [include], in order */
	bool		 no_includes;	/* fuzzing: [include] reads nothing */
	u_int		 nincluded;
	const char	*where;		/* static: the section of the global */
					/* keys, NULL if their names say it */
	char		*logfile;	/* absolute; NULL: the default */
	uint64_t	 logfile_maxbytes; /* rotate past this; 0: never */
	u_int		 logfile_backups;
	bool		 nodaemon;	/* taskmasterd stays in the foreground */
	int		 output_thread;	/* enum cfg_output_thread */
	u_int		 minfds;	/* open files the daemon must have */
	u_int		 minprocs;	/* processes it must be allowed */
	char		*socket_owner;	/* "user" or "user:group"; NULL */
	char		*user;		/* taskmasterd -u's; NULL: none */
	char		*identifier;	/* a name for this daemon */
	char		*childlogdir;	/* INI AUTO output files go here */
	char		**environment;	/* every program's, before its own */
	char		*socket;	/* absolute; NULL: the default */
	mode_t		 socket_mode;
	char		*pidfile;	/* absolute; NULL: the default */

	/* TCP control (server-tcp.c): off unless listen is set. */
	char		**listen;	/* "HOST:PORT"; NULL: none */
	char		*password_file;
	char		*readonly_password_file;
	char		*password;	/* INI's inline one; NULL: none */
	char		*tls_cert;
	char		*tls_key;
	bool		 insecure;	/* plain TCP off loopback is wanted */

	struct cfg_alerts *alerts;	/* alert.h; NULL: none */
	struct cfg_programs programs;	/* in file order */
	u_int		 nprograms;

	struct cfg_pos	 pos[CFG_NKEYS]; /* where each global value is */
};

/* Limits, so a typo cannot ask for a million processes. */
#define CFG_MAX_NUMPROCS	 10000	/* per program */
#define CFG_MAX_PROCS		 10000	/* all programs together */
#define CFG_MAX_STARTRETRIES	 10000
#define CFG_MAX_SCROLLBACK	 1000000
#define CFG_MAX_SECONDS		 1000000 /* starttime, stoptime */
#define CFG_MIN_TTY		 2	/* tty_size columns and rows */
#define CFG_MAX_LOGBYTES	 (1ULL << 40)	/* *_maxbytes: 1 TiB */
#define CFG_MAX_BACKUPS		 1000	/* *_backups */
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
/* Allocate a config for path with every global default set. */
struct cfg *cfg_create(const char *);
/* Allocate a program with every default set (used by the parsers). */
struct cfg_program *cfg_program_create(const char *);
/* Free one program. */
void	 cfg_program_free(struct cfg_program *);
/* Return the program called name, or NULL. */
struct cfg_program *cfg_find_program(const struct cfg *, const char *);
/* A config's programs sorted by name, to find them in log time (free it). */
struct cfg_program **cfg_sorted(const struct cfg *, u_int *);
/* The program called name in a cfg_sorted array, or NULL. */
struct cfg_program *cfg_sorted_find(struct cfg_program **, u_int,
	    const char *);
/* Resolve path (first) against dir (second) unless absolute; new string. */
char	*cfg_resolve_path(const char *, const char *);
/* The socket path to use: the config's, or the default for this user. */
char	*cfg_socket_path(const struct cfg *);
/* The socket a config names, even if it has errors; NULL if none. */
char	*cfg_peek_socket(const char *);
/* Whether exit code is listed in the program's exitcodes. */
bool	 cfg_exitcode_expected(const struct cfg_program *, int);
/* Add a program to a config, keeping file order. */
void	 cfg_add_program(struct cfg *, struct cfg_program *);

/* cfg-key.c: the table of keys. */

/* How many entries the table has: CFG_NKEYS, then the unsupported ones. */
u_int	 cfg_key_count(void);
/* Return entry i of the table, or NULL past its end. */
const struct cfg_key_entry *cfg_key_entry(u_int);
/* Return the name of a key ("cmd"), or its alias if it has none. */
const char *cfg_key_name(u_int);
/* Return the supervisord name of a key ("command"), or NULL. */
const char *cfg_key_alias(u_int);
/* The warning for an unsupported key: "ignored: ..." (caller frees). */
char	*cfg_key_ignored(u_int);
/*
 * Return the key of scope called name, or -1. YAML (ini 0) knows the
 * program keys by name and alias and the global keys by name; INI (ini
 * 1) knows the program keys by name and alias and the global keys by
 * alias, "section.name". Unsupported keys are found by INI only.
 */
int	 cfg_key_find(enum cfg_scope, const char *, int);
/*
 * The names cfg_key_find knows in a place, for "did you mean": NULL-
 * terminated, the array to be freed by the caller. For INI global keys,
 * section gives the section and the names are without it.
 */
const char **cfg_key_names(enum cfg_scope, int, const char *);
/* Return the NULL-terminated candidate closest to name, or NULL. */
const char *cfg_key_suggest(const char *, const char *const *);
/*
 * "unknown key "name"", with "did you mean" a close candidate; canonical:
 * name a program key by taskmaster's name (caller frees).
 */
char	*cfg_key_unknown(const char *, const char *const *, int);

/* cfg-type.c: values of each type, in the struct a key's scope says. */
/* Whether two strings, either of which may be NULL, differ. */
int	 cfg_str_differ(const char *, const char *);
/* Whether two NULL-ended lists, either of which may be NULL, differ. */
int	 cfg_list_differ(char **, char **);

/* Give every key of scope its default in a program or config. */
void	 cfg_type_defaults(void *, enum cfg_scope);
/* Free the values of every key of scope in a program or config. */
void	 cfg_type_free_all(void *, enum cfg_scope);
/*
 * Set key of a program or config (base) from text, paths resolved
 * against dir. A value that is not valid leaves base as it was.
 */
int	 cfg_type_set(void *, u_int, const char *, const char *, char **);
/* cfg-inherit.c: give programs the daemon's environment and childlogdir. */
void	 cfg_inherit(struct cfg *, struct diag_list *);
/* Set a list-valued key (cmd, env, exitcodes) from items, as above. */
int	 cfg_type_set_list(void *, u_int, char **, const char *, char **);
/* Give one key its default again. */
void	 cfg_type_reset(void *, u_int);
/* Whether key differs between two programs or configs. */
int	 cfg_type_differ(const void *, const void *, u_int);
/* The value of key as text, or NULL when unset (caller frees). */
char	*cfg_type_format(const void *, u_int);
/* The file a key names, or NULL (a path, or an output to a file). */
const char *cfg_type_file(const void *, u_int);

/* cfg-value.c: values as text, the same for every format. */

/* Parse an unsigned integer within [min, max]. */
int	 cfg_value_uint(const char *, u_int, u_int, u_int *, char **);
/* Parse a duration in seconds ("5", "0.5") up to max into milliseconds. */
int	 cfg_value_duration(const char *, u_int, u_int *, char **);
/* Parse a size: bytes, or a number with KB, MB or GB (1024-based). */
int	 cfg_value_size(const char *, uint64_t, uint64_t *, char **);
/* Whether s is HOST:PORT, [IPV6]:PORT or *:PORT (every address). */
int	 cfg_value_addr(const char *, char **);
/* Split addresses written in one value (spaces or commas) into a list. */
int	 cfg_value_addrs(const char *, char ***, char **);
/* Whether an address only reaches this machine (loopback). */
bool	 cfg_value_loopback(const char *);
/* Parse a boolean (true/false, yes/no, on/off, 1/0). */
int	 cfg_value_bool(const char *, bool *, char **);
/* Parse a umask written in octal ("022", 22, "0o22"). */
int	 cfg_value_umask(const char *, int *, char **);
/* Parse a file mode written in octal ("0600"). */
int	 cfg_value_mode(const char *, mode_t *, char **);
/* Parse one of choices (any case); wanted describes them for a cause. */
int	 cfg_value_choice(const char *, const struct cfg_choice *,
	     const char *, int *, char **);
/* Parse a tty_size written as COLSxROWS. */
int	 cfg_value_tty_size(const char *, u_int *, u_int *, char **);
/* Parse one exit code, 0 to 255. */
int	 cfg_value_exitcode(const char *, int *, char **);
/* Parse exit codes separated by commas into a 32-byte bitmap. */
int	 cfg_value_exitcodes(const char *, uint8_t *, char **);
/* Parse supervisord's environment, A="1,2",B=x, into "NAME=value". */
int	 cfg_value_env(const char *, char ***, char **);
/* Whether a program name is valid (letters, digits, - _ .). */
int	 cfg_value_name(const char *, char **);
/* The same for the name of something else (what: "alert"). */
int	 cfg_value_name_of(const char *, const char *, char **);
/* Whether an environment variable name is valid ([A-Za-z_][A-Za-z0-9_]*). */
int	 cfg_value_env_name(const char *, char **);

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
 * total number of processes; resolve users and groups into ids.
 * Diagnostics point at the positions the parser kept in the pos fields.
 */
void	 cfg_check(struct cfg *, struct diag_list *);

/* cfg-user.c */

/*
 * Resolve a program's user and group (names or numbers) into the ids,
 * groups and home it runs with; fill cause and return -1 with the key
 * (CFG_KEY_USER or CFG_KEY_GROUP) at fault in *key.
 */
int	 cfg_user_resolve(struct cfg_program *, u_int *, char **);
/* Free what cfg_user_resolve kept. */
void	 cfg_user_free(struct cfg_program *);

/* cfg-pty.c */

/* The system's pty limit and how many are in use; -1 if unknown. */
int	 cfg_pty_limit(u_int *, u_int *);
/* Why need processes with tty: true are too many, or NULL (caller frees). */
char	*cfg_pty_over(u_int);
/* Why a pty could not be opened (errno ENOSPC or EAGAIN), and what to do. */
char	*cfg_pty_none(int);

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

/* What a reload does to one alert (alert-cfg.c). */
struct plan_alert {
	char		*name;
	enum plan_kind	 kind;
	char		*keys;		/* changed keys, "url, events" */
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
	struct plan_alert *alerts;	/* by name, applied in place */
	u_int		 nalerts;
};

/* Compare two configs and return the plan that turns old into new. */
struct plan *cfg_diff(const struct cfg *, const struct cfg *);
/* Free a plan. */
void	 plan_free(struct plan *);

/* The file a line (CFG_PLACE) of the config is in. */
const char *cfg_place_file(const struct cfg *, u_int);

/* cfg-merge.c: a reload of some programs only. */

/*
 * Make ncf keep ocf's global settings and every program the plan's
 * selected() does not pick as it runs, and make the plan about the
 * picked ones alone (programs move between the two configs).
 */
void	 cfg_merge(struct cfg *, struct cfg *, struct plan *,
	     bool (*)(const struct plan_entry *, void *), void *);
/* One line for an entry: "web: restarted (cmd changed)" (caller frees). */
char	*plan_entry_format(const struct plan_entry *);
/* One line for an alert: "alert hook: changed (url)" (caller frees). */
char	*plan_alert_format(const struct plan_alert *);
/* One summary line: "2 added, 1 removed, ..." (caller frees). */
char	*plan_summary(const struct plan *);

#endif

/*
 * The key table: every config key, once. An entry gives the key's name
 * and supervisord's name for it, whether it is a program's or the
 * daemon's, what type its value is and where in struct cfg_program or
 * struct cfg it lives, its default (written as in a config file, so the
 * manual can show it and the same parser reads it), its limits, what a
 * reload does when it changes, what cfg_check asks the system about it,
 * and the words a message uses for what it wants.
 *
 * The YAML and INI readers look keys up here and set them through their
 * type (cfg-type.c); the reload plan compares them by type and sorts the
 * changes by reload class; a unit test holds the manual to this table.
 * Adding a key is one entry here, its name in enum cfg_key (which also
 * gives it a slot for its position) and the field its value lives in;
 * then its use.
 *
 * Keys of supervisord that taskmaster knows but does not implement are
 * entries flagged CFG_KEY_UNSUPPORTED: the INI reader accepts them with a
 * warning. Implementing one is filling in its entry (type, field,
 * default, reload class), naming it in enum cfg_key and moving it up
 * among the implemented keys.
 *
 * Values are always set from text, so a later step that makes instances
 * of one program differ (supervisord's process_name and %(process_num)d)
 * can set a key again per instance from its expanded text.
 */

#include <sys/types.h>

#include <ctype.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cfg.h"
#include "xmalloc.h"

/* Largest edit distance a "did you mean" suggestion may have. */
#define CFG_KEY_SUGGEST_MAX	2

#define P(field)	offsetof(struct cfg_program, field)
#define G(field)	offsetof(struct cfg, field)

/* A supervisord key taskmaster accepts with a warning. */
#define UNSUPPORTED(s, a) \
	{ .alias = (a), .scope = (s), .type = CFG_T_NONE, \
	  .reload = CFG_RELOAD_NONE, .flags = CFG_KEY_UNSUPPORTED }
#define UNSUPPORTED_WHY(s, a, why) \
	{ .alias = (a), .scope = (s), .type = CFG_T_NONE, \
	  .reload = CFG_RELOAD_NONE, .flags = CFG_KEY_UNSUPPORTED, \
	  .wanted = (why) }

static const struct cfg_choice cfg_key_output_thread[] = {
	{ "auto", OUTPUT_THREAD_AUTO },
	{ "always", OUTPUT_THREAD_ALWAYS },
	{ "never", OUTPUT_THREAD_NEVER },
	{ NULL, 0 }
};
static const struct cfg_choice cfg_key_autorestart[] = {
	{ "always", RESTART_ALWAYS },
	{ "never", RESTART_NEVER },
	{ "unexpected", RESTART_UNEXPECTED },
	{ "true", RESTART_ALWAYS },
	{ "false", RESTART_NEVER },
	{ NULL, 0 }
};

static const struct cfg_key_entry cfg_key_table[] = {
	/* How a program is spawned. */
	[CFG_KEY_CMD] = {
	    .name = "cmd", .alias = "command", .scope = CFG_PROGRAM,
	    .type = CFG_T_CMD, .off = P(argv), .off2 = P(cmd),
	    .reload = CFG_RELOAD_SPAWN, .flags = CFG_KEY_REQUIRED,
	    .wanted = "a command (a string or a list of words)" },
	[CFG_KEY_ENV] = {
	    .name = "env", .alias = "environment", .scope = CFG_PROGRAM,
	    .type = CFG_T_ENV, .off = P(env), .reload = CFG_RELOAD_SPAWN,
	    .wanted = "a mapping of variable names to values" },
	[CFG_KEY_WORKINGDIR] = {
	    .name = "workingdir", .alias = "directory", .scope = CFG_PROGRAM,
	    .type = CFG_T_PATH, .off = P(workingdir),
	    .reload = CFG_RELOAD_SPAWN, .sys = CFG_SYS_DIR,
	    .wanted = "a directory path" },
	[CFG_KEY_UMASK] = {
	    .name = "umask", .scope = CFG_PROGRAM, .type = CFG_T_UMASK,
	    .off = P(umask), .reload = CFG_RELOAD_SPAWN,
	    .wanted = "an octal umask such as 022" },
	[CFG_KEY_USER] = {
	    .name = "user", .scope = CFG_PROGRAM, .type = CFG_T_STRING,
	    .off = P(user), .reload = CFG_RELOAD_SPAWN, .sys = CFG_SYS_IDS,
	    .wanted = "a user name or uid" },
	[CFG_KEY_GROUP] = {
	    .name = "group", .scope = CFG_PROGRAM, .type = CFG_T_STRING,
	    .off = P(group), .reload = CFG_RELOAD_SPAWN, .sys = CFG_SYS_IDS,
	    .wanted = "a group name or gid" },
	[CFG_KEY_STDOUT] = {
	    .name = "stdout", .alias = "stdout_logfile", .scope = CFG_PROGRAM,
	    .type = CFG_T_OUTPUT, .off = P(stdout_mode),
	    .off2 = P(stdout_path), .reload = CFG_RELOAD_SPAWN,
	    .sys = CFG_SYS_FILE, .wanted = "a file path or \"discard\"" },
	[CFG_KEY_STDERR] = {
	    .name = "stderr", .alias = "stderr_logfile", .scope = CFG_PROGRAM,
	    .type = CFG_T_OUTPUT, .off = P(stderr_mode),
	    .off2 = P(stderr_path), .def = "stdout",
	    .reload = CFG_RELOAD_SPAWN, .sys = CFG_SYS_FILE,
	    .flags = CFG_KEY_TO_STDOUT,
	    .wanted = "a file path, \"discard\" or \"stdout\"" },
	[CFG_KEY_STDOUT_MAXBYTES] = {
	    .name = "stdout_maxbytes", .alias = "stdout_logfile_maxbytes",
	    .scope = CFG_PROGRAM, .type = CFG_T_SIZE,
	    .off = P(stdout_maxbytes), .max = CFG_MAX_LOGBYTES, .def = "50MB",
	    .reload = CFG_RELOAD_WATCH,
	    .wanted = "a size such as 50MB, 500KB, 1GB, or 0 (never rotate)" },
	[CFG_KEY_STDOUT_BACKUPS] = {
	    .name = "stdout_backups", .alias = "stdout_logfile_backups",
	    .scope = CFG_PROGRAM, .type = CFG_T_UINT,
	    .off = P(stdout_backups), .min = 0, .max = CFG_MAX_BACKUPS,
	    .def = "10", .reload = CFG_RELOAD_WATCH,
	    .wanted = "a number of files from 0 to 1000" },
	[CFG_KEY_STDERR_MAXBYTES] = {
	    .name = "stderr_maxbytes", .alias = "stderr_logfile_maxbytes",
	    .scope = CFG_PROGRAM, .type = CFG_T_SIZE,
	    .off = P(stderr_maxbytes), .max = CFG_MAX_LOGBYTES, .def = "50MB",
	    .reload = CFG_RELOAD_WATCH,
	    .wanted = "a size such as 50MB, 500KB, 1GB, or 0 (never rotate)" },
	[CFG_KEY_STDERR_BACKUPS] = {
	    .name = "stderr_backups", .alias = "stderr_logfile_backups",
	    .scope = CFG_PROGRAM, .type = CFG_T_UINT,
	    .off = P(stderr_backups), .min = 0, .max = CFG_MAX_BACKUPS,
	    .def = "10", .reload = CFG_RELOAD_WATCH,
	    .wanted = "a number of files from 0 to 1000" },
	[CFG_KEY_TIMESTAMPS] = {
	    .name = "timestamps", .scope = CFG_PROGRAM, .type = CFG_T_BOOL,
	    .off = P(timestamps), .def = "false", .reload = CFG_RELOAD_WATCH,
	    .wanted = "true or false" },
	[CFG_KEY_RAW_OUTPUT] = {
	    .name = "raw_output", .scope = CFG_PROGRAM, .type = CFG_T_BOOL,
	    .off = P(raw_output), .def = "false", .reload = CFG_RELOAD_WATCH,
	    .wanted = "true or false" },
	[CFG_KEY_STDOUT_SYSLOG] = {
	    .name = "stdout_syslog", .scope = CFG_PROGRAM, .type = CFG_T_BOOL,
	    .off = P(stdout_syslog), .def = "false",
	    .reload = CFG_RELOAD_WATCH, .wanted = "true or false" },
	[CFG_KEY_STDERR_SYSLOG] = {
	    .name = "stderr_syslog", .scope = CFG_PROGRAM, .type = CFG_T_BOOL,
	    .off = P(stderr_syslog), .def = "false",
	    .reload = CFG_RELOAD_WATCH, .wanted = "true or false" },
	[CFG_KEY_TTY] = {
	    .name = "tty", .scope = CFG_PROGRAM, .type = CFG_T_BOOL,
	    .off = P(tty), .def = "true", .reload = CFG_RELOAD_SPAWN,
	    .wanted = "true or false" },
	[CFG_KEY_TTY_SIZE] = {
	    .name = "tty_size", .scope = CFG_PROGRAM, .type = CFG_T_TTY_SIZE,
	    .off = P(tty_cols), .off2 = P(tty_rows), .def = "80x24",
	    .reload = CFG_RELOAD_SPAWN, .wanted = "COLSxROWS such as 80x24" },
	[CFG_KEY_SCROLLBACK] = {
	    .name = "scrollback", .scope = CFG_PROGRAM, .type = CFG_T_UINT,
	    .off = P(scrollback), .max = CFG_MAX_SCROLLBACK, .def = "1000",
	    .reload = CFG_RELOAD_SPAWN, .wanted = "an integer >= 0" },

	/* How it is watched. */
	[CFG_KEY_AUTOSTART] = {
	    .name = "autostart", .scope = CFG_PROGRAM, .type = CFG_T_BOOL,
	    .off = P(autostart), .def = "true", .reload = CFG_RELOAD_WATCH,
	    .wanted = "true or false" },
	[CFG_KEY_AUTORESTART] = {
	    .name = "autorestart", .scope = CFG_PROGRAM, .type = CFG_T_ENUM,
	    .off = P(autorestart), .choices = cfg_key_autorestart,
	    .def = "unexpected", .reload = CFG_RELOAD_WATCH,
	    .wanted = "always, never, unexpected, true or false" },
	[CFG_KEY_EXITCODES] = {
	    .name = "exitcodes", .scope = CFG_PROGRAM, .type = CFG_T_EXITCODES,
	    .off = P(exitcodes), .def = "0", .reload = CFG_RELOAD_WATCH,
	    .wanted = "an exit code from 0 to 255 or a list of them" },
	[CFG_KEY_STARTTIME] = {
	    .name = "starttime", .alias = "startsecs", .scope = CFG_PROGRAM,
	    .type = CFG_T_DURATION, .off = P(starttime),
	    .max = CFG_MAX_SECONDS, .def = "1", .reload = CFG_RELOAD_WATCH,
	    .wanted = "a number of seconds >= 0" },
	[CFG_KEY_STARTRETRIES] = {
	    .name = "startretries", .scope = CFG_PROGRAM, .type = CFG_T_UINT,
	    .off = P(startretries), .max = CFG_MAX_STARTRETRIES, .def = "3",
	    .reload = CFG_RELOAD_WATCH, .wanted = "an integer >= 0" },
	[CFG_KEY_STOPSIGNAL] = {
	    .name = "stopsignal", .scope = CFG_PROGRAM, .type = CFG_T_SIGNAL,
	    .off = P(stopsignal), .def = "TERM", .reload = CFG_RELOAD_WATCH,
	    .wanted = "a signal name or number" },
	[CFG_KEY_STOPTIME] = {
	    .name = "stoptime", .alias = "stopwaitsecs", .scope = CFG_PROGRAM,
	    .type = CFG_T_DURATION, .off = P(stoptime),
	    .max = CFG_MAX_SECONDS, .def = "10", .reload = CFG_RELOAD_WATCH,
	    .wanted = "a number of seconds >= 0" },
	[CFG_KEY_RESTART_INTERVAL] = {
	    .name = "restart_interval", .scope = CFG_PROGRAM,
	    .type = CFG_T_DURATION, .off = P(restart_interval),
	    .max = CFG_MAX_SECONDS, .def = "1", .reload = CFG_RELOAD_WATCH,
	    .wanted = "a number of seconds >= 0" },
	[CFG_KEY_KILLGROUP] = {
	    .name = "killgroup", .scope = CFG_PROGRAM, .type = CFG_T_BOOL,
	    .off = P(killgroup), .def = "true", .reload = CFG_RELOAD_WATCH,
	    .wanted = "true or false" },
	[CFG_KEY_STOPASGROUP] = {
	    .name = "stopasgroup", .scope = CFG_PROGRAM, .type = CFG_T_BOOL,
	    .off = P(stopasgroup), .def = "true", .reload = CFG_RELOAD_WATCH,
	    .wanted = "true or false" },
	[CFG_KEY_KILLASGROUP] = {
	    .name = "killasgroup", .scope = CFG_PROGRAM, .type = CFG_T_BOOL,
	    .off = P(killasgroup), .def = "true", .reload = CFG_RELOAD_WATCH,
	    .wanted = "true or false" },
	[CFG_KEY_PROGRAM_ALERTS] = {
	    .name = "alerts", .scope = CFG_PROGRAM, .type = CFG_T_BOOL,
	    .off = P(alerts), .def = "true", .reload = CFG_RELOAD_WATCH,
	    .wanted = "true or false" },
	[CFG_KEY_PRIORITY] = {
	    .name = "priority", .scope = CFG_PROGRAM, .type = CFG_T_UINT,
	    .off = P(priority), .min = 0, .max = 1000000, .def = "999",
	    .reload = CFG_RELOAD_WATCH,
	    .wanted = "an integer from 0 to 1000000" },
	[CFG_KEY_SHUTDOWN_ON_FATAL] = {
	    .name = "shutdown_on_fatal", .scope = CFG_PROGRAM,
	    .type = CFG_T_BOOL, .off = P(shutdown_on_fatal), .def = "false",
	    .reload = CFG_RELOAD_WATCH, .wanted = "true or false" },
	[CFG_KEY_EVENTS] = {
	    .name = "events", .scope = CFG_PROGRAM, .type = CFG_T_STRING,
	    .off = P(events), .reload = CFG_RELOAD_SPAWN,
	    .wanted = "event types, as PROCESS_STATE_FATAL, TICK_60" },
	[CFG_KEY_BUFFER_SIZE] = {
	    .name = "buffer_size", .scope = CFG_PROGRAM, .type = CFG_T_UINT,
	    .off = P(buffer_size), .min = 1, .max = 1000000, .def = "10",
	    .reload = CFG_RELOAD_WATCH,
	    .wanted = "an integer from 1 to 1000000" },

	/* How many. */
	[CFG_KEY_NUMPROCS] = {
	    .name = "numprocs", .scope = CFG_PROGRAM, .type = CFG_T_UINT,
	    .off = P(numprocs), .min = 1, .max = CFG_MAX_NUMPROCS, .def = "1",
	    .reload = CFG_RELOAD_SCALE, .wanted = "an integer >= 1" },

	/* supervisord's only: a change shows as one of stderr. */
	[CFG_KEY_REDIRECT_STDERR] = {
	    .alias = "redirect_stderr", .scope = CFG_PROGRAM,
	    .type = CFG_T_BOOL, .off = P(redirect_stderr), .def = "false",
	    .reload = CFG_RELOAD_NONE, .wanted = "true or false" },
	/* Names the instances: a change shows as programs added, removed. */
	[CFG_KEY_PROCESS_NAME] = {
	    .alias = "process_name", .scope = CFG_PROGRAM,
	    .type = CFG_T_STRING, .off = P(process_name),
	    .reload = CFG_RELOAD_NONE,
	    .wanted = "a name, such as %(program_name)s_%(process_num)02d" },
	[CFG_KEY_NUMPROCS_START] = {
	    .alias = "numprocs_start", .scope = CFG_PROGRAM,
	    .type = CFG_T_UINT, .off = P(numprocs_start), .min = 0,
	    .max = 1000000, .def = "0", .reload = CFG_RELOAD_NONE,
	    .wanted = "an integer >= 0" },

	/* The daemon's. */
	[CFG_KEY_LOGFILE] = {
	    .name = "logfile", .alias = "supervisord.logfile",
	    .scope = CFG_GLOBAL, .type = CFG_T_PATH, .off = G(logfile),
	    .reload = CFG_RELOAD_WATCH, .sys = CFG_SYS_FILE,
	    .wanted = "a file path" },
	[CFG_KEY_SOCKET] = {
	    .name = "socket", .alias = "unix_http_server.file",
	    .scope = CFG_GLOBAL, .type = CFG_T_PATH, .off = G(socket),
	    .reload = CFG_RELOAD_DAEMON, .sys = CFG_SYS_SOCKET,
	    .wanted = "a file path" },
	[CFG_KEY_SOCKET_MODE] = {
	    .name = "socket_mode", .alias = "unix_http_server.chmod",
	    .scope = CFG_GLOBAL, .type = CFG_T_MODE, .off = G(socket_mode),
	    .def = "0600", .reload = CFG_RELOAD_DAEMON,
	    .wanted = "an octal mode such as 0600" },
	[CFG_KEY_PIDFILE] = {
	    .name = "pidfile", .alias = "supervisord.pidfile",
	    .scope = CFG_GLOBAL, .type = CFG_T_PATH, .off = G(pidfile),
	    .reload = CFG_RELOAD_DAEMON, .sys = CFG_SYS_FILE,
	    .wanted = "a file path" },
	[CFG_KEY_ALERTS] = {
	    .name = "alerts", .scope = CFG_GLOBAL, .type = CFG_T_ALERTS,
	    .off = G(alerts), .reload = CFG_RELOAD_WATCH,
	    .wanted = "a mapping of alert names to their settings" },

	/* TCP control: reloads apply in place (server-tcp.c). */
	[CFG_KEY_LISTEN] = {
	    .name = "listen", .alias = "inet_http_server.port",
	    .scope = CFG_GLOBAL, .type = CFG_T_ADDRS, .off = G(listen),
	    .reload = CFG_RELOAD_WATCH,
	    .wanted = "HOST:PORT, or a list of them" },
	[CFG_KEY_PASSWORD_FILE] = {
	    .name = "password_file", .scope = CFG_GLOBAL, .type = CFG_T_PATH,
	    .off = G(password_file), .reload = CFG_RELOAD_WATCH,
	    .sys = CFG_SYS_SECRET, .wanted = "a file path" },
	[CFG_KEY_READONLY_PASSWORD_FILE] = {
	    .name = "readonly_password_file", .scope = CFG_GLOBAL,
	    .type = CFG_T_PATH, .off = G(readonly_password_file),
	    .reload = CFG_RELOAD_WATCH, .sys = CFG_SYS_SECRET,
	    .wanted = "a file path" },
	[CFG_KEY_PASSWORD] = {
	    .alias = "inet_http_server.password", .scope = CFG_GLOBAL,
	    .type = CFG_T_STRING, .off = G(password),
	    .reload = CFG_RELOAD_WATCH, .wanted = "a password" },
	[CFG_KEY_TLS_CERT] = {
	    .name = "tls.cert", .scope = CFG_GLOBAL, .type = CFG_T_PATH,
	    .off = G(tls_cert), .reload = CFG_RELOAD_WATCH,
	    .sys = CFG_SYS_READ, .wanted = "a file path" },
	[CFG_KEY_TLS_KEY] = {
	    .name = "tls.key", .scope = CFG_GLOBAL, .type = CFG_T_PATH,
	    .off = G(tls_key), .reload = CFG_RELOAD_WATCH,
	    .sys = CFG_SYS_SECRET, .wanted = "a file path" },
	[CFG_KEY_INSECURE] = {
	    .name = "insecure", .scope = CFG_GLOBAL, .type = CFG_T_BOOL,
	    .off = G(insecure), .def = "false", .reload = CFG_RELOAD_WATCH,
	    .wanted = "true or false" },
	[CFG_KEY_LOGFILE_MAXBYTES] = {
	    .name = "logfile_maxbytes", .alias = "supervisord.logfile_maxbytes",
	    .scope = CFG_GLOBAL, .type = CFG_T_SIZE,
	    .off = G(logfile_maxbytes), .max = CFG_MAX_LOGBYTES, .def = "50MB",
	    .reload = CFG_RELOAD_WATCH,
	    .wanted = "a size such as 50MB, 500KB, 1GB, or 0 (never rotate)" },
	[CFG_KEY_LOGFILE_BACKUPS] = {
	    .name = "logfile_backups", .alias = "supervisord.logfile_backups",
	    .scope = CFG_GLOBAL, .type = CFG_T_UINT,
	    .off = G(logfile_backups), .min = 0, .max = CFG_MAX_BACKUPS,
	    .def = "10", .reload = CFG_RELOAD_WATCH,
	    .wanted = "a number of files from 0 to 1000" },
	[CFG_KEY_NODAEMON] = {
	    .name = "nodaemon", .alias = "supervisord.nodaemon",
	    .scope = CFG_GLOBAL, .type = CFG_T_BOOL, .off = G(nodaemon),
	    .def = "false", .reload = CFG_RELOAD_DAEMON,
	    .wanted = "true or false" },
	[CFG_KEY_OUTPUT_THREAD] = {
	    .name = "output_thread", .scope = CFG_GLOBAL, .type = CFG_T_ENUM,
	    .off = G(output_thread), .choices = cfg_key_output_thread,
	    .def = "auto", .reload = CFG_RELOAD_WATCH,
	    .wanted = "auto, always or never" },
	[CFG_KEY_MINFDS] = {
	    .name = "minfds", .alias = "supervisord.minfds",
	    .scope = CFG_GLOBAL, .type = CFG_T_UINT, .off = G(minfds),
	    .min = 0, .max = 100000000, .def = "0",
	    .reload = CFG_RELOAD_DAEMON,
	    .wanted = "a number of open files" },
	[CFG_KEY_MINPROCS] = {
	    .name = "minprocs", .alias = "supervisord.minprocs",
	    .scope = CFG_GLOBAL, .type = CFG_T_UINT, .off = G(minprocs),
	    .min = 0, .max = 100000000, .def = "0",
	    .reload = CFG_RELOAD_DAEMON,
	    .wanted = "a number of processes" },
	[CFG_KEY_SOCKET_OWNER] = {
	    .name = "socket_owner", .alias = "unix_http_server.chown",
	    .scope = CFG_GLOBAL, .type = CFG_T_STRING, .off = G(socket_owner),
	    .reload = CFG_RELOAD_DAEMON,
	    .wanted = "a user, or user:group" },
	[CFG_KEY_DAEMON_USER] = {
	    .name = "user", .alias = "supervisord.user",
	    .scope = CFG_GLOBAL, .type = CFG_T_STRING, .off = G(user),
	    .reload = CFG_RELOAD_DAEMON,
	    .wanted = "a user name or a uid" },
	[CFG_KEY_IDENTIFIER] = {
	    .name = "identifier", .alias = "supervisord.identifier",
	    .scope = CFG_GLOBAL, .type = CFG_T_STRING, .off = G(identifier),
	    .reload = CFG_RELOAD_WATCH, .wanted = "a name" },
	[CFG_KEY_CHILDLOGDIR] = {
	    .name = "childlogdir", .alias = "supervisord.childlogdir",
	    .scope = CFG_GLOBAL, .type = CFG_T_PATH, .off = G(childlogdir),
	    .reload = CFG_RELOAD_NONE, .wanted = "a folder" },
	[CFG_KEY_GLOBAL_ENV] = {
	    .alias = "supervisord.environment", .scope = CFG_GLOBAL,
	    .type = CFG_T_ENV, .off = G(environment),
	    .reload = CFG_RELOAD_NONE,
	    .wanted = "NAME=value pairs separated by commas" },

	/* supervisord's, not implemented: [program:x]. */
	UNSUPPORTED(CFG_PROGRAM, "serverurl"),
	UNSUPPORTED(CFG_PROGRAM, "stdout_capture_maxbytes"),
	UNSUPPORTED(CFG_PROGRAM, "stdout_events_enabled"),
	UNSUPPORTED(CFG_PROGRAM, "stderr_capture_maxbytes"),
	UNSUPPORTED(CFG_PROGRAM, "stderr_events_enabled"),
	UNSUPPORTED_WHY(CFG_PROGRAM, "result_handler", "taskmaster's listeners "
	    "answer OK or FAIL, as supervisord's default handler reads them"),

	/* [supervisord]. */
	UNSUPPORTED(CFG_GLOBAL, "supervisord.loglevel"),
	UNSUPPORTED(CFG_GLOBAL, "supervisord.silent"),
	UNSUPPORTED(CFG_GLOBAL, "supervisord.umask"),
	UNSUPPORTED(CFG_GLOBAL, "supervisord.directory"),
	UNSUPPORTED(CFG_GLOBAL, "supervisord.nocleanup"),
	UNSUPPORTED(CFG_GLOBAL, "supervisord.strip_ansi"),

	/* [inet_http_server]: taskmaster's handshake has no user name. */
	UNSUPPORTED_WHY(CFG_GLOBAL, "inet_http_server.username",
	    "taskmaster's TCP clients prove they know the password alone; "
	    "there is no user name"),

	/* [unix_http_server]. */
	UNSUPPORTED(CFG_GLOBAL, "unix_http_server.username"),
	UNSUPPORTED(CFG_GLOBAL, "unix_http_server.password"),
};

#define CFG_KEY_COUNT	(sizeof cfg_key_table / sizeof cfg_key_table[0])

static int	 cfg_key_known(const struct cfg_key_entry *, enum cfg_scope,
		     int);
static u_int	 cfg_key_distance(const char *, const char *);

/* How many entries the table has. */
u_int
cfg_key_count(void)
{
	return (CFG_KEY_COUNT);
}

/* Return entry i of the table, or NULL past its end. */
const struct cfg_key_entry *
cfg_key_entry(u_int i)
{
	if (i >= CFG_KEY_COUNT)
		return (NULL);
	return (&cfg_key_table[i]);
}

/* Return the name of a key, or its alias for an INI-only key. */
const char *
cfg_key_name(u_int key)
{
	if (key >= CFG_KEY_COUNT)
		return (NULL);
	if (cfg_key_table[key].name == NULL)
		return (cfg_key_table[key].alias);
	return (cfg_key_table[key].name);
}

/* Return the supervisord name of a key, or NULL. */
const char *
cfg_key_alias(u_int key)
{
	if (key >= CFG_KEY_COUNT)
		return (NULL);
	return (cfg_key_table[key].alias);
}

/* The warning for an unsupported key (caller frees). */
char *
cfg_key_ignored(u_int key)
{
	const struct cfg_key_entry	*e = cfg_key_entry(key);
	const char			*name = cfg_key_name(key), *dot;

	if (e->wanted != NULL)
		return (xstrfmt("ignored: %s", e->wanted));
	if (e->scope == CFG_GLOBAL && (dot = strchr(name, '.')) != NULL)
		name = dot + 1;
	return (xstrfmt("ignored: taskmaster does not implement \"%s\"",
	    name));
}

/*
 * Whether a reader of this format knows entry e in scope: YAML only
 * keys with a name of taskmaster's.
 */
static int
cfg_key_known(const struct cfg_key_entry *e, enum cfg_scope scope, int ini)
{
	if (e->scope != scope)
		return (0);
	return (ini || e->name != NULL);
}

/* Return the key of scope called name, or -1. */
int
cfg_key_find(enum cfg_scope scope, const char *name, int ini)
{
	const struct cfg_key_entry	*e;
	u_int				 i;

	for (i = 0; i < CFG_KEY_COUNT; i++) {
		e = &cfg_key_table[i];
		if (!cfg_key_known(e, scope, ini))
			continue;
		if (e->name != NULL && (scope == CFG_PROGRAM || !ini) &&
		    strcmp(name, e->name) == 0)
			return (i);
		if (e->alias != NULL && (scope == CFG_PROGRAM || ini) &&
		    strcmp(name, e->alias) == 0)
			return (i);
	}
	return (-1);
}

/*
 * The names cfg_key_find knows in a place, supervisord's first in INI,
 * taskmaster's first in YAML.
 */
const char **
cfg_key_names(enum cfg_scope scope, int ini, const char *section)
{
	const struct cfg_key_entry	 *e;
	const char			**names, *first, *second;
	size_t				  len = 0;
	u_int				  i, n = 0;

	if (section != NULL)
		len = strlen(section);
	names = xcalloc(2 * CFG_KEY_COUNT + 1, sizeof *names);
	for (i = 0; i < CFG_KEY_COUNT; i++) {
		e = &cfg_key_table[i];
		if (!cfg_key_known(e, scope, ini))
			continue;
		if (scope == CFG_GLOBAL && ini) {
			if (section != NULL && e->alias != NULL &&
			    strncmp(e->alias, section, len) == 0 &&
			    e->alias[len] == '.')
				names[n++] = e->alias + len + 1;
			continue;
		}
		if (scope == CFG_GLOBAL) {
			names[n++] = e->name;
			continue;
		}
		first = ini ? e->alias : e->name;
		second = ini ? e->name : e->alias;
		if (first != NULL)
			names[n++] = first;
		if (second != NULL)
			names[n++] = second;
	}
	names[n] = NULL;
	return (names);
}

/*
 * Edit distance between two words, ignoring case, counting a swap of two
 * neighbours as one edit (so "stoptiem" is one away from "stoptime").
 * Words longer than the buffer are too far from any key to matter.
 */
static u_int
cfg_key_distance(const char *a, const char *b)
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
	size_t		 len = strlen(name), clen;
	u_int		 d, bestd = UINT_MAX, limit;

	limit = len <= 4 ? 1 : CFG_KEY_SUGGEST_MAX;
	for (; *candidates != NULL; candidates++) {
		/* The distance is at least the difference in length. */
		clen = strlen(*candidates);
		if ((clen > len ? clen - len : len - clen) > limit)
			continue;
		d = cfg_key_distance(name, *candidates);
		if (d < bestd) {
			bestd = d;
			best = *candidates;
		}
	}
	if (bestd > limit)
		return (NULL);
	return (best);
}

/*
 * The message for an unknown key, with "did you mean" when a candidate is
 * close; canonical gives a program key by taskmaster's name even when its
 * alias was the closer (caller frees).
 */
char *
cfg_key_unknown(const char *name, const char *const *candidates,
    int canonical)
{
	const char	*near;
	char		*shown, *msg;
	int		 key;

	near = cfg_key_suggest(name, candidates);
	if (near != NULL && canonical &&
	    (key = cfg_key_find(CFG_PROGRAM, near, 0)) != -1)
		near = cfg_key_name(key);
	shown = diag_quote(name);
	if (near != NULL) {
		msg = xstrfmt("unknown key %s (did you mean \"%s\"?)", shown,
		    near);
	} else
		msg = xstrfmt("unknown key %s", shown);
	free(shown);
	return (msg);
}

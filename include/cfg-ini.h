/*
 * The supervisord INI reader's parts: cfg-ini-read.c reads the file into
 * sections and NAME=VALUE entries with their lines; cfg-ini-expand.c
 * makes supervisord's %(name)s expansions in a value; cfg-ini.c maps
 * each section's entries to keys of the key table. Only these three files
 * include this header.
 */

#ifndef CFG_INI_H
#define CFG_INI_H

#include "cfg.h"

/* What a line is, decided as inih decides it. */
enum cfg_ini_kind {
	INI_BLANK,
	INI_COMMENT,
	INI_CONTINUATION,	/* an indented line after a key */
	INI_SECTION,
	INI_KEY,
	INI_BAD
};

struct cfg_ini_section {
	char		*name;
	u_int		 line;
	u_int		 first;		/* first entry */
	u_int		 n;		/* number of entries */
	int		 dup;		/* repeats an earlier section */
};

/* A string that grows at its end. */
struct cfg_ini_buf {
	char		*s;
	size_t		 len;
	size_t		 size;
};

struct cfg_ini_entry {
	char		*name;		/* lower case */
	struct cfg_ini_buf value;	/* continuation lines joined by \n */
	u_int		 line;
};

struct cfg_ini {
	struct cfg		*cf;
	struct diag_list	*dl;
	FILE			*f;
	char			*buf;
	size_t			 bufsize;
	size_t			 read;		/* bytes so far */
	int			 toobig;

	u_int			 line;		/* CFG_PLACE of the line */
	u_int			 file_sections;	/* sections before this file */
	enum cfg_ini_kind	 kind;		/* of the current line */
	int			 after_key;	/* indented lines continue */
	char			*longvalue;	/* the current line's value */

	struct cfg_ini_section	*sections;
	u_int			 nsections;
	u_int			 ssections;	/* allocated */
	struct cfg_ini_entry	*entries;
	u_int			 nentries;
	u_int			 sentries;
	struct cfg_ini_entry	*outside;	/* before any section */
	u_int			 noutside;
	u_int			 soutside;

	struct cfg_ini_member	*members;	/* of [group:x] sections */
	u_int			 nmembers;
	int			 quiet;		/* no diagnostics: an instance */
	int			 listener;	/* in an [eventlistener:x] */
						/* after the first */
};

/* A program named by a [group:x] section's programs=. */
struct cfg_ini_member {
	char			*group;
	char			*program;
	u_int			 line;
	int			 priority;	/* the group's; -1: none */
};

/* The priority of a program's [group:x], or -1. */
int	 cfg_ini_group_priority(struct cfg_ini *, const char *);

/* cfg-ini-read.c */

/*
 * Read the file into sections and entries, reporting every line that is
 * not INI. Returns -1 if the file cannot be read at all.
 */
int	 cfg_ini_read(struct cfg_ini *);
/* Free what cfg_ini_read collected. */
void	 cfg_ini_read_free(struct cfg_ini *);
/* "line 7", or "other.conf:7" for a line of another file (caller frees). */
char	*cfg_ini_read_where(struct cfg_ini *, u_int, u_int);
/* Record an error or (warning set) a warning at a line of the file. */
void	 cfg_ini_read_diag(struct cfg_ini *, u_int, const char *, int,
	     const char *, ...) __attribute__((format(printf, 5, 6)));

/* cfg-ini-group.c */

/* Read the [group:x] sections: which group each program is in. */
void	 cfg_ini_groups(struct cfg_ini *);
/* The group a program is in, or NULL: its own. */
const char *cfg_ini_group_of(struct cfg_ini *, const char *);
/* Free what cfg_ini_groups read. */
void	 cfg_ini_groups_free(struct cfg_ini *);

/* cfg-ini-expand.c */

/* What a value of a [program:x] section may expand. */
struct cfg_ini_names {
	const char	*program;	/* %(program_name)s */
	const char	*group;		/* %(group_name)s */
	int		 numprocs;	/* -1: not known yet */
	int		 process_num;	/* -1: not known yet */
};

/*
 * Expand the %(name)s references of a value (new string): dir is the
 * config's folder, names the program's and its instance's (NULL outside
 * [program:x]).
 */
char	*cfg_ini_expand(const char *, const char *,
	     const struct cfg_ini_names *, char **);
/* Append n bytes to a growing string. */
void	 cfg_ini_expand_append(struct cfg_ini_buf *, const char *, size_t);

#endif

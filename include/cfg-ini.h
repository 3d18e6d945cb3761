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
};

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

/* cfg-ini-expand.c */

/*
 * Expand the %(name)s references of a value (new string): dir is the
 * config's folder, program the program's name (NULL outside
 * [program:x]), numprocs its numprocs (-1 while numprocs is read).
 */
char	*cfg_ini_expand(const char *, const char *, const char *, int,
	     char **);
/* Append n bytes to a growing string. */
void	 cfg_ini_expand_append(struct cfg_ini_buf *, const char *, size_t);

#endif

/*
 * Catching up without parsing what nobody will see. A screen far behind
 * (a thousand processes that each printed two thousand lines while the
 * loop was reading) has more lines pending than its scrollback and screen
 * can hold: every line before the last scrollback + 2 * rows of them
 * would be parsed only to scroll through the screen and fall off the end
 * of the scrollback. When the process never wrote an escape (so no
 * colour, mode, margin or title is in force, pane-alt.c watches), that
 * part has no shift of character set and no ENQ (whose answer the
 * program would expect), and the rest starts a line
 * ("\r\n" before it, so the cursor is at column 0), dropping it gives
 * exactly the screen and scrollback that parsing it would: the lines kept
 * scroll at least scrollback + rows times, pushing out all that was there.
 * Nothing is said about it, since nothing is lost. Half the parsing of a
 * full scrollback's catch-up, measured by bench h2 (doc/benchmarks.md).
 */

#include <event2/buffer.h>
#include <stdlib.h>
#include <string.h>

#include "taskmaster.h"
#include "xmalloc.h"

/* Not worth a look below this much pending. */
#define PANE_TRIM_MIN	(16 * 1024)

static bool	pane_trim_plain(const struct evbuffer_iovec *, int, size_t);
static int	pane_trim_byte(const struct evbuffer_iovec *, int, size_t);

/* The byte at pos of the chunks. */
static int
pane_trim_byte(const struct evbuffer_iovec *iov, int n, size_t pos)
{
	int	 i;

	for (i = 0; i < n; i++) {
		if (pos < iov[i].iov_len)
			return (((const u_char *)iov[i].iov_base)[pos]);
		pos -= iov[i].iov_len;
	}
	return (-1);
}

/* Whether the first len bytes of the chunks are plain text. */
static bool
pane_trim_plain(const struct evbuffer_iovec *iov, int n, size_t len)
{
	static const char	 stop[] = { '\016', '\017', '\005' };
	size_t			 part;
	int			 i;
	u_int			 j;

	for (i = 0; i < n && len > 0; i++) {
		part = iov[i].iov_len < len ? iov[i].iov_len : len;
		for (j = 0; j < sizeof stop; j++) {
			if (memchr(iov[i].iov_base, stop[j], part) != NULL)
				return (false);
		}
		len -= part;
	}
	return (true);
}

void
pane_trim(struct pane *pn)
{
	struct evbuffer_iovec	*iov;
	size_t			 have, at, cut = 0;
	u_int			 lines = 0, want;
	const char		*base, *nl;
	size_t			 left;
	int			 n, i;

	if (pn->escaped || pn->resync)
		return;		/* some state might last: parse it all */
	have = evbuffer_get_length(pn->pending);
	if (have < PANE_TRIM_MIN || have < 2 * pn->trim_seen)
		return;		/* looked at already, or small */
	pn->trim_seen = have;
	want = pn->sb_max + 2 * pn->rows;

	n = evbuffer_peek(pn->pending, -1, NULL, NULL, 0);
	iov = xreallocarray(NULL, n, sizeof *iov);
	n = evbuffer_peek(pn->pending, -1, NULL, iov, n);

	/* Back from the end: the start of the want-th last line. */
	at = have;
	for (i = n - 1; i >= 0 && cut == 0; i--) {
		base = iov[i].iov_base;
		left = iov[i].iov_len;
		at -= left;
		while ((nl = memrchr(base, '\n', left)) != NULL) {
			left = nl - base;
			if (++lines > want) {
				cut = at + left + 1;
				break;
			}
		}
	}
	/* A line start: "\r\n" just before (maybe across two chunks). */
	if (cut >= 2 && pane_trim_byte(iov, n, cut - 2) == '\r' &&
	    pane_trim_plain(iov, n, cut)) {
		evbuffer_drain(pn->pending, cut);
		pn->trim_seen = have - cut;
	}
	free(iov);
}

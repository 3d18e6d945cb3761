/*
 * Telling, before the output is parsed, whether a program asks for the
 * alternate screen, so that the screen's second buffer is made only for
 * the few that use it (pane.c).
 */

#include <string.h>
#include <vterm.h>

#include "taskmaster.h"

#define PANE_ALT_TAIL	32	/* the longest DECSET looked at */

static int	pane_altscreen_seq(const char *, size_t);

/*
 * Whether s (len bytes, starting at an ESC) asks for the alternate
 * screen: CSI ? with 47, 1047 or 1049 among its parameters, ending in h.
 * 1 if it does, 0 if not, -1 if the bytes end before the sequence does.
 */
static int
pane_altscreen_seq(const char *s, size_t len)
{
	size_t	 i;
	u_int	 param = 0;
	bool	 wanted = false;

	for (i = 1; i < len && i < PANE_ALT_TAIL; i++) {
		if (i == 1 && s[i] != '[')
			return (0);
		if (i == 2 && s[i] != '?')
			return (0);
		if (i <= 2)
			continue;
		if (s[i] >= '0' && s[i] <= '9') {
			if (param < 10000)
				param = param * 10 + (s[i] - '0');
			continue;
		}
		if (param == 47 || param == 1047 || param == 1049)
			wanted = true;
		param = 0;
		if (s[i] != ';' && s[i] != ':')
			return (wanted && s[i] == 'h');
	}
	return (i < PANE_ALT_TAIL ? -1 : 0);
}

/*
 * The alternate screen doubles a screen's memory, and most processes never
 * use it: it is made only when the output asks for it (DECSET 1049, 1047
 * or 47), before that output is parsed. Only what follows an ESC is looked
 * at, and memchr finds those at memory speed: the output of a process
 * that writes no escapes costs one pass of memchr (which also tells
 * pane_trim whether it ever wrote one). A sequence cut across
 * two reads is kept until the rest comes; a false alarm only costs the
 * memory.
 */
void
pane_alt_scan(struct pane *pn, const char *buf, size_t len)
{
	const char	*esc, *end = buf + len;
	size_t		 n;
	int		 found = 0;

	if (pn->altscreen)
		return;
	if (pn->alt_tail_len != 0) {
		n = sizeof pn->alt_tail - pn->alt_tail_len;
		if (n > len)
			n = len;
		memcpy(pn->alt_tail + pn->alt_tail_len, buf, n);
		found = pane_altscreen_seq(pn->alt_tail, pn->alt_tail_len + n);
		if (found == -1 && n == len) {
			pn->alt_tail_len += n;
			return;
		}
		pn->alt_tail_len = 0;
	}
	for (esc = buf; found != 1 && esc < end; esc++) {
		if ((esc = memchr(esc, '\033', end - esc)) == NULL)
			break;
		pn->escaped = true;	/* pane_trim must not skip any */
		found = pane_altscreen_seq(esc, end - esc);
		if (found == -1) {
			/* Cut by the end of the read: wait for the rest. */
			memcpy(pn->alt_tail, esc, end - esc);
			pn->alt_tail_len = end - esc;
			return;
		}
	}
	if (found == 1) {
		vterm_screen_enable_altscreen(pn->vts, 1);
		pn->altscreen = true;
	}
}

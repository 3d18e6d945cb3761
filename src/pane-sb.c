/*
 * The scrollback ring of a pane: the lines that scrolled off the top of
 * its screen, each kept as a short string with its SGR escapes, the
 * newest scrollback of them. A restart pushes what the last run left on
 * the screen; a flood leaves one line saying how much was not shown. A
 * reload may change scrollback between two runs: the ring then keeps
 * the newest lines that fit.
 */

#include <stdlib.h>
#include <string.h>
#include <vterm.h>

#include "taskmaster.h"
#include "xmalloc.h"

/* Move every written row of the screen into the scrollback. */
void
pane_sb_screen(struct pane *pn)
{
	VTermScreenCell	*cells;
	VTermPos	 pos;
	int		 row, last = -1, col;

	cells = xreallocarray(NULL, pn->cols, sizeof *cells);
	for (row = 0; row < (int)pn->rows; row++) {
		pos.row = row;
		for (col = 0; col < (int)pn->cols; col++) {
			pos.col = col;
			vterm_screen_get_cell(pn->vts, pos, &cells[col]);
			if (cells[col].chars[0] != 0 &&
			    cells[col].chars[0] != ' ')
				last = row;
		}
	}
	for (row = 0; row <= last; row++) {
		pos.row = row;
		for (col = 0; col < (int)pn->cols; col++) {
			pos.col = col;
			vterm_screen_get_cell(pn->vts, pos, &cells[col]);
		}
		pane_sb_push(pn, pane_text_cells(cells, pn->cols, true));
	}
	free(cells);
}

/*
 * Give the ring room for max lines, keeping the newest ones that fit in
 * order; 0 keeps none. The flood marker may be among those dropped.
 */
void
pane_sb_resize(struct pane *pn, u_int max)
{
	char	**sb = NULL;
	u_int	  i, keep, drop;

	if (max == pn->sb_max)
		return;
	keep = pn->sb_count < max ? pn->sb_count : max;
	drop = pn->sb_count - keep;
	for (i = 0; i < drop; i++) {
		if (pn->sb[(pn->sb_first + i) % pn->sb_max] == pn->gap)
			pn->gap = NULL;
		free(pn->sb[(pn->sb_first + i) % pn->sb_max]);
	}
	if (max > 0 && keep > 0) {
		sb = xcalloc(max, sizeof *sb);
		for (i = 0; i < keep; i++)
			sb[i] = pn->sb[(pn->sb_first + drop + i) % pn->sb_max];
	}
	free(pn->sb);
	pn->sb = sb;
	pn->sb_max = max;
	pn->sb_first = 0;
	pn->sb_count = keep;
}

void
pane_sb_clear(struct pane *pn)
{
	u_int	i;

	for (i = 0; i < pn->sb_count; i++)
		free(pn->sb[(pn->sb_first + i) % pn->sb_max]);
	pn->sb_count = 0;
	pn->sb_first = 0;
	pn->gap = NULL;
}

void
pane_sb_push(struct pane *pn, char *line)
{
	if (pn->sb_max == 0) {
		free(line);
		return;
	}
	if (pn->sb == NULL)
		pn->sb = xcalloc(pn->sb_max, sizeof *pn->sb);
	if (pn->sb_count == pn->sb_max) {
		free(pn->sb[pn->sb_first]);
		pn->sb[pn->sb_first] = line;
		pn->sb_first = (pn->sb_first + 1) % pn->sb_max;
		return;
	}
	pn->sb[(pn->sb_first + pn->sb_count) % pn->sb_max] = line;
	pn->sb_count++;
}

/* Mark (or update) the gap a flood leaves in the scrollback. */
void
pane_sb_gap(struct pane *pn)
{
	char	*line;

	line = xstrfmt("\033[7m--- %llu bytes of output not shown: written "
	    "faster than the screen could follow; the output file has them "
	    "---\033[0m", (unsigned long long)pn->skipped);
	if (pn->gap != NULL && pn->sb_count > 0 &&
	    pn->sb[(pn->sb_first + pn->sb_count - 1) % pn->sb_max] ==
	    pn->gap) {
		pn->sb[(pn->sb_first + pn->sb_count - 1) % pn->sb_max] = line;
		free(pn->gap);
		pn->gap = line;
		return;
	}
	pane_sb_screen(pn);
	pane_sb_push(pn, line);
	pn->gap = pn->sb_max > 0 ? line : NULL;
}

/*
 * UTF-8 as the console reads and draws it: decoding that never fails (a
 * stray byte is a character of its own), encoding, and widths in columns
 * from wcwidth(3), as ncursesw counts them (so the locale must be set).
 */

#include <stdint.h>
#include <string.h>
#include <wchar.h>

#include "utf8.h"

/*
 * Decode the UTF-8 sequence at s (at most len bytes). A byte that does not
 * start a valid sequence (a history file is not always UTF-8) is taken on
 * its own as U+FFFD, so every byte belongs to exactly one character.
 */
size_t
utf8_decode(const char *s, size_t len, uint32_t *cp)
{
	const u_char	*u = (const u_char *)s;
	uint32_t	 c, min;
	size_t		 n, i;

	*cp = 0xfffd;
	if (len == 0)
		return (0);
	c = u[0];
	if (c < 0x80) {
		*cp = c;
		return (1);
	}
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		c &= 0x1f;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		c &= 0x0f;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		c &= 0x07;
		min = 0x10000;
	} else
		return (1);
	if (n > len)
		return (1);
	for (i = 1; i < n; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return (1);
		c = (c << 6) | (u[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return (1);
	*cp = c;
	return (n);
}

/*
 * Write a code point as UTF-8 into buf (4 bytes); returns the length. A
 * surrogate or a value past U+10FFFF (a screen cell can hold either) is
 * written as U+FFFD, so what comes out is always valid UTF-8.
 */
size_t
utf8_encode(uint32_t c, char *buf)
{
	u_char	*u = (u_char *)buf;

	if ((c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		c = 0xfffd;
	if (c < 0x80) {
		u[0] = c;
		return (1);
	}
	if (c < 0x800) {
		u[0] = 0xc0 | (c >> 6);
		u[1] = 0x80 | (c & 0x3f);
		return (2);
	}
	if (c < 0x10000) {
		u[0] = 0xe0 | (c >> 12);
		u[1] = 0x80 | ((c >> 6) & 0x3f);
		u[2] = 0x80 | (c & 0x3f);
		return (3);
	}
	u[0] = 0xf0 | (c >> 18);
	u[1] = 0x80 | ((c >> 12) & 0x3f);
	u[2] = 0x80 | ((c >> 6) & 0x3f);
	u[3] = 0x80 | (c & 0x3f);
	return (4);
}

/*
 * Columns a code point takes. One that cannot be printed counts as one:
 * the console draws a single replacement for it.
 */
u_int
utf8_cp_width(uint32_t c)
{
	int	w;

	w = wcwidth((wchar_t)c);
	if (w < 0)
		return (1);
	return (w);
}

/* Start of the code point that ends at off (off > 0). */
size_t
utf8_back(const char *s, size_t off)
{
	uint32_t	cp;
	size_t		i = off - 1;

	while (i > 0 && off - i < 4 && ((u_char)s[i] & 0xc0) == 0x80)
		i--;
	if (utf8_decode(s + i, off - i, &cp) == off - i)
		return (i);
	return (off - 1);	/* a stray byte is a character of its own */
}

/* Columns taken by len bytes of s. */
u_int
utf8_width(const char *s, size_t len)
{
	uint32_t	cp;
	size_t		off = 0;
	u_int		w = 0;

	while (off < len) {
		off += utf8_decode(s + off, len - off, &cp);
		w += utf8_cp_width(cp);
	}
	return (w);
}

/* How many bytes of s fit in width columns, never cutting a character. */
size_t
utf8_fit(const char *s, u_int width)
{
	uint32_t	cp;
	size_t		off = 0, len = strlen(s), n;
	u_int		w = 0, cw;

	while (off < len) {
		n = utf8_decode(s + off, len - off, &cp);
		cw = utf8_cp_width(cp);
		if (w + cw > width)
			break;
		w += cw;
		off += n;
	}
	return (off);
}

/*
 * UTF-8 decoding, encoding and display widths (utf8.c).
 */

#ifndef UTF8_H
#define UTF8_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * Decode the sequence at s (at most len bytes) into *cp; returns its
 * length. A byte that starts no valid sequence is one U+FFFD.
 */
size_t	 utf8_decode(const char *, size_t, uint32_t *);
/* Write a code point as UTF-8 into buf (4 bytes); returns the length. */
size_t	 utf8_encode(uint32_t, char *);
/* Columns a code point takes (1 for one that cannot be printed). */
u_int	 utf8_cp_width(uint32_t);
/* Start of the code point that ends at off (off > 0). */
size_t	 utf8_back(const char *, size_t);
/* Columns taken by len bytes. */
u_int	 utf8_width(const char *, size_t);
/* How many bytes of a string fit in width columns, whole characters. */
size_t	 utf8_fit(const char *, u_int);

#endif

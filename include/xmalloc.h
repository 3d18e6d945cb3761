/*
 * Allocators that never return NULL: running out of memory is one of the
 * two places where taskmaster aborts (the other is main() before the loop).
 */

#ifndef XMALLOC_H
#define XMALLOC_H

#include <stdarg.h>
#include <stddef.h>

/* Call fn before aborting for want of memory (the console's terminal). */
void	 xmalloc_atfail(void (*)(void));
/* Allocate size bytes or abort. */
void	*xmalloc(size_t);
/* Allocate and zero nmemb * size bytes or abort. */
void	*xcalloc(size_t, size_t);
/* Resize ptr to nmemb * size bytes, checking the product for overflow. */
void	*xreallocarray(void *, size_t, size_t);
/* Duplicate a string or abort. */
char	*xstrdup(const char *);
/* Duplicate at most n bytes of a string or abort. */
char	*xstrndup(const char *, size_t);
/* Format into a newly allocated string or abort; returns the length. */
int	 xasprintf(char **, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
/* As xasprintf with a va_list. */
int	 xvasprintf(char **, const char *, va_list)
	    __attribute__((format(printf, 2, 0)));
/* Return a newly allocated formatted string or abort. */
char	*xstrfmt(const char *, ...) __attribute__((format(printf, 1, 2)));

#endif

/*
 * Allocation wrappers. Out of memory is not a condition taskmaster can
 * report usefully, so these abort instead of returning NULL.
 */

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

static void	xmalloc_fail(size_t) __attribute__((noreturn));

static void	(*xmalloc_fail_fn)(void);

void
xmalloc_atfail(void (*fn)(void))
{
	xmalloc_fail_fn = fn;
}

static void
xmalloc_fail(size_t size)
{
	void	(*fn)(void) = xmalloc_fail_fn;

	/* Once only: the hook itself may want memory. */
	xmalloc_fail_fn = NULL;
	if (fn != NULL)
		fn();
	fprintf(stderr, "taskmaster: out of memory allocating %zu bytes\n",
	    size);
	abort();
}

void *
xmalloc(size_t size)
{
	void	*ptr;

	if (size == 0)
		size = 1;
	if ((ptr = malloc(size)) == NULL)
		xmalloc_fail(size);
	return (ptr);
}

void *
xcalloc(size_t nmemb, size_t size)
{
	void	*ptr;

	if (nmemb == 0 || size == 0)
		nmemb = size = 1;
	if ((ptr = calloc(nmemb, size)) == NULL)
		xmalloc_fail(nmemb * size);
	return (ptr);
}

void *
xreallocarray(void *ptr, size_t nmemb, size_t size)
{
	void	*new;

	if (nmemb == 0 || size == 0)
		nmemb = size = 1;
	if (SIZE_MAX / nmemb < size)
		xmalloc_fail(SIZE_MAX);
	if ((new = realloc(ptr, nmemb * size)) == NULL)
		xmalloc_fail(nmemb * size);
	return (new);
}

char *
xstrdup(const char *s)
{
	char	*cp;

	if ((cp = strdup(s)) == NULL)
		xmalloc_fail(strlen(s) + 1);
	return (cp);
}

char *
xstrndup(const char *s, size_t n)
{
	char	*cp;

	if ((cp = strndup(s, n)) == NULL)
		xmalloc_fail(n + 1);
	return (cp);
}

int
xvasprintf(char **ret, const char *fmt, va_list ap)
{
	int	 n;

	n = vasprintf(ret, fmt, ap);
	if (n < 0 || *ret == NULL)
		xmalloc_fail(strlen(fmt));
	return (n);
}

int
xasprintf(char **ret, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	va_start(ap, fmt);
	n = xvasprintf(ret, fmt, ap);
	va_end(ap);
	return (n);
}

char *
xstrfmt(const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	xvasprintf(&s, fmt, ap);
	va_end(ap);
	return (s);
}

/*
 * An intrusive hash table of chained buckets (include/hash.h). It
 * doubles when it holds more nodes than buckets, so chains stay short
 * and adding N nodes costs O(N) in all; it never shrinks, since what
 * once had N processes will likely have them again after a reload.
 */

#include <stdlib.h>

#include "hash.h"
#include "xmalloc.h"

#define HASH_MIN	64

static void	hash_grow(struct hash *);

/* Twice the buckets, every node moved to its new chain. */
static void
hash_grow(struct hash *h)
{
	struct hash_node	**nb, *n, *next;
	unsigned int		  size, i;

	size = h->size == 0 ? HASH_MIN : h->size * 2;
	nb = xcalloc(size, sizeof *nb);
	for (i = 0; i < h->size; i++) {
		for (n = h->b[i]; n != NULL; n = next) {
			next = n->next;
			n->next = nb[n->hv & (size - 1)];
			nb[n->hv & (size - 1)] = n;
		}
	}
	free(h->b);
	h->b = nb;
	h->size = size;
}

void
hash_free(struct hash *h)
{
	free(h->b);
	h->b = NULL;
	h->size = 0;
	h->count = 0;
}

void
hash_add(struct hash *h, struct hash_node *n, uint64_t hv)
{
	struct hash_node	**bp;

	if (h->count >= h->size)
		hash_grow(h);
	n->hv = hv;
	bp = &h->b[hv & (h->size - 1)];
	n->next = *bp;
	*bp = n;
	h->count++;
}

void
hash_remove(struct hash *h, struct hash_node *n)
{
	struct hash_node	**np;

	if (h->size == 0)
		return;
	for (np = &h->b[n->hv & (h->size - 1)]; *np != NULL;
	    np = &(*np)->next) {
		if (*np == n) {
			*np = n->next;
			n->next = NULL;
			h->count--;
			return;
		}
	}
}

struct hash_node *
hash_first(const struct hash *h, uint64_t hv)
{
	struct hash_node	*n;

	if (h->size == 0)
		return (NULL);
	for (n = h->b[hv & (h->size - 1)]; n != NULL; n = n->next) {
		if (n->hv == hv)
			return (n);
	}
	return (NULL);
}

struct hash_node *
hash_next(struct hash_node *n)
{
	uint64_t	 hv = n->hv;

	for (n = n->next; n != NULL; n = n->next) {
		if (n->hv == hv)
			return (n);
	}
	return (NULL);
}

uint64_t
hash_string(const char *s)
{
	uint64_t	 hv = 14695981039346656037ULL;

	for (; *s != '\0'; s++) {
		hv ^= (unsigned char)*s;
		hv *= 1099511628211ULL;
	}
	return (hash_int(hv));
}

/* A 64-bit mixer (splitmix64's), so consecutive keys spread out. */
uint64_t
hash_int(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return (x);
}

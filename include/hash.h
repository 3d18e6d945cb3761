/*
 * An intrusive hash table: the object holds a struct hash_node and is
 * found by a 64-bit hash of its key, so a lookup costs the same with ten
 * processes or ten thousand. The table grows with its contents; what a
 * key is, and whether two keys are equal, is the caller's business.
 */

#ifndef HASH_H
#define HASH_H

#include <stddef.h>
#include <stdint.h>

struct hash_node {
	struct hash_node *next;
	uint64_t	 hv;		/* the hash of the key */
};

struct hash {
	struct hash_node **b;		/* size buckets, or NULL */
	unsigned int	 size;		/* a power of two */
	unsigned int	 count;
};

/* The object around a node. */
#define HASH_ENTRY(n, type, field) \
	((type *)(void *)((char *)(n) - offsetof(type, field)))

/* Free the buckets (not the objects); the table is empty again. */
void	 hash_free(struct hash *);
/* Add a node with hash hv. */
void	 hash_add(struct hash *, struct hash_node *, uint64_t);
/* Remove a node; nothing happens if it is not in the table. */
void	 hash_remove(struct hash *, struct hash_node *);
/* The first node with hash hv, or NULL; the next with hash_next. */
struct hash_node *hash_first(const struct hash *, uint64_t);
/* The next node after n with the same hash, or NULL. */
struct hash_node *hash_next(struct hash_node *);
/* The hash of a string (FNV-1a). */
uint64_t hash_string(const char *);
/* The hash of an integer key. */
uint64_t hash_int(uint64_t);

#endif

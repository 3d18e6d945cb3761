/*
 * The entry point every fuzz target defines: libFuzzer calls it with
 * each input, and replay.c with each file of a corpus, so crashes found
 * once are replayed by the normal test suite under the sanitizers.
 */

#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* Run the target on one input; always returns 0. */
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#endif

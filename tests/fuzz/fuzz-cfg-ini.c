/*
 * Fuzz target: the supervisord INI reader, expansions included (parse
 * only: the checks that ask the system are not fuzzed here).
 */

#include <stdio.h>
#include <stdlib.h>

#include "cfg.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag_list	 dl;
	struct cfg		*cf;
	FILE			*f;

	if (size == 0 || (f = fmemopen((void *)data, size, "r")) == NULL)
		return (0);
	diag_init(&dl);
	cf = cfg_create("/fuzz/supervisord.conf");
	/* Globs of the whole file system are not what is fuzzed here. */
	cf->no_includes = true;
	(void)cfg_ini_parse(cf, f, &dl);
	fclose(f);
	diag_sort(&dl);
	cfg_free(cf);
	diag_clear(&dl);
	return (0);
}

/*
 * Event types as supervisord names them: the names an "events" value may
 * hold, concrete or abstract (PROCESS_STATE, TICK, EVENT stand for
 * several), for the config check and the event listeners.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "listener.h"
#include "xmalloc.h"

static const char *const lsn_names[LSN_NTYPES] = {
	"PROCESS_STATE_STOPPED",
	"PROCESS_STATE_EXITED",
	"PROCESS_STATE_STARTING",
	"PROCESS_STATE_STOPPING",
	"PROCESS_STATE_BACKOFF",
	"PROCESS_STATE_FATAL",
	"PROCESS_STATE_RUNNING",
	"PROCESS_STATE_UNKNOWN",
	"SUPERVISOR_STATE_CHANGE_RUNNING",
	"SUPERVISOR_STATE_CHANGE_STOPPING",
	"TICK_5",
	"TICK_60",
	"TICK_3600",
	"PROCESS_GROUP_ADDED",
	"PROCESS_GROUP_REMOVED",
	"PROCESS_LOG_STDOUT",
	"PROCESS_LOG_STDERR",
	"PROCESS_COMMUNICATION_STDOUT",
	"PROCESS_COMMUNICATION_STDERR",
	"REMOTE_COMMUNICATION"
};

/* supervisord's abstract types: every concrete type under the prefix. */
static const char *const lsn_abstract[] = {
	"PROCESS_STATE", "SUPERVISOR_STATE_CHANGE", "TICK", "PROCESS_GROUP",
	"PROCESS_LOG", "PROCESS_COMMUNICATION", NULL
};

const char *
lsn_type_name(enum lsn_type t)
{
	return (t < LSN_NTYPES ? lsn_names[t] : "EVENT");
}

/* The bits one name stands for; 0 if it is no type. */
static uint32_t
lsn_parse_one(const char *name)
{
	uint32_t	 bits = 0;
	size_t		 len;
	u_int		 t, i;

	if (strcasecmp(name, "EVENT") == 0)
		return (LSN_BIT(LSN_NTYPES) - 1);
	for (t = 0; t < LSN_NTYPES; t++) {
		if (strcasecmp(name, lsn_names[t]) == 0)
			return (LSN_BIT(t));
	}
	for (i = 0; lsn_abstract[i] != NULL; i++) {
		if (strcasecmp(name, lsn_abstract[i]) != 0)
			continue;
		len = strlen(lsn_abstract[i]);
		for (t = 0; t < LSN_NTYPES; t++) {
			if (strncmp(lsn_names[t], lsn_abstract[i], len) == 0 &&
			    lsn_names[t][len] == '_')
				bits |= LSN_BIT(t);
		}
	}
	return (bits);
}

int
lsn_parse_events(const char *value, uint32_t *mask, char **cause)
{
	char		*copy, *word, *next;
	uint32_t	 bits;

	*mask = 0;
	copy = xstrdup(value);
	for (next = copy; (word = strsep(&next, ", \t")) != NULL;) {
		if (*word == '\0')
			continue;
		if ((bits = lsn_parse_one(word)) == 0) {
			xasprintf(cause, "unknown event type \"%s\"; wanted "
			    "supervisord's, as PROCESS_STATE, "
			    "PROCESS_STATE_FATAL, TICK_60 or EVENT", word);
			free(copy);
			return (-1);
		}
		*mask |= bits;
	}
	free(copy);
	if (*mask == 0) {
		*cause = xstrdup("no event type given; wanted supervisord's, "
		    "as PROCESS_STATE or TICK_60");
		return (-1);
	}
	return (0);
}

char *
lsn_unproduced(uint32_t mask)
{
	char	*s = NULL, *n;
	u_int	 t;

	for (t = 0; t < LSN_NTYPES; t++) {
		if ((mask & LSN_BIT(t)) == 0 || (LSN_PRODUCED & LSN_BIT(t)))
			continue;
		if (s == NULL)
			n = xstrdup(lsn_names[t]);
		else
			n = xstrfmt("%s, %s", s, lsn_names[t]);
		free(s);
		s = n;
	}
	return (s);
}

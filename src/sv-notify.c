/*
 * State change listeners: waiting commands, the console, alerts, event
 * listeners and the priority order all hear every change here.
 */

#include <sys/queue.h>

#include "taskmaster.h"

void
sv_listen(struct supervisor *sv, struct sv_listener *l)
{
	TAILQ_INSERT_TAIL(&sv->listeners, l, entry);
}

/*
 * A listener's callback may start a process whose state changes at once,
 * so notifications nest, and any callback may remove any listener (its
 * command is over). Each sv_notify under way keeps its next listener
 * here, and a removal moves it on.
 */
struct sv_notify_iter {
	struct sv_listener	*next;
	struct sv_notify_iter	*up;
};

void
sv_unlisten(struct supervisor *sv, struct sv_listener *l)
{
	struct sv_notify_iter	*it;

	for (it = sv->notifying; it != NULL; it = it->up) {
		if (it->next == l)
			it->next = TAILQ_NEXT(l, entry);
	}
	TAILQ_REMOVE(&sv->listeners, l, entry);
}

void
sv_notify(struct supervisor *sv, struct proc *p, enum proc_state old)
{
	struct sv_notify_iter	 it;
	struct sv_listener	*l;

	it.up = sv->notifying;
	sv->notifying = &it;
	for (l = TAILQ_FIRST(&sv->listeners); l != NULL; l = it.next) {
		it.next = TAILQ_NEXT(l, entry);
		l->cb(p, old, l->arg);
	}
	sv->notifying = it.up;
}

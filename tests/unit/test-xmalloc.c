/*
 * xmalloc: running out of memory aborts, after the hook that gives the
 * console's terminal back, called once even if it fails too.
 */

#include <sys/types.h>
#include <sys/wait.h>

#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "xmalloc.h"

static int	hook_fd = -1;

static void
hook(void)
{
	(void)write(hook_fd, "hook\n", 5);
	/* Failing again from the hook must not loop. */
	(void)xreallocarray(NULL, SIZE_MAX, 2);
}

/* Run a failing allocation in a child; what the hook wrote. */
static void
run(void (*fn)(void), char *out, size_t size, int *status)
{
	int	 fds[2];
	pid_t	 pid;
	ssize_t	 n, got = 0;

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid != -1);
	if (pid == 0) {
		signal(SIGABRT, SIG_DFL);
		close(fds[0]);
		hook_fd = fds[1];
		xmalloc_atfail(fn);
		(void)xreallocarray(NULL, SIZE_MAX, 2);
		_exit(0);
	}
	close(fds[1]);
	while ((n = read(fds[0], out + got, size - 1 - got)) > 0)
		got += n;
	out[got] = '\0';
	close(fds[0]);
	assert_int_equal(waitpid(pid, status, 0), pid);
}

static void
test_hook_then_abort(void **state)
{
	char	out[64];
	int	status;

	run(hook, out, sizeof out, &status);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGABRT);
	assert_string_equal(out, "hook\n");
}

static void
test_no_hook(void **state)
{
	char	out[64];
	int	status;

	run(NULL, out, sizeof out, &status);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGABRT);
	assert_string_equal(out, "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hook_then_abort),
		cmocka_unit_test(test_no_hook),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}

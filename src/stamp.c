/*
 * The line stamper: what a stream's bytes become in its file. A pty
 * turns every "\n" into "\r\n"; files get "\n" back, a "\r" alone (a
 * progress bar redrawing its line) is kept, and a "\r\n" split between
 * two reads is still one "\n": the "\r" waits for the next byte. With
 * timestamps, a line is stamped when its first byte comes, so a line
 * written in pieces is stamped once.
 */

#include <sys/time.h>

#include <string.h>
#include <time.h>

#include "logfile.h"

size_t
stamp_room(size_t len)
{
	/* Each byte may end a line and start the next; one held \r. */
	return (len * (STAMP_LEN + 2) + STAMP_LEN + 2);
}

void
stamp_now(char *buf)
{
	struct timeval	 tv;
	struct tm	 tm;

	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	strftime(buf, 21, "%Y-%m-%dT%H:%M:%S", &tm);
	buf[19] = '.';
	buf[20] = '0' + (tv.tv_usec / 100000) % 10;
	buf[21] = '0' + (tv.tv_usec / 10000) % 10;
	buf[22] = '0' + (tv.tv_usec / 1000) % 10;
	buf[23] = 'Z';
	buf[24] = ' ';
	buf[25] = '\0';
}

/* The stamp, if what comes next starts a line. */
static char *
stamp_start(struct stamper *s, char *o, bool stamp, const char *now)
{
	if (!s->midline && stamp) {
		memcpy(o, now, STAMP_LEN);
		o += STAMP_LEN;
	}
	return (o);
}

/* One byte (the held "\r" alone), the stamp first if it starts a line. */
static char *
stamp_put(struct stamper *s, char *o, char c, bool stamp, const char *now)
{
	o = stamp_start(s, o, stamp, now);
	*o++ = c;
	s->midline = (c != '\n');
	return (o);
}

/*
 * Copied a run at a time, not a byte at a time (a pty flood passes here):
 * a run ends before a "\r" that may be half of a "\r\n", and after a
 * "\n" when the next line needs its stamp.
 */
size_t
stamp_run(struct stamper *s, const char *in, size_t len, bool crlf,
    bool stamp, const char *now, char *out)
{
	const char	*end = in + len, *lim, *p;
	char		*o = out;
	size_t		 n;

	while (in < end) {
		if (s->cr) {
			s->cr = false;
			/* "\r\n": the \r goes; else it was a \r alone. */
			if (*in != '\n')
				o = stamp_put(s, o, '\r', stamp, now);
		}
		if (crlf && *in == '\r') {
			s->cr = true;
			in++;
			continue;
		}
		lim = end;
		if (stamp && (p = memchr(in, '\n', end - in)) != NULL)
			lim = p + 1;
		if (crlf && (p = memchr(in, '\r', lim - in)) != NULL)
			lim = p;
		o = stamp_start(s, o, stamp, now);
		n = lim - in;
		memcpy(o, in, n);
		o += n;
		in += n;
		s->midline = (o[-1] != '\n');
	}
	return (o - out);
}

size_t
stamp_flush(struct stamper *s, char *out)
{
	if (!s->cr)
		return (0);
	s->cr = false;
	out[0] = '\r';
	s->midline = true;
	return (1);
}

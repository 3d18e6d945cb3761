/*
 * HTTP webhooks and mail through libcurl's multi interface, driven by
 * the daemon's libevent loop: libcurl says which sockets to watch for
 * what (CURLMOPT_SOCKETFUNCTION) and when to call it back
 * (CURLMOPT_TIMERFUNCTION); each is an event here, whose callback hands
 * control back with curl_multi_socket_action. No thread of ours, no
 * blocking call: libcurl's resolver runs on its own, connections and
 * TLS handshakes are non-blocking, every transfer has its timeout.
 *
 * A webhook is a POST of the message's JSON; any 2xx is delivered,
 * anything else is a failure with the status as its cause. Redirects
 * are not followed and only http and https are spoken. TLS is verified
 * against the system's CA store, libcurl's default.
 *
 * A mail is an SMTP upload of the RFC 5322 message alert-msg.c makes:
 * smtp:// upgrades with STARTTLS when the server offers it, smtps:// is
 * TLS from the start; a user and the password read from password_file
 * log in. Dot-stuffing is libcurl's.
 *
 * libcurl is set up on the first transfer, so a daemon without such
 * alerts never loads it.
 */

#include <sys/types.h>

#include <curl/curl.h>
#include <event2/event.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "alert.h"
#include "log.h"
#include "xmalloc.h"

/* One transfer: an attempt at one message. */
struct alert_curl {
	struct alert_msg	*m;
	CURL			*easy;
	struct curl_slist	*headers;
	struct curl_slist	*rcpt;
	char			*body;
	size_t			 len;
	size_t			 off;
	bool			 http;
	char			 errbuf[CURL_ERROR_SIZE];
};

/* A socket libcurl asked to watch. */
struct alert_curl_sock {
	curl_socket_t		 fd;
	struct event		*ev;
	TAILQ_ENTRY(alert_curl_sock) entry;
};

static struct {
	struct event_base	*base;
	CURLM			*multi;
	struct event		*timer;
	bool			 global;
	TAILQ_HEAD(, alert_curl_sock) socks;
} ac = { .socks = TAILQ_HEAD_INITIALIZER(ac.socks) };

static bool	 alert_curl_setup(void);
static int	 alert_curl_sock_cb(CURL *, curl_socket_t, int, void *,
		     void *);
static int	 alert_curl_timer_cb(CURLM *, long, void *);
static void	 alert_curl_event_cb(evutil_socket_t, short, void *);
static void	 alert_curl_timeout_cb(evutil_socket_t, short, void *);
static void	 alert_curl_check(void);
static void	 alert_curl_end(struct alert_curl *, CURLcode);
static void	 alert_curl_xfree(struct alert_curl *);
static size_t	 alert_curl_read(char *, size_t, size_t, void *);
static size_t	 alert_curl_discard(char *, size_t, size_t, void *);
static void	 alert_curl_http(struct alert_curl *,
		     const struct cfg_alert *, const struct alert_info *);
static void	 alert_curl_mail(struct alert_curl *,
		     const struct cfg_alert *, const struct alert_info *);

/* Remember the loop: libcurl itself waits for the first transfer. */
void
alert_curl_init(struct event_base *base)
{
	ac.base = base;
}

/* libcurl's global state and the multi handle, once. */
static bool
alert_curl_setup(void)
{
	if (ac.multi != NULL)
		return (true);
	if (!ac.global) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
			return (false);
		ac.global = true;
	}
	if ((ac.multi = curl_multi_init()) == NULL)
		return (false);
	curl_multi_setopt(ac.multi, CURLMOPT_SOCKETFUNCTION,
	    alert_curl_sock_cb);
	curl_multi_setopt(ac.multi, CURLMOPT_TIMERFUNCTION,
	    alert_curl_timer_cb);
	ac.timer = evtimer_new(ac.base, alert_curl_timeout_cb, NULL);
	return (true);
}

/* Free libcurl's state; the engine has cancelled every transfer. */
void
alert_curl_free(void)
{
	struct alert_curl_sock	*cs;

	if (ac.multi != NULL)
		curl_multi_cleanup(ac.multi);
	ac.multi = NULL;
	/* Sockets libcurl did not say to forget before it went. */
	while ((cs = TAILQ_FIRST(&ac.socks)) != NULL) {
		TAILQ_REMOVE(&ac.socks, cs, entry);
		event_free(cs->ev);
		free(cs);
	}
	if (ac.timer != NULL)
		event_free(ac.timer);
	ac.timer = NULL;
	if (ac.global)
		curl_global_cleanup();
	ac.global = false;
}

/* libcurl: watch a socket for in, out or both, or forget it. */
static int
alert_curl_sock_cb(CURL *easy, curl_socket_t fd, int what, void *arg,
    void *sockp)
{
	struct alert_curl_sock	*cs = sockp;
	short			 kind;

	if (what == CURL_POLL_REMOVE) {
		if (cs != NULL) {
			TAILQ_REMOVE(&ac.socks, cs, entry);
			event_free(cs->ev);
			free(cs);
			curl_multi_assign(ac.multi, fd, NULL);
		}
		return (0);
	}
	kind = EV_PERSIST;
	if (what & CURL_POLL_IN)
		kind |= EV_READ;
	if (what & CURL_POLL_OUT)
		kind |= EV_WRITE;
	if (cs == NULL) {
		cs = xcalloc(1, sizeof *cs);
		cs->fd = fd;
		cs->ev = event_new(ac.base, fd, kind, alert_curl_event_cb, cs);
		TAILQ_INSERT_TAIL(&ac.socks, cs, entry);
		curl_multi_assign(ac.multi, fd, cs);
	} else {
		event_del(cs->ev);
		event_assign(cs->ev, ac.base, fd, kind, alert_curl_event_cb,
		    cs);
	}
	event_add(cs->ev, NULL);
	return (0);
}

/* libcurl: call it back in timeout_ms (-1: never). */
static int
alert_curl_timer_cb(CURLM *multi, long timeout_ms, void *arg)
{
	struct timeval	 tv;

	if (timeout_ms < 0) {
		evtimer_del(ac.timer);
		return (0);
	}
	tv.tv_sec = timeout_ms / 1000;
	tv.tv_usec = (timeout_ms % 1000) * 1000;
	evtimer_add(ac.timer, &tv);
	return (0);
}

/* A socket is ready: hand it to libcurl. */
static void
alert_curl_event_cb(evutil_socket_t fd, short events, void *arg)
{
	int	flags = 0, running;

	if (events & EV_READ)
		flags |= CURL_CSELECT_IN;
	if (events & EV_WRITE)
		flags |= CURL_CSELECT_OUT;
	curl_multi_socket_action(ac.multi, fd, flags, &running);
	alert_curl_check();
}

/* libcurl's timeout. */
static void
alert_curl_timeout_cb(evutil_socket_t fd, short events, void *arg)
{
	int	running;

	curl_multi_socket_action(ac.multi, CURL_SOCKET_TIMEOUT, 0, &running);
	alert_curl_check();
}

/* Finish every transfer libcurl says is over. */
static void
alert_curl_check(void)
{
	struct alert_curl	*x;
	CURLMsg			*msg;
	int			 left;

	while ((msg = curl_multi_info_read(ac.multi, &left)) != NULL) {
		if (msg->msg != CURLMSG_DONE)
			continue;
		x = NULL;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE,
		    (char **)&x);
		if (x != NULL)
			alert_curl_end(x, msg->data.result);
	}
}

/* A transfer is over: delivered or why not. */
static void
alert_curl_end(struct alert_curl *x, CURLcode rc)
{
	struct alert_msg	*m = x->m;
	long			 code = 0;
	char			*text;
	bool			 ok;

	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &code);
	if (rc != CURLE_OK) {
		ok = false;
		if (!x->http && code >= 400)
			text = xstrfmt("SMTP %ld: %s", code, *x->errbuf != '\0' ?
			    x->errbuf : curl_easy_strerror(rc));
		else
			text = xstrdup(*x->errbuf != '\0' ? x->errbuf :
			    curl_easy_strerror(rc));
	} else if (x->http) {
		ok = code >= 200 && code <= 299;
		text = xstrfmt("HTTP %ld", code);
	} else {
		ok = true;
		text = xstrfmt("SMTP %ld", code);
	}
	alert_curl_xfree(x);
	*alert_msg_xfer(m) = NULL;
	alert_attempt_done(m, ok, text);
	free(text);
}

/* Take a transfer off the multi handle and free it. */
static void
alert_curl_xfree(struct alert_curl *x)
{
	if (x->easy != NULL) {
		curl_multi_remove_handle(ac.multi, x->easy);
		curl_easy_cleanup(x->easy);
	}
	curl_slist_free_all(x->headers);
	curl_slist_free_all(x->rcpt);
	free(x->body);
	free(x);
}

/* Give libcurl the mail, a piece at a time. */
static size_t
alert_curl_read(char *buf, size_t size, size_t n, void *arg)
{
	struct alert_curl	*x = arg;
	size_t			 len = size * n;

	if (len > x->len - x->off)
		len = x->len - x->off;
	memcpy(buf, x->body + x->off, len);
	x->off += len;
	return (len);
}

/* What a webhook answers is not read. */
static size_t
alert_curl_discard(char *buf, size_t size, size_t n, void *arg)
{
	return (size * n);
}

/* A webhook: POST the JSON with the alert's headers. */
static void
alert_curl_http(struct alert_curl *x, const struct cfg_alert *ca,
    const struct alert_info *ai)
{
	char	**h;

	x->http = true;
	x->body = alert_msg_json(ai);
	x->len = strlen(x->body);
	x->headers = curl_slist_append(x->headers,
	    "Content-Type: application/json");
	/* No "100 Continue" round trip before the body. */
	x->headers = curl_slist_append(x->headers, "Expect:");
	for (h = ca->headers; h != NULL && *h != NULL; h++)
		x->headers = curl_slist_append(x->headers, *h);
	for (h = ca->file_headers; h != NULL && *h != NULL; h++)
		x->headers = curl_slist_append(x->headers, *h);
	curl_easy_setopt(x->easy, CURLOPT_URL, ca->url);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(x->easy, CURLOPT_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(x->easy, CURLOPT_PROTOCOLS,
	    CURLPROTO_HTTP|CURLPROTO_HTTPS);
#endif
	curl_easy_setopt(x->easy, CURLOPT_HTTPHEADER, x->headers);
	curl_easy_setopt(x->easy, CURLOPT_POSTFIELDS, x->body);
	curl_easy_setopt(x->easy, CURLOPT_POSTFIELDSIZE, (long)x->len);
	curl_easy_setopt(x->easy, CURLOPT_USERAGENT,
	    "taskmaster/" TASKMASTER_VERSION);
	curl_easy_setopt(x->easy, CURLOPT_WRITEFUNCTION, alert_curl_discard);
}

/* A mail: the whole message uploaded to the server. */
static void
alert_curl_mail(struct alert_curl *x, const struct cfg_alert *ca,
    const struct alert_info *ai)
{
	char		*from, *addr, **to;
	const char	*server = ca->server != NULL ? ca->server :
			    "smtp://localhost";

	from = ca->from != NULL ? xstrdup(ca->from) :
	    xstrfmt("taskmaster@%s", ai->host);
	x->body = alert_msg_email(ai, from, ca->to, alert_msg_seq(x->m));
	x->len = strlen(x->body);
	for (to = ca->to; to != NULL && *to != NULL; to++) {
		addr = xstrfmt("<%s>", *to);
		x->rcpt = curl_slist_append(x->rcpt, addr);
		free(addr);
	}
	addr = xstrfmt("<%s>", from);
	curl_easy_setopt(x->easy, CURLOPT_URL, server);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(x->easy, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
#else
	curl_easy_setopt(x->easy, CURLOPT_PROTOCOLS,
	    CURLPROTO_SMTP|CURLPROTO_SMTPS);
#endif
	curl_easy_setopt(x->easy, CURLOPT_MAIL_FROM, addr);
	curl_easy_setopt(x->easy, CURLOPT_MAIL_RCPT, x->rcpt);
	curl_easy_setopt(x->easy, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(x->easy, CURLOPT_READFUNCTION, alert_curl_read);
	curl_easy_setopt(x->easy, CURLOPT_READDATA, x);
	curl_easy_setopt(x->easy, CURLOPT_INFILESIZE, (long)x->len);
	if (strncasecmp(server, "smtps:", 6) != 0)
		curl_easy_setopt(x->easy, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
	if (ca->username != NULL) {
		curl_easy_setopt(x->easy, CURLOPT_USERNAME, ca->username);
		curl_easy_setopt(x->easy, CURLOPT_PASSWORD, ca->password);
	}
	free(addr);
	free(from);
}

/* Start an attempt at a message over HTTP or SMTP. */
void
alert_curl_start(struct alert_msg *m)
{
	const struct cfg_alert	*ca = alert_msg_alert(m);
	struct alert_curl	*x;

	if (!alert_curl_setup()) {
		alert_attempt_done(m, false, "cannot set up libcurl");
		return;
	}
	x = xcalloc(1, sizeof *x);
	x->m = m;
	if ((x->easy = curl_easy_init()) == NULL) {
		free(x);
		alert_attempt_done(m, false, "cannot set up a libcurl handle");
		return;
	}
	curl_easy_setopt(x->easy, CURLOPT_PRIVATE, x);
	curl_easy_setopt(x->easy, CURLOPT_ERRORBUFFER, x->errbuf);
	curl_easy_setopt(x->easy, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(x->easy, CURLOPT_TIMEOUT_MS, (long)ca->timeout);
	curl_easy_setopt(x->easy, CURLOPT_CONNECTTIMEOUT_MS, (long)ca->timeout);
	if (ca->kind == ALERT_HTTP)
		alert_curl_http(x, ca, alert_msg_info(m));
	else
		alert_curl_mail(x, ca, alert_msg_info(m));
	*alert_msg_xfer(m) = x;
	if (curl_multi_add_handle(ac.multi, x->easy) != CURLM_OK) {
		*alert_msg_xfer(m) = NULL;
		curl_easy_cleanup(x->easy);
		x->easy = NULL;
		alert_curl_xfree(x);
		alert_attempt_done(m, false, "cannot start a libcurl transfer");
		return;
	}
	log_debug("%s: message %u to %s", __func__, alert_msg_seq(m),
	    ca->name);
}

/* Abandon a message's transfer. */
void
alert_curl_cancel(struct alert_msg *m)
{
	struct alert_curl	*x = *alert_msg_xfer(m);

	if (x == NULL)
		return;
	alert_curl_xfree(x);
	*alert_msg_xfer(m) = NULL;
}

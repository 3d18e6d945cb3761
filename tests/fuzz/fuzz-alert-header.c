/*
 * Fuzz target: what alerts read from outside the YAML reader's checks: a
 * header file (header_file, read whole when the config is loaded), and
 * its first line as each one-line value an alert takes (a limit, a
 * collector's URL, a webhook's or a mail server's URL, an address, a
 * facility, an event).
 */

#include <stdlib.h>
#include <string.h>

#include "alert.h"
#include "fuzz.h"
#include "xmalloc.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	**headers, *line, *cause, *host, *port;
	u_int	  n, period;
	int	  facility;
	bool	  tcp;

	if (alert_cfg_header_file((const char *)data, size, &headers,
	    &cause) == 0)
		argv_free(headers);
	else
		free(cause);

	line = xstrndup((const char *)data, size);
	line[strcspn(line, "\n")] = '\0';
	if (alert_cfg_limit(line, &n, &period, &cause) == 0)
		free(alert_limit_text(n, period));
	else
		free(cause);
	if (alert_cfg_syslog_server(line, &tcp, &host, &port, &cause) == 0) {
		free(host);
		free(port);
	} else
		free(cause);
	if (alert_cfg_url(ALERT_HTTP, line, &cause) != 0)
		free(cause);
	if (alert_cfg_url(ALERT_EMAIL, line, &cause) != 0)
		free(cause);
	if (alert_cfg_address(line, &cause) != 0)
		free(cause);
	if (alert_cfg_facility(line, &facility, &cause) != 0)
		free(cause);
	(void)alert_event_parse(line);
	free(line);
	return (0);
}

/* pagescope-live: what the live guest needs besides busybox. */
#ifndef PAGESCOPE_LIVE_HELPER_H
#define PAGESCOPE_LIVE_HELPER_H

enum { PAGE_SIZE = 4096 };

void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
unsigned long parse_ulong(const char *s, const char *what);
double now_ms(void);

int cmd_churn(int argc, char **argv);
int cmd_timed(int argc, char **argv);

#endif

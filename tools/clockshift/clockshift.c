/*
 * clockshift: an LD_PRELOAD shim that moves the wall clock by a fixed offset, for running the tests "at" another
 * time of day, week, month or year (scripts/test-at.sh). A developer tool only: CI never loads it.
 *
 * PMOBOT_CLOCK_SHIFT_SECONDS (a signed whole number of seconds) is added to CLOCK_REALTIME and
 * CLOCK_REALTIME_COARSE from clock_gettime, to gettimeofday and to time. Monotonic and CPU clocks are left alone,
 * so timeouts, delays and stopwatches behave as usual. Without the variable (or with 0) nothing is shifted.
 * Every process that inherits LD_PRELOAD and the variable sees the same shifted clock, which matters: Azurite
 * checks request dates against its own clock.
 *
 *   gcc -shared -fPIC -O2 -Wall -Wextra -Werror -o clockshift.so clockshift.c -ldl
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <sys/time.h>
#include <time.h>

/* glibc declares these pointers non-null, yet a caller may still pass NULL to gettimeofday: keep the checks. */
#pragma GCC diagnostic ignored "-Wnonnull-compare"

typedef int (*clock_gettime_fn)(clockid_t, struct timespec *);
typedef int (*gettimeofday_fn)(struct timeval *, void *);

static long long shift_seconds(void)
{
    static int read;
    static long long shift;
    if (!read) {
        const char *value = getenv("PMOBOT_CLOCK_SHIFT_SECONDS");
        if (value != NULL && *value != '\0') {
            char *end;
            errno = 0;
            long long parsed = strtoll(value, &end, 10);
            if (errno == 0 && *end == '\0')
                shift = parsed;
        }
        read = 1;
    }
    return shift;
}

static clock_gettime_fn real_clock_gettime(void)
{
    static clock_gettime_fn real;
    if (real == NULL)
        real = (clock_gettime_fn)dlsym(RTLD_NEXT, "clock_gettime");
    return real;
}

int clock_gettime(clockid_t clock, struct timespec *ts)
{
    int result = real_clock_gettime()(clock, ts);
    if (result == 0 && ts != NULL && (clock == CLOCK_REALTIME || clock == CLOCK_REALTIME_COARSE))
        ts->tv_sec += shift_seconds();
    return result;
}

int gettimeofday(struct timeval *tv, void *tz)
{
    static gettimeofday_fn real;
    if (real == NULL)
        real = (gettimeofday_fn)dlsym(RTLD_NEXT, "gettimeofday");
    int result = real(tv, tz);
    if (result == 0 && tv != NULL)
        tv->tv_sec += shift_seconds();
    return result;
}

time_t time(time_t *out)
{
    struct timespec now;
    if (real_clock_gettime()(CLOCK_REALTIME, &now) != 0)
        return (time_t)-1;
    time_t shifted = now.tv_sec + shift_seconds();
    if (out != NULL)
        *out = shifted;
    return shifted;
}

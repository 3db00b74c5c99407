/* period.c - parsing quarter and month labels in the forms exports write them. */
#include "period.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A parsed label: a quarter (q = 1..4, m = 0) or a month (m = 1..12, q = 0). */
typedef struct label {
    int year, quarter, month;
} label;

static bool read_int(const char **p, int digits_min, int digits_max, int *out)
{
    int v = 0, n = 0;
    while (isdigit((unsigned char)**p) && n < digits_max) {
        v = v * 10 + (**p - '0');
        (*p)++;
        n++;
    }
    if (n < digits_min || isdigit((unsigned char)**p))
        return false;
    *out = v;
    return true;
}

static bool parse_label(const char *s, label *out)
{
    while (isspace((unsigned char)*s))
        s++;
    label l = {0, 0, 0};
    const char *p = s;
    if (*p == 'Q' || *p == 'q') { /* Q1 2027, Q1-2027 */
        p++;
        if (!read_int(&p, 1, 1, &l.quarter))
            return false;
        if (*p == ' ' || *p == '-' || *p == '/')
            p++;
        if (!read_int(&p, 4, 4, &l.year))
            return false;
    } else {
        if (!read_int(&p, 4, 4, &l.year))
            return false;
        if (*p == '-' || *p == '/' || *p == ' ')
            p++;
        if (*p == 'Q' || *p == 'q') { /* 2027-Q1, 2027Q1 */
            p++;
            if (!read_int(&p, 1, 1, &l.quarter))
                return false;
        } else { /* 2027-01, 2027-01-15 */
            if (!read_int(&p, 1, 2, &l.month))
                return false;
            if (*p == '-' || *p == '/') {
                p++;
                int day;
                if (!read_int(&p, 1, 2, &day) || day < 1 || day > 31)
                    return false;
            }
        }
    }
    while (isspace((unsigned char)*p))
        p++;
    if (*p != '\0' || l.year < 1900 || l.year > 2999)
        return false;
    if (l.quarter != 0 && (l.quarter < 1 || l.quarter > 4))
        return false;
    if (l.quarter == 0 && (l.month < 1 || l.month > 12))
        return false;
    *out = l;
    return true;
}

int period_months(const period_horizon *h)
{
    return h->kind == PERIOD_QUARTER ? 3 : 1;
}

/* Periods since year 0 in the horizon's unit. */
static long absolute(const period_horizon *h, const label *l, bool *ok)
{
    *ok = true;
    if (h->kind == PERIOD_QUARTER) {
        int q = l->quarter ? l->quarter : (l->month - 1) / 3 + 1;
        return (long)l->year * 4 + (q - 1);
    }
    if (l->quarter != 0) {
        *ok = false;
        return 0;
    }
    return (long)l->year * 12 + (l->month - 1);
}

bool period_offset(const period_horizon *h, const char *s, long *out)
{
    label l, first = {h->first_year, h->kind == PERIOD_QUARTER ? h->first_index : 0,
                      h->kind == PERIOD_MONTH ? h->first_index : 0};
    bool ok;
    if (!parse_label(s, &l))
        return false;
    long a = absolute(h, &l, &ok);
    if (!ok)
        return false;
    *out = a - absolute(h, &first, &ok);
    return true;
}

bool period_parse_horizon(const char *text, period_horizon *out, char *why, size_t why_size)
{
    const char *dots = strstr(text, "..");
    if (dots == NULL || (size_t)(dots - text) >= 64 || strlen(dots + 2) >= 64) {
        snprintf(why, why_size, "write the horizon as FIRST..LAST, e.g. 2027-Q1..2028-Q4 or 2027-01..2027-12");
        return false;
    }
    char a[64], b[64];
    snprintf(a, sizeof a, "%.*s", (int)(dots - text), text);
    snprintf(b, sizeof b, "%s", dots + 2);
    label la, lb;
    if (!parse_label(a, &la) || !parse_label(b, &lb)) {
        snprintf(why, why_size, "\"%s\" is not a horizon; write e.g. 2027-Q1..2028-Q4 or 2027-01..2027-12", text);
        return false;
    }
    if ((la.quarter != 0) != (lb.quarter != 0)) {
        snprintf(why, why_size, "both ends of \"%s\" must be quarters or both months", text);
        return false;
    }
    period_horizon h = {la.quarter ? PERIOD_QUARTER : PERIOD_MONTH, la.year, la.quarter ? la.quarter : la.month, 0};
    bool ok;
    long first = absolute(&h, &la, &ok), last = absolute(&h, &lb, &ok);
    if (last < first) {
        snprintf(why, why_size, "horizon \"%s\" ends before it starts", text);
        return false;
    }
    if (last - first + 1 > 240) {
        snprintf(why, why_size, "horizon \"%s\" has %ld periods; folio plans at most 240", text, last - first + 1);
        return false;
    }
    h.count = (size_t)(last - first + 1);
    *out = h;
    return true;
}

void period_label(const period_horizon *h, long k, char *buf, size_t size)
{
    if (h->kind == PERIOD_QUARTER) {
        long a = (long)h->first_year * 4 + (h->first_index - 1) + k;
        snprintf(buf, size, "%ld-Q%ld", a / 4, a % 4 + 1);
    } else {
        long a = (long)h->first_year * 12 + (h->first_index - 1) + k;
        snprintf(buf, size, "%ld-%02ld", a / 12, a % 12 + 1);
    }
}

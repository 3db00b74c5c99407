/* period.c - parsing quarter and month labels in the forms exports write them. */
#include "period.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A parsed label: a quarter (q = 1..4, m = 0) or a month (m = 1..12, q = 0). */
typedef struct label {
    int year, quarter, month;
    bool fiscal; /* a fiscal quarter, given by its first month */
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

static int days_in_month(int year, int month)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

static bool parse_label(const char *s, label *out)
{
    while (isspace((unsigned char)*s))
        s++;
    label l = {0, 0, 0, false};
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
                if (!read_int(&p, 1, 2, &day) || day < 1 || l.month < 1 || l.month > 12 ||
                    day > days_in_month(l.year, l.month))
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

const char period_forms[] =
    "a quarter (2027-Q1, Q1 2027, FY27 Q1), a month (2027-01, Jan 2027) or a date (2027-01-15, "
    "2027-01-15T08:00:00, 15.01.2027, 1/21/2027, 15-Jan-27, January 15, 2027)";

/* A word and the number it stands for. */
typedef struct named {
    const char *name;
    int value;
} named;

/* The value of the word w[n] in names[count] (compared case-insensitively, a trailing '.' dropped:
 * "Sept.", "Mon."); 0 when it is none of them. */
static int lookup_named(const named *names, size_t count, const char *w, size_t n)
{
    char low[16];
    if (n >= 2 && w[n - 1] == '.')
        n--;
    if (n == 0 || n >= sizeof low)
        return 0;
    for (size_t i = 0; i < n; i++)
        low[i] = (char)tolower((unsigned char)w[i]);
    low[n] = '\0';
    for (size_t i = 0; i < count; i++)
        if (strcmp(low, names[i].name) == 0)
            return names[i].value;
    return 0;
}

/* Month names, English and German, full and abbreviated: 1 to 12; 0 when w[n] is none. */
static int month_named(const char *w, size_t n)
{
    static const named names[] = {
        {"january", 1},   {"jan", 1},  {"januar", 1},  {"jänner", 1},   {"february", 2}, {"feb", 2},
        {"februar", 2},   {"march", 3}, {"mar", 3},    {"märz", 3},     {"mär", 3},      {"mrz", 3},
        {"april", 4},     {"apr", 4},  {"may", 5},     {"mai", 5},      {"june", 6},     {"jun", 6},
        {"juni", 6},      {"july", 7}, {"jul", 7},     {"juli", 7},     {"august", 8},   {"aug", 8},
        {"september", 9}, {"sep", 9},  {"sept", 9},    {"october", 10}, {"oct", 10},     {"oktober", 10},
        {"okt", 10},      {"november", 11}, {"nov", 11}, {"december", 12}, {"dec", 12},  {"dezember", 12},
        {"dez", 12},
    };
    return lookup_named(names, sizeof names / sizeof names[0], w, n);
}

/* Weekday names, English and German, full and abbreviated, as a date format such as Microsoft
 * Project's "Mon 1/28/02" or "Mo 28.01.02" writes them: 1 (Monday) to 7; 0 when w[n] is none. */
static int weekday_named(const char *w, size_t n)
{
    static const named names[] = {
        {"monday", 1},    {"mon", 1},      {"montag", 1},   {"mo", 1},         {"tuesday", 2},  {"tue", 2},
        {"tues", 2},      {"dienstag", 2}, {"di", 2},       {"wednesday", 3},  {"wed", 3},      {"mittwoch", 3},
        {"mi", 3},        {"thursday", 4}, {"thu", 4},      {"thur", 4},       {"thurs", 4},    {"donnerstag", 4},
        {"do", 4},        {"friday", 5},   {"fri", 5},      {"freitag", 5},    {"fr", 5},       {"saturday", 6},
        {"sat", 6},       {"samstag", 6},  {"sonnabend", 6}, {"sa", 6},        {"sunday", 7},   {"sun", 7},
        {"sonntag", 7},   {"so", 7},
    };
    return lookup_named(names, sizeof names / sizeof names[0], w, n);
}

/* The weekday of a date of the Gregorian calendar, 1 (Monday) to 7 (Sunday) (Sakamoto's method). */
static int weekday_of(int year, int month, int day)
{
    static const int t[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
    if (month < 3)
        year--;
    int w = (year + year / 4 - year / 100 + year / 400 + t[month - 1] + day) % 7; /* 0: Sunday */
    return w == 0 ? 7 : w;
}

/* Whether day.month.year is a date of the calendar with that weekday (1-7). */
static bool date_on(int year, int month, int day, int weekday)
{
    return month >= 1 && month <= 12 && day >= 1 && day <= days_in_month(year, month) &&
           weekday_of(year, month, day) == weekday;
}

/* A two- or four-digit year as written; 00-29 are 2000-2029 and 30-99 are 1930-1999 (as spreadsheets
 * read them). */
static int full_year(int v, int digits)
{
    if (digits == 4)
        return v;
    return v < 30 ? 2000 + v : 1900 + v;
}

/* One token of a date: a run of digits or of letters. */
typedef struct token {
    const char *s;
    size_t n;
    bool number;
    int value;
} token;

/* Drops a time of day after the date: the part from the number before the first ':' on
 * ("2027-01-15T08:00:00Z", "1/21/2027 8:00 AM"). Returns the date part's length; false when what
 * follows is not a time. */
static bool date_part(const char *s, size_t *len)
{
    const char *colon = strchr(s, ':');
    if (colon == NULL) {
        *len = strlen(s);
        return true;
    }
    const char *t = colon;
    while (t > s && isdigit((unsigned char)t[-1]))
        t--;
    if (t == colon || t == s || !(t[-1] == ' ' || t[-1] == 'T' || t[-1] == 't'))
        return false;
    for (const char *p = t; *p != '\0'; p++)
        if (!isdigit((unsigned char)*p) && strchr(":. +-ZzAaPpMm", *p) == NULL)
            return false;
    *len = (size_t)(t - 1 - s);
    return true;
}

/* Reads a date or fiscal quarter that parse_label() does not take. */
static period_read parse_date(const char *s, const period_style *st, label *out)
{
    while (isspace((unsigned char)*s))
        s++;
    size_t len;
    if (!date_part(s, &len))
        return PERIOD_READ_INVALID;
    token tok[4];
    size_t nt = 0;
    char seps[4] = {0};
    bool fy = false;
    int fq = 0, weekday = 0;
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '/' || c == '-' || c == '.' || c == ',') {
            if (nt > 0 && nt <= 3 && seps[nt - 1] == 0 && c != ' ' && c != ',')
                seps[nt - 1] = (char)c;
            i++;
            continue;
        }
        if (nt == 4)
            return PERIOD_READ_INVALID;
        token *t = &tok[nt];
        t->s = s + i;
        t->number = isdigit(c) != 0;
        t->value = 0;
        size_t j = i;
        while (j < len && (t->number ? isdigit((unsigned char)s[j]) != 0
                                     : (isalpha((unsigned char)s[j]) || (unsigned char)s[j] >= 0x80))) {
            if (t->number && j - i < 6)
                t->value = t->value * 10 + (s[j] - '0');
            j++;
        }
        if (!t->number && j < len && s[j] == '.' && j - i >= 3) /* "Sept." */
            j++;
        t->n = j - i;
        i = j;
        /* A weekday before the date ("Mon 1/4/27", "Mo 04.01.27", "Monday, January 4, 2027"). */
        if (!t->number && nt == 0 && weekday == 0 && !fy && (weekday = weekday_named(t->s, t->n)) != 0)
            continue;
        /* Fiscal quarters: FY27 Q1, FY2027-Q1, Q1 FY27, FY27Q1 (FY and Q are words of their own). */
        if (!t->number && t->n == 2 && toupper((unsigned char)t->s[0]) == 'F' && toupper((unsigned char)t->s[1]) == 'Y') {
            fy = true;
            continue;
        }
        if (!t->number && t->n == 1 && (t->s[0] == 'Q' || t->s[0] == 'q') && i < len && isdigit((unsigned char)s[i])) {
            fq = s[i++] - '0';
            if (i < len && isdigit((unsigned char)s[i]))
                return PERIOD_READ_INVALID;
            continue;
        }
        nt++;
    }
    label l = {0, 0, 0, false};
    if (fy) {
        /* FY27 Q1: the one number token is the fiscal year, fq the quarter. */
        if (weekday != 0 || nt != 1 || !tok[0].number || fq < 1 || fq > 4)
            return PERIOD_READ_INVALID;
        if (tok[0].n != 2 && tok[0].n != 4)
            return PERIOD_READ_INVALID;
        int fy_year = full_year(tok[0].value, (int)tok[0].n);
        long first = (long)(fy_year - (st->fiscal_start != 0 ? 1 : 0)) * 12 + st->fiscal_start;
        long m0 = first + 3L * (fq - 1);
        l.year = (int)(m0 / 12);
        l.month = (int)(m0 % 12) + 1;
        l.fiscal = true;
        *out = l;
        return PERIOD_READ_OK;
    }
    if (fq != 0)
        return PERIOD_READ_INVALID;
    int day = 0;
    size_t named = SIZE_MAX, numbers = 0;
    for (size_t k = 0; k < nt; k++) {
        if (tok[k].number) {
            if (tok[k].n > 4)
                return PERIOD_READ_INVALID;
            numbers++;
        } else if (named == SIZE_MAX && month_named(tok[k].s, tok[k].n) != 0) {
            named = k;
        } else {
            return PERIOD_READ_INVALID;
        }
    }
    if (named != SIZE_MAX) {
        l.month = month_named(tok[named].s, tok[named].n);
        if (nt == 2 && numbers == 1) { /* Jan 2027, Jan-27, 2027 Jan */
            token *y = &tok[named == 0 ? 1 : 0];
            if (y->n != 4 && (y->n != 2 || named != 0)) /* "27-Jan" is a day, "Jan-27" a year */
                return PERIOD_READ_INVALID;
            l.year = full_year(y->value, (int)y->n);
        } else if (nt == 3 && numbers == 2 && named != 2) {
            /* 15-Jan-27, 15 January 2027 (day first) or January 15, 2027 (month first). */
            token *d = &tok[named == 0 ? 1 : 0], *y = &tok[2];
            if (d->n > 2 || (y->n != 2 && y->n != 4))
                return PERIOD_READ_INVALID;
            day = d->value;
            l.year = full_year(y->value, (int)y->n);
        } else {
            return PERIOD_READ_INVALID;
        }
    } else if (nt == 3 && numbers == 3) {
        token *a = &tok[0], *b = &tok[1], *c = &tok[2];
        period_date_order order = st->order;
        if (a->n == 4)
            order = DATE_ORDER_YMD;
        else if (order == DATE_ORDER_YMD)
            ; /* 27/01/15 as the rules say */
        else if (c->n != 2 && c->n != 4)
            return PERIOD_READ_INVALID;
        else if (order == DATE_ORDER_AUTO) {
            if (seps[0] == '.' && seps[1] == '.')
                order = DATE_ORDER_DMY; /* dotted dates are day first wherever they are written */
            else if (a->value > 12 && b->value <= 12)
                order = DATE_ORDER_DMY;
            else if (b->value > 12 && a->value <= 12)
                order = DATE_ORDER_MDY;
            else if (a->value == b->value)
                order = DATE_ORDER_DMY;
            else if (a->value <= 12 && b->value <= 12) {
                /* A weekday decides when it fits one reading only. */
                int y = full_year(c->value, (int)c->n);
                bool dmy = weekday != 0 && date_on(y, b->value, a->value, weekday);
                bool mdy = weekday != 0 && date_on(y, a->value, b->value, weekday);
                if (dmy == mdy)
                    return weekday != 0 && !dmy ? PERIOD_READ_WEEKDAY : PERIOD_READ_AMBIGUOUS;
                order = dmy ? DATE_ORDER_DMY : DATE_ORDER_MDY;
            }
            else
                return PERIOD_READ_INVALID;
        }
        if (a->n > 4 || b->n > 2 || c->n > 4)
            return PERIOD_READ_INVALID;
        if (order == DATE_ORDER_YMD) {
            if (c->n > 2 || (a->n != 2 && a->n != 4))
                return PERIOD_READ_INVALID;
            l.year = full_year(a->value, (int)a->n);
            l.month = b->value;
            day = c->value;
        } else {
            if (a->n > 2)
                return PERIOD_READ_INVALID;
            l.year = full_year(c->value, (int)c->n);
            l.month = order == DATE_ORDER_DMY ? b->value : a->value;
            day = order == DATE_ORDER_DMY ? a->value : b->value;
        }
    } else if (nt == 2 && numbers == 2 && tok[0].n <= 2 && tok[1].n == 4) { /* 01/2027 */
        l.month = tok[0].value;
        l.year = tok[1].value;
    } else {
        return PERIOD_READ_INVALID;
    }
    if (l.year < 1900 || l.year > 2999 || l.month < 1 || l.month > 12)
        return PERIOD_READ_INVALID;
    if (day != 0 && (day < 1 || day > days_in_month(l.year, l.month)))
        return PERIOD_READ_INVALID;
    if ((nt == 3 || weekday != 0) && day == 0)
        return PERIOD_READ_INVALID;
    if (weekday != 0 && weekday_of(l.year, l.month, day) != weekday)
        return PERIOD_READ_WEEKDAY;
    *out = l;
    return PERIOD_READ_OK;
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
    if (l->quarter != 0 || l->fiscal) {
        *ok = false;
        return 0;
    }
    return (long)l->year * 12 + (l->month - 1);
}

/* The offset of a parsed label from the horizon's first period; false when the label is a quarter
 * and the horizon is in months. */
static bool label_offset(const period_horizon *h, const label *l, long *out)
{
    label first = {h->first_year, h->kind == PERIOD_QUARTER ? h->first_index : 0,
                   h->kind == PERIOD_MONTH ? h->first_index : 0, false};
    bool ok;
    long a = absolute(h, l, &ok);
    if (!ok)
        return false;
    *out = a - absolute(h, &first, &ok);
    return true;
}

period_read period_read_offset(const period_horizon *h, const period_style *st, const char *s, long *out)
{
    static const period_style plain = {DATE_ORDER_AUTO, 0};
    label l;
    if (!parse_label(s, &l)) {
        period_read r = parse_date(s, st != NULL ? st : &plain, &l);
        if (r != PERIOD_READ_OK)
            return r;
    }
    return label_offset(h, &l, out) ? PERIOD_READ_OK : PERIOD_READ_KIND;
}

bool period_offset(const period_horizon *h, const char *s, long *out)
{
    label l;
    return parse_label(s, &l) && label_offset(h, &l, out);
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

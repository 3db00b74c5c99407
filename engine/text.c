/* text.c - parsing spreadsheet-exported values and matching names. */
#include "text.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void text_readable_name(const char *s, char *out, size_t size)
{
    size_t n = 0;
    if (size == 0)
        return;
    for (; *s != '\0' && n + 1 < size; s++) {
        char c = *s == '_' || *s == '-' ? ' ' : *s;
        if (c == ' ' && (n == 0 || out[n - 1] == ' '))
            continue;
        out[n++] = c;
    }
    while (n > 0 && out[n - 1] == ' ')
        n--;
    out[n] = '\0';
    if (n > 0)
        out[0] = (char)toupper((unsigned char)out[0]);
}

char *text_trim(char *s)
{
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    size_t i = 0;
    while (s[i] != '\0' && isspace((unsigned char)s[i]))
        i++;
    if (i > 0)
        memmove(s, s + i, n - i + 1);
    return s;
}

/* Length of a currency at s: a symbol ($, €, £, ¥, ₹, R$, Rs., kr, zł, and more) or a three-letter
 * ISO 4217 code ("EUR 1.200", "1,200 USD"); 0 when none. */
static size_t currency_at(const char *s)
{
    static const char *const symbols[] = {
        "\xE2\x82\xAC", "\xC2\xA3", "\xC2\xA5", "R$", "$", /* € £ ¥ R$ $ */
        "\xE2\x82\xB9", "Rs.", "Rs",                     /* ₹ and the Indian rupee written out */
        "\xE2\x82\xA9", "\xE2\x82\xBD", "\xE2\x82\xBA", "\xE2\x82\xAA", /* ₩ ₽ ₺ ₪ */
        "kr.", "kr", "z\xC5\x82",                         /* Nordic krona/krone, Polish złoty */
    };
    for (size_t i = 0; i < sizeof symbols / sizeof symbols[0]; i++) {
        size_t n = strlen(symbols[i]);
        if (strncmp(s, symbols[i], n) == 0)
            return n;
    }
    if (isupper((unsigned char)s[0]) && isupper((unsigned char)s[1]) && isupper((unsigned char)s[2]) &&
        !isalpha((unsigned char)s[3]))
        return 3;
    return 0;
}

/* Length of a currency or blank-like character at s, 0 when none. */
static size_t currency_or_blank_at(const char *s)
{
    static const char *const blanks[] = {
        "\xC2\xA0",     /* no-break space */
        "\xE2\x80\xAF", /* narrow no-break space */
        " ", "\t",
    };
    for (size_t i = 0; i < sizeof blanks / sizeof blanks[0]; i++) {
        size_t n = strlen(blanks[i]);
        if (strncmp(s, blanks[i], n) == 0)
            return n;
    }
    return currency_at(s);
}

/* Length of a unit written after a number at s ("h", "FTE", "pts"), 0 when none: only units that
 * say what was counted, never a letter that could be a multiplier. */
static size_t unit_at(const char *s)
{
    static const char *const units[] = {"hours", "hour", "hrs", "hr", "h", "days", "day", "d", "fte",
                                        "points", "pts", "pt", "sp", "pd", "md", "person-days", "man-days"};
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        size_t n = strlen(units[i]);
        if (strncasecmp(s, units[i], n) == 0 && !isalnum((unsigned char)s[n]))
            return n;
    }
    return 0;
}

bool text_currency_mark(const char *s, char *out, size_t size)
{
    for (const char *p = s; *p != '\0'; p++) {
        size_t n = currency_at(p);
        /* A code stands alone: "xUSD" is no currency. */
        if (n > 0 && (p == s || !isalpha((unsigned char)p[-1]) || !isalpha((unsigned char)*p))) {
            snprintf(out, size, "%.*s", (int)n, p);
            return true;
        }
    }
    return false;
}

/* Is there a thousands separator at s (for this style)? Returns its length, 0 when none. */
static size_t thousands_sep_at(const char *s, text_number_style style)
{
    if (style.decimal_comma) {
        if (*s == '.' || *s == ' ' || *s == '\'')
            return 1;
    } else if (*s == ',' || *s == ' ' || *s == '\'') {
        return 1;
    }
    if (strncmp(s, "\xC2\xA0", 2) == 0)
        return 2;
    if (strncmp(s, "\xE2\x80\xAF", 3) == 0)
        return 3;
    if (strncmp(s, "\xE2\x80\x99", 3) == 0) /* the Swiss apostrophe as recent Windows writes it */
        return 3;
    return 0;
}

text_number_result text_parse_number(const char *s, text_number_style style, double *out)
{
    char digits[128]; /* the number rewritten as C locale text for strtod */
    size_t nd = 0;
    bool negative = false, percent = false, parens = false, any_digit = false;
    const char dec = style.decimal_comma ? ',' : '.';

    const char *p = s;
    /* Leading part: blanks, currency, sign, opening parenthesis, in any order. */
    for (;;) {
        size_t n = currency_or_blank_at(p);
        if (n > 0) {
            p += n;
        } else if (*p == '-' || *p == '+' || (strncmp(p, "\xE2\x88\x92", 3) == 0)) {
            if (negative || *p == '+') {
                if (*p == '+') {
                    p++;
                    continue;
                }
                return TEXT_NUMBER_INVALID;
            }
            negative = true;
            p += (*p == '-') ? 1 : 3; /* ASCII minus or U+2212 */
        } else if (*p == '(' && !parens) {
            parens = true;
            p++;
        } else {
            break;
        }
    }
    if (*p == '\0' && !negative && !parens)
        return TEXT_NUMBER_EMPTY;

    /* Integer part, with optional thousands separators between groups of three digits, or in the
     * Indian way with commas: lakhs and crores in groups of two before the last three (1,20,000 is
     * 120000; 12,34,56,789). A group of two can be read no other way, so neither style is chosen. */
    int group_len = -1; /* digits since the last separator; -1 before any separator */
    int first_len = 0;  /* digits before the first separator */
    size_t twos = 0, threes = 0; /* the groups between two separators */
    while (*p != '\0') {
        if (isdigit((unsigned char)*p)) {
            if (nd + 1 >= sizeof digits)
                return TEXT_NUMBER_INVALID;
            digits[nd++] = *p++;
            any_digit = true;
            if (group_len >= 0)
                group_len++;
            else
                first_len++;
            continue;
        }
        size_t sep = thousands_sep_at(p, style);
        /* A blank separator only counts when a digit follows: "1 200" yes, "1200 EUR" no. */
        if (sep > 0 && any_digit && isdigit((unsigned char)p[sep])) {
            if (group_len == 2 && *p == ',')
                twos++;
            else if (group_len == 3)
                threes++;
            else if (group_len >= 0)
                return TEXT_NUMBER_INVALID;
            group_len = 0;
            p += sep;
            continue;
        }
        break;
    }
    if (group_len >= 0 && (group_len != 3 || (twos > 0 && (threes > 0 || first_len > 2))))
        return TEXT_NUMBER_INVALID;
    if (*p == dec) {
        if (nd + 1 >= sizeof digits)
            return TEXT_NUMBER_INVALID;
        p++;
        digits[nd++] = '.';
        while (isdigit((unsigned char)*p)) {
            if (nd + 1 >= sizeof digits)
                return TEXT_NUMBER_INVALID;
            digits[nd++] = *p++;
            any_digit = true;
        }
    }
    if (!any_digit)
        return TEXT_NUMBER_INVALID;
    if ((*p == 'e' || *p == 'E') && group_len < 0) {
        const char *q = p + 1;
        if (*q == '+' || *q == '-')
            q++;
        if (isdigit((unsigned char)*q)) {
            if (nd + 2 >= sizeof digits) /* 'e' and a sign */
                return TEXT_NUMBER_INVALID;
            digits[nd++] = 'e';
            p++;
            if (*p == '+' || *p == '-')
                digits[nd++] = *p++;
            while (isdigit((unsigned char)*p)) {
                if (nd + 1 >= sizeof digits)
                    return TEXT_NUMBER_INVALID;
                digits[nd++] = *p++;
            }
        }
    }
    digits[nd] = '\0';

    /* Trailing part: percent, currency, a unit, blanks, closing parenthesis. */
    bool unit = false;
    for (;;) {
        size_t n = currency_or_blank_at(p);
        if (n == 0 && !unit && !percent && (n = unit_at(p)) > 0)
            unit = true;
        if (n > 0) {
            p += n;
        } else if (*p == '%' && !percent) {
            percent = true;
            p++;
        } else if (*p == ')' && parens) {
            if (negative)
                return TEXT_NUMBER_INVALID; /* "-(1,200)" is ambiguous */
            parens = false;
            negative = true; /* "(1,200)" is the finance way of writing -1200 */
            p++;
        } else {
            break;
        }
    }
    if (*p != '\0' || parens)
        return TEXT_NUMBER_INVALID;

    char *end = NULL;
    double v = strtod(digits, &end);
    if (end == NULL || *end != '\0' || !isfinite(v))
        return TEXT_NUMBER_INVALID;
    if (percent)
        v /= 100.0;
    *out = negative ? -v : v;
    return TEXT_NUMBER_OK;
}

/* Narrows the n bytes at *s to those between leading and trailing blanks. */
static void trim_span(const char **s, size_t *n)
{
    while (*n > 0 && isspace((unsigned char)(*s)[*n - 1]))
        (*n)--;
    while (*n > 0 && isspace((unsigned char)**s)) {
        (*s)++;
        (*n)--;
    }
}

bool text_in_list(const char *s, const char *list)
{
    if (list == NULL)
        return false;
    size_t n = strlen(s);
    trim_span(&s, &n);
    for (const char *p = list; *p != '\0';) {
        size_t len = strcspn(p, ",");
        const char *w = p;
        size_t wn = len;
        trim_span(&w, &wn);
        if (wn == n && strncasecmp(w, s, n) == 0)
            return true;
        p += len;
        if (*p == ',')
            p++;
    }
    return false;
}

bool text_name_in_list(const char *s, const char *list)
{
    char item[128];
    for (const char *p = list; p != NULL && *p != '\0';) {
        size_t len = strcspn(p, ",");
        snprintf(item, sizeof item, "%.*s", (int)(len < sizeof item - 1 ? len : sizeof item - 1), p);
        text_trim(item);
        if (item[0] != '\0' && text_names_equal(s, item))
            return true;
        p += len + (p[len] == ',');
    }
    return false;
}

bool text_ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

bool text_is_missing(const char *s, const text_words *w)
{
    static const char *const tokens = "N/A, #N/A, TBD, TBC, -, \xE2\x80\x94, \xE2\x80\x93, null";
    if (s[0] == '\0')
        return false;
    return text_in_list(s, tokens) || (w != NULL && text_in_list(s, w->missing));
}

bool text_parse_bool_words(const char *s, const text_words *w, bool *out)
{
    if (w != NULL && text_in_list(s, w->yes)) {
        *out = true;
        return true;
    }
    if (w != NULL && text_in_list(s, w->no)) {
        *out = false;
        return true;
    }
    return text_parse_bool(s, out);
}

bool text_parse_bool(const char *s, bool *out)
{
    static const char *const yes[] = {"yes", "true", "y", "1", "x"};
    static const char *const no[] = {"no", "false", "n", "0", ""};
    char buf[16];
    size_t n = strlen(s);
    trim_span(&s, &n);
    if (n >= sizeof buf)
        return false;
    for (size_t i = 0; i < n; i++)
        buf[i] = (char)tolower((unsigned char)s[i]);
    buf[n] = '\0';
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        if (strcmp(buf, yes[i]) == 0) {
            *out = true;
            return true;
        }
        if (strcmp(buf, no[i]) == 0) {
            *out = false;
            return true;
        }
    }
    return false;
}

void text_normalise_name(const char *s, char *out, size_t size)
{
    size_t n = 0;
    bool pending_sep = false;
    if (size == 0)
        return;
    for (; *s != '\0'; s++) {
        unsigned char c = (unsigned char)*s;
        if (isspace(c) || c == '_' || c == '-') {
            pending_sep = n > 0;
            continue;
        }
        /* A separator only together with the character after it: cut short, the name never ends
         * in one. */
        if (n + (pending_sep ? 2 : 1) >= size)
            break;
        if (pending_sep)
            out[n++] = '_';
        pending_sep = false;
        out[n++] = (char)tolower(c);
    }
    out[n] = '\0';
}

bool text_names_equal(const char *a, const char *b)
{
    char na[192], nb[192];
    text_normalise_name(a, na, sizeof na);
    text_normalise_name(b, nb, sizeof nb);
    return strcmp(na, nb) == 0;
}

int text_utf8_prefix(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n <= max)
        return (int)n;
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--; /* s[max] continues a character: cut before the character starts */
    return (int)max;
}

bool text_utf8_valid(const char *str, size_t len, size_t *bad_offset)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < len) {
        unsigned c = s[i];
        size_t n;
        uint32_t cp;
        if (c < 0x80) {
            i++;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            n = 2;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            n = 3;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            n = 4;
            cp = c & 0x07;
        } else {
            goto bad;
        }
        if (i + n > len)
            goto bad;
        for (size_t k = 1; k < n; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                goto bad;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
            cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            goto bad;
        i += n;
    }
    return true;
bad:
    if (bad_offset != NULL)
        *bad_offset = i;
    return false;
}

size_t text_edit_distance(const char *a, const char *b, size_t cap)
{
    size_t la = strlen(a), lb = strlen(b);
    if ((la > lb ? la - lb : lb - la) > cap)
        return cap + 1;
    if (lb > 255)
        return cap + 1;
    size_t row[256];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0], best = i;
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t cost = (tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 1])) ? 0 : 1;
            size_t v = diag + cost;
            if (up + 1 < v)
                v = up + 1;
            if (row[j - 1] + 1 < v)
                v = row[j - 1] + 1;
            row[j] = v;
            diag = up;
            if (v < best)
                best = v;
        }
        if (best > cap)
            return cap + 1;
    }
    return row[lb] > cap ? cap + 1 : row[lb];
}

const char *text_did_you_mean(const char *s, const char *const *candidates, size_t n)
{
    const char *best = NULL;
    size_t best_d = 3;
    size_t len = strlen(s);
    for (size_t i = 0; i < n; i++) {
        size_t d = text_edit_distance(s, candidates[i], 2);
        if (d < best_d && d * 2 <= len) {
            best = candidates[i];
            best_d = d;
        }
    }
    return best;
}

void text_format_amount(double v, char *buf, size_t size)
{
    double a = fabs(v);
    if (a >= 1e9)
        snprintf(buf, size, "%.4gB", v / 1e9);
    else if (a >= 1e6)
        snprintf(buf, size, "%.4gM", v / 1e6);
    else if (a >= 1e4)
        snprintf(buf, size, "%.4gk", v / 1e3);
    else if (a == floor(a))
        snprintf(buf, size, "%.0f", v);
    else
        snprintf(buf, size, "%.4g", v);
}

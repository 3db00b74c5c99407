/* text.h - reading the values spreadsheets export: numbers, money, percentages, booleans, id lists. */
#ifndef FOLIO_TEXT_H
#define FOLIO_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* How numbers are written in one export. */
typedef struct text_number_style {
    bool decimal_comma; /* "1.234,5" rather than "1,234.5" */
} text_number_style;

typedef enum text_number_result {
    TEXT_NUMBER_OK,
    TEXT_NUMBER_EMPTY,   /* blank (after trimming) */
    TEXT_NUMBER_INVALID, /* not a number */
} text_number_result;

/* Parses a number as a spreadsheet exports it: surrounding blanks, currency symbols or codes
 * ($ € £ ¥, USD, EUR, ...), thousands separators in groups of three (',' or '.', ' ', NBSP, '''
 * depending on the style), a percent sign (12% = 0.12), finance negatives "(1,200)", a leading
 * sign, exponents, and a unit after the number (9,100h, 12 FTE, 34 pts: hours, days, FTE,
 * points, story points, person-days), which is dropped. A letter that could be a multiplier (1.2k,
 * 3M) is no unit: such a value is invalid, never read as 1.2. Stores the value in *out only on
 * TEXT_NUMBER_OK. */
text_number_result text_parse_number(const char *s, text_number_style style, double *out);

/* Parses yes/no, true/false, y/n, 1/0, x/blank (case-insensitive). Returns false when s is none
 * of them; *out is then unchanged. */
bool text_parse_bool(const char *s, bool *out);

/* Words an export uses beyond the built-in ones: a comma-separated list each ("Ja, Oui"), or NULL. */
typedef struct text_words {
    const char *yes;     /* more words for true */
    const char *no;      /* more words for false */
    const char *missing; /* more tokens that mean an empty cell */
} text_words;

/* As text_parse_bool(), also taking the words in w (case-insensitive). */
bool text_parse_bool_words(const char *s, const text_words *w, bool *out);

/* True when s is a token that stands for an empty cell: N/A, #N/A, n/a, TBD, TBC, -, an em or en
 * dash, null (case-insensitive), or one of w->missing. s is trimmed already. */
bool text_is_missing(const char *s, const text_words *w);

/* True when s names one of the comma-separated words of list (case-insensitive, blanks around each
 * word ignored). */
bool text_in_list(const char *s, const char *list);

/* As text_in_list(), with the words compared as names (text_names_equal: In Progress =
 * in_progress); a word longer than 127 bytes is compared by its first 127. */
bool text_name_in_list(const char *s, const char *list);

/* True when s ends in suffix, compared case-insensitively (a file name's extension: ".xlsx"). */
bool text_ends_with(const char *s, const char *suffix);

/* Normalises a header or key for matching: lower case, blanks and '_' and '-' all become a single
 * '_', leading and trailing ones dropped. Writes at most size bytes including the NUL. */
void text_normalise_name(const char *s, char *out, size_t size);

/* True when a and b name the same thing once normalised (text_normalise_name). */
bool text_names_equal(const char *a, const char *b);

/* Returns true when s is well-formed UTF-8 (no overlongs, no surrogates). On false, *bad_offset
 * is the byte offset of the first bad sequence. */
bool text_utf8_valid(const char *s, size_t len, size_t *bad_offset);

/* Returns the length of s's longest prefix of at most max bytes that ends between characters, for
 * a name cut short in a message ("%.*s"). */
int text_utf8_prefix(const char *s, size_t max);

/* Returns the Levenshtein distance between a and b, capped at cap + 1 (computing no further). */
size_t text_edit_distance(const char *a, const char *b, size_t cap);

/* Of the n candidates, returns the closest to s when it is close enough to be a likely typo
 * (distance <= 2, and at most half the length), else NULL. */
const char *text_did_you_mean(const char *s, const char *const *candidates, size_t n);

/* A name as people read it: '_' and '-' as blanks, the first letter upper case ("strategic_fit"
 * reads "Strategic fit"). Writes at most size bytes including the NUL. */
void text_readable_name(const char *s, char *out, size_t size);

/* The currency a money value carries: its symbol ($, €, £, ¥) or ISO 4217 code (EUR, USD), copied
 * into out[size]; false when it carries none. */
bool text_currency_mark(const char *s, char *out, size_t size);

/* Trims ASCII blanks from both ends in place; returns s. */
char *text_trim(char *s);

/* Formats an amount compactly for messages: 31200000 -> "31.2M", 2500 -> "2,500", 0.25 -> "0.25". */
void text_format_amount(double v, char *buf, size_t size);

#endif

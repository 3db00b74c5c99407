/* period.h - the planning horizon: quarters or months, and the period labels exports use. */
#ifndef FOLIO_PERIOD_H
#define FOLIO_PERIOD_H

#include <stdbool.h>
#include <stddef.h>

typedef enum period_kind { PERIOD_QUARTER, PERIOD_MONTH } period_kind;

/* A horizon of consecutive periods, e.g. 2027-Q1..2028-Q4. */
typedef struct period_horizon {
    period_kind kind;
    int first_year, first_index; /* index: quarter 1..4 or month 1..12 */
    size_t count;
} period_horizon;

/* Parses "2027-Q1..2028-Q4" or "2027-01..2027-12" (either end in any accepted label form). Returns
 * false with a reason in why[why_size] when the text is not a horizon. */
bool period_parse_horizon(const char *text, period_horizon *out, char *why, size_t why_size);

/* Maps a label to its offset from the horizon's first period (negative: before it; >= count:
 * after it). Accepts 2027-Q1, 2027Q1, Q1 2027, Q1-2027, 2027-01, 2027/01 and dates 2027-01-15; a
 * month maps to its quarter in a quarterly horizon. Returns false when s is not a label of the
 * horizon's kind (a quarter in a monthly horizon is ambiguous and refused). */
bool period_offset(const period_horizon *h, const char *s, long *out);

/* Writes the label of the period at offset k from the horizon's start ("2027-Q3", "2027-07"). */
void period_label(const period_horizon *h, long k, char *buf, size_t size);

/* Length of one period in months (3 or 1). */
int period_months(const period_horizon *h);

#endif

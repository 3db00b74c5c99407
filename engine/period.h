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

/* How an export writes dates: the order of day, month and year in numeric dates, and the month its
 * fiscal year starts in. Zeroed: auto order, calendar years. */
typedef enum period_date_order { DATE_ORDER_AUTO, DATE_ORDER_DMY, DATE_ORDER_MDY, DATE_ORDER_YMD } period_date_order;
typedef struct period_style {
    period_date_order order;
    int fiscal_start; /* months after January the fiscal year starts (0: January, 6: July) */
} period_style;

/* What reading one period or date gave. */
typedef enum period_read {
    PERIOD_READ_OK,
    PERIOD_READ_INVALID,   /* no form folio knows */
    PERIOD_READ_AMBIGUOUS, /* a numeric date that reads both day-first and month-first */
    PERIOD_READ_KIND,      /* a quarter in a monthly horizon */
    PERIOD_READ_WEEKDAY,   /* a date whose weekday is not the one written before it */
} period_read;

/* The forms period_read_offset() accepts, as one phrase for messages. */
extern const char period_forms[];

/* Maps a period or a date to its offset from the horizon's first period (negative: before it; >=
 * count: after it). Accepts the labels period_offset() does; ISO dates and datetimes (2027-01-15,
 * 2027-01-15T08:00:00Z, 2027-01-15 08:00:00); numeric dates in the style's order (15.01.2027,
 * 1/21/2027 8:00 AM, 04/07/27; auto reads d.m.y with dots, and with slashes or dashes a date only
 * one order can read: a day above 12, or a weekday written before it, decides: Mon 1/4/27, which
 * must then be that date's weekday, else PERIOD_READ_WEEKDAY); month-name dates (15/Jan/27, Jan
 * 2027, January 15, 2027; English and German month names); and fiscal quarters (FY27 Q1, Q1
 * FY2027: a fiscal year is named by the calendar year it ends in). Two-digit years are 2000-2029 for
 * 00-29, else 19xx. */
period_read period_read_offset(const period_horizon *h, const period_style *st, const char *s, long *out);

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

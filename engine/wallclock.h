/* wallclock.h - the one monotonic clock that time limits and time budgets are measured on. */
#ifndef FOLIO_WALLCLOCK_H
#define FOLIO_WALLCLOCK_H

/* Seconds on the monotonic clock since an arbitrary origin; only differences mean anything. */
double wallclock_now(void);

#endif

/* error.h - the one error enum every fallible folio call returns, with its string table. */
#ifndef FOLIO_ERROR_H
#define FOLIO_ERROR_H

#define FOLIO_WARN_UNUSED __attribute__((warn_unused_result))

/* 0 is success. An input problem (FOLIO_EINPUT) comes with diagnostics that say where and why. */
typedef enum folio_error {
    FOLIO_OK = 0,
    FOLIO_EINPUT,    /* the exports or the rules are invalid; details are in the diagnostics */
    FOLIO_EIO,       /* a file could not be read or written */
    FOLIO_ENOMEM,    /* out of memory */
    FOLIO_ESOLVER,   /* the MIP solver failed (not: the portfolio is infeasible) */
    FOLIO_EINTERNAL, /* a bug: a broken invariant */
    FOLIO_ERROR_COUNT
} folio_error;

/* Returns a static, human-readable description of err; never NULL. */
const char *folio_strerror(folio_error err);

#endif

/* rules_int.h - internal to the rules reader: rules.c reads the INI file (sections, repeats, the
 * keys of [columns], [pairwise] and [scenario NAME]), rules_keys.c holds the table of every fixed
 * key with its type, bounds and default and reads their values, rules_check.c checks what needs the
 * whole file. */
#ifndef FOLIO_RULES_INT_H
#define FOLIO_RULES_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "rules.h"

typedef enum rules_section {
    SEC_NONE,
    SEC_PORTFOLIO,
    SEC_INPUT,
    SEC_COLUMNS,
    SEC_CRITERION,
    SEC_CAPACITY,
    SEC_POLICY,
    SEC_WEIGHTS,
    SEC_PAIRWISE,
    SEC_SENSITIVITY,
    SEC_TRADEOFFS,
    SEC_SCENARIO,
    SEC_OUTPUT,
    SEC_VALUES,
    SEC_RUN,
    SEC_REPLAN,
    SEC_COUNT
} rules_section;

/* A name and the rules-file line it was first seen on. */
typedef struct named_line {
    char *name;
    int line;
} named_line;

/* Parser state passed through inih to the handler. */
typedef struct parse_ctx {
    arena *a;
    rules *r;
    diags *d;
    const char *text; /* remaining input */
    int line;         /* line most recently handed to inih */
    const char *long_value; /* the value of that line's key when inih cannot hold it, else NULL */
    int continued;    /* lines continuing that line's value (indented), still to hand to inih as comments */
    int first_continued; /* the first of them that holds a value */
    size_t first_len; /* the length of long_value's part from the key line itself */
    int header_line;  /* line of the most recent [section] header */
    char section[256];          /* raw section name of the current section */
    rules_section kind;
    void *item;                 /* current criterion / capacity / policy / scenario */
    named_line *keys;           /* keys seen in the current section, to catch repeats */
    size_t n_seen, cap_seen;
    named_line *sections;       /* sections seen so far, to catch a section given twice */
    size_t n_sections, cap_sections;
    size_t cap_value_maps;
    size_t cap_maps, cap_criteria, cap_capacities, cap_policies, cap_judgments, cap_scenarios;
    named_line *pair_names;     /* [2 * n_judgments] the names in "a vs b", resolved after reading */
    char *matrix_path;          /* [pairwise] matrix = FILE, as written */
    int matrix_line;
    bool started; /* the handler has seen a key */
    bool oom;
    bool failed;
} parse_ctx;

/* Records an error at the current line of the rules file. */
#define RULES_ERR(c, key, ...)                                                                     \
    do {                                                                                           \
        diags_key_error((c)->d, (c)->r->path, (c)->line, (key), __VA_ARGS__);                      \
        (c)->failed = true;                                                                        \
    } while (0)

/* How a key's value is read. */
typedef enum rules_key_kind {
    KEY_TEXT,   /* any text, kept as written (a char * field) */
    KEY_BOOL,   /* yes or no (a bool field; invert: the field holds the opposite) */
    KEY_NUMBER, /* a number within bounds (a double field) */
    KEY_CHOICE, /* one of a list of words (an int-sized enum, bool, char or int field: see store) */
    KEY_OTHER,  /* read by the row's own function */
} rules_key_kind;

/* How a choice is stored in its field. */
typedef enum rules_store { STORE_INT, STORE_BOOL, STORE_CHAR } rules_store;

/* One word a choice key takes, and the value it stands for. */
typedef struct rules_choice {
    const char *word; /* compared case-insensitively */
    int value;
} rules_choice;

typedef struct rules_key rules_key;

/* A KEY_OTHER key's reader: item is the section's item (NULL for a section without items). */
typedef void (*rules_key_reader)(parse_ctx *c, void *item, const rules_key *k, const char *key, const char *value);

/* One key of the rule set: the one table that parsing, defaults, "did you mean" and the README's
 * key list all use (the README's list is checked against it by test_rules). */
struct rules_key {
    rules_section section;
    const char *name;          /* as written in a rules file; a pattern such as "period.PERIOD" is
                                  matched by its prefix up to the upper-case part */
    const char *alias;         /* another spelling accepted, or NULL */
    rules_key_kind kind;
    size_t offset;             /* of the field it sets: in rules for a section without items, else in
                                  the section's item (rules_criterion, rules_capacity, rules_policy) */
    rules_store store;         /* KEY_CHOICE */
    const rules_choice *choices; /* KEY_CHOICE: the words, ending with {NULL, 0} */
    bool invert;               /* KEY_BOOL: the field is true when the key says no */
    bool list;                 /* KEY_TEXT: a comma-separated list, which may go on over indented lines */
    double min, max;           /* KEY_NUMBER: bounds, each included unless open */
    bool min_open, max_open, whole;
    double def;                /* the default: the number, the choice's value, the bool (before invert);
                                  NaN for a number that is "not given" until it is */
    const char *invalid;       /* KEY_NUMBER, KEY_CHOICE: the message for a value out of bounds or not
                                  among the words; %s is the value as written */
    rules_key_reader read;     /* KEY_OTHER: reads the value */
    const char *def_text;      /* the default as a reader sees it ("20", "auto", "none") */
    const char *doc;           /* what it does, in one line */
};

/* The table and its length. */
extern const rules_key rules_key_table[];
extern const size_t rules_key_table_count;

/* The row for key in section, or NULL. */
const rules_key *rules_key_find(rules_section section, const char *key);

/* Reads value into item (or c->r) as row k says; problems go to c's diagnostics. */
void rules_key_read(parse_ctx *c, void *item, const rules_key *k, const char *key, const char *value);

/* Sets every key of section to its default in item (or in r for a section without items). */
void rules_key_defaults(rules_section section, rules *r, void *item);

/* Reports key as unknown in the current section, with a "did you mean" from the section's keys. */
void rules_key_unknown(parse_ctx *c, const char *key);

/* The section's name as written in a rules file ("criterion" for [criterion NAME]). */
const char *rules_section_name(rules_section section);

/* Whether key, normalised as [columns] matches headers, is want. */
bool rules_key_is(const char *key, const char *want);

/* Parses value as a number (no decimal comma); reports it and returns false when it is not one. */
bool rules_parse_amount(parse_ctx *c, const char *key, const char *value, double *out);

/* Parses a judgment, in a key or a matrix cell: a number or a fraction; NaN when it is neither. */
double rules_parse_judgment(const char *s);

/* Checks what needs the whole file (rules_check.c): required keys, weights, references between
 * sections, the pairwise comparisons and matrix, the scenarios' keys. */
void rules_check(parse_ctx *c);

#endif

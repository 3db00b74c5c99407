/* rules.c - reading the INI rule set with inih: physical line numbers, sections and their items,
 * keys given twice, and the free-form keys of [columns], [pairwise] and [scenario NAME]. The fixed
 * keys are read as the key table (rules_keys.c) says; rules_check.c checks the whole. */
#include "rules_int.h"

#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "text.h"

/* The physical line at p (ended by LF, CR LF or a lone CR): its length; *next is the line after. */
static size_t line_at(const char *p, const char **next)
{
    size_t len = strcspn(p, "\r\n"), end = len;
    if (p[end] == '\r' && p[end + 1] == '\n')
        end += 2;
    else if (p[end] != '\0')
        end++;
    *next = p + end;
    return len;
}

/* Whether a line, past its indentation, is blank or a comment. */
static bool blank_or_comment(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len && (s[i] == ' ' || s[i] == '\t'))
        i++;
    return i == len || s[i] == ';' || s[i] == '#';
}

/* Appends one line's part of a value to out (length *n): past its indentation, up to a comment
 * (';' after a space, as inih reads one), trailing blanks dropped; a piece after another is joined
 * with ", " unless the value already ends in a separator. */
static void append_piece(char *out, size_t *n, const char *s, size_t len)
{
    while (len > 0 && (*s == ' ' || *s == '\t'))
        s++, len--;
    for (size_t i = 1; i < len; i++)
        if (s[i] == ';' && (s[i - 1] == ' ' || s[i - 1] == '\t')) {
            len = i;
            break;
        }
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    if (len == 0)
        return;
    if (*n > 0) {
        if (out[*n - 1] != ',' && out[*n - 1] != ';')
            out[(*n)++] = ',';
        out[(*n)++] = ' ';
    }
    memcpy(out + *n, s, len);
    *n += len;
}

/* A key line's value when inih cannot hold it: the line is longer than inih's buffer, or indented
 * lines below it continue the value (a list over several lines, as in Python's configparser). The
 * value is kept in c->long_value and inih is handed "KEY = \1", which the handler swaps for it;
 * the n_cont continuation lines (from after to end) are then handed to inih as comments, so that it
 * counts lines as they are. Returns false for a line that is not KEY = VALUE, left to inih to report. */
static bool take_long_value(parse_ctx *c, const char *s, size_t len, size_t n_cont, const char *after,
                            const char *end, char *str, int num)
{
    size_t name_len = 0;
    while (name_len < len && s[name_len] != '=' && s[name_len] != ':' &&
           !(s[name_len] == ';' && name_len > 0 && (s[name_len - 1] == ' ' || s[name_len - 1] == '\t')))
        name_len++;
    if (name_len == len || s[name_len] == ';' || name_len + 5 > (size_t)num - 2)
        return false;
    size_t span = (size_t)(end - after), cap = len + span + 2 * n_cont + 1;
    char *v = arena_alloc(c->a, cap);
    if (v == NULL) {
        c->oom = true;
        return false;
    }
    size_t n = 0;
    append_piece(v, &n, s + name_len + 1, len - name_len - 1);
    c->first_len = n;
    for (const char *p = after; p < end;) {
        const char *next;
        size_t l = line_at(p, &next);
        if (!blank_or_comment(p, l))
            append_piece(v, &n, p, l);
        p = next;
    }
    v[n] = '\0';
    c->long_value = v;
    memcpy(str, s, name_len + 1);
    memcpy(str + name_len + 1, " \1\n", 4);
    return true;
}

/* fgets-like reader over the in-memory text, one physical line per call, so that the handler and
 * inih's own error line both count physical lines. Lines go to inih without their indentation
 * (indentation is read here: it continues a value, see take_long_value). inih holds at most num - 1
 * bytes of a line and would read the rest of a longer one as a line of its own: a long key line
 * goes through take_long_value, a long comment as a comment, and a long section header is an error. */
static char *ctx_reader(char *str, int num, void *stream)
{
    parse_ctx *c = stream;
    if (*c->text == '\0' || num <= 6)
        return NULL;
    c->line++;
    c->long_value = NULL;
    const char *line = c->text, *next;
    size_t len = line_at(line, &next);
    c->text = next;
    if (c->continued > 0) {
        c->continued--;
        memcpy(str, ";\n", 3);
        return str;
    }
    const char *s = line;
    while (len > 0 && (*s == ' ' || *s == '\t'))
        s++, len--;
    if (len > 0 && *s == '[')
        c->header_line = c->line; /* inih calls the handler only for keys */
    if (len > 0 && *s != '[' && *s != ';' && *s != '#') {
        /* A key line: the indented lines below it, up to a blank or unindented one, continue it;
         * comments among them (a list item commented out) are passed over. */
        size_t n_cont = 0, n_last = 0, n_first = 0;
        for (const char *p = next; *p == ' ' || *p == '\t' || *p == ';' || *p == '#';) {
            const char *after;
            size_t l = line_at(p, &after);
            if (blank_or_comment(p, l) && l == strspn(p, " \t"))
                break;
            n_cont++;
            if (!blank_or_comment(p, l)) {
                n_last = n_cont;
                n_first = n_first == 0 ? n_cont : n_first;
            }
            p = after;
        }
        c->first_continued = c->line + (int)n_first;
        if (n_last > 0 || len > (size_t)num - 2) {
            const char *end = next;
            for (size_t i = 0; i < n_last; i++)
                line_at(end, &end);
            if (take_long_value(c, s, len, n_last, next, end, str, num)) {
                c->continued = (int)n_last;
                return str;
            }
        }
    }
    if (len > (size_t)num - 2) {
        if (*s == ';' || *s == '#') {
            len = 1;
        } else {
            diags_error(c->d, c->r->path, c->line, NULL,
                        "this line is %zu bytes long; a section header or a line that is not KEY = VALUE holds at most %d",
                        len, num - 2);
            c->failed = true;
            len = 1;
            s = ";";
        }
    }
    memcpy(str, s, len);
    str[len] = '\n';
    str[len + 1] = '\0';
    return str;
}

/* Starts a new section: classifies it, creates its item, and catches repeats. */
static void begin_section(parse_ctx *c, const char *section)
{
    snprintf(c->section, sizeof c->section, "%s", section);
    c->n_seen = 0;
    c->item = NULL;
    c->kind = SEC_NONE;

    for (size_t i = 0; i < c->n_sections; i++) {
        if (strcasecmp(c->sections[i].name, section) == 0) {
            diags_error(c->d, c->r->path, c->header_line, NULL, "section [%s] is given twice (first at line %d)",
                        section, c->sections[i].line);
            c->failed = true;
            return;
        }
    }
    named_line *ss = arena_grow(c->a, c->sections, c->n_sections, &c->cap_sections, sizeof *ss);
    char *copy = arena_strdup(c->a, section);
    if (ss == NULL || copy == NULL) {
        c->oom = true;
        return;
    }
    c->sections = ss;
    c->sections[c->n_sections++] = (named_line){copy, c->header_line};

    char kind[64] = "", name[192] = "";
    const char *sp = section;
    size_t k = 0;
    while (*sp && !isspace((unsigned char)*sp) && k + 1 < sizeof kind)
        kind[k++] = (char)tolower((unsigned char)*sp++);
    kind[k] = '\0';
    while (isspace((unsigned char)*sp))
        sp++;
    snprintf(name, sizeof name, "%s", sp);
    text_trim(name);

    const char *section_kinds[SEC_COUNT - 1];
    for (int i = SEC_NONE + 1; i < SEC_COUNT; i++) {
        section_kinds[i - 1] = rules_section_name((rules_section)i);
        if (strcmp(kind, section_kinds[i - 1]) == 0)
            c->kind = (rules_section)i;
    }
    if (c->kind == SEC_NONE) {
        const char *hint = text_did_you_mean(kind, section_kinds, SEC_COUNT - 1);
        if (hint != NULL)
            diags_error(c->d, c->r->path, c->header_line, NULL, "unknown section [%s]; did you mean [%s%s%s]?", section,
                        hint, name[0] ? " " : "", name);
        else
            diags_error(c->d, c->r->path, c->header_line, NULL,
                        "unknown section [%s]; known sections: [portfolio], [input], [columns], "
                        "[criterion NAME], [capacity NAME], [policy NAME], [weights], [pairwise], [sensitivity], "
                        "[tradeoffs], [scenario NAME], [run], [output], [values COLUMN], [replan]",
                        section);
        c->failed = true;
        return;
    }
    bool named = c->kind == SEC_CRITERION || c->kind == SEC_CAPACITY || c->kind == SEC_POLICY ||
                 c->kind == SEC_SCENARIO || c->kind == SEC_VALUES;
    if (named && name[0] == '\0') {
        diags_error(c->d, c->r->path, c->header_line, NULL, "section [%s] needs a name, e.g. [%s budget]", section, kind);
        c->failed = true;
        c->kind = SEC_NONE;
        return;
    }
    if (!named && name[0] != '\0') {
        diags_error(c->d, c->r->path, c->header_line, NULL, "section [%s] takes no name", kind);
        c->failed = true;
        c->kind = SEC_NONE;
        return;
    }
    rules *r = c->r;
    char *nm = arena_strdup(c->a, name);
    if (nm == NULL) {
        c->oom = true;
        return;
    }
    if (c->kind == SEC_REPLAN)
        r->replan = true;
    if (c->kind == SEC_CRITERION) {
        rules_criterion *v = arena_grow(c->a, r->criteria, r->n_criteria, &c->cap_criteria, sizeof *v);
        if (v == NULL) {
            c->oom = true;
            return;
        }
        r->criteria = v;
        rules_criterion *cr = &r->criteria[r->n_criteria++];
        memset(cr, 0, sizeof *cr);
        cr->name = nm;
        cr->line = c->header_line;
        rules_key_defaults(SEC_CRITERION, r, cr);
        c->item = cr;
    } else if (c->kind == SEC_CAPACITY) {
        rules_capacity *v = arena_grow(c->a, r->capacities, r->n_capacities, &c->cap_capacities, sizeof *v);
        if (v == NULL) {
            c->oom = true;
            return;
        }
        r->capacities = v;
        rules_capacity *cap = &r->capacities[r->n_capacities++];
        memset(cap, 0, sizeof *cap);
        cap->name = nm;
        cap->line = c->header_line;
        rules_key_defaults(SEC_CAPACITY, r, cap);
        c->item = cap;
    } else if (c->kind == SEC_POLICY) {
        rules_policy *v = arena_grow(c->a, r->policies, r->n_policies, &c->cap_policies, sizeof *v);
        if (v == NULL) {
            c->oom = true;
            return;
        }
        r->policies = v;
        rules_policy *p = &r->policies[r->n_policies++];
        memset(p, 0, sizeof *p);
        p->name = nm;
        p->line = c->header_line;
        rules_key_defaults(SEC_POLICY, r, p);
        c->item = p;
    } else if (c->kind == SEC_SCENARIO) {
        rules_scenario *v = arena_grow(c->a, r->scenarios, r->n_scenarios, &c->cap_scenarios, sizeof *v);
        if (v == NULL) {
            c->oom = true;
            return;
        }
        r->scenarios = v;
        rules_scenario *sc = &r->scenarios[r->n_scenarios++];
        memset(sc, 0, sizeof *sc);
        sc->name = nm;
        sc->line = c->header_line;
        c->item = sc;
    } else if (c->kind == SEC_VALUES) {
        rules_value_map *v = arena_grow(c->a, r->value_maps, r->n_value_maps, &c->cap_value_maps, sizeof *v);
        if (v == NULL) {
            c->oom = true;
            return;
        }
        r->value_maps = v;
        rules_value_map *map = &r->value_maps[r->n_value_maps++];
        memset(map, 0, sizeof *map);
        map->column = nm;
        map->line = c->header_line;
        c->item = map;
    }
}

/* [values COLUMN]: WORD = NUMBER, one word of the column's scale. */
static void handle_value_word(parse_ctx *c, rules_value_map *map, const char *key, const char *value)
{
    double v;
    if (!rules_parse_amount(c, key, value, &v))
        return;
    char **w = arena_alloc_n(c->a, map->n + 1, sizeof *w);
    double *x = arena_alloc_n(c->a, map->n + 1, sizeof *x);
    char *word = arena_strdup(c->a, key);
    if (w == NULL || x == NULL || word == NULL) {
        c->oom = true;
        return;
    }
    if (map->n > 0) {
        memcpy(w, map->words, map->n * sizeof *w);
        memcpy(x, map->values, map->n * sizeof *x);
    }
    w[map->n] = word;
    x[map->n] = v;
    map->words = w;
    map->values = x;
    map->n++;
}

/* Returns false (after reporting) when key was already given in this section. */
static bool first_time(parse_ctx *c, const char *key)
{
    char norm[128];
    text_normalise_name(key, norm, sizeof norm);
    for (size_t i = 0; i < c->n_seen; i++) {
        if (strcmp(c->keys[i].name, norm) == 0) {
            RULES_ERR(c, key, "given twice in this section (first at line %d)", c->keys[i].line);
            return false;
        }
    }
    named_line *keys = arena_grow(c->a, c->keys, c->n_seen, &c->cap_seen, sizeof *keys);
    char *copy = arena_strdup(c->a, norm);
    if (keys == NULL || copy == NULL) {
        c->oom = true;
        return false;
    }
    c->keys = keys;
    c->keys[c->n_seen++] = (named_line){copy, c->line};
    return true;
}

/* Parses a judgment, in a key or a matrix cell: a number or a fraction; NaN when it is neither. */
double rules_parse_judgment(const char *s)
{
    text_number_style style = {false};
    double v = NAN, x, y;
    const char *slash = strchr(s, '/');
    if (slash != NULL) {
        char num[64], den[64];
        snprintf(num, sizeof num, "%.*s", (int)(slash - s), s);
        snprintf(den, sizeof den, "%s", slash + 1);
        if (text_parse_number(num, style, &x) == TEXT_NUMBER_OK && text_parse_number(den, style, &y) == TEXT_NUMBER_OK &&
            y > 0)
            v = x / y;
    } else if (text_parse_number(s, style, &x) == TEXT_NUMBER_OK) {
        v = x;
    }
    return v;
}

/* "strategic_fit vs risk = 3": records the judgment; names are resolved once every criterion is read. */
static void handle_pairwise(parse_ctx *c, const char *key, const char *value)
{
    const rules_key *k = rules_key_find(SEC_PAIRWISE, key);
    if (k != NULL) {
        rules_key_read(c, NULL, k, key, value);
        return;
    }
    const char *vs = NULL;
    for (const char *p = key; *p; p++) {
        if ((p == key || isspace((unsigned char)p[-1])) && strncasecmp(p, "vs", 2) == 0 &&
            (p[2] == '\0' || isspace((unsigned char)p[2]))) {
            vs = p;
            break;
        }
    }
    if (vs == NULL || vs == key || vs[2] == '\0') {
        RULES_ERR(c, key, "not a comparison; write 'CRITERION vs CRITERION = VALUE', e.g. strategic_fit vs risk = 3");
        return;
    }
    char a[192], b[192];
    snprintf(a, sizeof a, "%.*s", (int)(vs - key), key);
    snprintf(b, sizeof b, "%s", vs + 2);
    text_trim(a);
    text_trim(b);
    double v = rules_parse_judgment(value);
    if (isnan(v)) {
        RULES_ERR(c, key, "\"%s\" is not a judgment; use 1 to 9 or a reciprocal such as 1/3 or 0.333", value);
        return;
    }
    /* Saaty's scale, with room for reciprocals written to three places (0.111 for 1/9). */
    if (!(v >= 1.0 / 9 - 0.0005 && v <= 9 + 1e-9)) {
        RULES_ERR(c, key, "judgment %s is outside Saaty's scale of 1/9 to 9", value);
        return;
    }
    rules *r = c->r;
    rules_judgment *j = arena_grow(c->a, r->judgments, r->n_judgments, &c->cap_judgments, sizeof *j);
    named_line *names = arena_alloc_n(c->a, 2 * (r->n_judgments + 1), sizeof *names);
    char *na = arena_strdup(c->a, a), *nb = arena_strdup(c->a, b);
    if (j == NULL || names == NULL || na == NULL || nb == NULL) {
        c->oom = true;
        return;
    }
    if (r->n_judgments > 0)
        memcpy(names, c->pair_names, 2 * r->n_judgments * sizeof *names);
    r->judgments = j;
    c->pair_names = names;
    names[2 * r->n_judgments] = (named_line){na, c->line};
    names[2 * r->n_judgments + 1] = (named_line){nb, c->line};
    r->judgments[r->n_judgments++] = (rules_judgment){0, 0, v, r->path, c->line};
}

/* Splits an id list ("A, B; C") into *out. */
static void split_ids(parse_ctx *c, const char *value, char ***out, size_t *count)
{
    size_t cap = 0;
    const char *p = value;
    while (*p != '\0') {
        size_t len = strcspn(p, ",;");
        char id[192];
        snprintf(id, sizeof id, "%.*s", (int)(len < sizeof id - 1 ? len : sizeof id - 1), p);
        text_trim(id);
        if (id[0] != '\0') {
            char **v = arena_grow(c->a, *out, *count, &cap, sizeof *v);
            char *copy = arena_strdup(c->a, id);
            if (v == NULL || copy == NULL) {
                c->oom = true;
                return;
            }
            *out = v;
            (*out)[(*count)++] = copy;
        }
        p += len;
        if (*p != '\0')
            p++;
    }
}

/* [scenario NAME]: force_in / force_out = ids; weight.CRITERION = x; CAPACITY = x,
 * CAPACITY.per_period = x, CAPACITY.period.PERIOD = x; POLICY.min|max|count_min|count_max = x.
 * Names are resolved once the whole file is read. */
static void handle_scenario(parse_ctx *c, rules_scenario *sc, const char *key, const char *value)
{
    if (rules_key_is(key, "force_in") || rules_key_is(key, "force_out")) {
        bool in = rules_key_is(key, "force_in");
        split_ids(c, value, in ? &sc->force_in : &sc->force_out, in ? &sc->n_force_in : &sc->n_force_out);
        *(in ? &sc->force_in_line : &sc->force_out_line) = c->line;
        return;
    }
    double v;
    if (!rules_parse_amount(c, key, value, &v))
        return;
    if (!(v >= 0)) {
        RULES_ERR(c, key, "%s is negative; limits, weights and bounds are 0 or more", value);
        return;
    }
    rules_override *o = arena_grow(c->a, sc->overrides, sc->n_overrides, &sc->cap_overrides, sizeof *o);
    char *k = arena_strdup(c->a, key);
    if (o == NULL || k == NULL) {
        c->oom = true;
        return;
    }
    sc->overrides = o;
    sc->overrides[sc->n_overrides++] = (rules_override){OVERRIDE_LIMIT, 0, 0, v, k, c->line};
}

/* Whether a key's value is a list, which may go on over indented lines. */
static bool takes_list(parse_ctx *c, const char *key)
{
    if (c->kind == SEC_SCENARIO)
        return rules_key_is(key, "force_in") || rules_key_is(key, "force_out");
    if (c->kind == SEC_COLUMNS || c->kind == SEC_PAIRWISE || c->kind == SEC_VALUES)
        return false;
    const rules_key *k = rules_key_find(c->kind, key);
    return k == NULL || k->list; /* an unknown key is reported as such */
}

static int rules_on_key(void *user, const char *section, const char *key, const char *value)
{
    parse_ctx *c = user;
    if (c->oom)
        return 1;
    if (c->long_value != NULL && strcmp(value, "\1") == 0)
        value = c->long_value;
    if (!c->started || strcmp(section, c->section) != 0) {
        c->started = true;
        if (section[0] != '\0') {
            begin_section(c, section);
        } else {
            c->section[0] = '\0';
            c->kind = SEC_NONE;
        }
    }
    if (section[0] == '\0') {
        RULES_ERR(c, key, "key outside any section; put it under [portfolio], [criterion NAME], ...");
        return 1;
    }
    if (c->kind == SEC_NONE)
        return 1; /* the section itself was reported */
    if (!first_time(c, key))
        return 1;
    /* The reader has just handed the key's line: continued counts the lines that go on with it. */
    if (c->continued > 0 && !takes_list(c, key)) {
        RULES_ERR(c, key,
                  "the indented line %d continues this value, but the key takes one value; only a list (%s) goes "
                  "on over indented lines: unindent line %d if it is a key of its own",
                  c->first_continued, "force_in, force_out, true, false, missing, sheet, the [replan] status words",
                  c->first_continued);
        /* The key line's own value is still read, so that the key does not also count as absent. */
        if (c->first_len == 0)
            return 1;
        char *own = arena_alloc(c->a, c->first_len + 1);
        if (own == NULL) {
            c->oom = true;
            return 1;
        }
        memcpy(own, value, c->first_len);
        own[c->first_len] = '\0';
        value = own;
    }
    switch (c->kind) {
    case SEC_COLUMNS: {
        rules *r = c->r;
        rules_column_map *m = arena_grow(c->a, r->maps, r->n_maps, &c->cap_maps, sizeof *m);
        char *f = arena_strdup(c->a, key), *h = arena_strdup(c->a, value);
        if (m == NULL || f == NULL || h == NULL) {
            c->oom = true;
            break;
        }
        r->maps = m;
        r->maps[r->n_maps++] = (rules_column_map){f, h, c->line};
        break;
    }
    case SEC_PAIRWISE:
        handle_pairwise(c, key, value);
        break;
    case SEC_SCENARIO:
        handle_scenario(c, c->item, key, value);
        break;
    case SEC_VALUES:
        handle_value_word(c, c->item, key, value);
        break;
    default: {
        /* A section of fixed keys: the key table says how to read each. */
        const rules_key *k = rules_key_find(c->kind, key);
        if (k == NULL)
            rules_key_unknown(c, key);
        else
            rules_key_read(c, c->item, k, key, value);
        break;
    }
    }
    return 1;
}

/* The [input] decimal mark, looked up before the file is read, so that every number of the rules
 * (which may come before [input]) reads with it: 1 for a comma, else 0. Also whether a [replan]
 * section is there: one with no keys still makes the run a re-plan, and inih says nothing of it. */
static int prescan_decimal(const char *text, bool *replan)
{
    bool in_input = false;
    int comma = 0;
    for (const char *p = text; *p != '\0';) {
        size_t len = strcspn(p, "\r\n");
        char line[256];
        snprintf(line, sizeof line, "%.*s", (int)(len < sizeof line - 1 ? len : sizeof line - 1), p);
        text_trim(line);
        if (line[0] == '[') {
            char *end = strchr(line, ']');
            if (end != NULL)
                *end = '\0';
            text_trim(line + 1);
            in_input = strcasecmp(line + 1, "input") == 0;
            *replan |= strcasecmp(line + 1, "replan") == 0;
        } else if (in_input && line[0] != ';' && line[0] != '#') {
            char *eq = strchr(line, '=');
            if (eq != NULL) {
                *eq = '\0';
                text_trim(line);
                char *v = eq + 1;
                text_trim(v);
                if (strcasecmp(line, "decimal") == 0)
                    comma = strcmp(v, ",") == 0 || strcasecmp(v, "comma") == 0;
            }
        }
        p += len;
        while (*p == '\r' || *p == '\n')
            p++;
    }
    return comma;
}

folio_error rules_parse(arena *a, const char *path, const char *text, rules *out, diags *d)
{
    memset(out, 0, sizeof *out);
    out->path = path;
    for (int s = SEC_NONE + 1; s < SEC_COUNT; s++)
        if (s != SEC_CRITERION && s != SEC_CAPACITY && s != SEC_POLICY)
            rules_key_defaults((rules_section)s, out, NULL);
    parse_ctx c = {.a = a, .r = out, .d = d, .text = text};
    size_t bad;
    if (!text_utf8_valid(text, strlen(text), &bad)) {
        int line = 1;
        for (size_t i = 0; i < bad; i++)
            line += text[i] == '\n';
        diags_error(d, path, line, NULL, "invalid UTF-8 (byte 0x%02X); save the rules file as UTF-8",
                    (unsigned char)text[bad]);
        return FOLIO_EINPUT;
    }
    if (strncmp(c.text, "\xEF\xBB\xBF", 3) == 0)
        c.text += 3;
    if (prescan_decimal(c.text, &out->replan))
        out->decimal_comma = 1;
    int rc = ini_parse_stream(ctx_reader, &c, rules_on_key, &c);
    if (c.oom)
        return FOLIO_ENOMEM;
    if (rc > 0) {
        diags_error(d, path, rc, NULL, "not a valid INI line; expected [section] or key = value");
        c.failed = true;
    } else if (rc < 0) {
        return FOLIO_ENOMEM;
    }
    rules_check(&c);
    if (c.oom)
        return FOLIO_ENOMEM;
    return c.failed ? FOLIO_EINPUT : FOLIO_OK;
}

folio_error rules_read(arena *a, const char *path, rules *out, diags *d)
{
    memset(out, 0, sizeof *out);
    out->path = path;
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        diags_error(d, path, 0, NULL, "cannot open: %s", strerror(errno));
        return FOLIO_EIO;
    }
    folio_error e = FOLIO_OK;
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    while (buf != NULL) {
        if (len + 1 >= cap) {
            char *nb = realloc(buf, cap * 2);
            if (nb == NULL) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + len, 1, cap - len - 1, f);
        len += got;
        if (got == 0)
            break;
    }
    if (buf == NULL) {
        e = FOLIO_ENOMEM;
    } else if (ferror(f)) {
        diags_error(d, path, 0, NULL, "cannot read: %s", strerror(errno));
        e = FOLIO_EIO;
    } else if (memchr(buf, '\0', len) != NULL) {
        diags_error(d, path, 0, NULL, "contains a NUL byte; is it a text file?");
        e = FOLIO_EINPUT;
    } else {
        buf[len] = '\0';
        e = rules_parse(a, path, buf, out, d);
    }
    free(buf);
    fclose(f);
    return e;
}

const rules_value_map *rules_value_map_for(const rules *r, const char *header)
{
    char a[128], b[128];
    text_normalise_name(header, a, sizeof a);
    for (size_t i = 0; i < r->n_value_maps; i++) {
        const char *col = r->value_maps[i].column;
        const char *mapped = rules_mapped_header(r, col);
        text_normalise_name(mapped != NULL ? mapped : col, b, sizeof b);
        if (strcmp(a, b) == 0)
            return &r->value_maps[i];
        text_normalise_name(col, b, sizeof b);
        if (strcmp(a, b) == 0)
            return &r->value_maps[i];
    }
    return NULL;
}

const char *rules_mapped_header(const rules *r, const char *field)
{
    char a[128], b[128];
    text_normalise_name(field, a, sizeof a);
    for (size_t i = 0; i < r->n_maps; i++) {
        text_normalise_name(r->maps[i].field, b, sizeof b);
        if (strcmp(a, b) == 0)
            return r->maps[i].header;
    }
    return NULL;
}

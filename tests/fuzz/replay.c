/* replay.c - replays a fuzz corpus through a harness without libFuzzer: main() hands every file of
 * the directories given to LLVMFuzzerTestOneInput(), so that any build (gcc with its sanitizers
 * too) runs the inputs that once found a bug. */
#include <dirent.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return 1;
    size_t cap = 4096, len = 0;
    uint8_t *buf = malloc(cap);
    for (size_t got; buf != NULL && (got = fread(buf + len, 1, cap - len, f)) > 0;) {
        len += got;
        if (len == cap) {
            uint8_t *more = realloc(buf, cap *= 2);
            if (more == NULL)
                free(buf);
            buf = more;
        }
    }
    fclose(f);
    if (buf == NULL)
        return 1;
    LLVMFuzzerTestOneInput(buf, len);
    free(buf);
    return 0;
}

int main(int argc, char **argv)
{
    size_t inputs = 0;
    for (int k = 1; k < argc; k++) {
        DIR *d = opendir(argv[k]);
        if (d == NULL) {
            fprintf(stderr, "replay: cannot open %s\n", argv[k]);
            return 1;
        }
        for (struct dirent *e; (e = readdir(d)) != NULL;) {
            if (e->d_name[0] == '.')
                continue;
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", argv[k], e->d_name);
            if (replay_file(path) != 0) {
                fprintf(stderr, "replay: cannot read %s\n", path);
                closedir(d);
                return 1;
            }
            inputs++;
        }
        closedir(d);
    }
    printf("%zu inputs replayed\n", inputs);
    return inputs > 0 ? 0 : 1;
}

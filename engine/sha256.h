/* sha256.h - SHA-256 (FIPS 180-4) of input files, so a workbook names exactly what it was made from. */
#ifndef FOLIO_SHA256_H
#define FOLIO_SHA256_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

typedef struct sha256_ctx {
    uint32_t state[8];
    uint64_t bytes;     /* message length so far */
    uint8_t block[64];  /* pending partial block */
    size_t fill;
} sha256_ctx;

void sha256_init(sha256_ctx *c);
void sha256_update(sha256_ctx *c, const void *data, size_t len);
/* Writes the digest as 64 lowercase hex digits and a NUL into hex[65]. */
void sha256_final_hex(sha256_ctx *c, char hex[65]);

/* Hashes a whole file; FOLIO_EIO when it cannot be read. */
folio_error sha256_file_hex(const char *path, char hex[65]) FOLIO_WARN_UNUSED;

#endif

/* test_sha256.c - SHA-256 against the FIPS 180-4 / NIST example vectors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "sha256.h"

static void digest_is(const char *msg, size_t repeat, const char *want)
{
    sha256_ctx c;
    sha256_init(&c);
    for (size_t k = 0; k < repeat; k++)
        sha256_update(&c, msg, strlen(msg));
    char hex[65];
    sha256_final_hex(&c, hex);
    assert_string_equal(hex, want);
}

static void nist_vectors_match(void **state)
{
    (void)state;
    digest_is("", 1, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    digest_is("abc", 1, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    digest_is("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 1,
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    digest_is("a", 1000000, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(nist_vectors_match)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}

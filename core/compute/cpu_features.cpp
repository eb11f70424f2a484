#include "compute/cpu_features.h"

#include <cpuid.h>

namespace realm {

namespace {
unsigned xcr0() {
    unsigned low, high;
    __asm__("xgetbv" : "=a"(low), "=d"(high) : "c"(0));
    return low;
}

bool detectAvx2() {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return false;
    const bool fma = c & (1u << 12), osxsave = c & (1u << 27), avx = c & (1u << 28), f16c = c & (1u << 29);
    if (!(fma && osxsave && avx && f16c)) return false;
    if ((xcr0() & 0x6) != 0x6) return false; // XMM and YMM state enabled by the OS
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return false;
    return b & (1u << 5); // AVX2
}

bool detectAvx512Vnni() {
    if (!detectAvx2()) return false;
    if ((xcr0() & 0xe6) != 0xe6) return false; // plus opmask and both halves of the ZMM state
    unsigned a, b, c, d;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return false;
    const bool f = b & (1u << 16), dq = b & (1u << 17), bw = b & (1u << 30), vl = b & (1u << 31);
    const bool vnni = c & (1u << 11);
    return f && dq && bw && vl && vnni;
}

bool detectAvx512Bf16() {
    unsigned a, b, c, d;
    return detectAvx512Vnni() && __get_cpuid_count(7, 1, &a, &b, &c, &d) && (a & (1u << 5));
}
} // namespace

bool cpuHasAvx2() {
    static const bool has = detectAvx2();
    return has;
}

bool cpuHasAvx512Vnni() {
    static const bool has = detectAvx512Vnni();
    return has;
}

bool cpuHasAvx512Bf16() {
    static const bool has = detectAvx512Bf16();
    return has;
}

} // namespace realm

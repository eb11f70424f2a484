#pragma once
#include <cstdint>
#include <cstring>

// ggml's on-disk block layouts. Half-precision fields are raw IEEE binary16 bits.
namespace realm::blocks {

inline constexpr int kQK = 256; // super-block size of the K-, I- and T-quants

struct Q4_0 {
    uint16_t d;
    uint8_t qs[16];
};
struct Q4_1 {
    uint16_t d, m;
    uint8_t qs[16];
};
struct Q5_0 {
    uint16_t d;
    uint8_t qh[4];
    uint8_t qs[16];
};
struct Q5_1 {
    uint16_t d, m;
    uint8_t qh[4];
    uint8_t qs[16];
};
struct Q8_0 {
    uint16_t d;
    int8_t qs[32];
};
struct Q8_1 {
    uint16_t d, s;
    int8_t qs[32];
}; // s = d * sum(qs)
struct MXFP4 {
    uint8_t e;
    uint8_t qs[16];
}; // e: E8M0 exponent
struct NVFP4 {
    uint8_t d[4];
    uint8_t qs[32];
}; // d: UE4M3 scale per 16 values
struct IQ4_NL {
    uint16_t d;
    uint8_t qs[16];
};

struct Q2_K {
    uint8_t scales[16];
    uint8_t qs[64];
    uint16_t d, dmin;
};
struct Q3_K {
    uint8_t hmask[32];
    uint8_t qs[64];
    uint8_t scales[12];
    uint16_t d;
};
struct Q4_K {
    uint16_t d, dmin;
    uint8_t scales[12];
    uint8_t qs[128];
};
struct Q5_K {
    uint16_t d, dmin;
    uint8_t scales[12];
    uint8_t qh[32];
    uint8_t qs[128];
};
struct Q6_K {
    uint8_t ql[128];
    uint8_t qh[64];
    int8_t scales[16];
    uint16_t d;
};
struct Q8_K {
    float d;
    int8_t qs[256];
    int16_t bsums[16];
};

struct TQ1_0 {
    uint8_t qs[48];
    uint8_t qh[4];
    uint16_t d;
};
struct TQ2_0 {
    uint8_t qs[64];
    uint16_t d;
};

struct IQ2_XXS {
    uint16_t d;
    uint16_t qs[32];
};
struct IQ2_XS {
    uint16_t d;
    uint16_t qs[32];
    uint8_t scales[8];
};
struct IQ2_S {
    uint16_t d;
    uint8_t qs[64];
    uint8_t qh[8];
    uint8_t scales[8];
};
struct IQ3_XXS {
    uint16_t d;
    uint8_t qs[96];
};
struct IQ3_S {
    uint16_t d;
    uint8_t qs[64];
    uint8_t qh[8];
    uint8_t signs[32];
    uint8_t scales[4];
};
struct IQ1_S {
    uint16_t d;
    uint8_t qs[32];
    uint16_t qh[8];
};
struct IQ1_M {
    uint8_t qs[32];
    uint8_t qh[16];
    uint8_t scales[8];
}; // fp16 scale spread over scales' top nibbles
struct IQ4_XS {
    uint16_t d;
    uint16_t scales_h;
    uint8_t scales_l[4];
    uint8_t qs[128];
};

static_assert(sizeof(Q4_0) == 18 && sizeof(Q4_1) == 20 && sizeof(Q5_0) == 22 && sizeof(Q5_1) == 24);
static_assert(sizeof(Q8_0) == 34 && sizeof(Q8_1) == 36 && sizeof(MXFP4) == 17 && sizeof(NVFP4) == 36);
static_assert(sizeof(IQ4_NL) == 18 && sizeof(Q2_K) == 84 && sizeof(Q3_K) == 110 && sizeof(Q4_K) == 144);
static_assert(sizeof(Q5_K) == 176 && sizeof(Q6_K) == 210 && sizeof(Q8_K) == 292);
static_assert(sizeof(TQ1_0) == 54 && sizeof(TQ2_0) == 66);
static_assert(sizeof(IQ2_XXS) == 66 && sizeof(IQ2_XS) == 74 && sizeof(IQ2_S) == 82 && sizeof(IQ3_XXS) == 98);
static_assert(sizeof(IQ3_S) == 110 && sizeof(IQ1_S) == 50 && sizeof(IQ1_M) == 56 && sizeof(IQ4_XS) == 136);

// The 6-bit scale j and min j of the 12 packed scale bytes of Q4_K / Q5_K.
inline void scaleMinK4(int j, const uint8_t* q, uint8_t& sc, uint8_t& m) {
    if (j < 4) {
        sc = q[j] & 63;
        m = q[j + 4] & 63;
    } else {
        sc = static_cast<uint8_t>((q[j + 4] & 0xF) | ((q[j - 4] >> 6) << 4));
        m = static_cast<uint8_t>((q[j + 4] >> 4) | ((q[j] >> 6) << 4));
    }
}

// All 8 scales (the bytes of out[0..1]) and 8 mins (out[2..3]) of Q4_K / Q5_K at once,
// as scaleMinK4 gives them one by one.
inline void unpackScalesMinsK4(const uint8_t* packed, uint32_t out[4]) {
    constexpr uint32_t kLow6 = 0x3f3f3f3f, kLow4 = 0x0f0f0f0f, kLow2 = 0x03030303;
    uint32_t u[3];
    std::memcpy(u, packed, 12);
    out[0] = u[0] & kLow6;
    out[1] = (u[2] & kLow4) | (((u[0] >> 6) & kLow2) << 4);
    out[2] = u[1] & kLow6;
    out[3] = ((u[2] >> 4) & kLow4) | (((u[1] >> 6) & kLow2) << 4);
}

} // namespace realm::blocks

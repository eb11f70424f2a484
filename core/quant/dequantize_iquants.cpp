// Codebook ("i-quant") formats: groups of 8 (or 4) values are indices into the E8-
// lattice grids of iq_tables, with separately stored or implied sign bits.
#include "quant/dequantize.h"

#include "quant/block_layouts.h"
#include "quant/iq_tables.h"

#include <cstring>

namespace realm {

namespace b = blocks;

namespace {
inline float gridByte(uint64_t g, int j) {
    return static_cast<float>((g >> (8 * j)) & 0xFF);
}
inline float gridInt8(uint64_t g, int j) {
    return static_cast<float>(static_cast<int8_t>((g >> (8 * j)) & 0xFF));
}
inline float sign(uint8_t signs, int j) {
    return (signs >> j) & 1 ? -1.f : 1.f;
}

// 8 values: scale · magnitude from a uint64 grid entry · sign.
inline void put8(float* y, float db, uint64_t g, uint8_t signs) {
    for (int j = 0; j < 8; ++j)
        y[j] = db * gridByte(g, j) * sign(signs, j);
}
} // namespace

void dequantizeRowIQ2_XXS(const void* src, float* y, int64_t n) {
    const auto* x = static_cast<const b::IQ2_XXS*>(src);
    for (int64_t i = 0; i < n / b::kQK; ++i) {
        const float d = halfToFloat(x[i].d);
        for (int ib = 0; ib < 8; ++ib) {
            uint32_t aux[2]; // 4 grid indices, then 4×7 sign bits and a 4-bit scale
            std::memcpy(aux, x[i].qs + 4 * ib, 8);
            const float db = d * (0.5f + static_cast<float>(aux[1] >> 28)) * 0.25f;
            for (int l = 0; l < 4; ++l, y += 8)
                put8(y, db, iq::kIq2xxsGrid[(aux[0] >> (8 * l)) & 0xFF],
                     iq::signsFromIndex((aux[1] >> (7 * l)) & 127));
        }
    }
}

void dequantizeRowIQ2_XS(const void* src, float* y, int64_t n) {
    const auto* x = static_cast<const b::IQ2_XS*>(src);
    for (int64_t i = 0; i < n / b::kQK; ++i) {
        const float d = halfToFloat(x[i].d);
        for (int ib = 0; ib < 8; ++ib) {
            const float db[2] = {d * (0.5f + static_cast<float>(x[i].scales[ib] & 0xf)) * 0.25f,
                                 d * (0.5f + static_cast<float>(x[i].scales[ib] >> 4)) * 0.25f};
            for (int l = 0; l < 4; ++l, y += 8) {
                const uint16_t q = x[i].qs[4 * ib + l];
                put8(y, db[l / 2], iq::kIq2xsGrid[q & 511], iq::signsFromIndex(q >> 9));
            }
        }
    }
}

void dequantizeRowIQ2_S(const void* src, float* y, int64_t n) {
    const auto* x = static_cast<const b::IQ2_S*>(src);
    for (int64_t i = 0; i < n / b::kQK; ++i) {
        const float d = halfToFloat(x[i].d);
        const uint8_t* qs = x[i].qs;
        const uint8_t* signs = x[i].qs + 32;
        for (int ib = 0; ib < 8; ++ib, qs += 4, signs += 4) {
            const float db[2] = {d * (0.5f + static_cast<float>(x[i].scales[ib] & 0xf)) * 0.25f,
                                 d * (0.5f + static_cast<float>(x[i].scales[ib] >> 4)) * 0.25f};
            for (int l = 0; l < 4; ++l, y += 8) {
                const int idx = qs[l] | ((x[i].qh[ib] << (8 - 2 * l)) & 0x300);
                put8(y, db[l / 2], iq::kIq2sGrid[idx], signs[l]);
            }
        }
    }
}

void dequantizeRowIQ3_XXS(const void* src, float* y, int64_t n) {
    const auto* x = static_cast<const b::IQ3_XXS*>(src);
    for (int64_t i = 0; i < n / b::kQK; ++i) {
        const float d = halfToFloat(x[i].d);
        const uint8_t* qs = x[i].qs;
        const uint8_t* scalesAndSigns = x[i].qs + 64;
        for (int ib = 0; ib < 8; ++ib, qs += 8) {
            uint32_t aux;
            std::memcpy(&aux, scalesAndSigns + 4 * ib, 4);
            const float db = d * (0.5f + static_cast<float>(aux >> 28)) * 0.5f;
            for (int l = 0; l < 4; ++l, y += 8) {
                const uint8_t signs = iq::signsFromIndex((aux >> (7 * l)) & 127);
                const uint32_t g1 = iq::kIq3xxsGrid[qs[2 * l]], g2 = iq::kIq3xxsGrid[qs[2 * l + 1]];
                for (int j = 0; j < 4; ++j) {
                    y[j] = db * gridByte(g1, j) * sign(signs, j);
                    y[j + 4] = db * gridByte(g2, j) * sign(signs, j + 4);
                }
            }
        }
    }
}

void dequantizeRowIQ3_S(const void* src, float* y, int64_t n) {
    const auto* x = static_cast<const b::IQ3_S*>(src);
    for (int64_t i = 0; i < n / b::kQK; ++i) {
        const float d = halfToFloat(x[i].d);
        const uint8_t* qs = x[i].qs;
        const uint8_t* signs = x[i].signs;
        for (int ib = 0; ib < 8; ++ib, qs += 8, signs += 4) {
            const uint8_t sc = x[i].scales[ib / 2];
            const float db = d * static_cast<float>(1 + 2 * ((ib % 2) ? (sc >> 4) : (sc & 0xf)));
            const uint8_t qh = x[i].qh[ib];
            for (int l = 0; l < 4; ++l, y += 8) {
                const uint32_t g1 = iq::kIq3sGrid[qs[2 * l] | ((qh << (8 - 2 * l)) & 256)];
                const uint32_t g2 = iq::kIq3sGrid[qs[2 * l + 1] | ((qh << (7 - 2 * l)) & 256)];
                for (int j = 0; j < 4; ++j) {
                    y[j] = db * gridByte(g1, j) * sign(signs[l], j);
                    y[j + 4] = db * gridByte(g2, j) * sign(signs[l], j + 4);
                }
            }
        }
    }
}

void dequantizeRowIQ1_S(const void* src, float* y, int64_t n) {
    const auto* x = static_cast<const b::IQ1_S*>(src);
    for (int64_t i = 0; i < n / b::kQK; ++i) {
        const float d = halfToFloat(x[i].d);
        const uint8_t* qs = x[i].qs;
        for (int ib = 0; ib < 8; ++ib, qs += 4) {
            const uint16_t qh = x[i].qh[ib];
            const float dl = d * static_cast<float>(2 * ((qh >> 12) & 7) + 1);
            const float delta = (qh & 0x8000) ? -iq::kIq1Delta : iq::kIq1Delta;
            for (int l = 0; l < 4; ++l, y += 8) {
                const uint64_t g = iq::kIq1sGrid[qs[l] | (((qh >> (3 * l)) & 7) << 8)];
                for (int j = 0; j < 8; ++j)
                    y[j] = dl * (gridInt8(g, j) + delta);
            }
        }
    }
}

void dequantizeRowIQ1_M(const void* src, float* y, int64_t n) {
    const auto* x = static_cast<const b::IQ1_M*>(src);
    for (int64_t i = 0; i < n / b::kQK; ++i) {
        uint16_t sc[4];
        std::memcpy(sc, x[i].scales, 8);
        // The block's fp16 scale is spread over the top nibbles of the four scale words.
        const uint16_t dBits = static_cast<uint16_t>((sc[0] >> 12) | ((sc[1] >> 8) & 0x00f0) |
                                                     ((sc[2] >> 4) & 0x0f00) | (sc[3] & 0xf000));
        const float d = halfToFloat(dBits);
        const uint8_t* qs = x[i].qs;
        const uint8_t* qh = x[i].qh;
        for (int ib = 0; ib < 8; ++ib, qs += 4, qh += 2) {
            const int shift = 6 * (ib % 2);
            const float dl[2] = {d * static_cast<float>(2 * ((sc[ib / 2] >> shift) & 7) + 1),
                                 d * static_cast<float>(2 * ((sc[ib / 2] >> (shift + 3)) & 7) + 1)};
            const int idx[4] = {qs[0] | ((qh[0] << 8) & 0x700), qs[1] | ((qh[0] << 4) & 0x700),
                                qs[2] | ((qh[1] << 8) & 0x700), qs[3] | ((qh[1] << 4) & 0x700)};
            const float delta[4] = {(qh[0] & 0x08) ? -iq::kIq1Delta : iq::kIq1Delta,
                                    (qh[0] & 0x80) ? -iq::kIq1Delta : iq::kIq1Delta,
                                    (qh[1] & 0x08) ? -iq::kIq1Delta : iq::kIq1Delta,
                                    (qh[1] & 0x80) ? -iq::kIq1Delta : iq::kIq1Delta};
            for (int l = 0; l < 4; ++l, y += 8) {
                const uint64_t g = iq::kIq1sGrid[idx[l]];
                for (int j = 0; j < 8; ++j)
                    y[j] = dl[l / 2] * (gridInt8(g, j) + delta[l]);
            }
        }
    }
}

void dequantizeRowIQ4_XS(const void* src, float* y, int64_t n) {
    const auto* x = static_cast<const b::IQ4_XS*>(src);
    for (int64_t i = 0; i < n / b::kQK; ++i) {
        const float d = halfToFloat(x[i].d);
        const uint8_t* qs = x[i].qs;
        for (int ib = 0; ib < 8; ++ib, qs += 16, y += 32) {
            const int ls =
                ((x[i].scales_l[ib / 2] >> (4 * (ib % 2))) & 0xf) | (((x[i].scales_h >> (2 * ib)) & 3) << 4);
            const float dl = d * static_cast<float>(ls - 32);
            for (int j = 0; j < 16; ++j) {
                y[j] = dl * static_cast<float>(iq::kIq4nlValues[qs[j] & 0xf]);
                y[j + 16] = dl * static_cast<float>(iq::kIq4nlValues[qs[j] >> 4]);
            }
        }
    }
}

} // namespace realm

// 32-element block formats (and NVFP4's 64): one scale per block, values in nibbles,
// 5th bits, bytes or a 16-entry lookup table.
#include "quant/dequantize.h"

#include "quant/block_layouts.h"
#include "quant/iq_tables.h"

#include <cstring>

namespace realm {

namespace b = blocks;

void dequantizeRowQ4_0(const void* src, float* y, int64_t n) {
    const auto* x = static_cast<const b::Q4_0*>(src);
    for (int64_t i = 0; i < n / 32; ++i, y += 32) {
        const float d = halfToFloat(x[i].d);
        for (int j = 0; j < 16; ++j) {
            y[j] = static_cast<float>((x[i].qs[j] & 0x0F) - 8) * d;
            y[j + 16] = static_cast<float>((x[i].qs[j] >> 4) - 8) * d;
        }
    }
}

void dequantizeRowQ4_1(const void* src, float* y, int64_t n) {
    const auto* x = static_cast<const b::Q4_1*>(src);
    for (int64_t i = 0; i < n / 32; ++i, y += 32) {
        const float d = halfToFloat(x[i].d), m = halfToFloat(x[i].m);
        for (int j = 0; j < 16; ++j) {
            y[j] = static_cast<float>(x[i].qs[j] & 0x0F) * d + m;
            y[j + 16] = static_cast<float>(x[i].qs[j] >> 4) * d + m;
        }
    }
}

void dequantizeRowQ5_0(const void* src, float* y, int64_t n) {
    const auto* x = static_cast<const b::Q5_0*>(src);
    for (int64_t i = 0; i < n / 32; ++i, y += 32) {
        const float d = halfToFloat(x[i].d);
        uint32_t qh;
        std::memcpy(&qh, x[i].qh, 4);
        for (int j = 0; j < 16; ++j) {
            const int h0 = ((qh >> j) << 4) & 0x10, h1 = (qh >> (j + 12)) & 0x10;
            y[j] = static_cast<float>(((x[i].qs[j] & 0x0F) | h0) - 16) * d;
            y[j + 16] = static_cast<float>(((x[i].qs[j] >> 4) | h1) - 16) * d;
        }
    }
}

void dequantizeRowQ5_1(const void* src, float* y, int64_t n) {
    const auto* x = static_cast<const b::Q5_1*>(src);
    for (int64_t i = 0; i < n / 32; ++i, y += 32) {
        const float d = halfToFloat(x[i].d), m = halfToFloat(x[i].m);
        uint32_t qh;
        std::memcpy(&qh, x[i].qh, 4);
        for (int j = 0; j < 16; ++j) {
            const int h0 = ((qh >> j) << 4) & 0x10, h1 = (qh >> (j + 12)) & 0x10;
            y[j] = static_cast<float>((x[i].qs[j] & 0x0F) | h0) * d + m;
            y[j + 16] = static_cast<float>((x[i].qs[j] >> 4) | h1) * d + m;
        }
    }
}

void dequantizeRowQ8_0(const void* src, float* y, int64_t n) {
    const auto* x = static_cast<const b::Q8_0*>(src);
    for (int64_t i = 0; i < n / 32; ++i, y += 32) {
        const float d = halfToFloat(x[i].d);
        for (int j = 0; j < 32; ++j)
            y[j] = static_cast<float>(x[i].qs[j]) * d;
    }
}

// Q8_1 is an activation format (ggml has no to_float for it); its meaning is qs·d.
void dequantizeRowQ8_1(const void* src, float* y, int64_t n) {
    const auto* x = static_cast<const b::Q8_1*>(src);
    for (int64_t i = 0; i < n / 32; ++i, y += 32) {
        const float d = halfToFloat(x[i].d);
        for (int j = 0; j < 32; ++j)
            y[j] = static_cast<float>(x[i].qs[j]) * d;
    }
}

void dequantizeRowIQ4_NL(const void* src, float* y, int64_t n) {
    const auto* x = static_cast<const b::IQ4_NL*>(src);
    for (int64_t i = 0; i < n / 32; ++i, y += 32) {
        const float d = halfToFloat(x[i].d);
        for (int j = 0; j < 16; ++j) {
            y[j] = d * static_cast<float>(iq::kIq4nlValues[x[i].qs[j] & 0xF]);
            y[j + 16] = d * static_cast<float>(iq::kIq4nlValues[x[i].qs[j] >> 4]);
        }
    }
}

void dequantizeRowMXFP4(const void* src, float* y, int64_t n) {
    const auto* x = static_cast<const b::MXFP4*>(src);
    for (int64_t i = 0; i < n / 32; ++i, y += 32) {
        const float d = e8m0HalfToFloat(x[i].e);
        for (int j = 0; j < 16; ++j) {
            y[j] = static_cast<float>(iq::kFp4Values[x[i].qs[j] & 0xF]) * d;
            y[j + 16] = static_cast<float>(iq::kFp4Values[x[i].qs[j] >> 4]) * d;
        }
    }
}

void dequantizeRowNVFP4(const void* src, float* y, int64_t n) {
    const auto* x = static_cast<const b::NVFP4*>(src);
    for (int64_t i = 0; i < n / 64; ++i) {
        for (int s = 0; s < 4; ++s, y += 16) {
            const float d = ue4m3HalfToFloat(x[i].d[s]);
            const uint8_t* q = x[i].qs + 8 * s;
            for (int j = 0; j < 8; ++j) {
                y[j] = static_cast<float>(iq::kFp4Values[q[j] & 0xF]) * d;
                y[j + 8] = static_cast<float>(iq::kFp4Values[q[j] >> 4]) * d;
            }
        }
    }
}

} // namespace realm

// Quantizers of the plain float types and the 32-element block formats.
#include "quant/quantize.h"

#include "quant/block_layouts.h"
#include "quant/float_formats.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstring>

namespace realm {

namespace b = blocks;

void quantizeRowF32(const float* src, void* dst, int64_t n) {
    std::memcpy(dst, src, static_cast<size_t>(n) * sizeof(float));
}

void quantizeRowF16(const float* src, void* dst, int64_t n) {
    auto* out = static_cast<uint8_t*>(dst);
    for (int64_t i = 0; i < n; ++i) {
        const uint16_t h = floatToHalf(src[i]);
        std::memcpy(out + 2 * i, &h, 2);
    }
}

void quantizeRowBF16(const float* src, void* dst, int64_t n) {
    auto* out = static_cast<uint8_t*>(dst);
    for (int64_t i = 0; i < n; ++i) {
        const uint16_t h = floatToBf16(src[i]);
        std::memcpy(out + 2 * i, &h, 2);
    }
}

namespace {
// The value of largest magnitude, keeping its sign (first one wins on ties).
float signedAbsMax(const float* x, int n) {
    float amax = 0.0f, max = 0.0f;
    for (int j = 0; j < n; ++j)
        if (amax < std::fabs(x[j])) {
            amax = std::fabs(x[j]);
            max = x[j];
        }
    return max;
}

void minMax(const float* x, int n, float& min, float& max) {
    min = FLT_MAX;
    max = -FLT_MAX;
    for (int j = 0; j < n; ++j) {
        if (x[j] < min) min = x[j];
        if (x[j] > max) max = x[j];
    }
}
} // namespace

// Symmetric: the extreme value maps to -8 exactly, so its sign picks the scale's sign.
void quantizeRowQ4_0(const float* x, void* dst, int64_t n) {
    auto* y = static_cast<b::Q4_0*>(dst);
    for (int64_t i = 0; i < n / 32; ++i, x += 32) {
        const float d = signedAbsMax(x, 32) / -8;
        const float id = d != 0.0f ? 1.0f / d : 0.0f;
        y[i].d = floatToHalf(d);
        for (int j = 0; j < 16; ++j) {
            const float x0 = x[j] * id, x1 = x[j + 16] * id;
            const int q0 = std::min(15, static_cast<int>(x0 + 8.5f)),
                      q1 = std::min(15, static_cast<int>(x1 + 8.5f));
            y[i].qs[j] = static_cast<uint8_t>(q0 | (q1 << 4));
        }
    }
}

void quantizeRowQ4_1(const float* x, void* dst, int64_t n) {
    auto* y = static_cast<b::Q4_1*>(dst);
    for (int64_t i = 0; i < n / 32; ++i, x += 32) {
        float min, max;
        minMax(x, 32, min, max);
        const float d = (max - min) / 15;
        const float id = d != 0.0f ? 1.0f / d : 0.0f;
        y[i].d = floatToHalf(d);
        y[i].m = floatToHalf(min);
        for (int j = 0; j < 16; ++j) {
            const float x0 = (x[j] - min) * id, x1 = (x[j + 16] - min) * id;
            const int q0 = std::min(15, static_cast<int>(x0 + 0.5f)),
                      q1 = std::min(15, static_cast<int>(x1 + 0.5f));
            y[i].qs[j] = static_cast<uint8_t>(q0 | (q1 << 4));
        }
    }
}

void quantizeRowQ5_0(const float* x, void* dst, int64_t n) {
    auto* y = static_cast<b::Q5_0*>(dst);
    for (int64_t i = 0; i < n / 32; ++i, x += 32) {
        const float d = signedAbsMax(x, 32) / -16;
        const float id = d != 0.0f ? 1.0f / d : 0.0f;
        y[i].d = floatToHalf(d);
        uint32_t qh = 0;
        for (int j = 0; j < 16; ++j) {
            const float x0 = x[j] * id, x1 = x[j + 16] * id;
            const int q0 = std::min(31, static_cast<int>(x0 + 16.5f)),
                      q1 = std::min(31, static_cast<int>(x1 + 16.5f));
            y[i].qs[j] = static_cast<uint8_t>((q0 & 0x0F) | ((q1 & 0x0F) << 4));
            qh |= static_cast<uint32_t>((q0 & 0x10) >> 4) << j;
            qh |= static_cast<uint32_t>((q1 & 0x10) >> 4) << (j + 16);
        }
        std::memcpy(y[i].qh, &qh, 4);
    }
}

void quantizeRowQ5_1(const float* x, void* dst, int64_t n) {
    auto* y = static_cast<b::Q5_1*>(dst);
    for (int64_t i = 0; i < n / 32; ++i, x += 32) {
        float min, max;
        minMax(x, 32, min, max);
        const float d = (max - min) / 31;
        const float id = d != 0.0f ? 1.0f / d : 0.0f;
        y[i].d = floatToHalf(d);
        y[i].m = floatToHalf(min);
        uint32_t qh = 0;
        for (int j = 0; j < 16; ++j) {
            const float x0 = (x[j] - min) * id, x1 = (x[j + 16] - min) * id;
            const int q0 = static_cast<uint8_t>(x0 + 0.5f), q1 = static_cast<uint8_t>(x1 + 0.5f);
            y[i].qs[j] = static_cast<uint8_t>((q0 & 0x0F) | ((q1 & 0x0F) << 4));
            qh |= static_cast<uint32_t>((q0 & 0x10) >> 4) << j;
            qh |= static_cast<uint32_t>((q1 & 0x10) >> 4) << (j + 16);
        }
        std::memcpy(y[i].qh, &qh, 4);
    }
}

void quantizeRowQ8_0(const float* x, void* dst, int64_t n) {
    auto* y = static_cast<b::Q8_0*>(dst);
    for (int64_t i = 0; i < n / 32; ++i, x += 32) {
        float amax = 0.0f;
        for (int j = 0; j < 32; ++j)
            amax = std::max(amax, std::fabs(x[j]));
        const float d = amax / 127;
        const float id = d != 0.0f ? 1.0f / d : 0.0f;
        y[i].d = floatToHalf(d);
        for (int j = 0; j < 32; ++j)
            y[i].qs[j] = static_cast<int8_t>(std::round(x[j] * id));
    }
}

void quantizeRowQ8_1(const float* x, void* dst, int64_t n) {
    auto* y = static_cast<b::Q8_1*>(dst);
    for (int64_t i = 0; i < n / 32; ++i, x += 32) {
        float amax = 0.0f;
        for (int j = 0; j < 32; ++j)
            amax = std::max(amax, std::fabs(x[j]));
        const float d = amax / 127;
        const float id = d != 0.0f ? 1.0f / d : 0.0f;
        y[i].d = floatToHalf(d);
        int sum = 0;
        for (int j = 0; j < 32; ++j) {
            y[i].qs[j] = static_cast<int8_t>(std::round(x[j] * id));
            sum += y[i].qs[j];
        }
        y[i].s = floatToHalf(static_cast<float>(sum) * d);
    }
}

} // namespace realm

// Scalar reference kernels: the definition of every integer dot product the SIMD
// kernels must reproduce (same integer sums; only float summation order may differ).
#include "compute/dot_kernels.h"
#include "compute/vec_dot_adapters.h"

#include "quant/block_layouts.h"
#include "quant/float_formats.h"
#include "quant/iq_tables.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace realm::kernels {

namespace {
namespace b = realm::blocks;

inline float fp16(uint16_t h) {
    return halfToFloat(h);
}
// Round half to even, like the SIMD conversions (cvtps2dq) the AVX kernels use.
inline int roundEven(float v) {
    return static_cast<int>(std::nearbyint(v));
}

// ---- activation quantizers -------------------------------------------------------

void quantizeQ8_0(const float* x, void* dst, int64_t n) {
    auto* y = static_cast<b::Q8_0*>(dst);
    for (int64_t i = 0; i < n / 32; ++i, x += 32) {
        float amax = 0;
        for (int j = 0; j < 32; ++j)
            amax = std::max(amax, std::fabs(x[j]));
        const float d = amax / 127.0f;
        const float id = d != 0 ? 1.0f / d : 0.0f;
        y[i].d = floatToHalf(d);
        for (int j = 0; j < 32; ++j)
            y[i].qs[j] = static_cast<int8_t>(roundEven(x[j] * id));
    }
}

void quantizeQ8_1(const float* x, void* dst, int64_t n) {
    auto* y = static_cast<b::Q8_1*>(dst);
    for (int64_t i = 0; i < n / 32; ++i, x += 32) {
        float amax = 0;
        for (int j = 0; j < 32; ++j)
            amax = std::max(amax, std::fabs(x[j]));
        const float d = amax / 127.0f;
        const float id = d != 0 ? 1.0f / d : 0.0f;
        int sum = 0;
        for (int j = 0; j < 32; ++j) {
            y[i].qs[j] = static_cast<int8_t>(roundEven(x[j] * id));
            sum += y[i].qs[j];
        }
        y[i].d = floatToHalf(d);
        y[i].s = floatToHalf(static_cast<float>(sum) * d);
    }
}

// ggml's Q8_K: the scale comes from the signed value of largest magnitude (first one on
// ties), mapped to -127, so the opposite extreme may reach +127 at most.
void quantizeQ8_K(const float* x, void* dst, int64_t n) {
    auto* y = static_cast<b::Q8_K*>(dst);
    for (int64_t i = 0; i < n / 256; ++i, x += 256) {
        float amax = 0, max = 0;
        for (int j = 0; j < 256; ++j)
            if (std::fabs(x[j]) > amax) {
                amax = std::fabs(x[j]);
                max = x[j];
            }
        if (amax == 0) {
            std::memset(&y[i], 0, sizeof(b::Q8_K));
            continue;
        }
        const float iscale = -127.0f / max;
        for (int j = 0; j < 256; ++j)
            y[i].qs[j] = static_cast<int8_t>(std::min(127, roundEven(iscale * x[j])));
        for (int g = 0; g < 16; ++g) {
            int sum = 0;
            for (int j = 0; j < 16; ++j)
                sum += y[i].qs[16 * g + j];
            y[i].bsums[g] = static_cast<int16_t>(sum);
        }
        y[i].d = 1.0f / iscale;
    }
}

// ---- float weights -----------------------------------------------------------------

float dotF32(int64_t n, const void* w, const void* x) {
    const auto* a = static_cast<const float*>(w);
    const auto* v = static_cast<const float*>(x);
    float s = 0;
    for (int64_t i = 0; i < n; ++i)
        s += a[i] * v[i];
    return s;
}

float dotF16(int64_t n, const void* w, const void* x) {
    const auto* a = static_cast<const uint16_t*>(w);
    const auto* v = static_cast<const float*>(x);
    float s = 0;
    for (int64_t i = 0; i < n; ++i)
        s += fp16(a[i]) * v[i];
    return s;
}

float dotBF16(int64_t n, const void* w, const void* x) {
    const auto* a = static_cast<const uint16_t*>(w);
    const auto* v = static_cast<const float*>(x);
    float s = 0;
    for (int64_t i = 0; i < n; ++i)
        s += bf16ToFloat(a[i]) * v[i];
    return s;
}

// ---- 32-element blocks ---------------------------------------------------------------

float dotQ4_0(int64_t n, const void* w, const void* x) {
    const auto* a = static_cast<const b::Q4_0*>(w);
    const auto* y = static_cast<const b::Q8_0*>(x);
    float s = 0;
    for (int64_t i = 0; i < n / 32; ++i) {
        int sum = 0;
        for (int j = 0; j < 16; ++j)
            sum += ((a[i].qs[j] & 15) - 8) * y[i].qs[j] + ((a[i].qs[j] >> 4) - 8) * y[i].qs[j + 16];
        s += static_cast<float>(sum) * (fp16(a[i].d) * fp16(y[i].d));
    }
    return s;
}

float dotQ4_1(int64_t n, const void* w, const void* x) {
    const auto* a = static_cast<const b::Q4_1*>(w);
    const auto* y = static_cast<const b::Q8_1*>(x);
    float s = 0;
    for (int64_t i = 0; i < n / 32; ++i) {
        int sum = 0;
        for (int j = 0; j < 16; ++j)
            sum += (a[i].qs[j] & 15) * y[i].qs[j] + (a[i].qs[j] >> 4) * y[i].qs[j + 16];
        s += static_cast<float>(sum) * (fp16(a[i].d) * fp16(y[i].d)) + fp16(a[i].m) * fp16(y[i].s);
    }
    return s;
}

inline int q5Value(const uint8_t* qs, uint32_t qh, int j) { // element j of 32, without offset
    const int nib = j < 16 ? (qs[j] & 15) : (qs[j - 16] >> 4);
    return nib | static_cast<int>(((qh >> j) & 1) << 4);
}

float dotQ5_0(int64_t n, const void* w, const void* x) {
    const auto* a = static_cast<const b::Q5_0*>(w);
    const auto* y = static_cast<const b::Q8_0*>(x);
    float s = 0;
    for (int64_t i = 0; i < n / 32; ++i) {
        uint32_t qh;
        std::memcpy(&qh, a[i].qh, 4);
        int sum = 0;
        for (int j = 0; j < 32; ++j)
            sum += (q5Value(a[i].qs, qh, j) - 16) * y[i].qs[j];
        s += static_cast<float>(sum) * (fp16(a[i].d) * fp16(y[i].d));
    }
    return s;
}

float dotQ5_1(int64_t n, const void* w, const void* x) {
    const auto* a = static_cast<const b::Q5_1*>(w);
    const auto* y = static_cast<const b::Q8_1*>(x);
    float s = 0;
    for (int64_t i = 0; i < n / 32; ++i) {
        uint32_t qh;
        std::memcpy(&qh, a[i].qh, 4);
        int sum = 0;
        for (int j = 0; j < 32; ++j)
            sum += q5Value(a[i].qs, qh, j) * y[i].qs[j];
        s += static_cast<float>(sum) * (fp16(a[i].d) * fp16(y[i].d)) + fp16(a[i].m) * fp16(y[i].s);
    }
    return s;
}

float dotQ8_0(int64_t n, const void* w, const void* x) {
    const auto* a = static_cast<const b::Q8_0*>(w);
    const auto* y = static_cast<const b::Q8_0*>(x);
    float s = 0;
    for (int64_t i = 0; i < n / 32; ++i) {
        int sum = 0;
        for (int j = 0; j < 32; ++j)
            sum += a[i].qs[j] * y[i].qs[j];
        s += static_cast<float>(sum) * (fp16(a[i].d) * fp16(y[i].d));
    }
    return s;
}

float dotIQ4_NL(int64_t n, const void* w, const void* x) {
    const auto* a = static_cast<const b::IQ4_NL*>(w);
    const auto* y = static_cast<const b::Q8_0*>(x);
    float s = 0;
    for (int64_t i = 0; i < n / 32; ++i) {
        int sum = 0;
        for (int j = 0; j < 16; ++j)
            sum += iq::kIq4nlValues[a[i].qs[j] & 15] * y[i].qs[j] +
                   iq::kIq4nlValues[a[i].qs[j] >> 4] * y[i].qs[j + 16];
        s += static_cast<float>(sum) * (fp16(a[i].d) * fp16(y[i].d));
    }
    return s;
}

// ---- 256-element super-blocks (activations Q8_K) -----------------------------------

float dotQ2_K(int64_t n, const void* w, const void* x) {
    const auto* a = static_cast<const b::Q2_K*>(w);
    const auto* y = static_cast<const b::Q8_K*>(x);
    float s = 0;
    for (int64_t i = 0; i < n / 256; ++i) {
        int sumQ = 0, sumMin = 0;
        for (int g = 0; g < 16; ++g)
            sumMin += y[i].bsums[g] * (a[i].scales[g] >> 4);
        for (int e = 0; e < 256; ++e) {
            const int c = e / 128, sh = (e % 128) / 32, l = e % 32;
            const int q = (a[i].qs[32 * c + l] >> (2 * sh)) & 3;
            sumQ += (a[i].scales[e / 16] & 15) * q * y[i].qs[e];
        }
        s += y[i].d * fp16(a[i].d) * static_cast<float>(sumQ) -
             y[i].d * fp16(a[i].dmin) * static_cast<float>(sumMin);
    }
    return s;
}

int q3Scale(const uint8_t* sc, int j) {
    const int low = j < 8 ? (sc[j] & 15) : (sc[j - 8] >> 4);
    const int high = (sc[8 + j % 4] >> (2 * (j / 4))) & 3;
    return (low | (high << 4)) - 32;
}

float dotQ3_K(int64_t n, const void* w, const void* x) {
    const auto* a = static_cast<const b::Q3_K*>(w);
    const auto* y = static_cast<const b::Q8_K*>(x);
    float s = 0;
    for (int64_t i = 0; i < n / 256; ++i) {
        int sum = 0;
        for (int e = 0; e < 256; ++e) {
            const int c = e / 128, sh = (e % 128) / 32, l = e % 32;
            const int low = (a[i].qs[32 * c + l] >> (2 * sh)) & 3;
            const bool high = (a[i].hmask[l] >> (4 * c + sh)) & 1;
            sum += q3Scale(a[i].scales, e / 16) * (low - (high ? 0 : 4)) * y[i].qs[e];
        }
        s += fp16(a[i].d) * y[i].d * static_cast<float>(sum);
    }
    return s;
}

float dotQ4_K(int64_t n, const void* w, const void* x) {
    const auto* a = static_cast<const b::Q4_K*>(w);
    const auto* y = static_cast<const b::Q8_K*>(x);
    float s = 0;
    for (int64_t i = 0; i < n / 256; ++i) {
        int sumQ = 0, sumMin = 0;
        for (int j = 0; j < 8; ++j) {
            uint8_t sc, m;
            b::scaleMinK4(j, a[i].scales, sc, m);
            sumMin += m * (y[i].bsums[2 * j] + y[i].bsums[2 * j + 1]);
            const uint8_t* q = a[i].qs + 32 * (j / 2);
            int sub = 0;
            for (int l = 0; l < 32; ++l)
                sub += ((j & 1) ? (q[l] >> 4) : (q[l] & 15)) * y[i].qs[32 * j + l];
            sumQ += sc * sub;
        }
        s += fp16(a[i].d) * y[i].d * static_cast<float>(sumQ) -
             fp16(a[i].dmin) * y[i].d * static_cast<float>(sumMin);
    }
    return s;
}

float dotQ5_K(int64_t n, const void* w, const void* x) {
    const auto* a = static_cast<const b::Q5_K*>(w);
    const auto* y = static_cast<const b::Q8_K*>(x);
    float s = 0;
    for (int64_t i = 0; i < n / 256; ++i) {
        int sumQ = 0, sumMin = 0;
        for (int j = 0; j < 8; ++j) {
            uint8_t sc, m;
            b::scaleMinK4(j, a[i].scales, sc, m);
            sumMin += m * (y[i].bsums[2 * j] + y[i].bsums[2 * j + 1]);
            const uint8_t* q = a[i].qs + 32 * (j / 2);
            int sub = 0;
            for (int l = 0; l < 32; ++l) {
                const int v = ((j & 1) ? (q[l] >> 4) : (q[l] & 15)) | (((a[i].qh[l] >> j) & 1) << 4);
                sub += v * y[i].qs[32 * j + l];
            }
            sumQ += sc * sub;
        }
        s += fp16(a[i].d) * y[i].d * static_cast<float>(sumQ) -
             fp16(a[i].dmin) * y[i].d * static_cast<float>(sumMin);
    }
    return s;
}

float dotQ6_K(int64_t n, const void* w, const void* x) {
    const auto* a = static_cast<const b::Q6_K*>(w);
    const auto* y = static_cast<const b::Q8_K*>(x);
    float s = 0;
    for (int64_t i = 0; i < n / 256; ++i) {
        int sum = 0;
        for (int e = 0; e < 256; ++e) {
            const int c = e / 128, k = (e % 128) / 32, l = e % 32;
            const uint8_t* ql = a[i].ql + 64 * c;
            const uint8_t* qh = a[i].qh + 32 * c;
            const int low = k == 0   ? (ql[l] & 15)
                            : k == 1 ? (ql[l + 32] & 15)
                            : k == 2 ? (ql[l] >> 4)
                                     : (ql[l + 32] >> 4);
            const int q = (low | (((qh[l] >> (2 * k)) & 3) << 4)) - 32;
            sum += a[i].scales[e / 16] * q * y[i].qs[e];
        }
        s += fp16(a[i].d) * y[i].d * static_cast<float>(sum);
    }
    return s;
}

float dotIQ4_XS(int64_t n, const void* w, const void* x) {
    const auto* a = static_cast<const b::IQ4_XS*>(w);
    const auto* y = static_cast<const b::Q8_K*>(x);
    float s = 0;
    for (int64_t i = 0; i < n / 256; ++i) {
        int sum = 0;
        for (int j = 0; j < 8; ++j) {
            const int ls =
                ((a[i].scales_l[j / 2] >> (4 * (j % 2))) & 15) | (((a[i].scales_h >> (2 * j)) & 3) << 4);
            const uint8_t* q = a[i].qs + 16 * j;
            int sub = 0;
            for (int l = 0; l < 16; ++l)
                sub += iq::kIq4nlValues[q[l] & 15] * y[i].qs[32 * j + l] +
                       iq::kIq4nlValues[q[l] >> 4] * y[i].qs[32 * j + l + 16];
            sum += (ls - 32) * sub;
        }
        s += fp16(a[i].d) * y[i].d * static_cast<float>(sum);
    }
    return s;
}

constexpr DotKernel kScalar[] = {
    {GgmlType::F32, GgmlType::F32, nullptr, perToken<dotF32>, Isa::Scalar},
    {GgmlType::F16, GgmlType::F32, nullptr, perToken<dotF16>, Isa::Scalar},
    {GgmlType::BF16, GgmlType::F32, nullptr, perToken<dotBF16>, Isa::Scalar},
    {GgmlType::Q4_0, GgmlType::Q8_0, quantizeQ8_0, perToken<dotQ4_0>, Isa::Scalar},
    {GgmlType::Q4_1, GgmlType::Q8_1, quantizeQ8_1, perToken<dotQ4_1>, Isa::Scalar},
    {GgmlType::Q5_0, GgmlType::Q8_0, quantizeQ8_0, perToken<dotQ5_0>, Isa::Scalar},
    {GgmlType::Q5_1, GgmlType::Q8_1, quantizeQ8_1, perToken<dotQ5_1>, Isa::Scalar},
    {GgmlType::Q8_0, GgmlType::Q8_0, quantizeQ8_0, perToken<dotQ8_0>, Isa::Scalar},
    {GgmlType::IQ4_NL, GgmlType::Q8_0, quantizeQ8_0, perToken<dotIQ4_NL>, Isa::Scalar},
    {GgmlType::Q2_K, GgmlType::Q8_K, quantizeQ8_K, perToken<dotQ2_K>, Isa::Scalar},
    {GgmlType::Q3_K, GgmlType::Q8_K, quantizeQ8_K, perToken<dotQ3_K>, Isa::Scalar},
    {GgmlType::Q4_K, GgmlType::Q8_K, quantizeQ8_K, perToken<dotQ4_K>, Isa::Scalar},
    {GgmlType::Q5_K, GgmlType::Q8_K, quantizeQ8_K, perToken<dotQ5_K>, Isa::Scalar},
    {GgmlType::Q6_K, GgmlType::Q8_K, quantizeQ8_K, perToken<dotQ6_K>, Isa::Scalar},
    {GgmlType::IQ4_XS, GgmlType::Q8_K, quantizeQ8_K, perToken<dotIQ4_XS>, Isa::Scalar},
};
} // namespace

const DotKernel* scalarKernel(GgmlType type) {
    for (const auto& k : kScalar)
        if (k.weightType == type) return &k;
    return nullptr;
}

} // namespace realm::kernels

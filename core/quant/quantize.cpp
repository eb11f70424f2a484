#include "quant/quantize.h"

#include "quant/dequantize.h"

#include <cstring>

namespace realm {

void quantizeRowF32(const float* src, void* dst, int64_t n) { std::memcpy(dst, src, n * sizeof(float)); }

void quantizeRowF16(const float* src, void* dst, int64_t n) {
    auto* out = static_cast<uint8_t*>(dst);
    for (int64_t i = 0; i < n; ++i) {
        const uint16_t h = floatToHalf(src[i]);
        std::memcpy(out + 2 * i, &h, 2);
    }
}

} // namespace realm

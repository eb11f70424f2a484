#include "quant/ggml_type.h"

#include "quant/block_layouts.h"
#include "quant/dequantize.h"
#include "quant/quantize.h"
#include "util/error.h"

#include <array>
#include <cctype>
#include <cstddef>
#include <string>

namespace realm {

namespace {
constexpr int kNoScale = -1;
template <class Block> constexpr int scaleOf = static_cast<int>(offsetof(Block, d));

constexpr std::array kTypes = {
    TypeTraits{GgmlType::F32, "F32", 1, 4, false, kNoScale, dequantizeRowF32, quantizeRowF32},
    TypeTraits{GgmlType::F16, "F16", 1, 2, false, kNoScale, dequantizeRowF16, quantizeRowF16},
    TypeTraits{GgmlType::Q4_0, "Q4_0", 32, 18, true, scaleOf<blocks::Q4_0>, dequantizeRowQ4_0,
               quantizeRowQ4_0},
    TypeTraits{GgmlType::Q4_1, "Q4_1", 32, 20, true, scaleOf<blocks::Q4_1>, dequantizeRowQ4_1,
               quantizeRowQ4_1},
    TypeTraits{GgmlType::Q5_0, "Q5_0", 32, 22, true, scaleOf<blocks::Q5_0>, dequantizeRowQ5_0,
               quantizeRowQ5_0},
    TypeTraits{GgmlType::Q5_1, "Q5_1", 32, 24, true, scaleOf<blocks::Q5_1>, dequantizeRowQ5_1,
               quantizeRowQ5_1},
    TypeTraits{GgmlType::Q8_0, "Q8_0", 32, 34, true, scaleOf<blocks::Q8_0>, dequantizeRowQ8_0,
               quantizeRowQ8_0},
    TypeTraits{GgmlType::Q8_1, "Q8_1", 32, 36, true, scaleOf<blocks::Q8_1>, dequantizeRowQ8_1,
               quantizeRowQ8_1},
    TypeTraits{GgmlType::Q2_K, "Q2_K", 256, 84, true, scaleOf<blocks::Q2_K>, dequantizeRowQ2_K,
               quantizeRowQ2_K},
    TypeTraits{GgmlType::Q3_K, "Q3_K", 256, 110, true, scaleOf<blocks::Q3_K>, dequantizeRowQ3_K,
               quantizeRowQ3_K},
    TypeTraits{GgmlType::Q4_K, "Q4_K", 256, 144, true, scaleOf<blocks::Q4_K>, dequantizeRowQ4_K,
               quantizeRowQ4_K},
    TypeTraits{GgmlType::Q5_K, "Q5_K", 256, 176, true, scaleOf<blocks::Q5_K>, dequantizeRowQ5_K,
               quantizeRowQ5_K},
    TypeTraits{GgmlType::Q6_K, "Q6_K", 256, 210, true, scaleOf<blocks::Q6_K>, dequantizeRowQ6_K,
               quantizeRowQ6_K},
    TypeTraits{GgmlType::Q8_K, "Q8_K", 256, 292, true, kNoScale, dequantizeRowQ8_K, quantizeRowQ8_K},
    TypeTraits{GgmlType::IQ2_XXS, "IQ2_XXS", 256, 66, true, scaleOf<blocks::IQ2_XXS>, dequantizeRowIQ2_XXS,
               nullptr},
    TypeTraits{GgmlType::IQ2_XS, "IQ2_XS", 256, 74, true, scaleOf<blocks::IQ2_XS>, dequantizeRowIQ2_XS,
               nullptr},
    TypeTraits{GgmlType::IQ3_XXS, "IQ3_XXS", 256, 98, true, scaleOf<blocks::IQ3_XXS>, dequantizeRowIQ3_XXS,
               nullptr},
    TypeTraits{GgmlType::IQ1_S, "IQ1_S", 256, 50, true, scaleOf<blocks::IQ1_S>, dequantizeRowIQ1_S, nullptr},
    TypeTraits{GgmlType::IQ4_NL, "IQ4_NL", 32, 18, true, scaleOf<blocks::IQ4_NL>, dequantizeRowIQ4_NL,
               nullptr},
    TypeTraits{GgmlType::IQ3_S, "IQ3_S", 256, 110, true, scaleOf<blocks::IQ3_S>, dequantizeRowIQ3_S, nullptr},
    TypeTraits{GgmlType::IQ2_S, "IQ2_S", 256, 82, true, scaleOf<blocks::IQ2_S>, dequantizeRowIQ2_S, nullptr},
    TypeTraits{GgmlType::IQ4_XS, "IQ4_XS", 256, 136, true, scaleOf<blocks::IQ4_XS>, dequantizeRowIQ4_XS,
               nullptr},
    TypeTraits{GgmlType::I8, "I8", 1, 1, false, kNoScale, dequantizeRowI8, nullptr},
    TypeTraits{GgmlType::I16, "I16", 1, 2, false, kNoScale, dequantizeRowI16, nullptr},
    TypeTraits{GgmlType::I32, "I32", 1, 4, false, kNoScale, dequantizeRowI32, nullptr},
    TypeTraits{GgmlType::I64, "I64", 1, 8, false, kNoScale, dequantizeRowI64, nullptr},
    TypeTraits{GgmlType::F64, "F64", 1, 8, false, kNoScale, dequantizeRowF64, nullptr},
    TypeTraits{GgmlType::IQ1_M, "IQ1_M", 256, 56, true, kNoScale, dequantizeRowIQ1_M, nullptr},
    TypeTraits{GgmlType::BF16, "BF16", 1, 2, false, kNoScale, dequantizeRowBF16, quantizeRowBF16},
    TypeTraits{GgmlType::TQ1_0, "TQ1_0", 256, 54, true, scaleOf<blocks::TQ1_0>, dequantizeRowTQ1_0, nullptr},
    TypeTraits{GgmlType::TQ2_0, "TQ2_0", 256, 66, true, scaleOf<blocks::TQ2_0>, dequantizeRowTQ2_0, nullptr},
    TypeTraits{GgmlType::MXFP4, "MXFP4", 32, 17, true, kNoScale, dequantizeRowMXFP4, nullptr},
    TypeTraits{GgmlType::NVFP4, "NVFP4", 64, 36, true, kNoScale, dequantizeRowNVFP4, nullptr},
};
} // namespace

const TypeTraits* findTypeTraits(uint32_t id) {
    for (const auto& t : kTypes)
        if (static_cast<uint32_t>(t.type) == id) return &t;
    return nullptr;
}

const TypeTraits& typeTraits(GgmlType type) {
    const TypeTraits* t = findTypeTraits(static_cast<uint32_t>(type));
    if (!t) throw Error("unknown ggml type id " + std::to_string(static_cast<uint32_t>(type)));
    return *t;
}

std::optional<GgmlType> typeFromName(std::string_view name) {
    for (const auto& t : kTypes) {
        std::string_view n = t.name;
        if (n.size() != name.size()) continue;
        bool same = true;
        for (size_t i = 0; i < n.size() && same; ++i)
            same = std::toupper(static_cast<unsigned char>(name[i])) == n[i];
        if (same) return t.type;
    }
    return std::nullopt;
}

int64_t rowBytes(GgmlType type, int64_t n) {
    const TypeTraits& t = typeTraits(type);
    return n / t.blockSize * t.blockBytes;
}

void dequantizeRows(GgmlType type, const void* src, float* dst, int64_t rowLength, int64_t rows) {
    const TypeTraits& t = typeTraits(type);
    if (!t.dequantize) throw Error(std::string("dequantizing ") + t.name + " is not supported");
    if (rowLength % t.blockSize != 0)
        throw Error(std::string("row length ") + std::to_string(rowLength) + " is not a multiple of the " +
                    t.name + " block size " + std::to_string(t.blockSize));
    const int64_t stride = rowBytes(type, rowLength);
    const auto* bytes = static_cast<const uint8_t*>(src);
    for (int64_t r = 0; r < rows; ++r)
        t.dequantize(bytes + r * stride, dst + r * rowLength, rowLength);
}

void quantizeRows(GgmlType type, const float* src, void* dst, int64_t rowLength, int64_t rows) {
    const TypeTraits& t = typeTraits(type);
    if (!t.quantize) throw Error(std::string("quantizing to ") + t.name + " is not supported");
    if (rowLength % t.blockSize != 0)
        throw Error(std::string("row length ") + std::to_string(rowLength) + " is not a multiple of the " +
                    t.name + " block size " + std::to_string(t.blockSize));
    const int64_t stride = rowBytes(type, rowLength);
    auto* bytes = static_cast<uint8_t*>(dst);
    for (int64_t r = 0; r < rows; ++r)
        t.quantize(src + r * rowLength, bytes + r * stride, rowLength);
}

} // namespace realm

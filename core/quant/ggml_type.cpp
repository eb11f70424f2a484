#include "quant/ggml_type.h"

#include "quant/dequantize.h"
#include "quant/quantize.h"
#include "util/error.h"

#include <array>
#include <cctype>
#include <string>

namespace realm {

namespace {
constexpr std::array kTypes = {
    TypeTraits{GgmlType::F32, "F32", 1, 4, false, dequantizeRowF32, quantizeRowF32},
    TypeTraits{GgmlType::F16, "F16", 1, 2, false, dequantizeRowF16, quantizeRowF16},
    TypeTraits{GgmlType::Q4_0, "Q4_0", 32, 18, true, dequantizeRowQ4_0, quantizeRowQ4_0},
    TypeTraits{GgmlType::Q4_1, "Q4_1", 32, 20, true, dequantizeRowQ4_1, quantizeRowQ4_1},
    TypeTraits{GgmlType::Q5_0, "Q5_0", 32, 22, true, dequantizeRowQ5_0, quantizeRowQ5_0},
    TypeTraits{GgmlType::Q5_1, "Q5_1", 32, 24, true, dequantizeRowQ5_1, quantizeRowQ5_1},
    TypeTraits{GgmlType::Q8_0, "Q8_0", 32, 34, true, dequantizeRowQ8_0, quantizeRowQ8_0},
    TypeTraits{GgmlType::Q8_1, "Q8_1", 32, 36, true, dequantizeRowQ8_1, quantizeRowQ8_1},
    TypeTraits{GgmlType::Q2_K, "Q2_K", 256, 84, true, dequantizeRowQ2_K, quantizeRowQ2_K},
    TypeTraits{GgmlType::Q3_K, "Q3_K", 256, 110, true, dequantizeRowQ3_K, quantizeRowQ3_K},
    TypeTraits{GgmlType::Q4_K, "Q4_K", 256, 144, true, dequantizeRowQ4_K, quantizeRowQ4_K},
    TypeTraits{GgmlType::Q5_K, "Q5_K", 256, 176, true, dequantizeRowQ5_K, quantizeRowQ5_K},
    TypeTraits{GgmlType::Q6_K, "Q6_K", 256, 210, true, dequantizeRowQ6_K, quantizeRowQ6_K},
    TypeTraits{GgmlType::Q8_K, "Q8_K", 256, 292, true, dequantizeRowQ8_K, quantizeRowQ8_K},
    TypeTraits{GgmlType::IQ2_XXS, "IQ2_XXS", 256, 66, true, dequantizeRowIQ2_XXS, nullptr},
    TypeTraits{GgmlType::IQ2_XS, "IQ2_XS", 256, 74, true, dequantizeRowIQ2_XS, nullptr},
    TypeTraits{GgmlType::IQ3_XXS, "IQ3_XXS", 256, 98, true, dequantizeRowIQ3_XXS, nullptr},
    TypeTraits{GgmlType::IQ1_S, "IQ1_S", 256, 50, true, dequantizeRowIQ1_S, nullptr},
    TypeTraits{GgmlType::IQ4_NL, "IQ4_NL", 32, 18, true, dequantizeRowIQ4_NL, nullptr},
    TypeTraits{GgmlType::IQ3_S, "IQ3_S", 256, 110, true, dequantizeRowIQ3_S, nullptr},
    TypeTraits{GgmlType::IQ2_S, "IQ2_S", 256, 82, true, dequantizeRowIQ2_S, nullptr},
    TypeTraits{GgmlType::IQ4_XS, "IQ4_XS", 256, 136, true, dequantizeRowIQ4_XS, nullptr},
    TypeTraits{GgmlType::I8, "I8", 1, 1, false, dequantizeRowI8, nullptr},
    TypeTraits{GgmlType::I16, "I16", 1, 2, false, dequantizeRowI16, nullptr},
    TypeTraits{GgmlType::I32, "I32", 1, 4, false, dequantizeRowI32, nullptr},
    TypeTraits{GgmlType::I64, "I64", 1, 8, false, dequantizeRowI64, nullptr},
    TypeTraits{GgmlType::F64, "F64", 1, 8, false, dequantizeRowF64, nullptr},
    TypeTraits{GgmlType::IQ1_M, "IQ1_M", 256, 56, true, dequantizeRowIQ1_M, nullptr},
    TypeTraits{GgmlType::BF16, "BF16", 1, 2, false, dequantizeRowBF16, quantizeRowBF16},
    TypeTraits{GgmlType::TQ1_0, "TQ1_0", 256, 54, true, dequantizeRowTQ1_0, nullptr},
    TypeTraits{GgmlType::TQ2_0, "TQ2_0", 256, 66, true, dequantizeRowTQ2_0, nullptr},
    TypeTraits{GgmlType::MXFP4, "MXFP4", 32, 17, true, dequantizeRowMXFP4, nullptr},
    TypeTraits{GgmlType::NVFP4, "NVFP4", 64, 36, true, dequantizeRowNVFP4, nullptr},
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
    for (int64_t r = 0; r < rows; ++r) t.dequantize(bytes + r * stride, dst + r * rowLength, rowLength);
}

void quantizeRows(GgmlType type, const float* src, void* dst, int64_t rowLength, int64_t rows) {
    const TypeTraits& t = typeTraits(type);
    if (!t.quantize) throw Error(std::string("quantizing to ") + t.name + " is not supported");
    if (rowLength % t.blockSize != 0)
        throw Error(std::string("row length ") + std::to_string(rowLength) + " is not a multiple of the " +
                    t.name + " block size " + std::to_string(t.blockSize));
    const int64_t stride = rowBytes(type, rowLength);
    auto* bytes = static_cast<uint8_t*>(dst);
    for (int64_t r = 0; r < rows; ++r) t.quantize(src + r * rowLength, bytes + r * stride, rowLength);
}

} // namespace realm

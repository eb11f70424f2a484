#include "quantlab/quant_mix.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace realm {

namespace {
// llama.h's llama_ftype numbers.
constexpr QuantFileType kFileTypes[] = {
    {"F32", 0, GgmlType::F32},      {"F16", 1, GgmlType::F16},      {"BF16", 32, GgmlType::BF16},
    {"Q4_0", 2, GgmlType::Q4_0},    {"Q4_1", 3, GgmlType::Q4_1},    {"Q5_0", 8, GgmlType::Q5_0},
    {"Q5_1", 9, GgmlType::Q5_1},    {"Q8_0", 7, GgmlType::Q8_0},    {"Q2_K", 10, GgmlType::Q2_K},
    {"Q3_K_S", 11, GgmlType::Q3_K}, {"Q3_K_M", 12, GgmlType::Q3_K}, {"Q3_K_L", 13, GgmlType::Q3_K},
    {"Q4_K_S", 14, GgmlType::Q4_K}, {"Q4_K_M", 15, GgmlType::Q4_K}, {"Q5_K_S", 16, GgmlType::Q5_K},
    {"Q5_K_M", 17, GgmlType::Q5_K}, {"Q6_K", 18, GgmlType::Q6_K},
};

constexpr std::pair<const char*, const char*> kAliases[] = {
    {"Q3_K", "Q3_K_M"}, {"Q4_K", "Q4_K_M"}, {"Q5_K", "Q5_K_M"}};

std::string upper(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}
} // namespace

std::optional<QuantFileType> quantFileType(std::string_view name) {
    std::string key = upper(name);
    for (const auto& [alias, target] : kAliases)
        if (key == alias) key = target;
    for (const QuantFileType& t : kFileTypes)
        if (key == t.name) return t;
    return std::nullopt;
}

std::string quantFileTypeNames() {
    std::string names;
    for (const QuantFileType& t : kFileTypes)
        names += (names.empty() ? "" : ", ") + std::string(t.name);
    return names;
}

std::vector<GgmlType> quantizedTensorTypes() {
    std::vector<GgmlType> types;
    for (const QuantFileType& t : kFileTypes)
        if (std::find(types.begin(), types.end(), t.defaultType) == types.end())
            types.push_back(t.defaultType);
    return types;
}

} // namespace realm

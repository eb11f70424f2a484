#include "gguf/metadata_names.h"

#include "gguf/gguf_file.h"
#include "quant/ggml_type.h"

#include <array>
#include <map>

namespace realm {

namespace {
// general.file_type values (llama.h's llama_ftype); the gaps are types llama.cpp removed.
struct FileTypeRow {
    int64_t value;
    std::string_view name;
};
constexpr std::array kFileTypes{
    FileTypeRow{0, "F32"},     FileTypeRow{1, "F16"},      FileTypeRow{2, "Q4_0"},
    FileTypeRow{3, "Q4_1"},    FileTypeRow{7, "Q8_0"},     FileTypeRow{8, "Q5_0"},
    FileTypeRow{9, "Q5_1"},    FileTypeRow{10, "Q2_K"},    FileTypeRow{11, "Q3_K_S"},
    FileTypeRow{12, "Q3_K_M"}, FileTypeRow{13, "Q3_K_L"},  FileTypeRow{14, "Q4_K_S"},
    FileTypeRow{15, "Q4_K_M"}, FileTypeRow{16, "Q5_K_S"},  FileTypeRow{17, "Q5_K_M"},
    FileTypeRow{18, "Q6_K"},   FileTypeRow{19, "IQ2_XXS"}, FileTypeRow{20, "IQ2_XS"},
    FileTypeRow{21, "Q2_K_S"}, FileTypeRow{22, "IQ3_XS"},  FileTypeRow{23, "IQ3_XXS"},
    FileTypeRow{24, "IQ1_S"},  FileTypeRow{25, "IQ4_NL"},  FileTypeRow{26, "IQ3_S"},
    FileTypeRow{27, "IQ3_M"},  FileTypeRow{28, "IQ2_S"},   FileTypeRow{29, "IQ2_M"},
    FileTypeRow{30, "IQ4_XS"}, FileTypeRow{31, "IQ1_M"},   FileTypeRow{32, "BF16"},
    FileTypeRow{36, "TQ1_0"},  FileTypeRow{37, "TQ2_0"},   FileTypeRow{38, "MXFP4_MOE"},
};
constexpr std::array<std::string_view, 7> kTokenTypes{"undefined",    "normal", "unknown", "control",
                                                      "user-defined", "unused", "byte"};
constexpr std::array<std::string_view, 5> kPoolingTypes{"none", "mean", "cls", "last", "rank"};

// llama.cpp marks a file type it had to guess with this bit.
constexpr int64_t kGuessedFileType = 1024;

bool endsWith(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}
} // namespace

std::string_view fileTypeName(int64_t fileType) {
    for (const FileTypeRow& row : kFileTypes)
        if (row.value == (fileType & ~kGuessedFileType)) return row.name;
    return {};
}

std::string_view tokenTypeName(int64_t tokenType) {
    return tokenType >= 0 && tokenType < static_cast<int64_t>(kTokenTypes.size())
               ? kTokenTypes[static_cast<size_t>(tokenType)]
               : std::string_view{};
}

std::string_view poolingTypeName(int64_t poolingType) {
    return poolingType >= 0 && poolingType < static_cast<int64_t>(kPoolingTypes.size())
               ? kPoolingTypes[static_cast<size_t>(poolingType)]
               : std::string_view{};
}

std::string metadataValueName(const GgufFile& file, std::string_view key, int64_t value) {
    if (key == "general.file_type") return std::string(fileTypeName(value));
    if (endsWith(key, ".pooling_type")) return std::string(poolingTypeName(value));
    if (key.starts_with("tokenizer.ggml.") && endsWith(key, "_token_id")) {
        const GgufValue* tokens = file.find("tokenizer.ggml.tokens");
        if (!tokens || !tokens->isArray() || tokens->elementType() != GgufType::String || value < 0 ||
            static_cast<uint64_t>(value) >= tokens->size())
            return {};
        std::string quoted = "\"";
        quoted += tokens->stringAt(static_cast<uint64_t>(value));
        quoted += '"';
        return quoted;
    }
    return {};
}

std::string describeMetadataValue(const GgufFile& file, std::string_view key, const GgufValue& value) {
    std::string text = value.describe();
    if (value.isNumber() && value.type != GgufType::Float32 && value.type != GgufType::Float64)
        if (const std::string name = metadataValueName(file, key, value.toInt()); !name.empty())
            text += " (" + name + ")";
    return text;
}

std::string fileTypeSummary(const GgufFile& file) {
    if (const GgufValue* v = file.find("general.file_type"); v && v->isNumber())
        if (const std::string_view name = fileTypeName(v->toInt()); !name.empty()) return std::string(name);
    std::map<GgmlType, uint64_t> bytesPerType;
    for (const GgufTensorInfo& t : file.tensors())
        bytesPerType[t.type] += t.bytes;
    const GgmlType* most = nullptr;
    uint64_t mostBytes = 0;
    for (const auto& [type, bytes] : bytesPerType)
        if (bytes > mostBytes) {
            mostBytes = bytes;
            most = &type;
        }
    if (!most) return {};
    return std::string("mostly ") + typeName(*most) + " (guessed)";
}

} // namespace realm

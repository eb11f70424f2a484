#pragma once
// Names for the numbers llama.cpp stores as enums in GGUF metadata (file type, token
// types, pooling type) and for token ids, so a person reads "Q4_K_M" instead of 15.
#include <cstdint>
#include <string>
#include <string_view>

namespace realm {

class GgufFile;
class GgufValue;

// llama.cpp's llama_ftype as users name files ("Q4_K_M", "F16"); empty when unknown.
std::string_view fileTypeName(int64_t fileType);
// llama_token_type ("normal", "control", "byte" …); empty when unknown.
std::string_view tokenTypeName(int64_t tokenType);
// llama_pooling_type ("mean", "cls" …); empty when unknown.
std::string_view poolingTypeName(int64_t poolingType);

// What a scalar metadata value means, for keys whose numbers name something: the file
// type, the pooling type, a special token id (its vocabulary piece, quoted). Empty when
// the key is not one of those or the value is out of range.
std::string metadataValueName(const GgufFile& file, std::string_view key, int64_t value);

// value.describe(), followed for a scalar that names something by that name: "15 (Q4_K_M)".
std::string describeMetadataValue(const GgufFile& file, std::string_view key, const GgufValue& value);

// The name users know the file by: general.file_type's name when it is there, otherwise
// the tensor type holding the most bytes marked as a guess ("mostly Q4_K (guessed)").
std::string fileTypeSummary(const GgufFile& file);

} // namespace realm

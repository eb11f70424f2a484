#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace realm {

// GGUF metadata value types as stored in the file.
enum class GgufType : uint32_t {
    UInt8 = 0,
    Int8 = 1,
    UInt16 = 2,
    Int16 = 3,
    UInt32 = 4,
    Int32 = 5,
    Float32 = 6,
    Bool = 7,
    String = 8,
    Array = 9,
    UInt64 = 10,
    Int64 = 11,
    Float64 = 12,
};

const char* ggufTypeName(GgufType type);
// Bytes of one scalar of this type; 0 for String and Array.
uint64_t ggufScalarSize(GgufType type);
// A float metadata value (F32 or F64) in its shortest round-tripping form.
std::string formatFloat(GgufType type, double value);

// A metadata value viewing the mapped file: strings and scalar arrays are not copied,
// so a value lives only as long as the GgufFile it came from.
class GgufValue {
  public:
    GgufType type = GgufType::UInt8;

    bool isNumber() const;
    bool isString() const { return type == GgufType::String; }
    bool isArray() const { return type == GgufType::Array; }

    // Scalars (numbers convert between each other; Bool counts as 0/1).
    int64_t toInt() const;
    uint64_t toUInt() const;
    double toDouble() const;
    bool toBool() const { return toUInt() != 0; }
    std::string_view toString() const { return string_; }

    // Arrays.
    GgufType elementType() const { return elementType_; }
    uint64_t size() const { return count_; }
    int64_t intAt(uint64_t i) const;
    double doubleAt(uint64_t i) const;
    std::string_view stringAt(uint64_t i) const { return strings_[i]; }
    const GgufValue& arrayAt(uint64_t i) const { return arrays_[i]; }

    // A short human-readable rendering (arrays abbreviated after `maxItems`).
    std::string describe(size_t maxItems = 8) const;

  private:
    friend class GgufParser;
    uint64_t scalarBits_ = 0; // raw little-endian bits of a scalar
    std::string_view string_;
    GgufType elementType_ = GgufType::UInt8;
    uint64_t count_ = 0;
    const uint8_t* elements_ = nullptr; // packed scalar array elements in the mapping
    std::vector<std::string_view> strings_;
    std::vector<GgufValue> arrays_;
};

struct GgufKeyValue {
    std::string_view key;
    GgufValue value;
    uint64_t offset; // file offset of the key
};

} // namespace realm

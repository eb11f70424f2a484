#include "gguf/gguf_value.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstring>

namespace realm {

const char* ggufTypeName(GgufType type) {
    switch (type) {
    case GgufType::UInt8:
        return "u8";
    case GgufType::Int8:
        return "i8";
    case GgufType::UInt16:
        return "u16";
    case GgufType::Int16:
        return "i16";
    case GgufType::UInt32:
        return "u32";
    case GgufType::Int32:
        return "i32";
    case GgufType::Float32:
        return "f32";
    case GgufType::Bool:
        return "bool";
    case GgufType::String:
        return "string";
    case GgufType::Array:
        return "array";
    case GgufType::UInt64:
        return "u64";
    case GgufType::Int64:
        return "i64";
    case GgufType::Float64:
        return "f64";
    }
    return "?";
}

uint64_t ggufScalarSize(GgufType type) {
    switch (type) {
    case GgufType::UInt8:
    case GgufType::Int8:
    case GgufType::Bool:
        return 1;
    case GgufType::UInt16:
    case GgufType::Int16:
        return 2;
    case GgufType::UInt32:
    case GgufType::Int32:
    case GgufType::Float32:
        return 4;
    case GgufType::UInt64:
    case GgufType::Int64:
    case GgufType::Float64:
        return 8;
    case GgufType::String:
    case GgufType::Array:
        return 0;
    }
    return 0;
}

namespace {
int64_t scalarToInt(GgufType type, uint64_t bits) {
    switch (type) {
    case GgufType::UInt8:
        return static_cast<uint8_t>(bits);
    case GgufType::Int8:
        return static_cast<int8_t>(bits);
    case GgufType::UInt16:
        return static_cast<uint16_t>(bits);
    case GgufType::Int16:
        return static_cast<int16_t>(bits);
    case GgufType::UInt32:
        return static_cast<uint32_t>(bits);
    case GgufType::Int32:
        return static_cast<int32_t>(bits);
    case GgufType::UInt64:
        return static_cast<int64_t>(bits);
    case GgufType::Int64:
        return static_cast<int64_t>(bits);
    case GgufType::Bool:
        return bits ? 1 : 0;
    case GgufType::Float32: {
        float f;
        uint32_t b = static_cast<uint32_t>(bits);
        std::memcpy(&f, &b, 4);
        return static_cast<int64_t>(f);
    }
    case GgufType::Float64: {
        double d;
        std::memcpy(&d, &bits, 8);
        return static_cast<int64_t>(d);
    }
    default:
        return 0;
    }
}

double scalarToDouble(GgufType type, uint64_t bits) {
    if (type == GgufType::Float32) {
        float f;
        uint32_t b = static_cast<uint32_t>(bits);
        std::memcpy(&f, &b, 4);
        return f;
    }
    if (type == GgufType::Float64) {
        double d;
        std::memcpy(&d, &bits, 8);
        return d;
    }
    if (type == GgufType::UInt64) return static_cast<double>(bits);
    return static_cast<double>(scalarToInt(type, bits));
}

uint64_t elementBits(GgufType type, const uint8_t* elements, uint64_t i) {
    const uint64_t n = ggufScalarSize(type);
    uint64_t bits = 0;
    std::memcpy(&bits, elements + i * n, n);
    return bits;
}

void appendEscaped(std::string& out, std::string_view s, size_t maxBytes) {
    out += '"';
    size_t n = 0;
    for (char c : s) {
        if (n++ >= maxBytes) {
            out += "…";
            break;
        }
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (c == '\n') {
            out += "\\n";
        } else if (static_cast<unsigned char>(c) < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(c));
            out += buf;
        } else {
            out += c;
        }
    }
    out += '"';
}

std::string formatNumber(GgufType type, uint64_t bits) {
    if (type == GgufType::Bool) return bits ? "true" : "false";
    char buf[64];
    if (type == GgufType::Float32 || type == GgufType::Float64)
        return formatFloat(type, scalarToDouble(type, bits));
    if (type == GgufType::UInt64)
        std::snprintf(buf, sizeof buf, "%llu", static_cast<unsigned long long>(bits));
    else
        std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(scalarToInt(type, bits)));
    return buf;
}
} // namespace

std::string formatFloat(GgufType type, double value) {
    // Shortest text that reads back to the same value: an f32 epsilon of 1e-6 prints as
    // 1e-06, not 9.99999997e-07 (its exact double expansion).
    char buf[64];
    const auto r = type == GgufType::Float32 ? std::to_chars(buf, buf + sizeof buf, static_cast<float>(value))
                                             : std::to_chars(buf, buf + sizeof buf, value);
    return std::string(buf, r.ptr);
}

bool GgufValue::isNumber() const {
    return type != GgufType::String && type != GgufType::Array;
}
int64_t GgufValue::toInt() const {
    return scalarToInt(type, scalarBits_);
}
uint64_t GgufValue::toUInt() const {
    return type == GgufType::UInt64 ? scalarBits_ : static_cast<uint64_t>(scalarToInt(type, scalarBits_));
}
double GgufValue::toDouble() const {
    return scalarToDouble(type, scalarBits_);
}

int64_t GgufValue::intAt(uint64_t i) const {
    return scalarToInt(elementType_, elementBits(elementType_, elements_, i));
}
double GgufValue::doubleAt(uint64_t i) const {
    return scalarToDouble(elementType_, elementBits(elementType_, elements_, i));
}

std::string GgufValue::describe(size_t maxItems) const {
    std::string out;
    if (type == GgufType::String) {
        appendEscaped(out, string_, 200);
    } else if (type == GgufType::Array) {
        out += "[";
        const uint64_t shown = std::min<uint64_t>(count_, maxItems);
        for (uint64_t i = 0; i < shown; ++i) {
            if (i) out += ", ";
            if (elementType_ == GgufType::String)
                appendEscaped(out, strings_[i], 40);
            else if (elementType_ == GgufType::Array)
                out += arrays_[i].describe(maxItems);
            else
                out += formatNumber(elementType_, elementBits(elementType_, elements_, i));
        }
        if (shown < count_) out += ", … (" + std::to_string(count_) + " items)";
        out += "]";
    } else {
        out = formatNumber(type, scalarBits_);
    }
    return out;
}

} // namespace realm

#include "gguf/gguf_json.h"

namespace realm {

namespace {
nlohmann::json arrayElement(const GgufValue& v, uint64_t i) {
    switch (v.elementType()) {
    case GgufType::String:
        return std::string(v.stringAt(i));
    case GgufType::Array:
        return toJson(v.arrayAt(i));
    case GgufType::Float32:
    case GgufType::Float64:
        return v.doubleAt(i);
    case GgufType::Bool:
        return v.intAt(i) != 0;
    case GgufType::UInt64:
        return static_cast<uint64_t>(v.intAt(i));
    default:
        return v.intAt(i);
    }
}
} // namespace

nlohmann::json toJson(const GgufValue& v) {
    switch (v.type) {
    case GgufType::String:
        return std::string(v.toString());
    case GgufType::Array: {
        nlohmann::json a = nlohmann::json::array();
        for (uint64_t i = 0; i < v.size(); ++i)
            a.push_back(arrayElement(v, i));
        return a;
    }
    case GgufType::Float32:
    case GgufType::Float64:
        return v.toDouble();
    case GgufType::Bool:
        return v.toBool();
    case GgufType::UInt64:
        return v.toUInt();
    default:
        return v.toInt();
    }
}

} // namespace realm

// json.dumps(..., ensure_ascii=False) for the tojson filter: Python's separators, indent
// and float repr, so that tool schemas render byte for byte as transformers renders them.
#include "chat/jinja_builtins.h"
#include "chat/jinja_error.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace realm::jinja {

namespace {

void writeString(std::string& out, const std::string& s) {
    out += '"';
    for (unsigned char c : s) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        default:
            if (c < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                out += buf;
            } else {
                out += static_cast<char>(c);
            }
        }
    }
    out += '"';
}

// json.dumps turns the non-string keys a dict literal may have into strings.
std::string jsonKey(const Value& key) {
    switch (key.kind()) {
    case Kind::String:
        return key.str();
    case Kind::None:
        return "null";
    case Kind::Bool:
        return key.boolValue() ? "true" : "false";
    case Kind::Int:
        return std::to_string(key.intValue());
    case Kind::Float:
        return pythonFloatRepr(key.floatValue());
    default:
        throw JinjaError("tojson: keys must be str, int, float, bool or None, not " + key.typeName());
    }
}

void write(std::string& out, const Value& v, const JsonOptions& o, int level, int depth) {
    if (depth > 512) throw JinjaError("tojson: value nested too deeply");
    if (out.size() > kMaxValueBytes) throw JinjaError("tojson: value too large");
    auto newline = [&](int lvl) {
        if (!o.hasIndent) return;
        out += '\n';
        for (int i = 0; i < lvl; ++i)
            out += o.indent;
    };
    switch (v.kind()) {
    case Kind::None:
        out += "null";
        return;
    case Kind::Bool:
        out += v.boolValue() ? "true" : "false";
        return;
    case Kind::Int:
        out += std::to_string(v.intValue());
        return;
    case Kind::Float: {
        double d = v.floatValue();
        if (std::isnan(d))
            out += "NaN";
        else if (std::isinf(d))
            out += d < 0 ? "-Infinity" : "Infinity";
        else
            out += pythonFloatRepr(d);
        return;
    }
    case Kind::String:
        writeString(out, v.str());
        return;
    case Kind::List:
    case Kind::Tuple: {
        const List& items = v.listItems();
        if (items.empty()) {
            out += "[]";
            return;
        }
        out += '[';
        for (size_t i = 0; i < items.size(); ++i) {
            if (i) out += o.itemSeparator;
            newline(level + 1);
            write(out, items[i], o, level + 1, depth + 1);
        }
        newline(level);
        out += ']';
        return;
    }
    case Kind::Dict: {
        std::vector<const std::pair<Value, Value>*> items;
        for (const auto& kv : v.dictItems().items)
            items.push_back(&kv);
        if (o.sortKeys) // by the keys themselves (512 before 1024); mixed types raise, as in Python
            std::stable_sort(items.begin(), items.end(),
                             [](auto* a, auto* b) { return compare(a->first, b->first) < 0; });
        if (items.empty()) {
            out += "{}";
            return;
        }
        out += '{';
        for (size_t i = 0; i < items.size(); ++i) {
            if (i) out += o.itemSeparator;
            newline(level + 1);
            writeString(out, jsonKey(items[i]->first));
            out += o.keySeparator;
            write(out, items[i]->second, o, level + 1, depth + 1);
        }
        newline(level);
        out += '}';
        return;
    }
    default:
        throw JinjaError("Object of type " + v.typeName() + " is not JSON serializable");
    }
}

} // namespace

std::string toJson(const Value& v, const JsonOptions& options) {
    std::string out;
    write(out, v, options, 0, 0);
    return out;
}

} // namespace realm::jinja

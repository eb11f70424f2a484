#include "chat/jinja_value.h"
#include "chat/jinja_error.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace realm::jinja {

const Value* Dict::find(std::string_view key) const {
    for (const auto& kv : items)
        if (kv.first.isString() && kv.first.str() == key) return &kv.second;
    return nullptr;
}

Value* Dict::find(std::string_view key) {
    for (auto& kv : items)
        if (kv.first.isString() && kv.first.str() == key) return &kv.second;
    return nullptr;
}

const Value* Dict::findKey(const Value& key) const {
    if (key.isString()) return find(key.str());
    for (const auto& kv : items)
        if (!kv.first.isString() && equals(kv.first, key)) return &kv.second;
    return nullptr;
}

void Dict::set(const std::string& key, Value value) {
    if (Value* v = find(key))
        *v = std::move(value);
    else
        items.emplace_back(Value(key), std::move(value));
}

void Dict::insert(Value key, Value value) {
    if (const Value* v = findKey(key))
        *const_cast<Value*>(v) = std::move(value);
    else
        items.emplace_back(std::move(key), std::move(value));
}

Value Value::none() {
    Value v;
    v.kind_ = Kind::None;
    return v;
}

Value Value::undefined(std::string name) {
    Value v;
    v.s_ = std::move(name);
    return v;
}

Value::Value(bool b) : kind_(Kind::Bool), b_(b), i_(b ? 1 : 0) {}
Value::Value(int64_t v) : kind_(Kind::Int), i_(v) {}
Value::Value(double v) : kind_(Kind::Float), f_(v) {}
Value::Value(std::string s) : kind_(Kind::String), s_(std::move(s)) {}

Value Value::list(List items) {
    Value v;
    v.kind_ = Kind::List;
    v.list_ = std::make_shared<List>(std::move(items));
    return v;
}

Value Value::tuple(List items) {
    Value v = list(std::move(items));
    v.kind_ = Kind::Tuple;
    return v;
}

Value Value::dict(Dict d) {
    Value v;
    v.kind_ = Kind::Dict;
    v.dict_ = std::make_shared<Dict>(std::move(d));
    return v;
}

Value Value::namespaceObject(Dict d) {
    Value v = dict(std::move(d));
    v.kind_ = Kind::Namespace;
    return v;
}

Value Value::callable(std::string name, std::function<Value(CallArgs&)> fn) {
    Value v;
    v.kind_ = Kind::Callable;
    v.callable_ = std::make_shared<Callable>(Callable{std::move(name), std::move(fn)});
    return v;
}

bool Value::sameObject(const Value& o) const {
    if (kind_ != o.kind_) return false;
    switch (kind_) {
    case Kind::Undefined:
    case Kind::None:
        return true;
    case Kind::Bool:
        return b_ == o.b_;
    case Kind::List:
    case Kind::Tuple:
        return list_ == o.list_;
    case Kind::Dict:
    case Kind::Namespace:
        return dict_ == o.dict_;
    case Kind::Callable:
        return callable_ == o.callable_;
    default:
        return equals(*this, o);
    }
}

bool Value::truthy() const {
    switch (kind_) {
    case Kind::Undefined:
    case Kind::None:
        return false;
    case Kind::Bool:
        return b_;
    case Kind::Int:
        return i_ != 0;
    case Kind::Float:
        return f_ != 0.0;
    case Kind::String:
        return !s_.empty();
    case Kind::List:
    case Kind::Tuple:
        return !list_->empty();
    case Kind::Dict:
        return !dict_->items.empty();
    case Kind::Namespace:
    case Kind::Callable:
        return true;
    }
    return false;
}

std::string pythonFloatRepr(double v) {
    if (std::isnan(v)) return "nan";
    if (std::isinf(v)) return v < 0 ? "-inf" : "inf";
    if (v == 0) return std::signbit(v) ? "-0.0" : "0.0";
    char buf[64];
    auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
    std::string sci(buf, res.ptr);
    // sci is "-d.ddde±XX": split into sign, digits and decimal exponent.
    std::string sign;
    size_t p = 0;
    if (sci[0] == '-') {
        sign = "-";
        p = 1;
    }
    size_t ePos = sci.find('e');
    std::string digits;
    for (size_t i = p; i < ePos; ++i)
        if (sci[i] != '.') digits += sci[i];
    int exp = std::stoi(sci.substr(ePos + 1));
    // Python's repr switches to exponent notation outside [1e-4, 1e16).
    if (exp < -4 || exp >= 16) {
        std::string m = digits.substr(0, 1);
        if (digits.size() > 1) m += "." + digits.substr(1);
        char e[16];
        std::snprintf(e, sizeof e, "e%c%02d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
        return sign + m + e;
    }
    std::string out;
    if (exp < 0) {
        out = "0." + std::string(static_cast<size_t>(-exp - 1), '0') + digits;
    } else {
        size_t intDigits = static_cast<size_t>(exp) + 1;
        if (digits.size() <= intDigits)
            out = digits + std::string(intDigits - digits.size(), '0') + ".0";
        else
            out = digits.substr(0, intDigits) + "." + digits.substr(intDigits);
    }
    return sign + out;
}

std::string pythonStringRepr(const std::string& s) {
    // Python prefers single quotes and switches to double quotes when that avoids escapes.
    char q = (s.find('\'') != std::string::npos && s.find('"') == std::string::npos) ? '"' : '\'';
    std::string out(1, q);
    for (unsigned char c : s) {
        switch (c) {
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
        default:
            if (c == static_cast<unsigned char>(q)) {
                out += '\\';
                out += static_cast<char>(c);
            } else if (c < 0x20 || c == 0x7f) {
                char b[8];
                std::snprintf(b, sizeof b, "\\x%02x", c);
                out += b;
            } else {
                out += static_cast<char>(c);
            }
        }
    }
    out += q;
    return out;
}

std::string Value::toString() const {
    switch (kind_) {
    case Kind::Undefined:
        return {};
    case Kind::None:
        return "None";
    case Kind::Bool:
        return b_ ? "True" : "False";
    case Kind::Int:
        return std::to_string(i_);
    case Kind::Float:
        return pythonFloatRepr(f_);
    case Kind::String:
        return s_;
    default:
        return repr();
    }
}

std::string Value::repr() const {
    switch (kind_) {
    case Kind::String:
        return pythonStringRepr(s_);
    case Kind::List:
    case Kind::Tuple: {
        bool tuple = kind_ == Kind::Tuple;
        std::string out = tuple ? "(" : "[";
        for (size_t i = 0; i < list_->size(); ++i) {
            if (i) out += ", ";
            out += (*list_)[i].repr();
        }
        if (tuple && list_->size() == 1) out += ",";
        return out + (tuple ? ")" : "]");
    }
    case Kind::Dict:
    case Kind::Namespace: {
        std::string out = kind_ == Kind::Namespace ? "<Namespace {" : "{";
        bool first = true;
        for (const auto& kv : dict_->items) {
            if (!first) out += ", ";
            first = false;
            out += kv.first.repr() + ": " + kv.second.repr();
        }
        return out + (kind_ == Kind::Namespace ? "}>" : "}");
    }
    case Kind::Callable:
        return "<function " + callable_->name + ">";
    default:
        return toString();
    }
}

std::string Value::typeName() const {
    switch (kind_) {
    case Kind::Undefined:
        return "undefined";
    case Kind::None:
        return "NoneType";
    case Kind::Bool:
        return "bool";
    case Kind::Int:
        return "int";
    case Kind::Float:
        return "float";
    case Kind::String:
        return "str";
    case Kind::List:
        return "list";
    case Kind::Tuple:
        return "tuple";
    case Kind::Dict:
        return "dict";
    case Kind::Namespace:
        return "Namespace";
    case Kind::Callable:
        return "function";
    }
    return "?";
}

bool equals(const Value& a, const Value& b) {
    if (a.isNumber() && b.isNumber()) {
        if (a.isInt() && b.isInt()) return a.intValue() == b.intValue();
        return a.asDouble() == b.asDouble();
    }
    if (a.isSequence() && b.isSequence()) {
        if (a.kind() != b.kind()) return false; // Python: [1] != (1,)
        const List& x = a.listItems();
        const List& y = b.listItems();
        if (x.size() != y.size()) return false;
        for (size_t i = 0; i < x.size(); ++i)
            if (!equals(x[i], y[i])) return false;
        return true;
    }
    if (a.kind() != b.kind()) return false;
    switch (a.kind()) {
    case Kind::Undefined:
    case Kind::None:
        return true;
    case Kind::String:
        return a.str() == b.str();
    case Kind::Dict: {
        const Dict& x = a.dictItems();
        const Dict& y = b.dictItems();
        if (x.items.size() != y.items.size()) return false;
        for (const auto& kv : x.items) {
            const Value* o = y.findKey(kv.first);
            if (!o || !equals(kv.second, *o)) return false;
        }
        return true;
    }
    default:
        return a.sameObject(b);
    }
}

int compare(const Value& a, const Value& b) {
    if (a.isNumber() && b.isNumber()) {
        if (a.isInt() && b.isInt())
            return a.intValue() < b.intValue() ? -1 : a.intValue() > b.intValue() ? 1 : 0;
        double x = a.asDouble(), y = b.asDouble();
        return x < y ? -1 : x > y ? 1 : 0;
    }
    if (a.isString() && b.isString()) {
        // Byte order of UTF-8 equals code-point order, which is what Python compares.
        int c = a.str().compare(b.str());
        return c < 0 ? -1 : c > 0 ? 1 : 0;
    }
    if (a.isSequence() && b.isSequence() && a.kind() == b.kind()) {
        const List& x = a.listItems();
        const List& y = b.listItems();
        for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
            if (equals(x[i], y[i])) continue;
            return compare(x[i], y[i]);
        }
        return x.size() < y.size() ? -1 : x.size() > y.size() ? 1 : 0;
    }
    throw JinjaError("'<' not supported between instances of '" + a.typeName() + "' and '" + b.typeName() +
                     "'");
}

Value CallArgs::get(size_t index, std::string_view name, Value fallback) const {
    if (index < positional.size()) return positional[index];
    for (const auto& kv : keyword)
        if (kv.first == name) return kv.second;
    return fallback;
}

bool CallArgs::has(size_t index, std::string_view name) const {
    if (index < positional.size()) return true;
    for (const auto& kv : keyword)
        if (kv.first == name) return true;
    return false;
}

std::vector<std::string> utf8Chars(const std::string& s) {
    std::vector<std::string> out;
    for (size_t i = 0; i < s.size();) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
        // A truncated or invalid sequence counts as one character per byte rather than reading past the end.
        if (i + n > s.size()) n = 1;
        for (size_t k = 1; k < n; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) {
                n = 1;
                break;
            }
        out.push_back(s.substr(i, n));
        i += n;
    }
    return out;
}

size_t utf8Length(const std::string& s) {
    bool ascii = true;
    for (unsigned char c : s)
        ascii = ascii && c < 0x80;
    return ascii ? s.size() : utf8Chars(s).size();
}

} // namespace realm::jinja

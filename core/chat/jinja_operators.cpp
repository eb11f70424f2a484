// Python semantics of the operators, lookups and iteration used by templates.
#include "chat/jinja_builtins.h"
#include "chat/jinja_error.h"

#include <cmath>

namespace realm::jinja {

namespace {

void checkSize(size_t bytes) {
    if (bytes > kMaxValueBytes)
        throw JinjaError("value too large (over " + std::to_string(kMaxValueBytes >> 20) + " MiB)");
}

[[noreturn]] void unsupported(const std::string& op, const Value& a, const Value& b) {
    if (a.isUndefined() || b.isUndefined()) {
        const Value& u = a.isUndefined() ? a : b;
        throw JinjaError(u.undefinedName().empty() ? "undefined value used in '" + op + "'"
                                                   : "'" + u.undefinedName() + "' is undefined");
    }
    throw JinjaError("unsupported operand type(s) for " + op + ": '" + a.typeName() + "' and '" +
                     b.typeName() + "'");
}

Value repeat(const Value& seq, int64_t n) {
    if (n <= 0)
        return seq.isString()              ? Value(std::string())
               : seq.kind() == Kind::Tuple ? Value::tuple({})
                                           : Value::list();
    if (seq.isString()) {
        checkSize(seq.str().size() * static_cast<size_t>(n));
        std::string out;
        for (int64_t i = 0; i < n; ++i)
            out += seq.str();
        return Value(std::move(out));
    }
    if (seq.listItems().size() * static_cast<size_t>(n) > kMaxListItems) throw JinjaError("list too large");
    List out;
    for (int64_t i = 0; i < n; ++i)
        out.insert(out.end(), seq.listItems().begin(), seq.listItems().end());
    return seq.kind() == Kind::Tuple ? Value::tuple(std::move(out)) : Value::list(std::move(out));
}

int64_t floorDiv(int64_t a, int64_t b) {
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
    return q;
}

// printf-style `"%s" % args`, the subset templates use.
std::string percentFormat(const std::string& fmt, const Value& arg) {
    List args = arg.kind() == Kind::Tuple ? arg.listItems() : List{arg};
    std::string out;
    size_t next = 0;
    for (size_t i = 0; i < fmt.size(); ++i) {
        if (fmt[i] != '%') {
            out += fmt[i];
            continue;
        }
        if (++i >= fmt.size()) throw JinjaError("incomplete format");
        char c = fmt[i];
        if (c == '%') {
            out += '%';
            continue;
        }
        if (next >= args.size()) throw JinjaError("not enough arguments for format string");
        const Value& v = args[next++];
        switch (c) {
        case 's':
            out += v.toString();
            break;
        case 'r':
            out += v.repr();
            break;
        case 'd':
        case 'i':
            if (!v.isNumber()) throw JinjaError("%d format: a number is required, not " + v.typeName());
            out += std::to_string(v.isInt() ? v.intValue() : static_cast<int64_t>(v.asDouble()));
            break;
        case 'f': {
            if (!v.isNumber()) throw JinjaError("%f format: a number is required, not " + v.typeName());
            char buf[64];
            std::snprintf(buf, sizeof buf, "%f", v.asDouble());
            out += buf;
            break;
        }
        default:
            throw JinjaError(std::string("unsupported format character '") + c + "'");
        }
    }
    if (next < args.size()) throw JinjaError("not all arguments converted during string formatting");
    return out;
}

} // namespace

Value binaryOp(const std::string& op, const Value& a, const Value& b) {
    if (op == "~") {
        std::string s = a.toString() + b.toString();
        checkSize(s.size());
        return Value(std::move(s));
    }
    if (op == "+") {
        if (a.isInt() && b.isInt()) {
            int64_t r;
            if (__builtin_add_overflow(a.intValue(), b.intValue(), &r))
                throw JinjaError("integer overflow in '+'");
            return Value(r);
        }
        if (a.isNumber() && b.isNumber()) return Value(a.asDouble() + b.asDouble());
        if (a.isString() && b.isString()) {
            checkSize(a.str().size() + b.str().size());
            return Value(a.str() + b.str());
        }
        if (a.isSequence() && b.isSequence() && a.kind() == b.kind()) {
            List out = a.listItems();
            out.insert(out.end(), b.listItems().begin(), b.listItems().end());
            if (out.size() > kMaxListItems) throw JinjaError("list too large");
            return a.kind() == Kind::Tuple ? Value::tuple(std::move(out)) : Value::list(std::move(out));
        }
        unsupported(op, a, b);
    }
    if (op == "-") {
        if (a.isInt() && b.isInt()) {
            int64_t r;
            if (__builtin_sub_overflow(a.intValue(), b.intValue(), &r))
                throw JinjaError("integer overflow in '-'");
            return Value(r);
        }
        if (a.isNumber() && b.isNumber()) return Value(a.asDouble() - b.asDouble());
        unsupported(op, a, b);
    }
    if (op == "*") {
        if (a.isInt() && b.isInt()) {
            int64_t r;
            if (__builtin_mul_overflow(a.intValue(), b.intValue(), &r))
                throw JinjaError("integer overflow in '*'");
            return Value(r);
        }
        if (a.isNumber() && b.isNumber()) return Value(a.asDouble() * b.asDouble());
        if ((a.isString() || a.isSequence()) && b.isInt()) return repeat(a, b.intValue());
        if (a.isInt() && (b.isString() || b.isSequence())) return repeat(b, a.intValue());
        unsupported(op, a, b);
    }
    if (op == "/") {
        if (!a.isNumber() || !b.isNumber()) unsupported(op, a, b);
        if (b.asDouble() == 0) throw JinjaError("division by zero");
        return Value(a.asDouble() / b.asDouble());
    }
    if (op == "//") {
        if (!a.isNumber() || !b.isNumber()) unsupported(op, a, b);
        if (b.asDouble() == 0) throw JinjaError("integer division or modulo by zero");
        if (a.isInt() && b.isInt()) {
            if (a.intValue() == INT64_MIN && b.intValue() == -1) throw JinjaError("integer overflow in '//'");
            return Value(floorDiv(a.intValue(), b.intValue()));
        }
        return Value(std::floor(a.asDouble() / b.asDouble()));
    }
    if (op == "%") {
        if (a.isString()) return Value(percentFormat(a.str(), b));
        if (!a.isNumber() || !b.isNumber()) unsupported(op, a, b);
        if (b.asDouble() == 0) throw JinjaError("integer division or modulo by zero");
        if (a.isInt() && b.isInt()) {
            if (b.intValue() == -1) return Value(int64_t(0));
            return Value(a.intValue() - floorDiv(a.intValue(), b.intValue()) * b.intValue());
        }
        double m = std::fmod(a.asDouble(), b.asDouble());
        if (m != 0 && ((m < 0) != (b.asDouble() < 0))) m += b.asDouble();
        return Value(m);
    }
    if (op == "**") {
        if (!a.isNumber() || !b.isNumber()) unsupported(op, a, b);
        if (a.isInt() && b.isInt() && b.intValue() >= 0) {
            int64_t r = 1, base = a.intValue();
            for (int64_t e = b.intValue(); e > 0; --e) {
                if (__builtin_mul_overflow(r, base, &r)) throw JinjaError("integer overflow in '**'");
                if (r == 0 || r == 1) break;
            }
            return Value(r);
        }
        return Value(std::pow(a.asDouble(), b.asDouble()));
    }
    throw JinjaError("unknown operator '" + op + "'");
}

Value unaryOp(const std::string& op, const Value& a) {
    if (op == "not") return Value(!a.truthy());
    if (!a.isNumber()) throw JinjaError("bad operand type for unary " + op + ": '" + a.typeName() + "'");
    if (op == "+") return a.isBool() ? Value(a.intValue()) : a;
    if (a.isFloat()) return Value(-a.floatValue());
    if (a.intValue() == INT64_MIN) throw JinjaError("integer overflow in unary '-'");
    return Value(-a.intValue());
}

bool containsValue(const Value& container, const Value& item) {
    switch (container.kind()) {
    case Kind::String:
        if (!item.isString())
            throw JinjaError("'in <string>' requires string as left operand, not " + item.typeName());
        return container.str().find(item.str()) != std::string::npos;
    case Kind::List:
    case Kind::Tuple:
        for (const auto& v : container.listItems())
            if (equals(v, item)) return true;
        return false;
    case Kind::Dict:
    case Kind::Namespace:
        return container.dictItems().findKey(item) != nullptr;
    case Kind::Undefined:
        return false; // jinja2's Undefined iterates as empty
    default:
        throw JinjaError("argument of type '" + container.typeName() + "' is not iterable");
    }
}

List iterateValue(const Value& v) {
    switch (v.kind()) {
    case Kind::List:
    case Kind::Tuple:
        return v.listItems();
    case Kind::Dict: {
        List keys;
        for (const auto& kv : v.dictItems().items)
            keys.emplace_back(kv.first);
        return keys;
    }
    case Kind::String: {
        List chars;
        for (auto& c : utf8Chars(v.str()))
            chars.emplace_back(std::move(c));
        return chars;
    }
    case Kind::Undefined:
        return {};
    default:
        throw JinjaError("'" + v.typeName() + "' object is not iterable");
    }
}

namespace {

// Python's slice.indices(): clamps start/stop for the given length and step.
void sliceIndices(int64_t len, const Value& startV, const Value& stopV, const Value& stepV, int64_t& start,
                  int64_t& stop, int64_t& step) {
    auto asIndex = [](const Value& v, const char* what) {
        if (!v.isInt())
            throw JinjaError(std::string("slice ") + what + " must be an integer or none, not " +
                             v.typeName());
        return v.intValue();
    };
    step = (stepV.isNone() || stepV.isUndefined()) ? 1 : asIndex(stepV, "step");
    if (step == 0) throw JinjaError("slice step cannot be zero");
    if (step == INT64_MIN) step = -INT64_MAX;
    auto clamp = [&](const Value& v, int64_t def) -> int64_t {
        if (v.isNone() || v.isUndefined()) return def;
        int64_t i = asIndex(v, "index");
        if (i < 0) {
            i += len;
            if (i < 0) i = step < 0 ? -1 : 0;
        } else if (i >= len) {
            i = step < 0 ? len - 1 : len;
        }
        return i;
    };
    start = clamp(startV, step < 0 ? len - 1 : 0);
    stop = clamp(stopV, step < 0 ? -1 : len);
}

} // namespace

Value sliceValue(const Value& obj, const Value& startV, const Value& stopV, const Value& stepV) {
    if (obj.isUndefined()) return obj;
    std::vector<std::string> chars;
    int64_t len;
    if (obj.isString())
        chars = utf8Chars(obj.str()), len = static_cast<int64_t>(chars.size());
    else if (obj.isSequence())
        len = static_cast<int64_t>(obj.listItems().size());
    else
        throw JinjaError("'" + obj.typeName() + "' object is not subscriptable");
    int64_t start, stop, step;
    sliceIndices(len, startV, stopV, stepV, start, stop, step);
    std::vector<int64_t> idx;
    for (int64_t i = start; step > 0 ? i < stop : i > stop; i += step)
        idx.push_back(i);
    if (obj.isString()) {
        std::string out;
        for (int64_t i : idx)
            out += chars[static_cast<size_t>(i)];
        return Value(std::move(out));
    }
    List out;
    for (int64_t i : idx)
        out.push_back(obj.listItems()[static_cast<size_t>(i)]);
    return obj.kind() == Kind::Tuple ? Value::tuple(std::move(out)) : Value::list(std::move(out));
}

Value getItem(const Value& obj, const Value& key) {
    switch (obj.kind()) {
    case Kind::Dict:
    case Kind::Namespace:
        if (const Value* v = obj.dictItems().findKey(key)) return *v;
        if (key.isString()) return obj.isDict() ? getAttribute(obj, key.str()) : Value::undefined(key.str());
        return Value::undefined();
    case Kind::List:
    case Kind::Tuple:
    case Kind::String: {
        if (!key.isInt()) return key.isString() ? getAttribute(obj, key.str()) : Value::undefined();
        int64_t i = key.intValue();
        if (obj.isString()) {
            auto chars = utf8Chars(obj.str());
            int64_t n = static_cast<int64_t>(chars.size());
            if (i < 0) i += n;
            if (i < 0 || i >= n) return Value::undefined();
            return Value(chars[static_cast<size_t>(i)]);
        }
        int64_t n = static_cast<int64_t>(obj.listItems().size());
        if (i < 0) i += n;
        if (i < 0 || i >= n) return Value::undefined();
        return obj.listItems()[static_cast<size_t>(i)];
    }
    default:
        return Value::undefined();
    }
}

} // namespace realm::jinja

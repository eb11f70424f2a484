// Methods of Python's str, dict and list that templates call (message.content.strip(), d.items()).
#include "chat/jinja_builtins.h"
#include "chat/jinja_error.h"
#include "chat/jinja_string.h"

namespace realm::jinja {

namespace {

std::string requireString(const CallArgs& a, size_t i, const char* name) {
    Value v = a.get(i, name);
    if (!v.isString()) throw JinjaError(a.callee + "() argument must be str, not " + v.typeName());
    return v.str();
}

// startswith/endswith accept a string or a tuple of strings.
bool matchesAffix(const std::string& s, const Value& affix, bool prefix, const std::string& callee) {
    auto one = [&](const Value& v) {
        if (!v.isString())
            throw JinjaError(callee + "() argument must be str or a tuple of str, not " + v.typeName());
        const std::string& a = v.str();
        if (a.size() > s.size()) return false;
        return prefix ? s.compare(0, a.size(), a) == 0 : s.compare(s.size() - a.size(), a.size(), a) == 0;
    };
    if (affix.isSequence()) {
        for (const auto& v : affix.listItems())
            if (one(v)) return true;
        return false;
    }
    return one(affix);
}

int64_t codePointIndex(const std::string& s, size_t byteOffset) {
    return static_cast<int64_t>(utf8Length(s.substr(0, byteOffset)));
}

// str.format with {} / {0} / {name} fields (no format specs beyond plain conversion).
std::string pythonFormat(const std::string& fmt, const CallArgs& a) {
    std::string out;
    size_t autoIndex = 0;
    for (size_t i = 0; i < fmt.size(); ++i) {
        char c = fmt[i];
        if (c == '{' && i + 1 < fmt.size() && fmt[i + 1] == '{') {
            out += '{';
            ++i;
        } else if (c == '}' && i + 1 < fmt.size() && fmt[i + 1] == '}') {
            out += '}';
            ++i;
        } else if (c == '{') {
            size_t e = fmt.find('}', i);
            if (e == std::string::npos) throw JinjaError("single '{' encountered in format string");
            std::string field = fmt.substr(i + 1, e - i - 1);
            std::string spec;
            if (size_t colon = field.find(':'); colon != std::string::npos) {
                spec = field.substr(colon + 1);
                field = field.substr(0, colon);
            }
            if (!spec.empty()) throw JinjaError("format specifications are not supported: '" + spec + "'");
            Value v;
            if (field.empty()) {
                if (autoIndex >= a.positional.size())
                    throw JinjaError("format(): replacement index out of range");
                v = a.positional[autoIndex++];
            } else if (std::all_of(field.begin(), field.end(), [](char d) { return d >= '0' && d <= '9'; })) {
                size_t k = std::stoul(field);
                if (k >= a.positional.size()) throw JinjaError("format(): replacement index out of range");
                v = a.positional[k];
            } else {
                bool found = false;
                for (const auto& kv : a.keyword)
                    if (kv.first == field) v = kv.second, found = true;
                if (!found) throw JinjaError("format(): missing key '" + field + "'");
            }
            out += v.toString();
            i = e;
        } else if (c == '}') {
            throw JinjaError("single '}' encountered in format string");
        } else {
            out += c;
        }
    }
    return out;
}

Value stringMethod(const std::string& s, const std::string& name, const CallArgs& a) {
    if (name == "strip" || name == "lstrip" || name == "rstrip") {
        Value chars = a.get(0, "chars", Value::none());
        if (!chars.isNone() && !chars.isString()) throw JinjaError(name + " arg must be None or str");
        StripMode mode = name == "strip"    ? StripMode::Both
                         : name == "lstrip" ? StripMode::Left
                                            : StripMode::Right;
        return Value(pythonStrip(s, chars.isString() ? &chars.str() : nullptr, mode));
    }
    if (name == "split" || name == "rsplit") {
        Value sep = a.get(0, "sep", Value::none());
        Value maxsplit = a.get(1, "maxsplit", Value(int64_t(-1)));
        if (!sep.isNone() && !sep.isString()) throw JinjaError("must be str or None, not " + sep.typeName());
        if (!maxsplit.isInt()) throw JinjaError("maxsplit must be an integer");
        List out;
        for (auto& p :
             pythonSplit(s, sep.isString() ? &sep.str() : nullptr, maxsplit.intValue(), name == "rsplit"))
            out.emplace_back(std::move(p));
        return Value::list(std::move(out));
    }
    if (name == "splitlines") {
        List out;
        for (auto& p : pythonSplitLines(s, a.get(0, "keepends", Value(false)).truthy()))
            out.emplace_back(std::move(p));
        return Value::list(std::move(out));
    }
    if (name == "startswith" || name == "endswith")
        return Value(matchesAffix(s, a.get(0, "prefix"), name == "startswith", name));
    if (name == "replace") {
        Value count = a.get(2, "count", Value(int64_t(-1)));
        return Value(pythonReplace(s, requireString(a, 0, "old"), requireString(a, 1, "new"),
                                   count.isInt() ? count.intValue() : -1));
    }
    if (name == "upper") return Value(asciiUpper(s));
    if (name == "lower") return Value(asciiLower(s));
    if (name == "title") return Value(pythonTitle(s));
    if (name == "capitalize") return Value(pythonCapitalize(s));
    if (name == "swapcase") {
        std::string out = s;
        for (char& c : out)
            if (c >= 'a' && c <= 'z')
                c = static_cast<char>(c - 32);
            else if (c >= 'A' && c <= 'Z')
                c = static_cast<char>(c + 32);
        return Value(out);
    }
    if (name == "find" || name == "rfind" || name == "index" || name == "rindex") {
        std::string sub = requireString(a, 0, "sub");
        size_t p = (name == "find" || name == "index") ? s.find(sub) : s.rfind(sub);
        if (p == std::string::npos) {
            if (name == "index" || name == "rindex") throw JinjaError("substring not found");
            return Value(int64_t(-1));
        }
        return Value(codePointIndex(s, p));
    }
    if (name == "count") {
        std::string sub = requireString(a, 0, "sub");
        if (sub.empty()) return Value(static_cast<int64_t>(utf8Length(s) + 1));
        int64_t n = 0;
        for (size_t p = s.find(sub); p != std::string::npos; p = s.find(sub, p + sub.size()))
            ++n;
        return Value(n);
    }
    if (name == "join") {
        std::string out;
        bool first = true;
        for (const auto& v : iterateValue(a.get(0, "iterable"))) {
            if (!v.isString())
                throw JinjaError("sequence item: expected str instance, " + v.typeName() + " found");
            if (!first) out += s;
            first = false;
            out += v.str();
            if (out.size() > kMaxValueBytes) throw JinjaError("value too large");
        }
        return Value(std::move(out));
    }
    if (name == "format") return Value(pythonFormat(s, a));
    if (name == "removeprefix" || name == "removesuffix") {
        std::string affix = requireString(a, 0, "affix");
        bool pre = name == "removeprefix";
        if (matchesAffix(s, Value(affix), pre, name))
            return Value(pre ? s.substr(affix.size()) : s.substr(0, s.size() - affix.size()));
        return Value(s);
    }
    if (name == "isdigit" || name == "isalpha" || name == "isalnum" || name == "isspace" ||
        name == "isupper" || name == "islower")
        return Value(pythonIsClass(s, name));
    throw JinjaError("'str' object has no attribute '" + name + "'");
}

bool isStringMethod(const std::string& n) {
    static const char* const names[] = {
        "strip",   "lstrip",  "rstrip",  "split",   "rsplit",     "splitlines",   "startswith",   "endswith",
        "replace", "upper",   "lower",   "title",   "capitalize", "swapcase",     "find",         "rfind",
        "index",   "rindex",  "count",   "join",    "format",     "removeprefix", "removesuffix", "isdigit",
        "isalpha", "isalnum", "isspace", "isupper", "islower"};
    for (const char* m : names)
        if (n == m) return true;
    return false;
}

bool isDictMethod(const std::string& n) {
    return n == "get" || n == "items" || n == "keys" || n == "values";
}
bool isListMethod(const std::string& n) {
    return n == "append" || n == "index" || n == "count" || n == "pop";
}

Value dictMethod(const Value& self, const std::string& name, const CallArgs& a) {
    const Dict& d = self.dictItems();
    if (name == "get") {
        Value key = a.get(0, "key");
        Value fallback = a.get(1, "default", Value::none());
        const Value* v = d.findKey(key);
        return v ? *v : fallback;
    }
    List out;
    for (const auto& kv : d.items) {
        if (name == "items")
            out.push_back(Value::tuple({kv.first, kv.second}));
        else if (name == "keys")
            out.emplace_back(kv.first);
        else
            out.push_back(kv.second);
    }
    return Value::list(std::move(out));
}

Value listMethod(const Value& self, const std::string& name, const CallArgs& a) {
    List& l = self.listItems();
    if (name == "append") {
        if (self.kind() != Kind::List) throw JinjaError("'tuple' object has no attribute 'append'");
        if (l.size() >= kMaxListItems) throw JinjaError("list too large");
        l.push_back(a.get(0, "object"));
        return Value::none();
    }
    if (name == "pop") {
        if (self.kind() != Kind::List) throw JinjaError("'tuple' object has no attribute 'pop'");
        if (l.empty()) throw JinjaError("pop from empty list");
        Value idx = a.get(0, "index", Value(int64_t(-1)));
        int64_t i = idx.isInt() ? idx.intValue() : -1;
        if (i < 0) i += static_cast<int64_t>(l.size());
        if (i < 0 || i >= static_cast<int64_t>(l.size())) throw JinjaError("pop index out of range");
        Value v = l[static_cast<size_t>(i)];
        l.erase(l.begin() + i);
        return v;
    }
    Value x = a.get(0, "value");
    int64_t n = 0;
    for (size_t i = 0; i < l.size(); ++i) {
        if (!equals(l[i], x)) continue;
        if (name == "index") return Value(static_cast<int64_t>(i));
        ++n;
    }
    if (name == "index") throw JinjaError(x.repr() + " is not in list");
    return Value(n);
}

} // namespace

Value getAttribute(const Value& obj, const std::string& name) {
    switch (obj.kind()) {
    case Kind::String:
        if (isStringMethod(name)) {
            std::string s = obj.str();
            return Value::callable(name, [s, name](CallArgs& a) { return stringMethod(s, name, a); });
        }
        return Value::undefined(name);
    case Kind::Dict:
        if (isDictMethod(name))
            return Value::callable(name, [obj, name](CallArgs& a) { return dictMethod(obj, name, a); });
        [[fallthrough]];
    case Kind::Namespace:
        if (const Value* v = obj.dictItems().find(name)) return *v;
        return Value::undefined(name);
    case Kind::List:
    case Kind::Tuple:
        if (isListMethod(name))
            return Value::callable(name, [obj, name](CallArgs& a) { return listMethod(obj, name, a); });
        return Value::undefined(name);
    default:
        return Value::undefined(name);
    }
}

} // namespace realm::jinja

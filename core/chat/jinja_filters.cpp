// jinja2's built-in filters and tests, plus Hugging Face's tojson.
#include "chat/jinja_builtins.h"
#include "chat/jinja_error.h"
#include "chat/jinja_string.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace realm::jinja {

namespace {

using FilterFn = Value (*)(const Value&, const CallArgs&);
using TestFn = bool (*)(const Value&, const CallArgs&);

std::string stringArg(const CallArgs& a, size_t i, const char* name, const std::string& fallback) {
    Value v = a.get(i, name, Value(fallback));
    if (!v.isString()) throw JinjaError(a.callee + ": argument '" + name + "' must be a string");
    return v.str();
}

// attribute="a.b" or "0": dotted lookup as jinja2's make_attrgetter does.
Value lookupPath(const Value& item, const Value& path) {
    if (path.isInt()) return getItem(item, path);
    if (!path.isString()) throw JinjaError("attribute must be a string or an integer");
    Value cur = item;
    const std::string& p = path.str();
    size_t start = 0;
    for (;;) {
        size_t dot = p.find('.', start);
        std::string part = p.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        bool numeric = !part.empty() &&
                       std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; });
        cur =
            numeric ? getItem(cur, Value(static_cast<int64_t>(std::stoll(part)))) : getItem(cur, Value(part));
        if (dot == std::string::npos) return cur;
        start = dot + 1;
    }
}

std::string lowerIfString(const Value& v, std::string* out) {
    *out = asciiLower(v.str());
    return *out;
}

// Sort key comparison with jinja2's case_sensitive=False default for strings.
int compareKeys(const Value& a, const Value& b, bool caseSensitive) {
    if (!caseSensitive && a.isString() && b.isString()) {
        std::string x, y;
        return compare(Value(lowerIfString(a, &x)), Value(lowerIfString(b, &y)));
    }
    return compare(a, b);
}

Value fAbs(const Value& v, const CallArgs&) {
    if (!v.isNumber()) throw JinjaError("bad operand type for abs(): '" + v.typeName() + "'");
    if (v.isFloat()) return Value(std::fabs(v.floatValue()));
    if (v.intValue() == INT64_MIN) throw JinjaError("integer overflow in abs");
    return Value(v.intValue() < 0 ? -v.intValue() : v.intValue());
}

Value fAttr(const Value& v, const CallArgs& a) {
    return getAttribute(v, stringArg(a, 0, "name", ""));
}

Value fBatch(const Value& v, const CallArgs& a) {
    Value n = a.get(0, "linecount");
    if (!n.isInt() || n.intValue() <= 0) throw JinjaError("batch: linecount must be a positive integer");
    Value fill = a.get(1, "fill_with", Value::none());
    List out, cur;
    for (const auto& item : iterateValue(v)) {
        cur.push_back(item);
        if (static_cast<int64_t>(cur.size()) == n.intValue())
            out.push_back(Value::list(std::move(cur))), cur.clear();
    }
    if (!cur.empty()) {
        if (!fill.isNone())
            while (static_cast<int64_t>(cur.size()) < n.intValue())
                cur.push_back(fill);
        out.push_back(Value::list(std::move(cur)));
    }
    return Value::list(std::move(out));
}

Value fCapitalize(const Value& v, const CallArgs&) {
    return Value(pythonCapitalize(v.toString()));
}

Value fLength(const Value& v, const CallArgs&) {
    switch (v.kind()) {
    case Kind::String:
        return Value(static_cast<int64_t>(utf8Length(v.str())));
    case Kind::List:
    case Kind::Tuple:
        return Value(static_cast<int64_t>(v.listItems().size()));
    case Kind::Dict:
    case Kind::Namespace:
        return Value(static_cast<int64_t>(v.dictItems().items.size()));
    case Kind::Undefined:
        return Value(int64_t(0));
    default:
        throw JinjaError("object of type '" + v.typeName() + "' has no len()");
    }
}

Value fDefault(const Value& v, const CallArgs& a) {
    Value fallback = a.get(0, "default_value", Value(std::string()));
    bool boolean = a.get(1, "boolean", Value(false)).truthy();
    if (v.isUndefined() || (boolean && !v.truthy())) return fallback;
    return v;
}

Value fDictsort(const Value& v, const CallArgs& a) {
    if (!v.isMapping()) throw JinjaError("dictsort: expected a mapping, got " + v.typeName());
    bool caseSensitive = a.get(0, "case_sensitive", Value(false)).truthy();
    std::string by = stringArg(a, 1, "by", "key");
    bool reverse = a.get(2, "reverse", Value(false)).truthy();
    if (by != "key" && by != "value")
        throw JinjaError("dictsort: you can only sort by either 'key' or 'value'");
    List items;
    for (const auto& kv : v.dictItems().items)
        items.push_back(Value::tuple({kv.first, kv.second}));
    size_t k = by == "key" ? 0 : 1;
    std::stable_sort(items.begin(), items.end(), [&](const Value& x, const Value& y) {
        int c = compareKeys(x.listItems()[k], y.listItems()[k], caseSensitive);
        return reverse ? c > 0 : c < 0;
    });
    return Value::list(std::move(items));
}

Value fEscape(const Value& v, const CallArgs&) {
    return Value(htmlEscape(v.toString()));
}

Value fFirst(const Value& v, const CallArgs&) {
    List items = iterateValue(v);
    return items.empty() ? Value::undefined("first") : items.front();
}

Value fLast(const Value& v, const CallArgs&) {
    List items = iterateValue(v);
    return items.empty() ? Value::undefined("last") : items.back();
}

Value fFloat(const Value& v, const CallArgs& a) {
    Value fallback = a.get(0, "default", Value(0.0));
    if (v.isNumber()) return Value(v.asDouble());
    if (v.isString()) {
        std::string s = pythonStrip(v.str(), nullptr, StripMode::Both);
        char* end = nullptr;
        double d = std::strtod(s.c_str(), &end);
        if (!s.empty() && end == s.c_str() + s.size()) return Value(d);
    }
    return fallback;
}

Value fInt(const Value& v, const CallArgs& a) {
    Value fallback = a.get(0, "default", Value(int64_t(0)));
    Value baseV = a.get(1, "base", Value(int64_t(10)));
    if (v.isInt()) return Value(v.intValue());
    if (v.isFloat()) {
        double d = v.floatValue();
        if (!std::isfinite(d) || std::fabs(d) > 9.2e18) return fallback;
        return Value(static_cast<int64_t>(d));
    }
    if (v.isString()) {
        std::string s;
        for (char c : pythonStrip(v.str(), nullptr, StripMode::Both))
            if (c != '_') s += c;
        int base = baseV.isInt() ? static_cast<int>(baseV.intValue()) : 10;
        if (base < 2 || base > 36) base = 10;
        errno = 0;
        char* end = nullptr;
        long long n = std::strtoll(s.c_str(), &end, base);
        if (!s.empty() && end == s.c_str() + s.size() && errno == 0) return Value(static_cast<int64_t>(n));
        // jinja2 falls back to int(float(value)).
        double d = std::strtod(s.c_str(), &end);
        if (!s.empty() && end == s.c_str() + s.size() && std::isfinite(d) && std::fabs(d) < 9.2e18)
            return Value(static_cast<int64_t>(d));
    }
    return fallback;
}

Value fFormat(const Value& v, const CallArgs& a) {
    if (!a.keyword.empty()) throw JinjaError("format: keyword arguments are not supported");
    return binaryOp("%", Value(v.toString()), Value::tuple(a.positional));
}

Value fIndent(const Value& v, const CallArgs& a) {
    Value width = a.get(0, "width", Value(int64_t(4)));
    bool first = a.get(1, "first", Value(false)).truthy();
    bool blank = a.get(2, "blank", Value(false)).truthy();
    std::string pad = width.isString() ? width.str()
                                       : std::string(static_cast<size_t>(std::clamp<int64_t>(
                                                         width.isInt() ? width.intValue() : 4, 0, 1000)),
                                                     ' ');
    // Like jinja2: a newline is appended before splitting so that a trailing newline survives.
    std::vector<std::string> lines = pythonSplitLines(v.toString() + "\n", false);
    std::string out;
    for (size_t i = 0; i < lines.size(); ++i) {
        if (i) out += '\n';
        if (i && (blank || !lines[i].empty())) out += pad;
        out += lines[i];
    }
    if (first) out = pad + out;
    return Value(std::move(out));
}

Value fItems(const Value& v, const CallArgs&) {
    if (v.isUndefined()) return Value::list();
    if (!v.isMapping())
        throw JinjaError("items: can only get item pairs from a mapping, got " + v.typeName());
    List out;
    for (const auto& kv : v.dictItems().items)
        out.push_back(Value::tuple({kv.first, kv.second}));
    return Value::list(std::move(out));
}

Value fJoin(const Value& v, const CallArgs& a) {
    std::string sep = stringArg(a, 0, "d", "");
    Value attr = a.get(1, "attribute", Value::none());
    std::string out;
    bool first = true;
    for (const auto& item : iterateValue(v)) {
        if (!first) out += sep;
        first = false;
        out += (attr.isNone() ? item : lookupPath(item, attr)).toString();
        if (out.size() > kMaxValueBytes) throw JinjaError("value too large");
    }
    return Value(std::move(out));
}

Value fList(const Value& v, const CallArgs&) {
    return Value::list(iterateValue(v));
}
Value fLower(const Value& v, const CallArgs&) {
    return Value(asciiLower(v.toString()));
}
Value fUpper(const Value& v, const CallArgs&) {
    return Value(asciiUpper(v.toString()));
}
// jinja2's title filter is not str.title(): words start only after whitespace, '-' or an
// opening bracket, so "they're" stays "They're".
Value fTitle(const Value& v, const CallArgs&) {
    std::string out;
    bool wordStart = true;
    for (char c : v.toString()) {
        bool delimiter = c == '-' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
                         c == '\v' || c == '(' || c == '{' || c == '[' || c == '<';
        if (delimiter)
            out += c;
        else
            out += wordStart ? asciiUpper(std::string(1, c)) : asciiLower(std::string(1, c));
        wordStart = delimiter;
    }
    return Value(std::move(out));
}
Value fSafe(const Value& v, const CallArgs&) {
    return v;
}
Value fString(const Value& v, const CallArgs&) {
    return Value(v.toString());
}

Value fTrim(const Value& v, const CallArgs& a) {
    Value chars = a.get(0, "chars", Value::none());
    return Value(pythonStrip(v.toString(), chars.isString() ? &chars.str() : nullptr, StripMode::Both));
}

Value fReplace(const Value& v, const CallArgs& a) {
    Value count = a.get(2, "count", Value::none());
    return Value(pythonReplace(v.toString(), a.get(0, "old").toString(), a.get(1, "new").toString(),
                               count.isInt() ? count.intValue() : -1));
}

Value fReverse(const Value& v, const CallArgs&) {
    if (v.isString()) {
        auto chars = utf8Chars(v.str());
        std::string out;
        for (auto it = chars.rbegin(); it != chars.rend(); ++it)
            out += *it;
        return Value(std::move(out));
    }
    List items = iterateValue(v);
    std::reverse(items.begin(), items.end());
    return Value::list(std::move(items));
}

Value fRound(const Value& v, const CallArgs& a) {
    if (!v.isNumber()) throw JinjaError("round: expected a number, got " + v.typeName());
    Value precision = a.get(0, "precision", Value(int64_t(0)));
    std::string method = stringArg(a, 1, "method", "common");
    double scale = std::pow(10.0, static_cast<double>(precision.isInt() ? precision.intValue() : 0));
    double x = v.asDouble() * scale;
    if (method == "common")
        x = std::nearbyint(x); // Python's round(): halves go to the even neighbour
    else if (method == "floor")
        x = std::floor(x);
    else if (method == "ceil")
        x = std::ceil(x);
    else
        throw JinjaError("round: method must be 'common', 'ceil' or 'floor'");
    return Value(x / scale);
}

// map(attribute=...) or map('filter', args...).
Value fMap(const Value& v, const CallArgs& a) {
    List out;
    if (!v.truthy()) return Value::list(); // jinja2 maps nothing over a falsy value (none, undefined)
    Value attr = a.get(SIZE_MAX, "attribute", Value::undefined());
    if (!attr.isUndefined()) {
        Value fallback = a.get(SIZE_MAX, "default", Value::undefined());
        for (const auto& item : iterateValue(v)) {
            Value r = lookupPath(item, attr);
            out.push_back(r.isUndefined() && !fallback.isUndefined() ? fallback : r);
        }
        return Value::list(std::move(out));
    }
    if (a.positional.empty() || !a.positional[0].isString())
        throw JinjaError("map: expected a filter name or attribute=");
    CallArgs rest;
    rest.positional.assign(a.positional.begin() + 1, a.positional.end());
    rest.keyword = a.keyword;
    rest.callee = a.positional[0].str();
    for (const auto& item : iterateValue(v))
        out.push_back(applyFilter(a.positional[0].str(), item, rest));
    return Value::list(std::move(out));
}

Value selectImpl(const Value& v, const CallArgs& a, bool byAttribute, bool keep) {
    size_t argStart = byAttribute ? 1 : 0;
    Value attr = byAttribute ? a.get(0, "attribute") : Value();
    CallArgs testArgs;
    std::string test;
    if (a.positional.size() > argStart) {
        if (!a.positional[argStart].isString()) throw JinjaError(a.callee + ": test name must be a string");
        test = a.positional[argStart].str();
        testArgs.positional.assign(a.positional.begin() + static_cast<long>(argStart) + 1,
                                   a.positional.end());
        testArgs.callee = test;
    }
    List out;
    if (!v.truthy()) return Value::list(); // jinja2 selects nothing from a falsy value (none, undefined)
    for (const auto& item : iterateValue(v)) {
        Value subject = byAttribute ? lookupPath(item, attr) : item;
        bool ok = test.empty() ? subject.truthy() : applyTest(test, subject, testArgs);
        if (ok == keep) out.push_back(item);
    }
    return Value::list(std::move(out));
}

Value fSelect(const Value& v, const CallArgs& a) {
    return selectImpl(v, a, false, true);
}
Value fReject(const Value& v, const CallArgs& a) {
    return selectImpl(v, a, false, false);
}
Value fSelectattr(const Value& v, const CallArgs& a) {
    return selectImpl(v, a, true, true);
}
Value fRejectattr(const Value& v, const CallArgs& a) {
    return selectImpl(v, a, true, false);
}

Value fSort(const Value& v, const CallArgs& a) {
    bool reverse = a.get(0, "reverse", Value(false)).truthy();
    bool caseSensitive = a.get(1, "case_sensitive", Value(false)).truthy();
    Value attr = a.get(2, "attribute", Value::none());
    List items = iterateValue(v);
    std::stable_sort(items.begin(), items.end(), [&](const Value& x, const Value& y) {
        Value kx = attr.isNone() ? x : lookupPath(x, attr);
        Value ky = attr.isNone() ? y : lookupPath(y, attr);
        int c = compareKeys(kx, ky, caseSensitive);
        return reverse ? c > 0 : c < 0;
    });
    return Value::list(std::move(items));
}

Value fUnique(const Value& v, const CallArgs& a) {
    bool caseSensitive = a.get(0, "case_sensitive", Value(false)).truthy();
    Value attr = a.get(1, "attribute", Value::none());
    List out, seen;
    for (const auto& item : iterateValue(v)) {
        Value key = attr.isNone() ? item : lookupPath(item, attr);
        if (!caseSensitive && key.isString()) key = Value(asciiLower(key.str()));
        bool dup = false;
        for (const auto& s : seen)
            dup = dup || equals(s, key);
        if (dup) continue;
        seen.push_back(key);
        out.push_back(item);
    }
    return Value::list(std::move(out));
}

Value minMax(const Value& v, const CallArgs& a, bool wantMax) {
    bool caseSensitive = a.get(0, "case_sensitive", Value(false)).truthy();
    Value attr = a.get(1, "attribute", Value::none());
    List items = iterateValue(v);
    if (items.empty()) return Value::undefined(wantMax ? "max" : "min");
    size_t best = 0;
    for (size_t i = 1; i < items.size(); ++i) {
        Value x = attr.isNone() ? items[i] : lookupPath(items[i], attr);
        Value b = attr.isNone() ? items[best] : lookupPath(items[best], attr);
        int c = compareKeys(x, b, caseSensitive);
        if (wantMax ? c > 0 : c < 0) best = i;
    }
    return items[best];
}

Value fMax(const Value& v, const CallArgs& a) {
    return minMax(v, a, true);
}
Value fMin(const Value& v, const CallArgs& a) {
    return minMax(v, a, false);
}

Value fSum(const Value& v, const CallArgs& a) {
    Value attr = a.get(0, "attribute", Value::none());
    Value total = a.get(1, "start", Value(int64_t(0)));
    for (const auto& item : iterateValue(v))
        total = binaryOp("+", total, attr.isNone() ? item : lookupPath(item, attr));
    return total;
}

Value fToJson(const Value& v, const CallArgs& a) {
    JsonOptions o;
    Value indent = a.get(0, "indent", Value::none());
    if (indent.isInt()) {
        o.hasIndent = true;
        o.indent = std::string(static_cast<size_t>(std::clamp<int64_t>(indent.intValue(), 0, 1000)), ' ');
    } else if (indent.isString()) {
        o.hasIndent = true;
        o.indent = indent.str();
    }
    if (o.hasIndent) o.itemSeparator = ",";
    Value seps = a.get(1, "separators", Value::none());
    if (seps.isSequence() && seps.listItems().size() == 2) {
        o.itemSeparator = seps.listItems()[0].toString();
        o.keySeparator = seps.listItems()[1].toString();
    }
    o.sortKeys = a.get(2, "sort_keys", Value(false)).truthy();
    return Value(toJson(v, o));
}

Value fWordcount(const Value& v, const CallArgs&) {
    // \w+ runs: letters, digits, underscore (non-ASCII counts as a word character).
    int64_t n = 0;
    bool in = false;
    for (unsigned char c : v.toString()) {
        bool w = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                 c >= 0x80;
        if (w && !in) ++n;
        in = w;
    }
    return Value(n);
}

// jinja2's truncate with its default leeway of 5 characters.
Value fTruncate(const Value& v, const CallArgs& a) {
    std::string s = v.toString();
    Value lengthV = a.get(0, "length", Value(int64_t(255)));
    bool killwords = a.get(1, "killwords", Value(false)).truthy();
    std::string end = stringArg(a, 2, "end", "...");
    Value leewayV = a.get(3, "leeway", Value(int64_t(5)));
    int64_t length = lengthV.isInt() ? lengthV.intValue() : 255;
    int64_t leeway = leewayV.isInt() ? leewayV.intValue() : 5;
    auto chars = utf8Chars(s);
    int64_t n = static_cast<int64_t>(chars.size());
    if (length < static_cast<int64_t>(utf8Length(end)))
        throw JinjaError("truncate: length must be at least the length of end");
    if (n <= length + leeway) return Value(s);
    std::string head;
    for (int64_t i = 0; i < length - static_cast<int64_t>(utf8Length(end)); ++i)
        head += chars[static_cast<size_t>(i)];
    if (!killwords) {
        size_t sp = head.rfind(' ');
        if (sp != std::string::npos) head.resize(sp);
    }
    return Value(head + end);
}

Value fPprint(const Value& v, const CallArgs&) {
    return Value(v.repr());
}

Value fCenter(const Value& v, const CallArgs& a) {
    std::string s = v.toString();
    Value w = a.get(0, "width", Value(int64_t(80)));
    int64_t width = std::min<int64_t>(w.isInt() ? w.intValue() : 80, 100000);
    int64_t len = static_cast<int64_t>(utf8Length(s));
    if (width <= len) return Value(s);
    // Python's str.center puts the extra space on the right when the padding is odd and len is even.
    int64_t total = width - len;
    int64_t left = total / 2 + (total & width & 1);
    return Value(std::string(static_cast<size_t>(left), ' ') + s +
                 std::string(static_cast<size_t>(total - left), ' '));
}

const std::map<std::string, FilterFn>& filters() {
    static const std::map<std::string, FilterFn> table = {
        {"abs", fAbs},
        {"attr", fAttr},
        {"batch", fBatch},
        {"capitalize", fCapitalize},
        {"center", fCenter},
        {"count", fLength},
        {"d", fDefault},
        {"default", fDefault},
        {"dictsort", fDictsort},
        {"e", fEscape},
        {"escape", fEscape},
        {"forceescape", fEscape},
        {"first", fFirst},
        {"float", fFloat},
        {"format", fFormat},
        {"indent", fIndent},
        {"int", fInt},
        {"items", fItems},
        {"join", fJoin},
        {"last", fLast},
        {"length", fLength},
        {"list", fList},
        {"lower", fLower},
        {"map", fMap},
        {"max", fMax},
        {"min", fMin},
        {"pprint", fPprint},
        {"reject", fReject},
        {"rejectattr", fRejectattr},
        {"replace", fReplace},
        {"reverse", fReverse},
        {"round", fRound},
        {"safe", fSafe},
        {"select", fSelect},
        {"selectattr", fSelectattr},
        {"sort", fSort},
        {"string", fString},
        {"sum", fSum},
        {"title", fTitle},
        {"tojson", fToJson},
        {"trim", fTrim},
        {"truncate", fTruncate},
        {"unique", fUnique},
        {"upper", fUpper},
        {"wordcount", fWordcount},
    };
    return table;
}

// ---- tests ----

Value testArg(const CallArgs& a) {
    if (a.positional.empty()) throw JinjaError("test '" + a.callee + "' needs an argument");
    return a.positional[0];
}

bool tDefined(const Value& v, const CallArgs&) {
    return !v.isUndefined();
}
bool tUndefined(const Value& v, const CallArgs&) {
    return v.isUndefined();
}
bool tNone(const Value& v, const CallArgs&) {
    return v.isNone();
}
bool tBoolean(const Value& v, const CallArgs&) {
    return v.isBool();
}
bool tTrue(const Value& v, const CallArgs&) {
    return v.isBool() && v.boolValue();
}
bool tFalse(const Value& v, const CallArgs&) {
    return v.isBool() && !v.boolValue();
}
bool tInteger(const Value& v, const CallArgs&) {
    return v.kind() == Kind::Int;
}
bool tFloat(const Value& v, const CallArgs&) {
    return v.isFloat();
}
bool tNumber(const Value& v, const CallArgs&) {
    return v.isNumber();
}
bool tString(const Value& v, const CallArgs&) {
    return v.isString();
}
bool tMapping(const Value& v, const CallArgs&) {
    return v.isDict();
}
bool tCallable(const Value& v, const CallArgs&) {
    return v.isCallable();
}
// jinja2's Undefined is iterable (empty) and has __len__/__getitem__, hence a "sequence" too.
bool tIterable(const Value& v, const CallArgs&) {
    return v.isString() || v.isSequence() || v.isMapping() || v.isUndefined();
}
bool tSequence(const Value& v, const CallArgs&) {
    return v.isString() || v.isSequence() || v.isDict() || v.isUndefined();
}
bool tLower(const Value& v, const CallArgs&) {
    return v.isString() && asciiLower(v.str()) == v.str();
}
bool tUpper(const Value& v, const CallArgs&) {
    return v.isString() && asciiUpper(v.str()) == v.str();
}
bool tEscaped(const Value&, const CallArgs&) {
    return false;
}

int64_t requireInt(const Value& v, const char* test) {
    if (!v.isInt())
        throw JinjaError(std::string("test '") + test + "' needs an integer, got " + v.typeName());
    return v.intValue();
}
bool tOdd(const Value& v, const CallArgs&) {
    return requireInt(v, "odd") % 2 != 0;
}
bool tEven(const Value& v, const CallArgs&) {
    return requireInt(v, "even") % 2 == 0;
}
bool tDivisibleby(const Value& v, const CallArgs& a) {
    Value d = testArg(a);
    if (!v.isNumber() || !d.isNumber()) throw JinjaError("divisibleby needs numbers");
    if (d.asDouble() == 0) throw JinjaError("integer division or modulo by zero");
    return binaryOp("%", v, d).asDouble() == 0;
}
bool tEq(const Value& v, const CallArgs& a) {
    return equals(v, testArg(a));
}
bool tNe(const Value& v, const CallArgs& a) {
    return !equals(v, testArg(a));
}
bool tLt(const Value& v, const CallArgs& a) {
    return compare(v, testArg(a)) < 0;
}
bool tLe(const Value& v, const CallArgs& a) {
    return compare(v, testArg(a)) <= 0;
}
bool tGt(const Value& v, const CallArgs& a) {
    return compare(v, testArg(a)) > 0;
}
bool tGe(const Value& v, const CallArgs& a) {
    return compare(v, testArg(a)) >= 0;
}
bool tIn(const Value& v, const CallArgs& a) {
    return containsValue(testArg(a), v);
}
bool tSameas(const Value& v, const CallArgs& a) {
    return v.sameObject(testArg(a));
}
bool tFilter(const Value& v, const CallArgs&) {
    return v.isString() && hasFilter(v.str());
}
bool tTest(const Value& v, const CallArgs&) {
    return v.isString() && hasTest(v.str());
}

const std::map<std::string, TestFn>& tests() {
    static const std::map<std::string, TestFn> table = {
        {"defined", tDefined},
        {"undefined", tUndefined},
        {"none", tNone},
        {"boolean", tBoolean},
        {"true", tTrue},
        {"false", tFalse},
        {"integer", tInteger},
        {"float", tFloat},
        {"number", tNumber},
        {"string", tString},
        {"mapping", tMapping},
        {"callable", tCallable},
        {"iterable", tIterable},
        {"sequence", tSequence},
        {"lower", tLower},
        {"upper", tUpper},
        {"escaped", tEscaped},
        {"odd", tOdd},
        {"even", tEven},
        {"divisibleby", tDivisibleby},
        {"eq", tEq},
        {"equalto", tEq},
        {"==", tEq},
        {"ne", tNe},
        {"!=", tNe},
        {"lt", tLt},
        {"lessthan", tLt},
        {"<", tLt},
        {"le", tLe},
        {"<=", tLe},
        {"gt", tGt},
        {"greaterthan", tGt},
        {">", tGt},
        {"ge", tGe},
        {">=", tGe},
        {"in", tIn},
        {"sameas", tSameas},
        {"filter", tFilter},
        {"test", tTest},
    };
    return table;
}

} // namespace

bool hasFilter(const std::string& name) {
    return filters().count(name) > 0;
}
bool hasTest(const std::string& name) {
    return tests().count(name) > 0;
}

Value applyFilter(const std::string& name, const Value& input, const CallArgs& args) {
    auto it = filters().find(name);
    if (it == filters().end()) throw JinjaError("no filter named '" + name + "'");
    CallArgs a = args;
    a.callee = name;
    return it->second(input, a);
}

bool applyTest(const std::string& name, const Value& input, const CallArgs& args) {
    auto it = tests().find(name);
    if (it == tests().end()) throw JinjaError("no test named '" + name + "'");
    CallArgs a = args;
    a.callee = name;
    return it->second(input, a);
}

} // namespace realm::jinja

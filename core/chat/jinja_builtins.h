#pragma once
// What jinja2 and Python give a template: attribute/item lookup, operators, filters,
// tests, methods of str/dict/list, and json.dumps for the tojson filter.
#include "chat/jinja_value.h"

#include <string>

namespace realm::jinja {

// Upper bound on any string or list a template builds (guards against 'x' * 10**12).
constexpr size_t kMaxValueBytes = size_t(64) << 20;
constexpr size_t kMaxListItems = 1000000;

// jinja2's getattr (obj.name): methods of str/dict/list first, then dict keys.
Value getAttribute(const Value& obj, const std::string& name);
// jinja2's getitem (obj[key]): keys and indices first, then methods.
Value getItem(const Value& obj, const Value& key);
Value sliceValue(const Value& obj, const Value& start, const Value& stop, const Value& step);

Value binaryOp(const std::string& op, const Value& a, const Value& b);
Value unaryOp(const std::string& op, const Value& a);
bool containsValue(const Value& container, const Value& item); // Python `item in container`

// Iterating a value as a for loop does (dict → keys, string → characters, undefined → nothing).
List iterateValue(const Value& v);

Value applyFilter(const std::string& name, const Value& input, const CallArgs& args);
bool applyTest(const std::string& name, const Value& input, const CallArgs& args);
bool hasFilter(const std::string& name);
bool hasTest(const std::string& name);

struct JsonOptions {
    std::string indent; // empty with hasIndent=false: one line
    bool hasIndent = false;
    std::string itemSeparator = ", ";
    std::string keySeparator = ": ";
    bool sortKeys = false;
};
// json.dumps(value, ensure_ascii=False, ...), as Hugging Face's tojson filter does.
std::string toJson(const Value& v, const JsonOptions& options);

// Python str.strip()'s notion of whitespace, by code point.
bool isPythonSpace(uint32_t cp);

} // namespace realm::jinja

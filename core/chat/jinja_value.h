#pragma once
// The value model of the Jinja interpreter: Python's types as chat templates see them
// (jinja2 passes Python objects through, so str(), repr(), ==, < and truthiness follow Python).
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace realm::jinja {

class Value;
struct CallArgs;

using List = std::vector<Value>;

// Insertion-ordered map, like a Python dict: string keys (JSON objects, namespaces) or, from
// dict literals such as {0: 'a', 512: 'b'}, other hashable scalars.
struct Dict {
    std::vector<std::pair<Value, Value>> items;
    const Value* find(std::string_view key) const; // string keys only
    Value* find(std::string_view key);
    const Value* findKey(const Value& key) const; // any key, compared as Python does (1 == 1.0)
    void set(const std::string& key, Value value);
    void insert(Value key, Value value); // replaces the value of an equal key
};

// A macro, a global function or a bound method. Throws JinjaError on misuse.
struct Callable {
    std::string name;
    std::function<Value(CallArgs&)> fn;
};

enum class Kind { Undefined, None, Bool, Int, Float, String, List, Tuple, Dict, Namespace, Callable };

class Value {
  public:
    Value() = default; // undefined
    static Value none();
    static Value undefined(std::string name = {});
    Value(bool b);
    Value(int v) : Value(static_cast<int64_t>(v)) {}
    Value(int64_t v);
    Value(double v);
    Value(std::string s);
    Value(const char* s) : Value(std::string(s)) {}
    static Value list(List items = {});
    static Value tuple(List items);
    static Value dict(Dict d = {});
    static Value namespaceObject(Dict d = {});
    static Value callable(std::string name, std::function<Value(CallArgs&)> fn);

    Kind kind() const { return kind_; }
    bool isUndefined() const { return kind_ == Kind::Undefined; }
    bool isNone() const { return kind_ == Kind::None; }
    bool isBool() const { return kind_ == Kind::Bool; }
    bool isInt() const { return kind_ == Kind::Int || kind_ == Kind::Bool; } // Python: bool is an int
    bool isFloat() const { return kind_ == Kind::Float; }
    bool isNumber() const { return isInt() || isFloat(); }
    bool isString() const { return kind_ == Kind::String; }
    bool isSequence() const { return kind_ == Kind::List || kind_ == Kind::Tuple; }
    bool isDict() const { return kind_ == Kind::Dict; }
    bool isNamespace() const { return kind_ == Kind::Namespace; }
    bool isMapping() const { return kind_ == Kind::Dict || kind_ == Kind::Namespace; }
    bool isCallable() const { return kind_ == Kind::Callable; }

    bool boolValue() const { return b_; }
    int64_t intValue() const { return i_; }
    double floatValue() const { return f_; }
    double asDouble() const { return isFloat() ? f_ : static_cast<double>(i_); }
    const std::string& str() const { return s_; }
    const std::string& undefinedName() const { return s_; }
    List& listItems() const { return *list_; }
    Dict& dictItems() const { return *dict_; }
    const Callable& callableObject() const { return *callable_; }
    bool sameObject(const Value& other) const;

    bool truthy() const;
    // Python str(): what {{ value }} prints. Undefined prints as empty.
    std::string toString() const;
    // Python repr(), used for elements inside str(list) / str(dict).
    std::string repr() const;
    std::string typeName() const;

  private:
    Kind kind_ = Kind::Undefined;
    bool b_ = false;
    int64_t i_ = 0;
    double f_ = 0;
    std::string s_; // string value, or the name of an undefined variable
    std::shared_ptr<List> list_;
    std::shared_ptr<Dict> dict_;
    std::shared_ptr<Callable> callable_;
};

// Python ==, and Python ordering (throws JinjaError for unorderable types).
bool equals(const Value& a, const Value& b);
int compare(const Value& a, const Value& b);

// Python's repr() of a float (shortest round trip, "1.0", "1e+20").
std::string pythonFloatRepr(double v);
std::string pythonStringRepr(const std::string& s);

// Positional and keyword arguments of a call.
struct CallArgs {
    std::vector<Value> positional;
    std::vector<std::pair<std::string, Value>> keyword;
    std::string callee; // for error messages

    // The argument at `index` or named `name`; `fallback` when absent.
    Value get(size_t index, std::string_view name, Value fallback = Value()) const;
    bool has(size_t index, std::string_view name) const;
};

// Code-point helpers: Python indexes strings by code point, not byte.
std::vector<std::string> utf8Chars(const std::string& s);
size_t utf8Length(const std::string& s);

} // namespace realm::jinja

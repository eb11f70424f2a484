#pragma once
// The syntax tree of a parsed Jinja template: expressions and statements.
#include "chat/jinja_value.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace realm::jinja {

struct Expr;
struct Stmt;
using ExprPtr = std::unique_ptr<Expr>;
using StmtPtr = std::unique_ptr<Stmt>;
using Body = std::vector<StmtPtr>;

enum class ExprKind {
    Literal,    // value
    Name,       // name
    ListLit,    // items
    TupleLit,   // items
    DictLit,    // items: key, value, key, value, ...
    Attribute,  // a.name
    Subscript,  // a[b]
    Slice,      // a[items[0]:items[1]:items[2]] (null parts allowed)
    Call,       // a(items, keywords)
    Filter,     // a | name(items, keywords)
    Test,       // a is [not] name(items, keywords)
    Unary,      // op a  ("-", "+", "not")
    Binary,     // a op b ("+", "-", "*", "/", "//", "%", "**", "~", "and", "or")
    Compare,    // a ops[0] items[0] ops[1] items[1] ... (chained, Python style)
    Conditional // b if a else c (c may be null)
};

struct Expr {
    ExprKind kind;
    int line = 0;
    int column = 0;
    Value value;
    std::string name;    // variable, attribute, filter, test or operator
    bool negate = false; // "is not"
    ExprPtr a, b, c;
    std::vector<ExprPtr> items;
    std::vector<std::pair<std::string, ExprPtr>> keywords;
    std::vector<std::string> ops;
};

enum class StmtKind {
    Text,        // text
    Output,      // {{ expr }}
    If,          // branches: (condition, body)...; elseBody
    For,         // target in expr [if cond] body [else elseBody]
    Set,         // target = expr
    SetBlock,    // {% set name | filters %} body {% endset %}
    Macro,       // name(params) body
    CallBlock,   // {% call(params) expr %} body
    FilterBlock, // {% filter expr %} body: expr is a Filter chain applied to a placeholder
    With,        // assignments; body
    Break,
    Continue,
    Scope // a body rendered as is ({% generation %})
};

struct Param {
    std::string name;
    ExprPtr defaultValue; // may be null
};

struct Stmt {
    StmtKind kind;
    int line = 0;
    int column = 0;
    std::string text;  // Text
    ExprPtr expr;      // Output value, For iterable, Set value, CallBlock call, FilterBlock filters
    ExprPtr target;    // For / Set target (Name, TupleLit of names, or Attribute)
    ExprPtr condition; // For filter
    Body body;
    Body elseBody;
    std::vector<std::pair<ExprPtr, Body>> branches;       // If
    std::string name;                                     // Macro, SetBlock
    std::vector<Param> params;                            // Macro, CallBlock
    std::vector<std::pair<ExprPtr, ExprPtr>> assignments; // With
    bool recursive = false;
};

// A parsed template; owns its tree (macros keep pointers into it while rendering).
struct Template {
    Body body;
};

} // namespace realm::jinja

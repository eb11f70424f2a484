#include "chat/jinja_interpreter.h"
#include "chat/jinja_builtins.h"
#include "chat/jinja_error.h"
#include "chat/jinja_globals.h"

#include <unordered_map>

namespace realm::jinja {

namespace {

struct Scope {
    std::shared_ptr<Scope> parent;
    std::unordered_map<std::string, Value> vars;
};
using ScopePtr = std::shared_ptr<Scope>;

enum class Flow { Normal, Break, Continue };

class Interpreter {
  public:
    Interpreter(const Dict& variables, const RenderOptions& options) : opt_(options) {
        root_ = std::make_shared<Scope>();
        for (auto& [name, value] : makeGlobals(options.now))
            root_->vars[name] = value;
        for (const auto& kv : variables.items)
            root_->vars[kv.first.str()] = kv.second;
        top_ = std::make_shared<Scope>();
        top_->parent = root_;
    }

    std::string run(const Template& tpl) {
        std::string out;
        Flow f = execBody(tpl.body, top_, out);
        if (f != Flow::Normal) throw JinjaError("'break' or 'continue' outside of a loop");
        return out;
    }

  private:
    const RenderOptions& opt_;
    ScopePtr root_, top_;
    uint64_t steps_ = 0;
    int depth_ = 0;

    void step(uint64_t cost = 1) {
        steps_ += cost;
        if (steps_ > opt_.limits.maxSteps)
            throw JinjaError("template exceeded its evaluation budget of " +
                             std::to_string(opt_.limits.maxSteps) + " steps (endless loop?)");
    }

    void emit(std::string& out, const std::string& s) {
        out += s;
        if (out.size() > opt_.limits.maxOutputBytes)
            throw JinjaError("template output exceeds the size limit");
    }

    static Value lookup(const ScopePtr& scope, const std::string& name) {
        for (const Scope* s = scope.get(); s; s = s->parent.get()) {
            auto it = s->vars.find(name);
            if (it != s->vars.end()) return it->second;
        }
        return Value::undefined(name);
    }

    static ScopePtr child(const ScopePtr& parent) {
        auto s = std::make_shared<Scope>();
        s->parent = parent;
        return s;
    }

    // ---- statements ----

    Flow execBody(const Body& body, const ScopePtr& scope, std::string& out) {
        for (const auto& s : body) {
            Flow f = exec(*s, scope, out);
            if (f != Flow::Normal) return f;
        }
        return Flow::Normal;
    }

    Flow exec(const Stmt& s, const ScopePtr& scope, std::string& out) {
        step();
        try {
            return execInner(s, scope, out);
        } catch (JinjaError& e) {
            if (e.hasPosition()) throw;
            JinjaError positioned(e.reason(), s.line, s.column);
            positioned.raisedByTemplate = e.raisedByTemplate;
            throw positioned;
        }
    }

    Flow execInner(const Stmt& s, const ScopePtr& scope, std::string& out) {
        switch (s.kind) {
        case StmtKind::Text:
            emit(out, s.text);
            return Flow::Normal;
        case StmtKind::Output:
            emit(out, eval(*s.expr, scope).toString());
            return Flow::Normal;
        case StmtKind::If:
            for (const auto& [cond, body] : s.branches)
                if (eval(*cond, scope).truthy()) return execBody(body, scope, out);
            return execBody(s.elseBody, scope, out);
        case StmtKind::For:
            return execFor(s, scope, out);
        case StmtKind::Set:
            assign(*s.target, eval(*s.expr, scope), scope);
            return Flow::Normal;
        case StmtKind::SetBlock: {
            std::string captured;
            execBody(s.body, scope, captured);
            Value v(std::move(captured));
            if (s.expr) v = applyFilterChain(*s.expr, v, scope);
            scope->vars[s.name] = v;
            return Flow::Normal;
        }
        case StmtKind::Macro:
            scope->vars[s.name] = makeMacro(s, scope);
            return Flow::Normal;
        case StmtKind::CallBlock: {
            const Stmt* block = &s;
            std::weak_ptr<Scope> weak = scope;
            Value caller = Value::callable("caller", [this, block, weak](CallArgs& a) {
                ScopePtr parent = weak.lock();
                return invokeBody(*block, parent ? parent : top_, a, Value());
            });
            emit(out, evalCall(*s.expr, scope, &caller).toString());
            return Flow::Normal;
        }
        case StmtKind::FilterBlock: {
            std::string captured;
            execBody(s.body, scope, captured);
            emit(out, applyFilterChain(*s.expr, Value(std::move(captured)), scope).toString());
            return Flow::Normal;
        }
        case StmtKind::With: {
            ScopePtr inner = child(scope);
            for (const auto& [target, value] : s.assignments)
                inner->vars[target->name] = eval(*value, scope);
            return execBody(s.body, inner, out);
        }
        case StmtKind::Scope:
            return execBody(s.body, scope, out);
        case StmtKind::Break:
            return Flow::Break;
        case StmtKind::Continue:
            return Flow::Continue;
        }
        return Flow::Normal;
    }

    void assign(const Expr& target, const Value& v, const ScopePtr& scope) {
        if (target.kind == ExprKind::Name) {
            scope->vars[target.name] = v;
        } else if (target.kind == ExprKind::Attribute) {
            Value obj = eval(*target.a, scope);
            if (!obj.isNamespace()) throw JinjaError("cannot assign attribute on non-namespace object");
            obj.dictItems().set(target.name, v);
        } else if (target.kind == ExprKind::TupleLit) {
            List items = iterateValue(v);
            if (items.size() != target.items.size())
                throw JinjaError("cannot unpack " + std::to_string(items.size()) + " values into " +
                                 std::to_string(target.items.size()) + " names");
            for (size_t i = 0; i < items.size(); ++i)
                assign(*target.items[i], items[i], scope);
        } else {
            throw JinjaError("cannot assign to this expression");
        }
    }

    Flow execFor(const Stmt& s, const ScopePtr& scope, std::string& out) {
        if (s.recursive) throw JinjaError("recursive for loops are not supported");
        List items = iterateValue(eval(*s.expr, scope));
        step(items.size()); // building and walking a big sequence is work even with an empty body
        if (s.condition) {
            List kept;
            for (const auto& item : items) {
                step();
                ScopePtr probe = child(scope);
                assign(*s.target, item, probe);
                if (eval(*s.condition, probe).truthy()) kept.push_back(item);
            }
            items = std::move(kept);
        }
        if (items.empty()) return execBody(s.elseBody, child(scope), out);
        const int64_t n = static_cast<int64_t>(items.size());
        for (int64_t i = 0; i < n; ++i) {
            step();
            ScopePtr iter = child(scope);
            Dict loop;
            loop.items.reserve(12);
            auto add = [&loop](const char* key, Value v) { loop.items.emplace_back(key, std::move(v)); };
            add("index0", Value(i));
            add("index", Value(i + 1));
            add("revindex0", Value(n - i - 1));
            add("revindex", Value(n - i));
            add("first", Value(i == 0));
            add("last", Value(i == n - 1));
            add("length", Value(n));
            add("depth", Value(int64_t(1)));
            add("depth0", Value(int64_t(0)));
            add("previtem", i > 0 ? items[static_cast<size_t>(i - 1)] : Value::undefined("previtem"));
            add("nextitem", i + 1 < n ? items[static_cast<size_t>(i + 1)] : Value::undefined("nextitem"));
            add("cycle", Value::callable("cycle", [i](CallArgs& a) {
                    if (a.positional.empty()) throw JinjaError("no items for cycling given");
                    return a.positional[static_cast<size_t>(i) % a.positional.size()];
                }));
            iter->vars["loop"] = Value::dict(std::move(loop));
            assign(*s.target, items[static_cast<size_t>(i)], iter);
            Flow f = execBody(s.body, iter, out);
            if (f == Flow::Break) break;
        }
        return Flow::Normal;
    }

    // ---- macros ----

    static bool usesName(const Expr* e, const std::string& name) {
        if (!e) return false;
        if (e->kind == ExprKind::Name && e->name == name) return true;
        if (usesName(e->a.get(), name) || usesName(e->b.get(), name) || usesName(e->c.get(), name))
            return true;
        for (const auto& i : e->items)
            if (usesName(i.get(), name)) return true;
        for (const auto& kv : e->keywords)
            if (usesName(kv.second.get(), name)) return true;
        return false;
    }

    static bool usesName(const Body& body, const std::string& name) {
        for (const auto& s : body) {
            if (usesName(s->expr.get(), name) || usesName(s->condition.get(), name) ||
                usesName(s->body, name) || usesName(s->elseBody, name))
                return true;
            for (const auto& [cond, b] : s->branches)
                if (usesName(cond.get(), name) || usesName(b, name)) return true;
            for (const auto& [t, v] : s->assignments)
                if (usesName(v.get(), name)) return true;
            for (const auto& p : s->params)
                if (usesName(p.defaultValue.get(), name)) return true;
        }
        return false;
    }

    Value makeMacro(const Stmt& s, const ScopePtr& scope) {
        const Stmt* macro = &s;
        // A weak reference: the macro is stored in the scope it closes over.
        std::weak_ptr<Scope> weak = scope;
        return Value::callable(s.name, [this, macro, weak](CallArgs& a) {
            ScopePtr parent = weak.lock();
            Value caller;
            for (auto it = a.keyword.begin(); it != a.keyword.end(); ++it)
                if (it->first == "caller") {
                    caller = it->second;
                    a.keyword.erase(it);
                    break;
                }
            return invokeBody(*macro, parent ? parent : top_, a, caller);
        });
    }

    // Binds parameters (positional, keyword, defaults; extras into varargs/kwargs) and renders the body.
    Value invokeBody(const Stmt& s, const ScopePtr& parent, const CallArgs& a, const Value& caller) {
        if (++depth_ > opt_.limits.maxCallDepth) {
            --depth_;
            throw JinjaError("macro calls nested deeper than " + std::to_string(opt_.limits.maxCallDepth) +
                             " (recursion?)");
        }
        struct Leave {
            int& d;
            ~Leave() { --d; }
        } leave{depth_};
        ScopePtr scope = child(parent);
        // Like jinja2, extra arguments are an error unless the body reads varargs / kwargs.
        if (a.positional.size() > s.params.size() && !usesName(s.body, "varargs"))
            throw JinjaError("macro '" + s.name + "' takes not more than " + std::to_string(s.params.size()) +
                             " argument(s)");
        List varargs;
        for (size_t i = 0; i < a.positional.size(); ++i) {
            if (i < s.params.size())
                scope->vars[s.params[i].name] = a.positional[i];
            else
                varargs.push_back(a.positional[i]);
        }
        Dict kwargs;
        for (const auto& [key, value] : a.keyword) {
            bool isParam = false;
            for (size_t i = 0; i < s.params.size(); ++i)
                if (s.params[i].name == key) {
                    if (i < a.positional.size())
                        throw JinjaError("macro '" + s.name + "' got multiple values for argument '" + key +
                                         "'");
                    isParam = true;
                }
            if (isParam)
                scope->vars[key] = value;
            else if (usesName(s.body, "kwargs"))
                kwargs.set(key, value);
            else
                throw JinjaError("macro '" + s.name + "' takes no keyword argument '" + key + "'");
        }
        for (const auto& p : s.params)
            if (!scope->vars.count(p.name))
                scope->vars[p.name] =
                    p.defaultValue ? eval(*p.defaultValue, scope) : Value::undefined(p.name);
        scope->vars["varargs"] = Value::tuple(std::move(varargs));
        scope->vars["kwargs"] = Value::dict(std::move(kwargs));
        if (!caller.isUndefined()) scope->vars["caller"] = caller;
        std::string out;
        if (execBody(s.body, scope, out) != Flow::Normal)
            throw JinjaError("'break' or 'continue' outside of a loop");
        return Value(std::move(out));
    }

    // ---- expressions ----

    Value eval(const Expr& e, const ScopePtr& scope) {
        step();
        try {
            return evalInner(e, scope);
        } catch (JinjaError& err) {
            if (err.hasPosition()) throw;
            JinjaError positioned(err.reason(), e.line, e.column);
            positioned.raisedByTemplate = err.raisedByTemplate;
            throw positioned;
        }
    }

    CallArgs evalArgs(const Expr& e, const ScopePtr& scope, const std::string& callee) {
        CallArgs a;
        a.callee = callee;
        for (const auto& item : e.items)
            a.positional.push_back(eval(*item, scope));
        for (const auto& [key, value] : e.keywords)
            a.keyword.emplace_back(key, eval(*value, scope));
        return a;
    }

    Value evalCall(const Expr& e, const ScopePtr& scope, const Value* caller = nullptr) {
        Value fn = eval(*e.a, scope);
        std::string name = e.a->kind == ExprKind::Name        ? e.a->name
                           : e.a->kind == ExprKind::Attribute ? e.a->name
                                                              : "object";
        if (!fn.isCallable()) {
            if (fn.isUndefined()) throw JinjaError("'" + name + "' is undefined");
            throw JinjaError("'" + fn.typeName() + "' object is not callable");
        }
        CallArgs a = evalArgs(e, scope, name);
        if (caller) a.keyword.emplace_back("caller", *caller);
        return fn.callableObject().fn(a);
    }

    // Filters whose innermost operand is null take `input` (filter blocks, set blocks).
    Value applyFilterChain(const Expr& f, const Value& input, const ScopePtr& scope) {
        Value operand = !f.a                            ? input
                        : f.a->kind == ExprKind::Filter ? applyFilterChain(*f.a, input, scope)
                                                        : eval(*f.a, scope);
        return applyFilter(f.name, operand, evalArgs(f, scope, f.name));
    }

    Value evalInner(const Expr& e, const ScopePtr& scope) {
        switch (e.kind) {
        case ExprKind::Literal:
            return e.value;
        case ExprKind::Name:
            return lookup(scope, e.name);
        case ExprKind::ListLit:
        case ExprKind::TupleLit: {
            List items;
            for (const auto& item : e.items)
                items.push_back(eval(*item, scope));
            return e.kind == ExprKind::ListLit ? Value::list(std::move(items))
                                               : Value::tuple(std::move(items));
        }
        case ExprKind::DictLit: {
            Dict d;
            for (size_t i = 0; i + 1 < e.items.size(); i += 2) {
                Value key = eval(*e.items[i], scope);
                if (!key.isString() && !key.isNumber() && !key.isBool() && !key.isNone())
                    throw JinjaError("unhashable type: '" + key.typeName() + "' as a dictionary key");
                d.insert(std::move(key), eval(*e.items[i + 1], scope));
            }
            return Value::dict(std::move(d));
        }
        case ExprKind::Attribute:
            return getAttribute(eval(*e.a, scope), e.name);
        case ExprKind::Subscript:
            return getItem(eval(*e.a, scope), eval(*e.b, scope));
        case ExprKind::Slice: {
            Value obj = eval(*e.a, scope);
            Value parts[3];
            for (size_t i = 0; i < 3; ++i)
                parts[i] = e.items[i] ? eval(*e.items[i], scope) : Value::none();
            return sliceValue(obj, parts[0], parts[1], parts[2]);
        }
        case ExprKind::Call:
            return evalCall(e, scope);
        case ExprKind::Filter:
            return applyFilterChain(e, Value(), scope);
        case ExprKind::Test: {
            Value subject = eval(*e.a, scope);
            bool r = applyTest(e.name, subject, evalArgs(e, scope, e.name));
            return Value(e.negate ? !r : r);
        }
        case ExprKind::Unary:
            return unaryOp(e.name, eval(*e.a, scope));
        case ExprKind::Binary: {
            if (e.name == "and") {
                Value l = eval(*e.a, scope);
                return l.truthy() ? eval(*e.b, scope) : l;
            }
            if (e.name == "or") {
                Value l = eval(*e.a, scope);
                return l.truthy() ? l : eval(*e.b, scope);
            }
            Value l = eval(*e.a, scope);
            return binaryOp(e.name, l, eval(*e.b, scope));
        }
        case ExprKind::Compare: {
            Value left = eval(*e.a, scope);
            for (size_t i = 0; i < e.ops.size(); ++i) {
                Value right = eval(*e.items[i], scope);
                const std::string& op = e.ops[i];
                bool ok;
                if (op == "==")
                    ok = equals(left, right);
                else if (op == "!=")
                    ok = !equals(left, right);
                else if (op == "in")
                    ok = containsValue(right, left);
                else if (op == "not in")
                    ok = !containsValue(right, left);
                else {
                    int c = compare(left, right);
                    ok = op == "<" ? c < 0 : op == ">" ? c > 0 : op == "<=" ? c <= 0 : c >= 0;
                }
                if (!ok) return Value(false);
                left = std::move(right);
            }
            return Value(true);
        }
        case ExprKind::Conditional:
            if (eval(*e.a, scope).truthy()) return eval(*e.b, scope);
            return e.c ? eval(*e.c, scope) : Value::undefined();
        }
        return Value::undefined();
    }
};

} // namespace

std::string render(const Template& tpl, const Dict& variables, const RenderOptions& options) {
    return Interpreter(variables, options).run(tpl);
}

} // namespace realm::jinja

#include "chat/jinja_parser.h"
#include "chat/jinja_error.h"

#include <set>

namespace realm::jinja {

namespace {

constexpr int kMaxDepth = 200;

class Parser {
  public:
    explicit Parser(std::vector<Token> tokens) : t_(std::move(tokens)) {}

    std::shared_ptr<const Template> run() {
        auto tpl = std::make_shared<Template>();
        tpl->body = parseBody({});
        if (peek().kind != TokenKind::Eof) failAt(peek(), "unexpected '" + describe(peek()) + "'");
        return tpl;
    }

  private:
    std::vector<Token> t_;
    size_t pos_ = 0;
    int depth_ = 0;

    struct DepthGuard {
        Parser& p;
        explicit DepthGuard(Parser& parser) : p(parser) {
            if (++p.depth_ > kMaxDepth) p.failAt(p.peek(), "template nested too deeply");
        }
        ~DepthGuard() { --p.depth_; }
    };

    const Token& peek(size_t ahead = 0) const {
        size_t i = pos_ + ahead;
        return i < t_.size() ? t_[i] : t_.back();
    }
    const Token& next() {
        const Token& tok = peek();
        if (pos_ < t_.size() - 1) ++pos_;
        return tok;
    }

    static std::string describe(const Token& tok) {
        switch (tok.kind) {
        case TokenKind::Text:
            return "text";
        case TokenKind::VarBegin:
            return "{{";
        case TokenKind::VarEnd:
            return "}}";
        case TokenKind::BlockBegin:
            return "{%";
        case TokenKind::BlockEnd:
            return "%}";
        case TokenKind::Eof:
            return "end of template";
        case TokenKind::String:
            return "string literal";
        default:
            return tok.text;
        }
    }

    [[noreturn]] void failAt(const Token& tok, const std::string& why) const {
        throw JinjaError(why, tok.line, tok.column);
    }

    bool isOp(const char* op, size_t ahead = 0) const {
        return peek(ahead).kind == TokenKind::Op && peek(ahead).text == op;
    }
    bool isName(const char* name, size_t ahead = 0) const {
        return peek(ahead).kind == TokenKind::Name && peek(ahead).text == name;
    }
    void expectOp(const char* op) {
        if (!isOp(op)) failAt(peek(), std::string("expected '") + op + "', got '" + describe(peek()) + "'");
        next();
    }
    std::string expectName() {
        if (peek().kind != TokenKind::Name) failAt(peek(), "expected a name, got '" + describe(peek()) + "'");
        return next().text;
    }
    void expectBlockEnd(const std::string& tag) {
        if (peek().kind != TokenKind::BlockEnd)
            failAt(peek(), "expected '%}' to end '" + tag + "', got '" + describe(peek()) + "'");
        next();
    }

    ExprPtr node(ExprKind k, const Token& at) {
        auto e = std::make_unique<Expr>();
        e->kind = k;
        e->line = at.line;
        e->column = at.column;
        return e;
    }
    StmtPtr stmt(StmtKind k, const Token& at) {
        auto s = std::make_unique<Stmt>();
        s->kind = k;
        s->line = at.line;
        s->column = at.column;
        return s;
    }

    // Parses statements until a block tag whose keyword is in `ends` (left unconsumed:
    // the position is on that keyword's name token).
    Body parseBody(const std::set<std::string>& ends) {
        DepthGuard guard(*this);
        Body body;
        for (;;) {
            const Token& tok = peek();
            if (tok.kind == TokenKind::Eof) {
                if (!ends.empty()) {
                    std::string want;
                    for (const auto& e : ends)
                        want += (want.empty() ? "'" : " or '") + e + "'";
                    failAt(tok, "unexpected end of template, expected " + want);
                }
                return body;
            }
            if (tok.kind == TokenKind::Text) {
                auto s = stmt(StmtKind::Text, tok);
                s->text = tok.text;
                next();
                body.push_back(std::move(s));
            } else if (tok.kind == TokenKind::VarBegin) {
                auto s = stmt(StmtKind::Output, tok);
                next();
                s->expr = parseTupleOrExpression();
                if (peek().kind != TokenKind::VarEnd)
                    failAt(peek(), "expected '}}', got '" + describe(peek()) + "'");
                next();
                body.push_back(std::move(s));
            } else if (tok.kind == TokenKind::BlockBegin) {
                const Token& kw = peek(1);
                if (kw.kind == TokenKind::Name && ends.count(kw.text)) {
                    next();
                    return body;
                }
                next();
                body.push_back(parseStatement());
            } else {
                failAt(tok, "unexpected '" + describe(tok) + "'");
            }
        }
    }

    StmtPtr parseStatement() {
        const Token& kw = peek();
        if (kw.kind != TokenKind::Name) failAt(kw, "expected a statement name after '{%'");
        const std::string name = kw.text;
        if (name == "if") return parseIf();
        if (name == "for") return parseFor();
        if (name == "set") return parseSet();
        if (name == "macro") return parseMacro();
        if (name == "call") return parseCallBlock();
        if (name == "filter") return parseFilterBlock();
        if (name == "with") return parseWith();
        if (name == "generation") return parseScope("generation", "endgeneration");
        if (name == "break" || name == "continue") {
            auto s = stmt(name == "break" ? StmtKind::Break : StmtKind::Continue, kw);
            next();
            expectBlockEnd(name);
            return s;
        }
        failAt(kw, "unknown or unsupported tag '" + name + "'");
    }

    void endTag(const std::string& name) {
        next(); // the end keyword
        expectBlockEnd(name);
    }

    StmtPtr parseIf() {
        auto s = stmt(StmtKind::If, next());
        for (;;) {
            ExprPtr cond = parseTupleOrExpression();
            expectBlockEnd("if");
            Body body = parseBody({"elif", "else", "endif"});
            s->branches.emplace_back(std::move(cond), std::move(body));
            std::string kw = next().text;
            if (kw == "elif") continue;
            if (kw == "else") {
                expectBlockEnd("else");
                s->elseBody = parseBody({"endif"});
                endTag("endif");
            } else {
                expectBlockEnd("endif");
            }
            return s;
        }
    }

    ExprPtr parseAssignTarget(bool allowAttribute) {
        const Token& at = peek();
        std::string first = expectName();
        if (allowAttribute && isOp(".")) {
            next();
            auto e = node(ExprKind::Attribute, at);
            e->a = node(ExprKind::Name, at);
            e->a->name = first;
            e->name = expectName();
            return e;
        }
        auto nameNode = node(ExprKind::Name, at);
        nameNode->name = first;
        if (!isOp(",")) return nameNode;
        auto tuple = node(ExprKind::TupleLit, at);
        tuple->items.push_back(std::move(nameNode));
        while (isOp(",")) {
            next();
            if (peek().kind != TokenKind::Name) break;
            auto n = node(ExprKind::Name, peek());
            n->name = expectName();
            tuple->items.push_back(std::move(n));
        }
        return tuple;
    }

    StmtPtr parseFor() {
        auto s = stmt(StmtKind::For, next());
        if (isOp("(")) {
            next();
            s->target = parseAssignTarget(false);
            expectOp(")");
        } else {
            s->target = parseAssignTarget(false);
        }
        if (!isName("in")) failAt(peek(), "expected 'in' in for loop");
        next();
        s->expr = parseTupleOrExpression(/*allowConditional=*/false);
        if (isName("if")) {
            next();
            s->condition = parseExpression();
        }
        if (isName("recursive")) {
            next();
            s->recursive = true;
        }
        expectBlockEnd("for");
        s->body = parseBody({"else", "endfor"});
        std::string kw = next().text;
        if (kw == "else") {
            expectBlockEnd("else");
            s->elseBody = parseBody({"endfor"});
            endTag("endfor");
        } else {
            expectBlockEnd("endfor");
        }
        return s;
    }

    StmtPtr parseSet() {
        const Token& at = next();
        ExprPtr target = parseAssignTarget(true);
        if (isOp("=")) {
            next();
            auto s = stmt(StmtKind::Set, at);
            s->target = std::move(target);
            s->expr = parseTupleOrExpression();
            expectBlockEnd("set");
            return s;
        }
        if (target->kind != ExprKind::Name) failAt(peek(), "expected '=' in set");
        auto s = stmt(StmtKind::SetBlock, at);
        s->name = target->name;
        if (isOp("|")) s->expr = parseFilterChain(nullptr);
        expectBlockEnd("set");
        s->body = parseBody({"endset"});
        endTag("endset");
        return s;
    }

    void parseParams(std::vector<Param>& params) {
        expectOp("(");
        while (!isOp(")")) {
            if (!params.empty()) expectOp(",");
            if (isOp(")")) break;
            Param p;
            p.name = expectName();
            if (isOp("=")) {
                next();
                p.defaultValue = parseExpression();
            }
            params.push_back(std::move(p));
        }
        next();
    }

    StmtPtr parseMacro() {
        auto s = stmt(StmtKind::Macro, next());
        s->name = expectName();
        parseParams(s->params);
        expectBlockEnd("macro");
        s->body = parseBody({"endmacro"});
        endTag("endmacro");
        return s;
    }

    StmtPtr parseCallBlock() {
        auto s = stmt(StmtKind::CallBlock, next());
        if (isOp("(")) parseParams(s->params);
        s->expr = parseExpression();
        if (s->expr->kind != ExprKind::Call) failAt(peek(), "expected a macro call in 'call' block");
        expectBlockEnd("call");
        s->body = parseBody({"endcall"});
        endTag("endcall");
        return s;
    }

    StmtPtr parseFilterBlock() {
        auto s = stmt(StmtKind::FilterBlock, next());
        s->expr = parseFilterChain(nullptr, /*leadingBar=*/false);
        expectBlockEnd("filter");
        s->body = parseBody({"endfilter"});
        endTag("endfilter");
        return s;
    }

    StmtPtr parseWith() {
        auto s = stmt(StmtKind::With, next());
        while (peek().kind != TokenKind::BlockEnd) {
            if (!s->assignments.empty()) expectOp(",");
            auto target = node(ExprKind::Name, peek());
            target->name = expectName();
            expectOp("=");
            s->assignments.emplace_back(std::move(target), parseExpression());
        }
        expectBlockEnd("with");
        s->body = parseBody({"endwith"});
        endTag("endwith");
        return s;
    }

    StmtPtr parseScope(const std::string& tag, const std::string& endName) {
        auto s = stmt(StmtKind::Scope, next());
        expectBlockEnd(tag);
        s->body = parseBody({endName});
        endTag(endName);
        return s;
    }

    // ---- expressions ----

    ExprPtr parseTupleOrExpression(bool allowConditional = true) {
        const Token& at = peek();
        ExprPtr first = allowConditional ? parseExpression() : parseOr();
        if (!isOp(",")) return first;
        auto tuple = node(ExprKind::TupleLit, at);
        tuple->items.push_back(std::move(first));
        while (isOp(",")) {
            next();
            if (atExpressionEnd()) break;
            tuple->items.push_back(allowConditional ? parseExpression() : parseOr());
        }
        return tuple;
    }

    bool atExpressionEnd() const {
        const Token& tok = peek();
        return tok.kind == TokenKind::VarEnd || tok.kind == TokenKind::BlockEnd ||
               tok.kind == TokenKind::Eof || isOp(")") || isOp("]") || isOp("}") ||
               (tok.kind == TokenKind::Name && (tok.text == "if" || tok.text == "in"));
    }

    ExprPtr parseExpression() {
        DepthGuard guard(*this);
        const Token& at = peek();
        ExprPtr e = parseOr();
        while (isName("if")) {
            next();
            auto c = node(ExprKind::Conditional, at);
            c->b = std::move(e);
            c->a = parseOr();
            if (isName("else")) {
                next();
                c->c = parseExpression();
            }
            e = std::move(c);
        }
        return e;
    }

    ExprPtr binary(const Token& at, const std::string& op, ExprPtr l, ExprPtr r) {
        auto e = node(ExprKind::Binary, at);
        e->name = op;
        e->a = std::move(l);
        e->b = std::move(r);
        return e;
    }

    ExprPtr parseOr() {
        ExprPtr e = parseAnd();
        while (isName("or")) {
            const Token& at = next();
            e = binary(at, "or", std::move(e), parseAnd());
        }
        return e;
    }

    ExprPtr parseAnd() {
        ExprPtr e = parseNot();
        while (isName("and")) {
            const Token& at = next();
            e = binary(at, "and", std::move(e), parseNot());
        }
        return e;
    }

    ExprPtr parseNot() {
        if (isName("not")) {
            DepthGuard guard(*this);
            auto e = node(ExprKind::Unary, next());
            e->name = "not";
            e->a = parseNot();
            return e;
        }
        return parseCompare();
    }

    ExprPtr parseCompare() {
        const Token& at = peek();
        ExprPtr e = parseMath1();
        ExprPtr cmp;
        for (;;) {
            std::string op;
            if (peek().kind == TokenKind::Op &&
                (peek().text == "==" || peek().text == "!=" || peek().text == "<" || peek().text == ">" ||
                 peek().text == "<=" || peek().text == ">=")) {
                op = next().text;
            } else if (isName("in")) {
                next();
                op = "in";
            } else if (isName("not") && isName("in", 1)) {
                next();
                next();
                op = "not in";
            } else {
                break;
            }
            if (!cmp) {
                cmp = node(ExprKind::Compare, at);
                cmp->a = std::move(e);
            }
            cmp->ops.push_back(op);
            cmp->items.push_back(parseMath1());
        }
        return cmp ? std::move(cmp) : std::move(e);
    }

    ExprPtr parseMath1() {
        ExprPtr e = parseConcat();
        while (isOp("+") || isOp("-")) {
            const Token& at = next();
            e = binary(at, at.text, std::move(e), parseConcat());
        }
        return e;
    }

    ExprPtr parseConcat() {
        ExprPtr e = parseMath2();
        while (isOp("~")) {
            const Token& at = next();
            e = binary(at, "~", std::move(e), parseMath2());
        }
        return e;
    }

    ExprPtr parseMath2() {
        ExprPtr e = parsePow();
        while (isOp("*") || isOp("/") || isOp("//") || isOp("%")) {
            const Token& at = next();
            e = binary(at, at.text, std::move(e), parsePow());
        }
        return e;
    }

    ExprPtr parsePow() {
        ExprPtr e = parseUnary(true);
        while (isOp("**")) {
            const Token& at = next();
            e = binary(at, "**", std::move(e), parseUnary(true));
        }
        return e;
    }

    ExprPtr parseUnary(bool withFilter) {
        DepthGuard guard(*this);
        ExprPtr e;
        if (isOp("-") || isOp("+")) {
            const Token& at = next();
            e = node(ExprKind::Unary, at);
            e->name = at.text;
            e->a = parseUnary(false);
        } else {
            e = parsePrimary();
        }
        e = parsePostfix(std::move(e));
        if (withFilter) e = parseFilterExpr(std::move(e));
        return e;
    }

    ExprPtr parsePrimary() {
        const Token& tok = peek();
        switch (tok.kind) {
        case TokenKind::Name: {
            next();
            auto e = node(ExprKind::Literal, tok);
            if (tok.text == "true" || tok.text == "True")
                e->value = Value(true);
            else if (tok.text == "false" || tok.text == "False")
                e->value = Value(false);
            else if (tok.text == "none" || tok.text == "None")
                e->value = Value::none();
            else {
                e->kind = ExprKind::Name;
                e->name = tok.text;
            }
            return e;
        }
        case TokenKind::String: {
            auto e = node(ExprKind::Literal, tok);
            std::string s;
            while (peek().kind == TokenKind::String)
                s += next().text; // adjacent literals concatenate
            e->value = Value(std::move(s));
            return e;
        }
        case TokenKind::Int: {
            next();
            auto e = node(ExprKind::Literal, tok);
            e->value = Value(tok.intValue);
            return e;
        }
        case TokenKind::Float: {
            next();
            auto e = node(ExprKind::Literal, tok);
            e->value = Value(tok.floatValue);
            return e;
        }
        case TokenKind::Op:
            if (tok.text == "(") {
                next();
                if (isOp(")")) {
                    next();
                    return node(ExprKind::TupleLit, tok);
                }
                ExprPtr inner = parseExpression();
                if (isOp(",")) {
                    auto tuple = node(ExprKind::TupleLit, tok);
                    tuple->items.push_back(std::move(inner));
                    while (isOp(",")) {
                        next();
                        if (isOp(")")) break;
                        tuple->items.push_back(parseExpression());
                    }
                    inner = std::move(tuple);
                }
                expectOp(")");
                return inner;
            }
            if (tok.text == "[") {
                next();
                auto e = node(ExprKind::ListLit, tok);
                while (!isOp("]")) {
                    if (!e->items.empty()) expectOp(",");
                    if (isOp("]")) break;
                    e->items.push_back(parseExpression());
                }
                next();
                return e;
            }
            if (tok.text == "{") {
                next();
                auto e = node(ExprKind::DictLit, tok);
                while (!isOp("}")) {
                    if (!e->items.empty()) expectOp(",");
                    if (isOp("}")) break;
                    e->items.push_back(parseExpression());
                    expectOp(":");
                    e->items.push_back(parseExpression());
                }
                next();
                return e;
            }
            break;
        default:
            break;
        }
        failAt(tok, "unexpected '" + describe(tok) + "' in expression");
    }

    ExprPtr parsePostfix(ExprPtr e) {
        for (;;) {
            const Token& at = peek();
            if (isOp(".")) {
                next();
                if (peek().kind == TokenKind::Int) {
                    auto s = node(ExprKind::Subscript, at);
                    s->a = std::move(e);
                    s->b = node(ExprKind::Literal, peek());
                    s->b->value = Value(next().intValue);
                    e = std::move(s);
                } else {
                    auto s = node(ExprKind::Attribute, at);
                    s->a = std::move(e);
                    s->name = expectName();
                    e = std::move(s);
                }
            } else if (isOp("[")) {
                next();
                e = parseSubscript(std::move(e), at);
            } else if (isOp("(")) {
                e = parseCall(std::move(e));
            } else {
                return e;
            }
        }
    }

    ExprPtr parseSubscript(ExprPtr target, const Token& at) {
        ExprPtr parts[3];
        int part = 0;
        bool isSlice = false;
        while (!isOp("]")) {
            if (isOp(":")) {
                next();
                isSlice = true;
                if (++part > 2) failAt(peek(), "too many ':' in slice");
                continue;
            }
            if (parts[part]) failAt(peek(), "expected ']' or ':' in subscript");
            parts[part] = parseExpression();
        }
        next();
        if (!isSlice) {
            if (!parts[0]) failAt(at, "empty subscript");
            auto s = node(ExprKind::Subscript, at);
            s->a = std::move(target);
            s->b = std::move(parts[0]);
            return s;
        }
        auto s = node(ExprKind::Slice, at);
        s->a = std::move(target);
        for (auto& p : parts)
            s->items.push_back(std::move(p));
        return s;
    }

    void parseArgs(Expr& call) {
        expectOp("(");
        bool first = true;
        while (!isOp(")")) {
            if (!first) expectOp(",");
            first = false;
            if (isOp(")")) break;
            if (peek().kind == TokenKind::Name && isOp("=", 1)) {
                std::string key = next().text;
                next();
                call.keywords.emplace_back(key, parseExpression());
            } else {
                if (!call.keywords.empty()) failAt(peek(), "positional argument after keyword argument");
                call.items.push_back(parseExpression());
            }
        }
        next();
    }

    ExprPtr parseCall(ExprPtr callee) {
        auto e = std::make_unique<Expr>();
        e->kind = ExprKind::Call;
        e->line = callee->line; // errors point at the callee, not at '('
        e->column = callee->column;
        e->a = std::move(callee);
        parseArgs(*e);
        return e;
    }

    // `| name(args)` repeated; `operand` may be null for {% filter %} and {% set x | f %}.
    ExprPtr parseFilterChain(ExprPtr operand, bool leadingBar = true) {
        bool first = true;
        while ((first && !leadingBar) || isOp("|")) {
            if (!(first && !leadingBar)) next();
            first = false;
            auto f = node(ExprKind::Filter, peek());
            f->name = expectName();
            f->a = std::move(operand);
            if (isOp("(")) parseArgs(*f);
            operand = std::move(f);
        }
        return operand;
    }

    ExprPtr parseFilterExpr(ExprPtr e) {
        for (;;) {
            if (isOp("|")) {
                e = parseFilterChain(std::move(e));
            } else if (isName("is")) {
                const Token& at = next();
                auto t = node(ExprKind::Test, at);
                if (isName("not")) {
                    next();
                    t->negate = true;
                }
                t->name = expectName();
                t->a = std::move(e);
                if (isOp("(")) {
                    parseArgs(*t);
                } else if (startsBareTestArgument()) {
                    t->items.push_back(parsePostfix(parsePrimary()));
                }
                e = std::move(t);
            } else if (isOp("(")) {
                e = parseCall(std::move(e));
            } else {
                return e;
            }
        }
    }

    // jinja2 allows one argument without parentheses: `x is divisibleby 3`, `x is sameas none`.
    bool startsBareTestArgument() const {
        const Token& tok = peek();
        if (tok.kind == TokenKind::Name)
            return tok.text != "else" && tok.text != "or" && tok.text != "and" && tok.text != "if" &&
                   tok.text != "in" && tok.text != "not" && tok.text != "is";
        return tok.kind == TokenKind::String || tok.kind == TokenKind::Int || tok.kind == TokenKind::Float ||
               isOp("[") || isOp("{");
    }
};

} // namespace

std::shared_ptr<const Template> parseTemplate(const std::string& source, const LexerOptions& options) {
    return Parser(tokenize(source, options)).run();
}

} // namespace realm::jinja

#include "chat/jinja_lexer.h"
#include "chat/jinja_error.h"

#include <algorithm>
#include <cctype>
#include <cstring>

namespace realm::jinja {

namespace {

bool isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool isDigit(char c) {
    return c >= '0' && c <= '9';
}
bool isNameStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool isNameChar(char c) {
    return isNameStart(c) || isDigit(c);
}

// jinja2 normalises \r\n and \r to \n and drops one trailing newline (keep_trailing_newline=False).
std::string normalizeNewlines(const std::string& in) {
    std::string out;
    out.reserve(in.size());
    for (size_t i = 0; i < in.size(); ++i) {
        if (in[i] == '\r') {
            out += '\n';
            if (i + 1 < in.size() && in[i + 1] == '\n') ++i;
        } else {
            out += in[i];
        }
    }
    if (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
}

void appendUtf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

class Lexer {
  public:
    Lexer(std::string src, const LexerOptions& o) : src_(std::move(src)), opt_(o) {
        lineStarts_.push_back(0);
        for (size_t i = 0; i < src_.size(); ++i)
            if (src_[i] == '\n') lineStarts_.push_back(i + 1);
    }

    std::vector<Token> run() {
        size_t pos = 0;
        bool lineStarting = true;
        const size_t n = src_.size();
        while (pos < n) {
            size_t start = findTagStart(pos);
            if (start == std::string::npos) {
                emit(TokenKind::Text, src_.substr(pos), pos);
                break;
            }
            char kind = src_[start + 1];
            char sign =
                (start + 2 < n && (src_[start + 2] == '-' || src_[start + 2] == '+')) ? src_[start + 2] : 0;
            std::string text = src_.substr(pos, start - pos);
            applyLeftStrip(text, sign, kind != '{', lineStarting);
            if (!text.empty()) emit(TokenKind::Text, text, pos);
            size_t p = start + 2 + (sign ? 1 : 0);
            if (kind == '#') {
                pos = lexComment(start, p);
            } else if (kind == '%' && isRawBegin(p)) {
                pos = lexRaw(p);
            } else {
                pos = lexTag(start, p, kind == '%');
            }
            lineStarting = pos > 0 && src_[pos - 1] == '\n';
        }
        tokens_.push_back(Token{TokenKind::Eof, {}, lineOf(n), columnOf(n)});
        return std::move(tokens_);
    }

  private:
    std::string src_;
    LexerOptions opt_;
    std::vector<size_t> lineStarts_;
    std::vector<Token> tokens_;

    int lineOf(size_t off) const {
        auto it = std::upper_bound(lineStarts_.begin(), lineStarts_.end(), off);
        return static_cast<int>(it - lineStarts_.begin());
    }
    int columnOf(size_t off) const {
        return static_cast<int>(off - lineStarts_[static_cast<size_t>(lineOf(off) - 1)]) + 1;
    }

    [[noreturn]] void fail(const std::string& why, size_t off) const {
        throw JinjaError(why, lineOf(off), columnOf(off));
    }

    Token& emit(TokenKind k, std::string text, size_t off) {
        tokens_.push_back(Token{k, std::move(text), lineOf(off), columnOf(off)});
        return tokens_.back();
    }

    size_t findTagStart(size_t from) const {
        for (size_t i = from; i + 1 < src_.size(); ++i)
            if (src_[i] == '{' && (src_[i + 1] == '{' || src_[i + 1] == '%' || src_[i + 1] == '#')) return i;
        return std::string::npos;
    }

    // `-` strips all whitespace before the tag; lstrip_blocks strips the spaces and tabs
    // that are the only thing between the line start and a block or comment tag.
    void applyLeftStrip(std::string& text, char sign, bool blockOrComment, bool lineStarting) const {
        if (sign == '-') {
            size_t e = text.size();
            while (e > 0 && isSpace(text[e - 1]))
                --e;
            text.resize(e);
        } else if (sign != '+' && opt_.lstripBlocks && blockOrComment) {
            size_t nl = text.rfind('\n');
            size_t lpos = nl == std::string::npos ? 0 : nl + 1;
            if ((lpos > 0 || lineStarting) && lpos < text.size() &&
                std::all_of(text.begin() + static_cast<long>(lpos), text.end(), isSpace))
                text.resize(lpos);
        }
    }

    size_t skipSpaces(size_t p) const {
        while (p < src_.size() && isSpace(src_[p]))
            ++p;
        return p;
    }

    bool startsWith(size_t p, const char* s) const { return src_.compare(p, std::strlen(s), s) == 0; }

    size_t lexComment(size_t start, size_t p) {
        size_t e = src_.find("#}", p);
        if (e == std::string::npos) fail("missing end of comment tag '#}'", start);
        size_t end = e + 2;
        if (e > p && src_[e - 1] == '-')
            end = skipSpaces(end);
        else if (opt_.trimBlocks && end < src_.size() && src_[end] == '\n')
            ++end;
        return end;
    }

    // {% raw %} ... {% endraw %}: the content is text, tags inside it are not interpreted.
    bool isRawBegin(size_t p) const {
        size_t q = skipSpaces(p);
        if (!startsWith(q, "raw")) return false;
        q = skipSpaces(q + 3);
        return startsWith(q, "%}") || startsWith(q, "-%}");
    }

    size_t lexRaw(size_t p) {
        size_t q = skipSpaces(skipSpaces(p) + 3);
        size_t bodyStart = startsWith(q, "-%}") ? skipSpaces(q + 3) : q + 2;
        for (size_t i = bodyStart; (i = src_.find("{%", i)) != std::string::npos; i += 2) {
            size_t r = i + 2;
            char sign = (r < src_.size() && (src_[r] == '-' || src_[r] == '+')) ? src_[r] : 0;
            if (sign) ++r;
            r = skipSpaces(r);
            if (!startsWith(r, "endraw")) continue;
            r = skipSpaces(r + 6);
            size_t end;
            if (startsWith(r, "-%}"))
                end = skipSpaces(r + 3);
            else if (startsWith(r, "%}"))
                end = (opt_.trimBlocks && r + 2 < src_.size() && src_[r + 2] == '\n') ? r + 3 : r + 2;
            else
                continue;
            std::string text = src_.substr(bodyStart, i - bodyStart);
            applyLeftStrip(text, sign, true, false);
            if (!text.empty()) emit(TokenKind::Text, text, bodyStart);
            return end;
        }
        fail("missing end of raw directive '{% endraw %}'", p);
    }

    size_t lexTag(size_t start, size_t p, bool block) {
        emit(block ? TokenKind::BlockBegin : TokenKind::VarBegin, {}, start);
        std::vector<char> balance;
        const size_t n = src_.size();
        for (;;) {
            p = skipSpaces(p);
            if (p >= n)
                fail(std::string("unexpected end of template, expected '") + (block ? "%}" : "}}") + "'",
                     start);
            if (balance.empty()) {
                if (!block && (startsWith(p, "-}}") || startsWith(p, "}}"))) {
                    emit(TokenKind::VarEnd, {}, p);
                    return src_[p] == '-' ? skipSpaces(p + 3) : p + 2;
                }
                if (block && startsWith(p, "+%}")) {
                    emit(TokenKind::BlockEnd, {}, p);
                    return p + 3;
                }
                if (block && startsWith(p, "-%}")) {
                    emit(TokenKind::BlockEnd, {}, p);
                    return skipSpaces(p + 3);
                }
                if (block && startsWith(p, "%}")) {
                    emit(TokenKind::BlockEnd, {}, p);
                    return (opt_.trimBlocks && p + 2 < n && src_[p + 2] == '\n') ? p + 3 : p + 2;
                }
            }
            p = lexToken(p, balance);
        }
    }

    size_t lexToken(size_t p, std::vector<char>& balance) {
        const size_t n = src_.size();
        char c = src_[p];
        if (isDigit(c)) return lexNumber(p);
        if (isNameStart(c)) {
            size_t e = p;
            while (e < n && isNameChar(src_[e]))
                ++e;
            emit(TokenKind::Name, src_.substr(p, e - p), p);
            return e;
        }
        if (c == '\'' || c == '"') return lexString(p);
        static const char* const twoChar[] = {"//", "**", "==", "!=", ">=", "<="};
        for (const char* op : twoChar)
            if (startsWith(p, op)) {
                emit(TokenKind::Op, op, p);
                return p + 2;
            }
        if (std::strchr("+-/*%~[](){}><=.:|,;", c)) {
            if (c == '(' || c == '[' || c == '{') {
                balance.push_back(c == '(' ? ')' : c == '[' ? ']' : '}');
            } else if (c == ')' || c == ']' || c == '}') {
                if (balance.empty()) fail(std::string("unexpected '") + c + "'", p);
                if (balance.back() != c)
                    fail(std::string("unexpected '") + c + "', expected '" + balance.back() + "'", p);
                balance.pop_back();
            }
            emit(TokenKind::Op, std::string(1, c), p);
            return p + 1;
        }
        fail(std::string("unexpected character '") + c + "'", p);
    }

    size_t scanDigits(size_t p) const {
        const size_t n = src_.size();
        while (p < n && (isDigit(src_[p]) || (src_[p] == '_' && p + 1 < n && isDigit(src_[p + 1]))))
            ++p;
        return p;
    }

    size_t lexNumber(size_t p) {
        const size_t n = src_.size();
        size_t e = scanDigits(p);
        bool isFloat = false;
        // Like jinja2, a number right after '.' is an integer (x.0.1 is two subscripts).
        bool afterDot = p > 0 && src_[p - 1] == '.';
        if (!afterDot) {
            if (e + 1 < n && src_[e] == '.' && isDigit(src_[e + 1])) {
                e = scanDigits(e + 1);
                isFloat = true;
            }
            if (e < n && (src_[e] == 'e' || src_[e] == 'E')) {
                size_t q = e + 1;
                if (q < n && (src_[q] == '+' || src_[q] == '-')) ++q;
                if (q < n && isDigit(src_[q])) {
                    e = scanDigits(q);
                    isFloat = true;
                }
            }
        }
        std::string digits;
        for (size_t i = p; i < e; ++i)
            if (src_[i] != '_') digits += src_[i];
        Token& t = emit(isFloat ? TokenKind::Float : TokenKind::Int, digits, p);
        if (isFloat) {
            t.floatValue = std::strtod(digits.c_str(), nullptr);
        } else {
            errno = 0;
            t.intValue = std::strtoll(digits.c_str(), nullptr, 10);
            if (errno == ERANGE) fail("integer literal out of range: " + digits, p);
        }
        return e;
    }

    static int hexValue(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    // Python's unicode-escape decoding of the literal body.
    size_t lexString(size_t p) {
        const size_t n = src_.size();
        char quote = src_[p];
        std::string out;
        size_t i = p + 1;
        for (;;) {
            if (i >= n) fail("unterminated string literal", p);
            char c = src_[i];
            if (c == quote) break;
            if (c != '\\') {
                out += c;
                ++i;
                continue;
            }
            if (i + 1 >= n) fail("unterminated string literal", p);
            char e = src_[i + 1];
            i += 2;
            switch (e) {
            case 'n':
                out += '\n';
                break;
            case 't':
                out += '\t';
                break;
            case 'r':
                out += '\r';
                break;
            case 'a':
                out += '\a';
                break;
            case 'b':
                out += '\b';
                break;
            case 'f':
                out += '\f';
                break;
            case 'v':
                out += '\v';
                break;
            case '\\':
                out += '\\';
                break;
            case '\'':
                out += '\'';
                break;
            case '"':
                out += '"';
                break;
            case '\n':
                break; // line continuation
            case 'x':
            case 'u':
            case 'U': {
                int len = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                uint32_t cp = 0;
                for (int k = 0; k < len; ++k) {
                    int h = i + static_cast<size_t>(k) < n ? hexValue(src_[i + static_cast<size_t>(k)]) : -1;
                    if (h < 0) fail(std::string("truncated \\") + e + " escape in string literal", i - 2);
                    cp = cp * 16 + static_cast<uint32_t>(h);
                }
                if (cp > 0x10FFFF) fail("illegal Unicode character in string literal", i - 2);
                i += static_cast<size_t>(len);
                appendUtf8(out, cp);
                break;
            }
            default:
                if (e >= '0' && e <= '7') {
                    uint32_t cp = static_cast<uint32_t>(e - '0');
                    for (int k = 0; k < 2 && i < n && src_[i] >= '0' && src_[i] <= '7'; ++k, ++i)
                        cp = cp * 8 + static_cast<uint32_t>(src_[i] - '0');
                    appendUtf8(out, cp);
                } else {
                    out += '\\';
                    out += e;
                }
            }
        }
        emit(TokenKind::String, out, p);
        return i + 1;
    }
};

} // namespace

std::vector<Token> tokenize(const std::string& source, const LexerOptions& options) {
    return Lexer(normalizeNewlines(source), options).run();
}

} // namespace realm::jinja

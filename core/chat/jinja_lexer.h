#pragma once
// Splits a Jinja template into text and tag tokens the way jinja2's lexer does with
// trim_blocks and lstrip_blocks on, so whitespace control is settled before parsing.
#include <cstdint>
#include <string>
#include <vector>

namespace realm::jinja {

enum class TokenKind { Text, VarBegin, VarEnd, BlockBegin, BlockEnd, Name, String, Int, Float, Op, Eof };

struct Token {
    TokenKind kind;
    std::string text; // text, name, operator or the unescaped string literal
    int line = 0;     // 1-based
    int column = 0;   // 1-based, in bytes
    int64_t intValue = 0;
    double floatValue = 0;
};

struct LexerOptions {
    bool trimBlocks = true;
    bool lstripBlocks = true;
};

// Throws JinjaError (with line/column) on an unterminated tag, comment or string, or an
// unexpected character.
std::vector<Token> tokenize(const std::string& source, const LexerOptions& options = {});

} // namespace realm::jinja

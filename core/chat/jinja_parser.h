#pragma once
#include "chat/jinja_ast.h"
#include "chat/jinja_lexer.h"

#include <memory>
#include <string>

namespace realm::jinja {

// Parses a template source into a tree. Throws JinjaError with the line and column of
// the offending token and what was expected. Nesting depth is bounded so hostile input
// cannot exhaust the stack.
std::shared_ptr<const Template> parseTemplate(const std::string& source, const LexerOptions& options = {});

} // namespace realm::jinja

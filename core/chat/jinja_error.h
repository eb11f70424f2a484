#pragma once
#include <stdexcept>
#include <string>

namespace realm::jinja {

// An error inside the interpreter. line/column are 1-based positions in the template
// (0 when not yet known: the evaluator fills them in from the node being evaluated).
class JinjaError : public std::runtime_error {
  public:
    JinjaError(std::string reason, int line = 0, int column = 0)
        : std::runtime_error(reason), reason_(std::move(reason)), line_(line), column_(column) {}
    const std::string& reason() const { return reason_; }
    int line() const { return line_; }
    int column() const { return column_; }
    bool hasPosition() const { return line_ > 0; }
    // Set by raise_exception(): the template itself asked to abort.
    bool raisedByTemplate = false;

  private:
    std::string reason_;
    int line_;
    int column_;
};

} // namespace realm::jinja

#pragma once
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace realm::cli {

// Bad arguments: main prints the message and the command's usage, exit status 1.
class UsageError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Parsed command-line arguments of one command.
class Args {
  public:
    // `valued`: options that take a value ("--rows"); `flags`: options that do not.
    Args(const std::vector<std::string>& argv, const std::vector<std::string>& valued,
         const std::vector<std::string>& flags);

    bool has(const std::string& option) const { return values_.count(option) > 0; }
    std::string value(const std::string& option, const std::string& fallback = {}) const;
    long long intValue(const std::string& option, long long fallback) const;
    double doubleValue(const std::string& option, double fallback) const;
    const std::vector<std::string>& positional() const { return positional_; }
    // The n-th positional argument, or a UsageError naming `what`.
    const std::string& require(size_t n, const std::string& what) const;

  private:
    std::map<std::string, std::string> values_;
    std::vector<std::string> positional_;
};

// "A" → [A, A+1), "A:B" → [A, B), "A:" → [A, end): a half-open span, not yet checked against
// anything; bad syntax or a negative number → UsageError naming `option`.
std::pair<int64_t, int64_t> parseSpan(const std::string& option, const std::string& spec, int64_t end);

struct Command {
    const char* name;
    const char* summary; // one line for `realm-cli --help`
    const char* usage;   // full help text for `realm-cli NAME --help`
    int (*run)(const std::vector<std::string>& args);
};

// Each command file registers itself with a static `RegisterCommand`.
struct RegisterCommand {
    explicit RegisterCommand(Command command);
};
const std::map<std::string, Command>& commands();

} // namespace realm::cli

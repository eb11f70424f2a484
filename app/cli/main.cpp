// realm-cli: the headless twin of realm-studio. Each command lives in its own file.
#include "command.h"

#include "realm_version.h"
#include "util/error.h"

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <exception>

namespace realm::cli {

namespace {
std::map<std::string, Command>& registry() {
    static std::map<std::string, Command> r;
    return r;
}

bool isOption(const std::string& a, const std::vector<std::string>& names) {
    for (const auto& n : names)
        if (a == n) return true;
    return false;
}
} // namespace

RegisterCommand::RegisterCommand(Command command) {
    registry()[command.name] = command;
}
const std::map<std::string, Command>& commands() {
    return registry();
}

Args::Args(const std::vector<std::string>& argv, const std::vector<std::string>& valued,
           const std::vector<std::string>& flags) {
    bool onlyPositional = false;
    for (size_t i = 0; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        if (onlyPositional || a.size() < 2 || a[0] != '-') {
            positional_.push_back(a);
        } else if (a == "--") {
            onlyPositional = true;
        } else if (isOption(a, flags)) {
            values_[a] = "1";
        } else if (isOption(a, valued)) {
            if (i + 1 >= argv.size()) throw UsageError("option " + a + " needs a value");
            values_[a] = argv[++i];
        } else if (auto eq = a.find('='); eq != std::string::npos && isOption(a.substr(0, eq), valued)) {
            values_[a.substr(0, eq)] = a.substr(eq + 1);
        } else if (a.size() > 1 && (std::isdigit(static_cast<unsigned char>(a[1])) || a[1] == '.')) {
            positional_.push_back(a); // a negative number
        } else {
            throw UsageError("unknown option " + a);
        }
    }
}

std::string Args::value(const std::string& option, const std::string& fallback) const {
    auto it = values_.find(option);
    return it == values_.end() ? fallback : it->second;
}

long long Args::intValue(const std::string& option, long long fallback) const {
    auto it = values_.find(option);
    if (it == values_.end()) return fallback;
    char* end = nullptr;
    errno = 0;
    const long long v = std::strtoll(it->second.c_str(), &end, 10);
    if (errno || end == it->second.c_str() || *end)
        throw UsageError(option + " expects an integer, got '" + it->second + "'");
    return v;
}

double Args::doubleValue(const std::string& option, double fallback) const {
    auto it = values_.find(option);
    if (it == values_.end()) return fallback;
    char* end = nullptr;
    const double v = std::strtod(it->second.c_str(), &end);
    if (end == it->second.c_str() || *end)
        throw UsageError(option + " expects a number, got '" + it->second + "'");
    return v;
}

std::pair<int64_t, int64_t> parseSpan(const std::string& option, const std::string& spec, int64_t end) {
    const auto parse = [&](const std::string& s) -> int64_t {
        char* stop = nullptr;
        const long long v = std::strtoll(s.c_str(), &stop, 10);
        if (s.empty() || *stop || v < 0)
            throw UsageError("bad " + option + " '" + spec + "' (expected A or A:B)");
        return v;
    };
    const auto colon = spec.find(':');
    const int64_t a = parse(spec.substr(0, colon));
    const int64_t b = colon == std::string::npos ? a + 1
                      : colon + 1 == spec.size() ? end
                                                 : parse(spec.substr(colon + 1));
    return {a, b};
}

const std::string& Args::require(size_t n, const std::string& what) const {
    if (n >= positional_.size()) throw UsageError("missing " + what);
    return positional_[n];
}

} // namespace realm::cli

namespace {
void printHelp() {
    std::printf(
        "Usage: realm-cli [options] COMMAND [ARGS...]\n\n"
        "Inspect and run GGUF language models from the terminal; the headless twin of realm-studio.\n\n"
        "Options:\n"
        "  -h, --help     Displays help on commandline options.\n"
        "  -v, --version  Displays version information.\n\n"
        "Commands:\n");
    for (const auto& [name, c] : realm::cli::commands())
        std::printf("  %-10s %s\n", name.c_str(), c.summary);
    std::printf("\nRun 'realm-cli COMMAND --help' for a command's options.\n");
}
} // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        printHelp();
        return args.empty() ? 1 : 0;
    }
    if (args[0] == "--version" || args[0] == "-v") {
        std::printf("realm-cli %s\n", REALM_VERSION_STRING);
        return 0;
    }
    const auto& cmds = realm::cli::commands();
    auto it = cmds.find(args[0]);
    if (it == cmds.end()) {
        std::fprintf(stderr, "realm-cli: unknown command '%s' (see realm-cli --help)\n", args[0].c_str());
        return 1;
    }
    const realm::cli::Command& command = it->second;
    std::vector<std::string> rest(args.begin() + 1, args.end());
    for (const auto& a : rest) {
        if (a == "--") break;
        if (a == "--help" || a == "-h") {
            std::printf("%s", command.usage);
            return 0;
        }
    }
    try {
        return command.run(rest);
    } catch (const realm::cli::UsageError& e) {
        std::fprintf(stderr, "realm-cli %s: %s\n", command.name, e.what());
        std::fprintf(stderr, "%s", command.usage);
        return 1;
    } catch (const std::bad_alloc&) {
        std::fprintf(stderr, "realm-cli %s: out of memory\n", command.name);
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "realm-cli %s: %s\n", command.name, e.what());
        return 1;
    }
}

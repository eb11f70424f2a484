#pragma once
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

namespace realm::cli {

// JSON text in which invalid UTF-8 (from a file, or half a character in one token) is
// replaced, never fatal.
inline std::string dumpJson(const nlohmann::json& j) {
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Prints JSON to stdout.
inline void printJson(const nlohmann::json& j) {
    const std::string s = dumpJson(j);
    std::fwrite(s.data(), 1, s.size(), stdout);
    std::fputc('\n', stdout);
}

} // namespace realm::cli

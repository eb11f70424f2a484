#pragma once
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

namespace realm::cli {

// Prints JSON to stdout; invalid UTF-8 from a file is replaced, never fatal.
inline void printJson(const nlohmann::json& j) {
    const std::string s = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    std::fwrite(s.data(), 1, s.size(), stdout);
    std::fputc('\n', stdout);
}

} // namespace realm::cli

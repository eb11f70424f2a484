#pragma once
// Python str semantics on UTF-8 strings (by code point): strip, split, title, ...
// Case mapping is ASCII-only; other letters are left as they are.
#include <cstdint>
#include <string>
#include <vector>

namespace realm::jinja {

enum class StripMode { Left, Right, Both };

// `chars` null: strip Python whitespace; otherwise strip any code point in *chars.
std::string pythonStrip(const std::string& s, const std::string* chars, StripMode mode);
// str.split / str.rsplit; `sep` null splits on runs of whitespace.
std::vector<std::string> pythonSplit(const std::string& s, const std::string* sep, int64_t maxsplit,
                                     bool fromRight);
std::vector<std::string> pythonSplitLines(const std::string& s, bool keepEnds);
std::string pythonReplace(const std::string& s, const std::string& from, const std::string& to,
                          int64_t count);
std::string asciiUpper(std::string s);
std::string asciiLower(std::string s);
std::string pythonTitle(const std::string& s);
std::string pythonCapitalize(const std::string& s);
// isdigit / isalpha / isalnum / isspace / isupper / islower (ASCII classes).
bool pythonIsClass(const std::string& s, const std::string& method);
std::string htmlEscape(const std::string& s);

// Decodes one code point at s[i] (invalid bytes decode as themselves); advances i.
uint32_t decodeUtf8(const std::string& s, size_t& i);

} // namespace realm::jinja

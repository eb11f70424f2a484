#pragma once
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

// A compiled PCRE2 pattern in UTF-8 + UCP mode (\s, \p{L}, \d follow Unicode), JIT-compiled
// when available. Shared read-only between threads: every match call uses its own match data.
namespace realm {

class Pcre2Regex {
  public:
    // Throws realm::Error naming the pattern and the offset of the problem.
    explicit Pcre2Regex(const std::string& pattern);
    ~Pcre2Regex();
    Pcre2Regex(const Pcre2Regex&) = delete;
    Pcre2Regex& operator=(const Pcre2Regex&) = delete;

    // 1-based index of the first capture group that took part in a match at the start of
    // `subject`, 0 when there is no match. `subject` must be valid UTF-8.
    int matchingGroup(std::string_view subject) const;

    // Calls onMatch(begin, end) for every non-overlapping match, left to right (byte offsets).
    // An empty match is reported too (begin == end) and the search moves on one character.
    // `subject` must be valid UTF-8; its end is the end for $ and lookaheads.
    void forEachMatch(std::string_view subject, const std::function<void(size_t, size_t)>& onMatch) const;

    const std::string& pattern() const { return pattern_; }

  private:
    std::string pattern_;
    void* code_ = nullptr; // pcre2_code_8*
};

} // namespace realm

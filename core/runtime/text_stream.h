#pragma once
#include <string>
#include <vector>

namespace realm {

// Turns token pieces into text that is safe to show: it never releases the bytes of an
// incomplete UTF-8 character nor anything that may still become a stop string, and it
// finds the first stop string.
class TextStream {
  public:
    explicit TextStream(std::vector<std::string> stopStrings) : stops_(std::move(stopStrings)) {}

    // Appends a piece; returns the newly released text. stopped() tells if a stop string
    // appeared (the text is then cut before it).
    std::string push(const std::string& piece);
    // Releases everything held back (end of generation).
    std::string flush();
    bool stopped() const { return stopped_; }
    const std::string& text() const { return text_; } // all text so far (cut at a stop string)

  private:
    std::vector<std::string> stops_;
    std::string text_;
    size_t released_ = 0;
    bool stopped_ = false;
};

// Length of `s` without a trailing incomplete UTF-8 sequence.
size_t completeUtf8Prefix(const std::string& s);

} // namespace realm

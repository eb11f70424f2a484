#include "runtime/text_stream.h"

#include <algorithm>

namespace realm {

size_t completeUtf8Prefix(const std::string& s) {
    // Look back at most 3 bytes for the lead byte of the last character.
    const size_t n = s.size();
    for (size_t back = 1; back <= std::min<size_t>(4, n); ++back) {
        const auto c = static_cast<unsigned char>(s[n - back]);
        if ((c & 0xC0) == 0x80) continue; // continuation byte
        size_t need = 1;
        if ((c & 0xE0) == 0xC0)
            need = 2;
        else if ((c & 0xF0) == 0xE0)
            need = 3;
        else if ((c & 0xF8) == 0xF0)
            need = 4;
        return back < need ? n - back : n;
    }
    return n; // only continuation bytes: invalid text, nothing to wait for
}

std::string TextStream::push(const std::string& piece) {
    if (stopped_) return {};
    const size_t searchFrom = released_;
    text_ += piece;
    // The earliest stop string wins; it cannot start before released_ (see below).
    size_t cut = std::string::npos;
    for (const auto& s : stops_) {
        if (s.empty()) continue;
        const size_t at = text_.find(s, searchFrom);
        if (at != std::string::npos) cut = std::min(cut, at);
    }
    if (cut != std::string::npos) {
        stopped_ = true;
        text_.resize(cut);
        std::string out = text_.substr(released_);
        released_ = text_.size();
        return out;
    }
    size_t safe = completeUtf8Prefix(text_);
    // Hold back the longest tail that is the start of some stop string.
    for (const auto& s : stops_) {
        if (s.empty()) continue;
        for (size_t len = std::min(s.size() - 1, text_.size() - released_); len > 0; --len) {
            if (text_.compare(text_.size() - len, len, s, 0, len) == 0) {
                safe = std::min(safe, text_.size() - len);
                break;
            }
        }
    }
    if (safe <= released_) return {};
    std::string out = text_.substr(released_, safe - released_);
    released_ = safe;
    return out;
}

std::string TextStream::flush() {
    std::string out = text_.substr(released_);
    released_ = text_.size();
    return out;
}

} // namespace realm

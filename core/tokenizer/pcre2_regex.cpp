#define PCRE2_CODE_UNIT_WIDTH 8
#include "tokenizer/pcre2_regex.h"
#include "tokenizer/unicode_text.h"
#include "util/error.h"

#include <memory>
#include <pcre2.h>

namespace realm {

namespace {
pcre2_code* code(void* p) {
    return static_cast<pcre2_code*>(p);
}

struct MatchData {
    explicit MatchData(const pcre2_code* c) : data(pcre2_match_data_create_from_pattern(c, nullptr)) {
        if (!data) throw Error("PCRE2: out of memory creating match data");
    }
    ~MatchData() { pcre2_match_data_free(data); }
    pcre2_match_data* data;
};

std::string pcre2Message(int rc) {
    PCRE2_UCHAR buf[256];
    pcre2_get_error_message(rc, buf, sizeof(buf));
    return reinterpret_cast<const char*>(buf);
}
} // namespace

Pcre2Regex::Pcre2Regex(const std::string& pattern) : pattern_(pattern) {
    int err = 0;
    PCRE2_SIZE errOffset = 0;
    // DOLLAR_ENDONLY: `$` means the end of the piece (as in std::regex / HF), not before a final "\n".
    pcre2_code* c = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                                  PCRE2_UTF | PCRE2_UCP | PCRE2_DOLLAR_ENDONLY, &err, &errOffset, nullptr);
    if (!c)
        throw Error("regex '" + pattern + "': " + pcre2Message(err) + " at offset " +
                    std::to_string(errOffset));
    pcre2_jit_compile(c, PCRE2_JIT_COMPLETE); // optional speed-up; falls back to the interpreter
    code_ = c;
}

Pcre2Regex::~Pcre2Regex() {
    pcre2_code_free(code(code_));
}

int Pcre2Regex::matchingGroup(std::string_view subject) const {
    MatchData md(code(code_));
    const int rc = pcre2_match(code(code_), reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(), 0,
                               PCRE2_ANCHORED | PCRE2_NO_UTF_CHECK, md.data, nullptr);
    if (rc <= 1) return 0;
    const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(md.data);
    for (int g = 1; g < rc; ++g)
        if (ov[2 * g] != PCRE2_UNSET) return g;
    return 0;
}

void Pcre2Regex::forEachMatch(std::string_view subject,
                              const std::function<void(size_t, size_t)>& onMatch) const {
    MatchData md(code(code_));
    const auto* s = reinterpret_cast<PCRE2_SPTR>(subject.data());
    size_t pos = 0;
    while (pos <= subject.size()) {
        const int rc = pcre2_match(code(code_), s, subject.size(), pos, PCRE2_NO_UTF_CHECK, md.data, nullptr);
        if (rc == PCRE2_ERROR_NOMATCH) return;
        if (rc < 0) throw Error("regex '" + pattern_ + "': " + pcre2Message(rc));
        const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(md.data);
        const size_t begin = ov[0], end = ov[1];
        onMatch(begin, end);
        if (end > begin) {
            pos = end;
        } else {
            if (end >= subject.size()) return;
            pos = end + unicode::sequenceLength(static_cast<uint8_t>(subject[end]));
        }
    }
}

} // namespace realm

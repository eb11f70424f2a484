// Fuzzes every tokenizer kind over the conformance vocabularies: tokenize with and
// without special-token parsing, then detokenize. The first input byte picks the vocabulary.
#include "gguf/gguf_file.h"
#include "tokenizer/tokenizer.h"
#include "util/error.h"

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

namespace {
std::vector<std::unique_ptr<realm::Tokenizer>>& tokenizers() {
    static std::vector<std::unique_ptr<realm::Tokenizer>> all = [] {
        std::vector<std::unique_ptr<realm::Tokenizer>> v;
        const char* dir = std::getenv("REALM_FUZZ_VOCAB_DIR");
        const std::string base = dir ? dir : "../shared/conformance/tokenizer";
        for (const char* name :
             {"llama-spm", "phi-3", "gpt-2", "qwen3", "falcon", "deepseek-coder", "bert-bge", "starcoder"}) {
            try {
                auto file = realm::GgufFile::open(base + "/ggml-vocab-" + name + ".gguf");
                v.push_back(realm::Tokenizer::fromGguf(*file));
            } catch (const realm::Error&) {
            }
        }
        if (v.empty()) std::abort(); // no vocabularies: set REALM_FUZZ_VOCAB_DIR
        return v;
    }();
    return all;
}
} // namespace

// Loading eight vocabularies under ASan takes seconds on a loaded machine: done here, before
// the first input, so that it never counts against libFuzzer's per-input timeout.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
    tokenizers();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 1) return 0;
    auto& all = tokenizers();
    const realm::Tokenizer& tok = *all[data[0] % all.size()];
    const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
    for (bool special : {false, true}) {
        const std::vector<int32_t> ids = tok.tokenize(text, special, special);
        for (int32_t id : ids)
            if (id < 0 || id >= tok.vocabSize()) std::abort();
        (void)tok.detokenize(ids, special);
    }
    return 0;
}

#pragma once
// Shared option handling of the engine commands (logits, generate, chat, layers, bench).
#include "command.h"

#include "compute/thread_pool.h"
#include "runtime/sampler_settings.h"
#include "runtime/session.h"
#include "tokenizer/tokenizer.h"

#include <memory>
#include <string>
#include <vector>

namespace realm::cli {

// The bytes of a text file; realm::Error naming it when it cannot be read.
std::string readTextFile(const std::string& path);

// "1,450,7483" → ids; a UsageError names the bad entry.
std::vector<int32_t> parseTokenList(const std::string& text);

// The prompt of --tokens or --prompt (tokenized with BOS as the vocabulary says); the
// tokenizer is created when --prompt is used or `needTokenizer`.
struct PromptInput {
    std::unique_ptr<Tokenizer> tokenizer;
    std::vector<int32_t> tokens;
};
PromptInput readPrompt(const Args& args, const Model& model, bool needTokenizer);

// -t THREADS (default: every core) → a pool, --ctx N, --kv f16|f32 (default given).
std::unique_ptr<ThreadPool> makePool(const Args& args);
// --ctx when given, else kDefaultContext; the session caps it at the model's context_length.
inline constexpr int64_t kDefaultContext = 4096;
SessionOptions sessionOptions(const Args& args, ThreadPool* pool, KvType defaultKv);

// The sampler options (generate, chat), parsed in one place; an option not given keeps
// SamplerSettings' default. `valued` is a command's own valued options.
std::vector<std::string> withSamplerOptions(std::vector<std::string> valued);
SamplerSettings samplerSettings(const Args& args);

} // namespace realm::cli

#include "engine_common.h"

#include "util/error.h"

#include <fstream>
#include <iterator>
#include <thread>

namespace realm::cli {

std::string readTextFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path + ": cannot open text file");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) throw Error(path + ": read error");
    return text;
}

std::vector<int32_t> parseTokenList(const std::string& text) {
    std::vector<int32_t> ids;
    size_t pos = 0;
    while (pos <= text.size()) {
        const size_t comma = text.find(',', pos);
        const std::string item =
            text.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
        char* end = nullptr;
        const long long v = std::strtoll(item.c_str(), &end, 10);
        if (item.empty() || *end || v < 0 || v > INT32_MAX)
            throw UsageError("--tokens: '" + item + "' is not a token id");
        ids.push_back(static_cast<int32_t>(v));
        if (comma == std::string::npos) break;
        pos = comma + 1;
    }
    return ids;
}

PromptInput readPrompt(const Args& args, const Model& model, bool needTokenizer) {
    PromptInput in;
    if (args.has("--prompt") == args.has("--tokens"))
        throw UsageError("give exactly one of --prompt TEXT or --tokens ID,ID,...");
    if (args.has("--prompt") || needTokenizer) in.tokenizer = Tokenizer::fromGguf(model.file());
    if (args.has("--tokens"))
        in.tokens = parseTokenList(args.value("--tokens"));
    else
        in.tokens = in.tokenizer->tokenize(args.value("--prompt"), true, false);
    if (in.tokens.empty()) throw UsageError("the prompt has no tokens");
    return in;
}

std::unique_ptr<ThreadPool> makePool(const Args& args) {
    const long long t = args.intValue("-t", 0);
    if (t < 0 || t > 1024) throw UsageError("-t expects a thread count between 1 and 1024");
    return std::make_unique<ThreadPool>(static_cast<int>(t));
}

SessionOptions sessionOptions(const Args& args, ThreadPool* pool, KvType defaultKv) {
    SessionOptions o;
    o.pool = pool;
    // 4096 by default (capped at the model's), as llama.cpp's tools and the app do: a 128k
    // cache is rarely wanted, and longrope models pick their short/long factors by it.
    o.contextLength = args.intValue("--ctx", kDefaultContext);
    if (o.contextLength <= 0) throw UsageError("--ctx must be positive");
    const std::string kv = args.value("--kv", defaultKv == KvType::F32 ? "f32" : "f16");
    if (kv == "f16")
        o.kvType = KvType::F16;
    else if (kv == "f32")
        o.kvType = KvType::F32;
    else
        throw UsageError("--kv expects f16 or f32, got '" + kv + "'");
    return o;
}

std::vector<std::string> withSamplerOptions(std::vector<std::string> valued) {
    for (const char* o :
         {"--temp", "--top-k", "--top-p", "--min-p", "--repeat-penalty", "--repeat-last-n", "--seed"})
        valued.emplace_back(o);
    return valued;
}

SamplerSettings samplerSettings(const Args& args) {
    SamplerSettings s;
    s.temperature = static_cast<float>(args.doubleValue("--temp", s.temperature));
    s.topK = static_cast<int32_t>(args.intValue("--top-k", s.topK));
    s.topP = static_cast<float>(args.doubleValue("--top-p", s.topP));
    s.minP = static_cast<float>(args.doubleValue("--min-p", s.minP));
    s.repeatPenalty = static_cast<float>(args.doubleValue("--repeat-penalty", s.repeatPenalty));
    s.repeatLastN = static_cast<int32_t>(args.intValue("--repeat-last-n", s.repeatLastN));
    const long long seed = args.intValue("--seed", static_cast<long long>(s.seed));
    if (seed < 0) throw UsageError("--seed must not be negative");
    s.seed = static_cast<uint64_t>(seed);
    if (!(s.topP > 0 && s.topP <= 1)) throw UsageError("--top-p expects a value in (0, 1]");
    if (!(s.minP >= 0 && s.minP <= 1)) throw UsageError("--min-p expects a value in [0, 1]");
    if (!(s.repeatPenalty > 0)) throw UsageError("--repeat-penalty must be positive");
    return s;
}

} // namespace realm::cli

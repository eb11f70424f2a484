// realm-cli logits: the next-token logits after a prompt (the conformance entry point).
#include "command.h"
#include "engine_common.h"
#include "json_output.h"

#include "runtime/sampler.h"
#include "util/error.h"

#include <algorithm>
#include <cstdio>
#include <numeric>

namespace realm::cli {

namespace {
int runLogits(const std::vector<std::string>& argv) {
    Args args(argv, {"--prompt", "--tokens", "--top", "--dump", "-t", "--ctx", "--kv"}, {"--json"});
    auto model = Model::load(args.require(0, "MODEL"));
    PromptInput in = readPrompt(args, *model, false);
    const long long topK = args.intValue("--top", 10);
    if (topK < 1) throw UsageError("--top must be at least 1");
    auto pool = makePool(args);
    // An analysis tool: an F32 cache unless asked otherwise, the closest to exact math.
    Session session(model, sessionOptions(args, pool.get(), KvType::F32));
    const std::vector<float>& logits = session.evaluate(in.tokens);
    const int64_t nVocab = static_cast<int64_t>(logits.size());

    if (args.has("--dump")) {
        const std::string path = args.value("--dump");
        FILE* f = std::fopen(path.c_str(), "wb");
        if (!f) throw Error(path + ": cannot open for writing");
        // float32 little-endian (the host order on every platform we build for).
        const size_t written = std::fwrite(logits.data(), sizeof(float), logits.size(), f);
        if (std::fclose(f) != 0 || written != logits.size()) throw Error(path + ": write failed");
    }

    std::vector<int32_t> order(static_cast<size_t>(nVocab));
    std::iota(order.begin(), order.end(), 0);
    const size_t k = static_cast<size_t>(std::min<long long>(topK, nVocab));
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k), order.end(),
                      [&](int32_t a, int32_t b) {
                          return logits[static_cast<size_t>(a)] > logits[static_cast<size_t>(b)] ||
                                 (logits[static_cast<size_t>(a)] == logits[static_cast<size_t>(b)] && a < b);
                      });
    if (args.has("--json")) {
        nlohmann::json top = nlohmann::json::array();
        for (size_t i = 0; i < k; ++i)
            top.push_back({{"id", order[i]}, {"logit", logits[static_cast<size_t>(order[i])]}});
        printJson({{"tokens", in.tokens}, {"top", top}});
        return 0;
    }
    std::printf("%zu prompt tokens, %lld logits\n", in.tokens.size(), static_cast<long long>(nVocab));
    for (size_t i = 0; i < k; ++i) {
        const int32_t id = order[i];
        const std::string piece = in.tokenizer ? in.tokenizer->tokenToPiece(id, true) : std::string();
        std::printf("%8d  %12.6f  %s\n", id, static_cast<double>(logits[static_cast<size_t>(id)]),
                    piece.c_str());
    }
    return 0;
}

RegisterCommand logits(
    {"logits", "Next-token logits after a prompt",
     "Usage: realm-cli logits MODEL (--prompt TEXT | --tokens ID,ID,...) [--top K] [--json] [--dump FILE]\n"
     "                        [-t THREADS] [--ctx N] [--kv f32|f16]\n\n"
     "Runs the prompt (BOS added as the vocabulary says) and shows the K largest logits of the\n"
     "last position (default 10; ties: lower id first).\n"
     "  --json   {\"tokens\": [...], \"top\": [{\"id\", \"logit\"}, ...]}\n"
     "  --dump   write all n_vocab logits of the last position as float32 little-endian\n"
     "  --ctx    context length (default: the model's, at most 4096)\n"
     "  --kv     KV cache precision (default f32 here: exact analysis)\n",
     runLogits});
} // namespace

} // namespace realm::cli

// realm-cli patch: activation patching, clean into corrupted, over layers × positions.
#include "command.h"
#include "intervention_common.h"
#include "json_output.h"

#include "interp/patching.h"
#include "util/error.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <unistd.h>

namespace realm::cli {

namespace {
// --NAME TEXT (exactly one token, no BOS) or --NAME-id ID.
int32_t answerToken(const Args& args, const std::string& name, const Tokenizer* tokenizer) {
    if (args.has("--" + name + "-id")) return static_cast<int32_t>(args.intValue("--" + name + "-id", -1));
    if (!args.has("--" + name)) throw UsageError("give --" + name + " TEXT or --" + name + "-id ID");
    const std::string text = args.value("--" + name);
    const std::vector<int32_t> ids = tokenizer->tokenize(text, false, false);
    if (ids.size() != 1)
        throw Error("--" + name + " '" + text + "' is " + std::to_string(ids.size()) +
                    " tokens; give one token (or --" + name + "-id)");
    return ids[0];
}

std::vector<int32_t> promptTokens(const Args& args, const std::string& name, const Tokenizer* tokenizer) {
    if (args.has("--" + name + "-tokens")) return parseTokenList(args.value("--" + name + "-tokens"));
    if (!args.has("--" + name)) throw UsageError("give --" + name + " TEXT or --" + name + "-tokens ID,...");
    return tokenizer->tokenize(args.value("--" + name), true, false);
}

int runPatch(const std::vector<std::string>& argv) {
    Args args(argv,
              {"--clean", "--corrupted", "--clean-tokens", "--corrupted-tokens", "--answer", "--wrong",
               "--answer-id", "--wrong-id", "--head", "--layers", "-t", "--ctx", "--kv"},
              {"--json"});
    auto model = Model::load(args.require(0, "MODEL"));
    const HParams& hp = model->hparams();
    const bool needTokenizer = !args.has("--clean-tokens") || !args.has("--corrupted-tokens") ||
                               !args.has("--answer-id") || !args.has("--wrong-id");
    const auto tokenizer = needTokenizer ? Tokenizer::fromGguf(model->file()) : nullptr;
    const std::vector<int32_t> clean = promptTokens(args, "clean", tokenizer.get());
    const std::vector<int32_t> corrupted = promptTokens(args, "corrupted", tokenizer.get());
    const int32_t answer = answerToken(args, "answer", tokenizer.get());
    const int32_t wrong = answerToken(args, "wrong", tokenizer.get());
    PatchSweepOptions options;
    const LayerRange layers = parseLayerRange(args.value("--layers"), hp.nLayer);
    options.firstLayer = layers.first;
    options.lastLayer = layers.last;
    if (args.has("--head")) {
        options.site = HookSite::AttnHeads;
        options.head = args.intValue("--head", -1);
    }
    // Progress on a terminal only, so that redirected output stays clean.
    const JobControl control([](double fraction) {
        if (!isatty(STDERR_FILENO)) return;
        std::fprintf(stderr, "\rpatched %3.0f %%", 100.0 * fraction);
        if (fraction >= 1.0) std::fputc('\n', stderr);
    });
    auto pool = makePool(args);
    Session session(model, sessionOptions(args, pool.get(), KvType::F32));
    const auto t0 = std::chrono::steady_clock::now();
    const PatchSweep sweep = patchSweep(session, clean, corrupted, answer, wrong, options, &control);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    const auto matrix = [&](const std::vector<double>& cells) {
        nlohmann::json rows = nlohmann::json::array();
        for (int64_t l = 0; l < sweep.nLayers; ++l)
            rows.push_back(std::vector<double>(cells.begin() + l * sweep.nPositions,
                                               cells.begin() + (l + 1) * sweep.nPositions));
        return rows;
    };
    if (args.has("--json")) {
        nlohmann::json layerIds = nlohmann::json::array();
        for (int64_t l = 0; l < sweep.nLayers; ++l)
            layerIds.push_back(sweep.firstLayer + l);
        printJson(
            {{"clean_tokens", clean},
             {"corrupted_tokens", corrupted},
             {"answer", answer},
             {"wrong", wrong},
             {"site", options.site == HookSite::AttnHeads ? "head" : "residual"},
             {"head", options.site == HookSite::AttnHeads ? nlohmann::json(options.head) : nlohmann::json()},
             {"clean_diff", sweep.cleanDiff},
             {"corrupted_diff", sweep.corruptedDiff},
             {"layers", layerIds},
             {"positions", sweep.nPositions},
             {"recovered", matrix(sweep.recovered)},
             {"logit_diff", matrix(sweep.logitDiff)},
             {"seconds", seconds}});
        return 0;
    }
    std::printf("logit difference: clean %.4f, corrupted %.4f; recovered fraction (1 = clean):\n",
                sweep.cleanDiff, sweep.corruptedDiff);
    std::printf("%8s", "layer");
    for (int64_t p = 0; p < sweep.nPositions; ++p)
        std::printf(" %7lld", static_cast<long long>(p));
    std::printf("\n");
    for (int64_t l = 0; l < sweep.nLayers; ++l) {
        std::printf("%8lld", static_cast<long long>(sweep.firstLayer + l));
        for (int64_t p = 0; p < sweep.nPositions; ++p)
            std::printf(" %7.3f", sweep.recovered[static_cast<size_t>(l * sweep.nPositions + p)]);
        std::printf("\n");
    }
    std::printf("%lld cells in %.2f s\n", static_cast<long long>(sweep.nLayers * sweep.nPositions), seconds);
    return 0;
}

RegisterCommand
    patch({"patch", "Activation patching: clean activations into a corrupted run",
           "Usage: realm-cli patch MODEL (--clean TEXT | --clean-tokens IDS) (--corrupted TEXT | "
           "--corrupted-tokens IDS)\n"
           "                      (--answer TEXT | --answer-id ID) (--wrong TEXT | --wrong-id ID)\n"
           "                      [--head H] [--layers A:B] [--json] [-t THREADS]\n\n"
           "For every layer and position, the clean run's residual (the layer's output), or with --head\n"
           "that head's output before Wo, replaces the corrupted run's, and the corrupted prompt's\n"
           "logit difference LD = logit(answer) - logit(wrong) at the last position is measured again.\n"
           "recovered = (LD - LD_corrupted) / (LD_clean - LD_corrupted): 1 = clean, 0 = corrupted. The\n"
           "prompts must have the same number of tokens; --answer/--wrong must be one token each.\n"
           "  --json  {\"clean_tokens\", \"corrupted_tokens\", \"answer\", \"wrong\", \"site\", \"head\",\n"
           "           \"clean_diff\", \"corrupted_diff\", \"layers\", \"positions\",\n"
           "           \"recovered\": [[per position] per layer], \"logit_diff\": [[…]], \"seconds\"}\n",
           runPatch});
} // namespace

} // namespace realm::cli

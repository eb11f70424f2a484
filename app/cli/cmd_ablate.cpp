// realm-cli ablate: switch heads, attention, feed-forwards or experts off and compare the logits.
#include "command.h"
#include "intervention_common.h"
#include "json_output.h"

#include "interp/ablation.h"

#include <cstdio>

namespace realm::cli {

namespace {
// "head:L.H", "attn:L", "ffn:L", "expert:L.E".
AblationTarget parseTarget(const std::string& spec) {
    const auto bad = [&] {
        return UsageError("bad --ablate '" + spec + "' (expected head:L.H, attn:L, ffn:L or expert:L.E)");
    };
    const size_t colon = spec.find(':');
    if (colon == std::string::npos) throw bad();
    const std::string kind = spec.substr(0, colon), where = spec.substr(colon + 1);
    AblationTarget t{AblationTarget::Kind::Attention, 0, -1};
    const bool indexed = kind == "head" || kind == "expert";
    if (kind == "head")
        t.kind = AblationTarget::Kind::Head;
    else if (kind == "expert")
        t.kind = AblationTarget::Kind::Expert;
    else if (kind == "ffn")
        t.kind = AblationTarget::Kind::Ffn;
    else if (kind != "attn")
        throw bad();
    char* end = nullptr;
    t.layer = std::strtoll(where.c_str(), &end, 10);
    if (end == where.c_str()) throw bad();
    if (indexed) {
        if (*end != '.') throw bad();
        const char* index = end + 1;
        t.index = std::strtoll(index, &end, 10);
        if (end == index) throw bad();
    }
    if (*end) throw bad();
    return t;
}

int runAblate(const std::vector<std::string>& argv) {
    Args args(argv, {"--prompt", "--tokens", "--ablate", "--mode", "--top", "-t", "--ctx", "--kv"},
              {"--json", "--lens"});
    auto model = Model::load(args.require(0, "MODEL"));
    if (!args.has("--ablate")) throw UsageError("--ablate is required");
    std::vector<AblationTarget> targets;
    for (const std::string& spec : splitList(args.value("--ablate")))
        targets.push_back(parseTarget(spec));
    const std::string modeName = args.value("--mode", "zero");
    if (modeName != "zero" && modeName != "mean") throw UsageError("--mode expects zero or mean");
    const AblationMode mode = modeName == "zero" ? AblationMode::Zero : AblationMode::Mean;
    const long long topK = args.intValue("--top", 10);
    if (topK < 1) throw UsageError("--top must be at least 1");
    Ablation ablation(targets, mode, model->hparams());
    PromptInput in = readPrompt(args, *model, true);
    auto pool = makePool(args);
    SessionOptions options = sessionOptions(args, pool.get(), KvType::F32);
    // Mean ablation averages over the prompt, so the prompt is one call.
    options.batchSize = std::max<int64_t>(options.batchSize, static_cast<int64_t>(in.tokens.size()));
    Session session(model, options);
    const AblationComparison c =
        compareAblation(session, in.tokens, ablation, static_cast<size_t>(topK), args.has("--lens"));
    const auto piece = [&](int32_t id) { return in.tokenizer->tokenToPiece(id, true); };
    if (args.has("--json")) {
        nlohmann::json ablated = nlohmann::json::array(), top = nlohmann::json::array();
        for (const AblationTarget& t : targets)
            ablated.push_back(t.describe());
        for (const auto& t : c.top)
            top.push_back({{"id", t.id},
                           {"piece", piece(t.id)},
                           {"baseline", t.baseline},
                           {"ablated", t.ablated},
                           {"delta", t.ablated - t.baseline}});
        nlohmann::json lens = nlohmann::json::array();
        for (const auto& l : c.lens)
            lens.push_back({{"layer", l.layer},
                            {"baseline_top", l.baselineTop},
                            {"ablated_top", l.ablatedTop},
                            {"kl", l.kl}});
        nlohmann::json out = {
            {"tokens", in.tokens},           {"ablated", ablated},          {"mode", modeName}, {"kl", c.kl},
            {"baseline_top", c.baselineTop}, {"ablated_top", c.ablatedTop}, {"top", top}};
        if (args.has("--lens")) out["lens"] = lens;
        printJson(out);
        return 0;
    }
    std::printf("KL(baseline ‖ ablated) = %.6f nats; top token %d → %d\n", c.kl, c.baselineTop, c.ablatedTop);
    std::printf("%8s  %12s  %12s  %10s  %s\n", "id", "baseline", "ablated", "Δlogit", "piece");
    for (const auto& t : c.top)
        std::printf("%8d  %12.6f  %12.6f  %+10.6f  %s\n", t.id, static_cast<double>(t.baseline),
                    static_cast<double>(t.ablated), static_cast<double>(t.ablated - t.baseline),
                    piece(t.id).c_str());
    if (!c.lens.empty())
        std::printf("logit lens, last position:\n%8s  %10s  %10s  %10s\n", "layer", "baseline", "ablated",
                    "KL");
    for (const auto& l : c.lens)
        std::printf("%8lld  %10d  %10d  %10.6f\n", static_cast<long long>(l.layer), l.baselineTop,
                    l.ablatedTop, l.kl);
    return 0;
}

RegisterCommand ablate(
    {"ablate", "Switch heads, attention, FFNs or experts off and compare the logits",
     "Usage: realm-cli ablate MODEL (--prompt TEXT | --tokens ID,...) --ablate TARGET,...\n"
     "                       [--mode zero|mean] [--top K] [--lens] [--json]\n\n"
     "Runs the prompt as it is and with the targets switched off, and compares the last position's\n"
     "logits: the baseline's top K tokens (and the ablated top token) with both logits and Δlogit,\n"
     "and KL(baseline ‖ ablated) in nats.\n"
     "  --ablate  head:L.H (one head's output before Wo), attn:L (the layer's attention output),\n"
     "            ffn:L (its feed-forward output), expert:L.E (an MoE expert: zero sets its router\n"
     "            weight to 0, mean replaces its output by its mean over the tokens that chose it)\n"
     "  --mode    zero (default) or mean (each output replaced by its mean over the prompt's\n"
     "            positions)\n"
     "  --lens    also the logit lens of the last position after every layer, both runs\n"
     "  --json    {\"tokens\", \"ablated\": [\"head 1.3\", ...], \"mode\", \"kl\", \"baseline_top\",\n"
     "             \"ablated_top\", \"top\": [{\"id\", \"piece\", \"baseline\", \"ablated\", \"delta\"}],\n"
     "             with --lens \"lens\": [{\"layer\", \"baseline_top\", \"ablated_top\", \"kl\"}]}\n",
     runAblate});
} // namespace

} // namespace realm::cli

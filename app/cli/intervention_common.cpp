#include "intervention_common.h"

#include "util/error.h"

#include <algorithm>

namespace realm::cli {

LayerRange parseLayerRange(const std::string& spec, int64_t nLayer) {
    if (spec.empty()) return {0, nLayer - 1};
    const auto [a, b] = parseSpan("--layers", spec, nLayer);
    if (a < 0 || b > nLayer || a >= b)
        throw Error("layers " + spec + " are outside the model's layers 0…" + std::to_string(nLayer - 1));
    return {a, b - 1};
}

std::vector<std::string> splitList(const std::string& text) {
    std::vector<std::string> items;
    size_t pos = 0;
    while (pos <= text.size()) {
        const size_t comma = std::min(text.find(',', pos), text.size());
        items.push_back(text.substr(pos, comma - pos));
        if (items.back().empty()) throw UsageError("empty item in '" + text + "'");
        pos = comma + 1;
    }
    return items;
}

std::vector<HookSite> parseSites(const std::string& spec) {
    std::vector<HookSite> sites;
    for (const std::string& name : splitList(spec)) {
        HookSite site;
        if (!hookSiteFromName(name, site))
            throw UsageError(
                "--what: unknown '" + name +
                "' (known: residual, attn_out, ffn_out, attn_heads, attn_weights, moe_routing, expert_out)");
        sites.push_back(site);
    }
    return sites;
}

std::vector<std::string> withSteeringOptions(std::vector<std::string> valued) {
    valued.emplace_back("--control-vector");
    valued.emplace_back("--control-vector-layers");
    return valued;
}

std::unique_ptr<Steering> steeringFromArgs(const Args& args, const HParams& hp) {
    if (!args.has("--control-vector")) {
        if (args.has("--control-vector-layers"))
            throw UsageError("--control-vector-layers needs --control-vector");
        return nullptr;
    }
    std::string file = args.value("--control-vector");
    float strength = 1.0f;
    if (const size_t colon = file.rfind(':'); colon != std::string::npos) {
        char* end = nullptr;
        strength = std::strtof(file.c_str() + colon + 1, &end);
        if (end == file.c_str() + colon + 1 || *end)
            throw UsageError("--control-vector expects FILE or FILE:STRENGTH, got '" + file + "'");
        file.resize(colon);
    }
    const LayerRange layers = parseLayerRange(args.value("--control-vector-layers"), hp.nLayer);
    return std::make_unique<Steering>(ControlVector::load(file), strength, layers.first, layers.last,
                                      hp.nEmbd);
}

std::vector<std::string> tokenPieces(const PromptInput& in) {
    std::vector<std::string> pieces;
    for (int32_t id : in.tokens)
        pieces.push_back(in.tokenizer ? in.tokenizer->tokenToPiece(id, true) : std::string());
    return pieces;
}

} // namespace realm::cli

// realm-cli kl: what a quantization does to the next-token distributions over a text,
// the figures of llama-perplexity --kl-divergence without its logits file.
#include "command.h"
#include "engine_common.h"
#include "json_output.h"
#include "quantlab_common.h"

#include "quantlab/kl_divergence.h"

#include <cstdio>

namespace realm::cli {

namespace {
nlohmann::json withError(const ValueWithError& v) {
    return {{"value", v.value}, {"uncertainty", v.uncertainty}};
}

// A spread's figures in the order llama-perplexity prints them: its label and our JSON key.
struct SpreadField {
    const char* label;
    const char* key;
    double value;
};
std::vector<SpreadField> spreadFields(const Spread& v) {
    return {{"Maximum ", "max", v.max},       {"99.9%   ", "p99_9", v.p99_9}, {"99.0%   ", "p99", v.p99},
            {"95.0%   ", "p95", v.p95},       {"90.0%   ", "p90", v.p90},     {"75.0%   ", "p75", v.p75},
            {"Median  ", "median", v.median}, {"25.0%   ", "p25", v.p25},     {"10.0%   ", "p10", v.p10},
            {" 5.0%   ", "p5", v.p5},         {" 1.0%   ", "p1", v.p1},       {" 0.1%   ", "p0_1", v.p0_1},
            {"Minimum ", "min", v.min}};
}

// {"max", "p99_9", …, "min"} under the prefix ("kl_", "delta_p_").
void addSpread(nlohmann::json& o, const std::string& prefix, const Spread& v) {
    for (const SpreadField& f : spreadFields(v))
        o[prefix + f.key] = f.value;
}

nlohmann::json summaryJson(const KlSummary& s) {
    nlohmann::json o = {{"tokens", s.tokens},
                        {"ppl_test", withError(s.pplTest)},
                        {"ppl_reference", withError(s.pplReference)},
                        {"ln_ppl_correlation", s.lnPplCorrelation},
                        {"ln_ppl_ratio", withError(s.lnPplRatio)},
                        {"ppl_ratio", withError(s.pplRatio)},
                        {"ppl_difference", withError(s.pplDifference)},
                        {"kl_mean", withError(s.klMean)},
                        {"delta_p_mean", withError(s.deltaPMean)},
                        {"delta_p_rms", withError(s.deltaPRms)},
                        {"same_top", withError(s.sameTop)}};
    addSpread(o, "kl_", s.kl);
    addSpread(o, "delta_p_", s.deltaP);
    return o;
}

void printSummary(const KlSummary& s) {
    const auto line = [](const std::string& name, const ValueWithError& v, double scale, const char* unit) {
        std::printf("%-30s: %10.6f ± %10.6f%s\n", name.c_str(), scale * v.value, scale * v.uncertainty, unit);
    };
    std::printf("====== Perplexity statistics ======\n");
    line("Mean PPL(Q)", s.pplTest, 1, "");
    line("Mean PPL(base)", s.pplReference, 1, "");
    std::printf("%-30s: %6.2f%%\n", "Cor(ln(PPL(Q)), ln(PPL(base)))", 100 * s.lnPplCorrelation);
    line("Mean ln(PPL(Q)/PPL(base))", s.lnPplRatio, 1, "");
    line("Mean PPL(Q)/PPL(base)", s.pplRatio, 1, "");
    line("Mean PPL(Q)-PPL(base)", s.pplDifference, 1, "");
    std::printf("\n====== KL divergence statistics ======\n");
    line("Mean    KLD", s.klMean, 1, "");
    for (const SpreadField& f : spreadFields(s.kl))
        std::printf("%sKLD%19s: %10.6f\n", f.label, "", f.value);
    std::printf("\n====== Token probability statistics ======\n");
    line("Mean    Δp", s.deltaPMean, 100, " %");
    for (const SpreadField& f : spreadFields(s.deltaP))
        std::printf("%sΔp%20s: %9.3f%%\n", f.label, "", 100 * f.value);
    line("RMS Δp", s.deltaPRms, 100, " %");
    line("Same top p", s.sameTop, 100, " %");
}

int runKl(const std::vector<std::string>& argv) {
    Args args(argv, kTextScoringOptions, {"--json"});
    auto reference = Model::load(args.require(0, "REF"));
    auto test = Model::load(args.require(1, "TEST"));
    const TextChunks chunks = textChunks(args, *reference);
    auto pool = makePool(args);
    const bool json = args.has("--json");
    if (!json)
        std::printf("%lld tokens, %lld chunks of %lld (the second half of each scored)\n"
                    "%5s %12s %12s %12s %10s %10s\n",
                    static_cast<long long>(chunks.textTokens()), static_cast<long long>(chunks.count()),
                    static_cast<long long>(chunks.contextLength()), "chunk", "PPL(Q)", "ln ratio", "mean KLD",
                    "RMS Δp %", "same top %");
    const KlReport r = measureKlDivergence(
        reference, test, chunks, sessionOptions(args, pool.get(), KvType::F16), nullptr,
        [&](const KlChunk& c) {
            if (json) return;
            std::printf("%5lld %12.4f %12.5f %12.6f %10.3f %10.3f\n", static_cast<long long>(c.chunk + 1),
                        c.pplTest.value, c.lnPplRatio.value, c.klMean.value, 100 * c.deltaPRms.value,
                        100 * c.sameTop.value);
            std::fflush(stdout);
        });
    if (json) {
        nlohmann::json tokens = nlohmann::json::array();
        for (const TokenDamage& t : r.tokens)
            tokens.push_back({{"token", t.token},
                              {"kl", t.kl},
                              {"delta_p", t.deltaP},
                              {"same_top", t.sameTop},
                              {"reference_top", t.referenceTop},
                              {"test_top", t.testTop},
                              {"delta_p_top", t.deltaPTop}});
        printJson({{"context", r.contextLength},
                   {"text_tokens", r.textTokens},
                   {"chunks", r.chunks.size()},
                   {"summary", summaryJson(r.summary)},
                   {"tokens", tokens}});
        return 0;
    }
    std::printf("\n");
    printSummary(r.summary);
    return 0;
}

RegisterCommand kl(
    {"kl", "KL divergence of a test model from a reference over a text (as llama-perplexity --kl-divergence)",
     "Usage: realm-cli kl REF TEST --text-file F [-c N] [--chunks K] [--json] [-t THREADS] [--kv f32|f16]\n\n"
     "Runs both models over the text in chunks cut and scored as llama-perplexity does (see\n"
     "`realm-cli perplexity --help`), one chunk at a time (no logits file), and compares their\n"
     "next-token distributions at every scored position: KL(REF ‖ TEST), whether the most likely\n"
     "token agrees, and Δp = p_TEST − p_REF of the text's next token. Prints the running figures per\n"
     "chunk and the statistics llama-perplexity --kl-divergence prints, defined as it defines them.\n"
     "The text is tokenized with REF's vocabulary; TEST must have a vocabulary of the same size.\n"
     "  --kv    KV cache precision (default f16, as llama-perplexity)\n"
     "  --json  {\"context\", \"text_tokens\", \"chunks\", \"summary\": {\"kl_mean\": {\"value\",\n"
     "          \"uncertainty\"}, \"kl_median\", \"kl_p99\", \"kl_max\", \"same_top\", \"delta_p_rms\", "
     "...},\n"
     "          \"tokens\": [{\"token\", \"kl\", \"delta_p\", \"same_top\", \"reference_top\", "
     "\"test_top\",\n"
     "          \"delta_p_top\"}]} (fractions, not percent; delta_p is llama.cpp's Δp of the text's\n"
     "          next token, delta_p_top the Δp of the reference's most likely token)\n",
     runKl});
} // namespace

} // namespace realm::cli

#include "token_alternatives.h"

#include "command.h"

#include "tokenizer/tokenizer.h"

namespace realm::cli {

size_t alternativesOption(const Args& args) {
    const long long n = args.intValue("--alternatives", 0);
    if (n < 0 || n > 100) throw UsageError("--alternatives must be between 0 and 100");
    return static_cast<size_t>(n);
}

nlohmann::json alternativesJson(const std::vector<TokenProbabilities>& tokens, const Tokenizer* tokenizer) {
    const auto entry = [tokenizer](int32_t id, float p) {
        nlohmann::json j{{"id", id}, {"p", p}};
        if (tokenizer) j["piece"] = tokenizer->tokenToPiece(id);
        return j;
    };
    nlohmann::json list = nlohmann::json::array();
    for (const TokenProbabilities& t : tokens) {
        nlohmann::json top = nlohmann::json::array();
        for (const TokenAlternative& a : t.top) {
            nlohmann::json j = entry(a.id, a.probability);
            j["kept"] = a.survived;
            top.push_back(std::move(j));
        }
        nlohmann::json j = entry(t.id, t.probability);
        j["top"] = std::move(top);
        list.push_back(std::move(j));
    }
    return list;
}

void printAlternatives(std::FILE* out, const std::vector<TokenProbabilities>& tokens,
                       const Tokenizer& tokenizer) {
    // Quoted and escaped: pieces are often a space or a newline.
    const auto quoted = [&tokenizer](int32_t id) {
        return nlohmann::json(tokenizer.tokenToPiece(id))
            .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    };
    for (const TokenProbabilities& t : tokens) {
        std::fprintf(out, "%-16s %6.4f |", quoted(t.id).c_str(), t.probability);
        for (const TokenAlternative& a : t.top)
            std::fprintf(out, " %s %.4f%s", quoted(a.id).c_str(), a.probability, a.survived ? "*" : "");
        std::fputc('\n', out);
    }
}

} // namespace realm::cli

// realm-cli tokenize: text -> token ids with the model's own vocabulary (llama.cpp's ids).
#include "command.h"
#include "engine_common.h"
#include "json_output.h"

#include "gguf/gguf_file.h"
#include "tokenizer/tokenizer.h"
#include "util/error.h"

#include <cstdio>

namespace realm::cli {

namespace {
// A piece with spaces and control characters made visible for the table.
std::string visible(std::string_view s) {
    std::string out;
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (c == ' ')
            out += "\xC2\xB7"; // middle dot
        else if (c == '\n')
            out += "\\n";
        else if (c == '\t')
            out += "\\t";
        else if (c == '\r')
            out += "\\r";
        else if (u < 0x20 || u == 0x7F) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02X", u);
            out += buf;
        } else
            out += c;
    }
    return out;
}

int runTokenize(const std::vector<std::string>& argv) {
    Args args(argv, {"--text-file"}, {"--json", "--no-bos", "--special"});
    const std::string& modelPath = args.require(0, "MODEL");
    std::string text;
    if (args.has("--text-file")) {
        if (args.positional().size() > 1) throw UsageError("give either TEXT or --text-file, not both");
        text = readTextFile(args.value("--text-file"));
    } else {
        text = args.require(1, "TEXT");
        if (args.positional().size() > 2) throw UsageError("TEXT must be one argument (quote it)");
    }

    auto file = GgufFile::open(modelPath);
    auto tokenizer = Tokenizer::fromGguf(*file);
    const std::vector<int32_t> ids = tokenizer->tokenize(text, !args.has("--no-bos"), args.has("--special"));

    if (args.has("--json")) {
        nlohmann::json pieces = nlohmann::json::array();
        for (int32_t id : ids)
            pieces.push_back(std::string(tokenizer->tokenText(id)));
        printJson({{"tokens", ids}, {"pieces", pieces}});
        return 0;
    }
    std::printf("%zu tokens\n%8s  %s\n", ids.size(), "id", "piece");
    for (int32_t id : ids)
        std::printf("%8d  %s\n", id, visible(tokenizer->tokenText(id)).c_str());
    return 0;
}

RegisterCommand
    tokenize({"tokenize", "Split text into the model's tokens",
              "Usage: realm-cli tokenize MODEL (TEXT | --text-file F) [--json] [--no-bos] [--special]\n\n"
              "Tokenizes with the vocabulary stored in MODEL (a model or a vocabulary-only GGUF),\n"
              "giving the same ids as llama.cpp.\n"
              "  --text-file F  read the text from F byte for byte (may be empty or start with '-')\n"
              "  --no-bos       add no special tokens (llama.cpp's add_special=false)\n"
              "  --special      text such as <s> or <|im_end|> becomes that special token\n"
              "  --json         {\"tokens\": [ids], \"pieces\": [vocabulary strings]}\n"
              "Without --json: a table of id and piece, spaces shown as '\xC2\xB7'.\n",
              runTokenize});
} // namespace

} // namespace realm::cli

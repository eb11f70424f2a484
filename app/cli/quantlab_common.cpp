#include "quantlab_common.h"

#include "engine_common.h"

#include "model/model.h"
#include "tokenizer/tokenizer.h"
#include "util/error.h"

namespace realm::cli {

TextChunks textChunks(const Args& args, const Model& model) {
    if (!args.has("--text-file")) throw UsageError("--text-file is required");
    const std::string path = args.value("--text-file");
    const std::string text = readTextFile(path);
    const long long nCtx = args.intValue("-c", 512);
    if (nCtx < 4) throw UsageError("-c must be at least 4");
    const auto tokenizer = Tokenizer::fromGguf(model.file());
    try {
        return chunkText(*tokenizer, text, nCtx, args.intValue("--chunks", -1));
    } catch (const Error& e) {
        throw Error(path + ": " + e.what());
    }
}

} // namespace realm::cli

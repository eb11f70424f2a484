#pragma once
// Shared option handling of the text-scoring commands (perplexity, kl).
#include "command.h"

#include "quantlab/text_chunks.h"

#include <string>

namespace realm {
class Model;
}

namespace realm::cli {

// The text of --text-file tokenized by `model`'s vocabulary as llama-perplexity tokenizes it
// (BOS as the vocabulary says, special tokens as plain text), cut into chunks of -c tokens
// (default 512, as llama-perplexity) and at most --chunks of them.
TextChunks textChunks(const Args& args, const Model& model);

// The options these commands take, for Args.
inline const std::vector<std::string> kTextScoringOptions = {"--text-file", "-c", "--chunks", "-t", "--kv"};

} // namespace realm::cli

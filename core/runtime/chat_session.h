#pragma once
#include "chat/chat_template.h"
#include "runtime/generator.h"

#include <memory>
#include <string>
#include <vector>

namespace realm {

class Session;
class Tokenizer;

// A multi-turn conversation on one Session. Each turn renders the whole conversation
// with the model's chat template (add_generation_prompt) and tokenizes it; the KV cache
// keeps the shared prefix, so only the new tokens are evaluated.
class ChatSession {
  public:
    // templateSource: empty → the GGUF's tokenizer.chat_template, else a ChatML fallback.
    ChatSession(Session& session, const Tokenizer& tokenizer, std::string templateSource = {});

    void setSystemPrompt(const std::string& text);
    const std::vector<ChatMessage>& messages() const { return messages_; }
    const std::string& templateSource() const { return template_; }

    // Adds the user message, generates the reply (streamed through onToken), adds it. With
    // settings.continueFrom the reply continues those tokens (a branch from inside an old reply).
    GenerationResult send(const std::string& userText, const GenerationSettings& settings,
                          const TokenCallback& onToken = {}, const JobControl* control = nullptr);
    void reset(); // forget the conversation (keeps the system prompt)

    // Replaces the conversation (e.g. one restored from disk); the KV cache is reused
    // as far as it matches on the next send.
    void restore(std::vector<ChatMessage> messages) { messages_ = std::move(messages); }

    // The exact text the template produces for the current messages.
    std::string render(bool addGenerationPrompt) const;

  private:
    std::vector<int32_t> promptTokens(bool addGenerationPrompt) const;

    Session& session_;
    const Tokenizer& tokenizer_;
    std::string template_;
    std::string system_;
    std::vector<ChatMessage> messages_;
};

// ChatML, used when a model has no template or its template fails to render.
const std::string& chatMlTemplate();

// The template variables every chat render needs from the vocabulary (bos_token, eos_token).
ChatTemplateOptions chatTemplateOptions(const Tokenizer& tokenizer, bool addGenerationPrompt = true);
// Tokens of a rendered conversation: the template writes BOS itself when it wants one, so
// special tokens are parsed and BOS is added only when the vocabulary asks for it and the
// text does not start with it.
std::vector<int32_t> chatPromptTokens(const Tokenizer& tokenizer, const std::string& renderedText);

} // namespace realm

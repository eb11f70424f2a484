#include "runtime/chat_session.h"

#include "gguf/gguf_file.h"
#include "runtime/session.h"
#include "tokenizer/tokenizer.h"
#include "util/error.h"

namespace realm {

const std::string& chatMlTemplate() {
    static const std::string t =
        "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\n' + message['content'] + "
        "'<|im_end|>' + '\n' }}"
        "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}";
    return t;
}

ChatSession::ChatSession(Session& session, const Tokenizer& tokenizer, std::string templateSource)
    : session_(session), tokenizer_(tokenizer), template_(std::move(templateSource)) {
    if (template_.empty()) template_ = session.model().file().getString("tokenizer.chat_template");
    if (template_.empty()) template_ = chatMlTemplate();
}

void ChatSession::setSystemPrompt(const std::string& text) {
    system_ = text;
}

void ChatSession::reset() {
    messages_.clear();
}

std::string ChatSession::render(bool addGenerationPrompt) const {
    std::vector<ChatMessage> all;
    if (!system_.empty()) all.push_back({"system", system_});
    all.insert(all.end(), messages_.begin(), messages_.end());
    ChatTemplateOptions o;
    o.addGenerationPrompt = addGenerationPrompt;
    if (tokenizer_.bos() >= 0) o.bosToken = std::string(tokenizer_.tokenText(tokenizer_.bos()));
    if (tokenizer_.eos() >= 0) o.eosToken = std::string(tokenizer_.tokenText(tokenizer_.eos()));
    try {
        return renderChatTemplate(template_, all, o);
    } catch (const Error&) {
        if (template_ == chatMlTemplate()) throw;
        // A template we cannot render must not make chat impossible.
        return renderChatTemplate(chatMlTemplate(), all, o);
    }
}

std::vector<int32_t> ChatSession::promptTokens(bool addGenerationPrompt) const {
    std::vector<int32_t> tokens = tokenizer_.tokenize(render(addGenerationPrompt), false, true);
    if (tokenizer_.addBos() && tokenizer_.bos() >= 0 &&
        (tokens.empty() || tokens.front() != tokenizer_.bos()))
        tokens.insert(tokens.begin(), tokenizer_.bos());
    return tokens;
}

std::string ChatSession::popLastReply() {
    const size_t n = messages_.size();
    if (n < 2 || messages_[n - 1].role != "assistant" || messages_[n - 2].role != "user")
        throw Error("chat: the conversation (" + std::to_string(n) +
                    " messages) does not end in a user message and its reply");
    std::string user = std::move(messages_[n - 2].content);
    messages_.resize(n - 2);
    // Keep only the cached positions the shortened conversation still starts with, so
    // the next send evaluates from the first token that differs.
    std::vector<int32_t> rest;
    if (!messages_.empty() || !system_.empty()) rest = promptTokens(false);
    const std::vector<int32_t>& cached = session_.cachedTokens();
    size_t same = 0;
    while (same < rest.size() && same < cached.size() && rest[same] == cached[same])
        ++same;
    session_.truncate(static_cast<int64_t>(same));
    return user;
}

GenerationResult ChatSession::send(const std::string& userText, const GenerationSettings& settings,
                                   const TokenCallback& onToken, const std::atomic<bool>* cancel) {
    messages_.push_back({"user", userText});
    // The template writes BOS itself when it wants one, so only parse special tokens;
    // add BOS only if the vocabulary asks for it and the text does not start with it.
    const std::vector<int32_t> tokens = promptTokens(true);
    GenerationResult r;
    try {
        r = generate(session_, &tokenizer_, tokens, settings, onToken, cancel);
    } catch (...) {
        messages_.pop_back();
        throw;
    }
    messages_.push_back({"assistant", r.text});
    return r;
}

} // namespace realm

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
    const ChatTemplateOptions o = chatTemplateOptions(tokenizer_, addGenerationPrompt);
    try {
        return renderChatTemplate(template_, all, o);
    } catch (const Error&) {
        if (template_ == chatMlTemplate()) throw;
        // A template we cannot render must not make chat impossible.
        return renderChatTemplate(chatMlTemplate(), all, o);
    }
}

ChatTemplateOptions chatTemplateOptions(const Tokenizer& tokenizer, bool addGenerationPrompt) {
    ChatTemplateOptions o;
    o.addGenerationPrompt = addGenerationPrompt;
    if (tokenizer.bos() >= 0) o.bosToken = std::string(tokenizer.tokenText(tokenizer.bos()));
    if (tokenizer.eos() >= 0) o.eosToken = std::string(tokenizer.tokenText(tokenizer.eos()));
    return o;
}

std::vector<int32_t> chatPromptTokens(const Tokenizer& tokenizer, const std::string& renderedText) {
    std::vector<int32_t> tokens = tokenizer.tokenize(renderedText, false, true);
    if (tokenizer.addBos() && tokenizer.bos() >= 0 && (tokens.empty() || tokens.front() != tokenizer.bos()))
        tokens.insert(tokens.begin(), tokenizer.bos());
    return tokens;
}

std::vector<int32_t> ChatSession::promptTokens(bool addGenerationPrompt) const {
    return chatPromptTokens(tokenizer_, render(addGenerationPrompt));
}

GenerationResult ChatSession::send(const std::string& userText, const GenerationSettings& settings,
                                   const TokenCallback& onToken, const JobControl* control) {
    messages_.push_back({"user", userText});
    const std::vector<int32_t> tokens = promptTokens(true);
    GenerationResult r;
    try {
        r = generate(session_, &tokenizer_, tokens, settings, onToken, control);
    } catch (...) {
        messages_.pop_back();
        throw;
    }
    messages_.push_back({"assistant", r.text});
    return r;
}

} // namespace realm

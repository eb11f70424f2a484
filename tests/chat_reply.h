#pragma once
// A short greedy reply from the chat page, whichever backend it uses (tests of the chat).
#include "pages/chat_page.h"

#include <QSignalSpy>

namespace realm::test {

// The reply to `text` with no system prompt, greedy, at most `maxTokens` tokens; a reply whose
// error says so when none came within a minute.
inline ui::ChatReply greedyReply(ui::ChatPage* chat, const QString& text, int maxTokens = 8) {
    ui::ChatSettings s = chat->settings();
    s.systemPrompt.clear();
    s.sampler.temperature = 0;
    s.maxTokens = maxTokens;
    chat->setSettings(s);
    QSignalSpy done(chat, &ui::ChatPage::replyDone);
    chat->sendMessage(text);
    if (!done.wait(60000)) {
        ui::ChatReply none;
        none.error = QStringLiteral("no reply within 60 s");
        return none;
    }
    return done.first().first().value<ui::ChatReply>();
}

} // namespace realm::test

#pragma once
#include <QString>

namespace realm::ui {

// The example prompt the pages start with. English on purpose, whatever the interface language:
// the bundled demo model knows only English.
inline QString samplePrompt() {
    return QStringLiteral("The capital of France is"); // untranslated: a prompt for an English model
}

} // namespace realm::ui

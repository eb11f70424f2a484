#include "pages/page.h"

#include "document/model_document.h"

namespace realm::ui {

void Page::attach(ModelDocument* document) {
    if (document_) {
        if (document_->chatEngine()) onEnginesStopping();
        disconnect(document_, nullptr, this, nullptr);
        disconnect(this, nullptr, document_, nullptr);
    }
    document_ = document;
    onDocumentChanged();
    if (!document) return;
    connect(document, &ModelDocument::enginesStopping, this, &Page::onEnginesStopping);
    connect(document, &ModelDocument::enginesStarted, this, &Page::onEnginesStarted);
    if (document->chatEngine()) onEnginesStarted();
}

} // namespace realm::ui

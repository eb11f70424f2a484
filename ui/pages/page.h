#pragma once
#include <QWidget>

namespace realm::ui {

class ImatrixStore;
class ModelDocument;
class MemorySampleModel;

// A sidebar page. The window attaches each page to the open document when a model opens (or
// replaces another) and to nullptr before that document is deleted; a page lets go of
// everything it took from the old document there. Pages talk to each other through the
// document, never directly.
class Page : public QWidget {
    Q_OBJECT
  public:
    using QWidget::QWidget;
    // Lets go of the previous document (and of its engines first), then takes this one.
    void attach(ModelDocument* document);
    ModelDocument* document() const { return document_; }
    // For a page that runs the model: whether, as set now, it needs the weights in this
    // process (a model read over HTTP is downloaded first). The chat does not with a server.
    virtual bool needsLocalWeights() const { return true; }
    // How to use the page without them, offered beside the download ("": no way).
    virtual QString withoutLocalWeights() const { return {}; }
    virtual void useWithoutLocalWeights() {}

  Q_SIGNALS:
    void needsLocalWeightsChanged();
    // Live figures for the status bar ("" when there are none).
    void statusText(const QString& text);
    // Something worth a marker on the memory timeline ("generation started").
    void timelineMark(const QString& label);

  protected:
    virtual void onDocumentChanged() {} // document() is the new one, or nullptr
    virtual void onEnginesStarted() {}  // document()'s chat engine and layer stepper exist
    virtual void onEnginesStopping() {} // they are deleted next: let go of them now

  private:
    ModelDocument* document_ = nullptr;
};

// What the window lends to pages for their whole life.
struct PageServices {
    MemorySampleModel* memory = nullptr;
    ImatrixStore* imatrix = nullptr; // the importance matrix open, if any
};

} // namespace realm::ui

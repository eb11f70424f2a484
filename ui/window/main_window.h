#pragma once
#include <QMainWindow>
#include <QPointer>

#include <functional>
#include <optional>

#include "document/model_session.h"
#include "jobs/chat_engine.h"
#include "jobs/layer_stepper.h"

class QAction;
class QLabel;
class QListWidget;
class QMenu;
class QMimeData;
class QProgressBar;
class QStackedWidget;
class QToolButton;

namespace realm::ui {

class ChatEngine;
class ChatPage;
class LayerStepper;
class LayersPage;
class LogitsPage;
class TokenizerPage;
class DropOverlay;
class ErrorBanner;
class FileChangeWatcher;
class MemoryPage;
class MemorySampleModel;
class MemorySampler;
class MetadataPage;
class OverviewPage;
class Sparkline;
class StartPage;
class TensorsPage;

// One model per window: a header with the model's identity and load progress, an error banner,
// a sidebar of pages, the page stack and a status bar with live memory figures.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    enum class Page { Overview, Metadata, Tensors, Tokenizer, Layers, Logits, Chat, Memory };
    static QString pageName(Page page);
    static bool pageFromName(const QString& name, Page& page);

    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    void openFile(const QString& path);
    void closeModel();
    // The header's Cancel: stops a load in flight (keeping the open model) and tensor statistics.
    void cancelWork();
    // Opens the open model's file again (after it changed on disk).
    void reload();
    // Context length for chat and the layer stepper (remembered; capped by the model's own).
    // With a model open, its engines restart with the new length.
    void setContextLength(qint64 tokens);
    qint64 contextLength() const { return contextLength_; } // of the open model's engines
    // Replaces MemAvailable in the memory check before loading (tests; nullopt: the real value).
    void setAvailableMemoryOverride(std::optional<quint64> bytes) { availableOverride_ = bytes; }
    void showPage(Page page);
    Page currentPage() const;

    ModelSession* session() const { return session_; } // the open model, or nullptr
    bool isLoading() const { return !pending_.isNull(); }
    ModelSession* pendingSession() const { return pending_; } // the model being loaded, or nullptr
    ErrorBanner* errorBanner() const { return banner_; }
    OverviewPage* overviewPage() const { return overview_; }
    MetadataPage* metadataPage() const { return metadata_; }
    TensorsPage* tensorsPage() const { return tensors_; }
    MemoryPage* memoryPage() const { return memory_; }
    ChatPage* chatPage() const { return chat_; }
    ChatEngine* chatEngine() const { return engine_; }
    TokenizerPage* tokenizerPage() const { return tokenizer_; }
    LayersPage* layersPage() const { return layers_; }
    LogitsPage* logitsPage() const { return logits_; }
    LayerStepper* layerStepper() const { return stepper_; }
    MemorySampleModel* memoryModel() const { return memoryModel_; }
    MemorySampler* memorySampler() const { return sampler_; }
    DropOverlay* dropOverlay() const { return overlay_; }
    FileChangeWatcher* fileWatcher() const { return watcher_; }
    QAction* reloadAction() const { return reload_; }
    QString headerText() const;

Q_SIGNALS:
    void modelLoaded(const QString& path);
    void loadFailed(const QString& path, const QString& error);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dragMoveEvent(QDragMoveEvent* event) override;
    void dragLeaveEvent(QDragLeaveEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void closeEvent(QCloseEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void buildMenus();
    void detachStepper();
    void adopt(ModelSession* session);
    void addRecent(const QString& path);
    void refreshRecent();
    void updateHeader();
    void askOpen();
    void onFileChanged(const QString& what, bool truncated);
    void startEngines(ModelSession* session);
    void checkMemory();
    static QString droppedPath(const QMimeData* mime, QString* why);

    QPointer<ModelSession> session_;
    QPointer<ModelSession> pending_;
    QLabel* header_;
    QProgressBar* progress_;
    QToolButton* cancel_;
    ErrorBanner* banner_;
    QListWidget* sidebar_;
    QStackedWidget* stack_;
    StartPage* start_;
    OverviewPage* overview_;
    MetadataPage* metadata_;
    TensorsPage* tensors_;
    MemoryPage* memory_;
    ChatPage* chat_;
    QPointer<ChatEngine> engine_;
    TokenizerPage* tokenizer_;
    LayersPage* layers_;
    LogitsPage* logits_;
    QPointer<LayerStepper> stepper_;
    MemorySampleModel* memoryModel_;
    MemorySampler* sampler_;
    Sparkline* sparkline_;
    QLabel* memoryLabel_;
    DropOverlay* overlay_;
    QMenu* recentMenu_;
    QAction* reload_ = nullptr;
    FileChangeWatcher* watcher_;
    std::function<void()> bannerAction_; // what the banner's button does now
    qint64 contextLength_ = 0;
    std::optional<quint64> availableOverride_;
};

} // namespace realm::ui

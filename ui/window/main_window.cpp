#include "window/main_window.h"

#include "document/demo_model.h"
#include "document/file_change_watcher.h"
#include "document/memory_check.h"
#include "document/model_session.h"
#include "jobs/layer_stepper.h"
#include "jobs/memory_sampler.h"
#include "models/memory_sample_model.h"
#include "pages/chat_page.h"
#include "pages/layers_page.h"
#include "pages/logits_page.h"
#include "pages/memory_page.h"
#include "pages/metadata_page.h"
#include "pages/overview_page.h"
#include "pages/start_page.h"
#include "pages/tensors_page.h"
#include "pages/tokenizer_page.h"
#include "text/format.h"
#include "widgets/drop_overlay.h"
#include "widgets/error_banner.h"
#include "widgets/page_icons.h"
#include "widgets/sparkline.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMimeData>
#include <QProgressBar>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace realm::ui {

namespace {
constexpr int MaxRecent = 10;
// Chat and the layer stepper run at this context unless the person chose another: enough for
// long conversations, small enough that a 128k-context model does not reserve gigabytes of KV.
constexpr qint64 DefaultContext = 4096;
qint64 contextSetting() { return QSettings().value(QStringLiteral("engine/contextLength"), DefaultContext).toLongLong(); }
struct PageInfo {
    MainWindow::Page page;
    const char* name;  // --page NAME
    const char* title; // sidebar
    PageIcon icon;
};
const PageInfo Pages[] = {
    {MainWindow::Page::Overview, "overview", "Overview", PageIcon::Overview},
    {MainWindow::Page::Metadata, "metadata", "Metadata", PageIcon::Metadata},
    {MainWindow::Page::Tensors, "tensors", "Tensors", PageIcon::Tensors},
    {MainWindow::Page::Tokenizer, "tokenizer", "Tokenizer", PageIcon::Tokenizer},
    {MainWindow::Page::Layers, "layers", "Layers", PageIcon::Layers},
    {MainWindow::Page::Logits, "logits", "Logits", PageIcon::Logits},
    {MainWindow::Page::Chat, "chat", "Chat", PageIcon::Chat},
    {MainWindow::Page::Memory, "memory", "Memory", PageIcon::Memory},
};
} // namespace

QString MainWindow::pageName(Page page) {
    for (const PageInfo& p : Pages)
        if (p.page == page) return QLatin1String(p.name);
    return {};
}

bool MainWindow::pageFromName(const QString& name, Page& page) {
    for (const PageInfo& p : Pages)
        if (name == QLatin1String(p.name)) {
            page = p.page;
            return true;
        }
    return false;
}

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle(QStringLiteral("Realm Studio"));
    setWindowIcon(pageIcon(PageIcon::App));
    setAcceptDrops(true);

    auto* central = new QWidget;
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);

    // Header: what is open, and progress while work runs.
    auto* headerBox = new QWidget;
    auto* headerLayout = new QHBoxLayout(headerBox);
    headerLayout->setContentsMargins(10, 6, 10, 6);
    header_ = new QLabel(QStringLiteral("No model open"));
    header_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    headerLayout->addWidget(header_, 1);
    progress_ = new QProgressBar;
    progress_->setMaximumWidth(160);
    progress_->setMaximumHeight(10);
    progress_->setTextVisible(false);
    progress_->hide();
    headerLayout->addWidget(progress_);
    cancel_ = new QToolButton;
    cancel_->setText(QStringLiteral("Cancel"));
    cancel_->hide();
    headerLayout->addWidget(cancel_);
    layout->addWidget(headerBox);

    banner_ = new ErrorBanner;
    layout->addWidget(banner_);

    auto* body = new QHBoxLayout;
    body->setSpacing(0);
    sidebar_ = new QListWidget;
    sidebar_->setIconSize(QSize(24, 24));
    sidebar_->setFixedWidth(150);
    sidebar_->setFrameShape(QFrame::NoFrame);
    QPalette sp = sidebar_->palette();
    sp.setColor(QPalette::Base, palette().color(QPalette::Window).darker(104));
    sidebar_->setPalette(sp);
    for (const PageInfo& p : Pages) {
        auto* item = new QListWidgetItem(pageIcon(p.icon), QLatin1String(p.title));
        item->setSizeHint(QSize(140, 36));
        sidebar_->addItem(item);
    }
    body->addWidget(sidebar_);
    stack_ = new QStackedWidget;
    start_ = new StartPage;
    overview_ = new OverviewPage;
    metadata_ = new MetadataPage;
    tensors_ = new TensorsPage;
    memoryModel_ = new MemorySampleModel(1200, this);
    memory_ = new MemoryPage(memoryModel_);
    chat_ = new ChatPage;
    tokenizer_ = new TokenizerPage;
    layers_ = new LayersPage;
    logits_ = new LogitsPage;
    // Same order as Pages[]: the stack index is the sidebar row + 1.
    stack_->addWidget(start_);
    stack_->addWidget(overview_);
    stack_->addWidget(metadata_);
    stack_->addWidget(tensors_);
    stack_->addWidget(tokenizer_);
    stack_->addWidget(layers_);
    stack_->addWidget(logits_);
    stack_->addWidget(chat_);
    stack_->addWidget(memory_);
    body->addWidget(stack_, 1);
    layout->addLayout(body, 1);
    setCentralWidget(central);
    overlay_ = new DropOverlay(central);

    // Status bar: memory sparkline and figures, always live.
    sparkline_ = new Sparkline;
    memoryLabel_ = new QLabel;
    statusBar()->addWidget(sparkline_);
    statusBar()->addWidget(memoryLabel_, 1);
    auto* speed = new QLabel; // tokens/s of the reply being generated
    statusBar()->addPermanentWidget(speed);
    connect(chat_, &ChatPage::speedChanged, speed, &QLabel::setText);
    sampler_ = new MemorySampler(250, this);
    connect(sampler_, &MemorySampler::sampled, this, [this](const MemorySample& s) {
        memoryModel_->append(s);
        sparkline_->append(double(s.rss));
        memoryLabel_->setText(QStringLiteral("RSS %1 · mapped %2 · KV %3").arg(formatBytes(s.rss), formatBytes(s.mappedResident), formatBytes(s.kvCache)));
    });
    connect(layers_, &LayersPage::finished, logits_, &LogitsPage::setLogits);
    connect(chat_, &ChatPage::generatingChanged, this, [this](bool on) {
        memory_->addEvent(on ? QStringLiteral("generation started") : QStringLiteral("generation stopped"));
    });

    connect(sidebar_, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0 && session_) stack_->setCurrentIndex(row + 1);
    });
    connect(start_, &StartPage::openRequested, this, [this](const QString& path) {
        if (path.isEmpty()) askOpen();
        else openFile(path);
    });
    connect(cancel_, &QToolButton::clicked, this, &MainWindow::cancelWork);
    auto* poll = new QTimer(this);
    poll->setInterval(100);
    connect(poll, &QTimer::timeout, this, [this] {
        const bool stats = session_ && session_->statsRunning();
        if (stats) {
            progress_->setRange(0, 1000);
            progress_->setValue(int(session_->statsProgress() * 1000));
        }
        progress_->setVisible(stats || pending_);
        cancel_->setVisible(stats || pending_);
    });
    poll->start();

    watcher_ = new FileChangeWatcher(this);
    connect(watcher_, &FileChangeWatcher::changed, this, &MainWindow::onFileChanged);
    connect(banner_, &ErrorBanner::actionTriggered, this, [this] {
        if (auto action = std::exchange(bannerAction_, nullptr)) action();
    });
    connect(chat_, &ChatPage::contextLengthChosen, this, &MainWindow::setContextLength);

    buildMenus();
    start_->setDemoModel(findDemoModel());
    refreshRecent();
    sidebar_->setEnabled(false);
    stack_->setCurrentWidget(start_);

    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray())) resize(1280, 800);
    connect(qApp, &QCoreApplication::aboutToQuit, this, [this] {
        // Stop work before the event loop is gone: worker threads are joined here, not at exit.
        delete pending_.data();
        detachStepper();
        delete engine_.data();
        delete session_.data();
    });
}

MainWindow::~MainWindow() {
    delete stepper_.data();
    delete engine_.data();
    delete pending_.data();
    delete session_.data();
}

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(QStringLiteral("&File"));
    QAction* open = file->addAction(QStringLiteral("&Open…"), this, &MainWindow::askOpen);
    open->setShortcut(QKeySequence::Open);
    recentMenu_ = file->addMenu(QStringLiteral("Open &Recent"));
    QAction* demo = file->addAction(QStringLiteral("Open &Demo Model"), this, [this] {
        const QString path = findDemoModel();
        if (path.isEmpty()) banner_->showError(QStringLiteral("No demo model is installed."), QStringLiteral("Looked for share/realm-studio/demo.gguf next to the program and resources/demo.gguf in the source tree."));
        else openFile(path);
    });
    Q_UNUSED(demo);
    reload_ = file->addAction(QStringLiteral("Re&load Model"), this, &MainWindow::reload);
    reload_->setShortcut(QKeySequence(Qt::Key_F5));
    reload_->setEnabled(false);
    QAction* close = file->addAction(QStringLiteral("&Close Model"), this, &MainWindow::closeModel);
    close->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_W));
    file->addSeparator();
    QAction* quit = file->addAction(QStringLiteral("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* view = menuBar()->addMenu(QStringLiteral("&View"));
    int n = 1;
    for (const PageInfo& p : Pages) {
        QAction* a = view->addAction(QLatin1String(p.title), this, [this, page = p.page] { showPage(page); });
        a->setShortcut(QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_0 + n++)));
    }
    view->addSeparator();
    QAction* full = view->addAction(QStringLiteral("&Full Screen"), this, [this] {
        setWindowState(windowState() ^ Qt::WindowFullScreen);
    });
    full->setShortcut(QKeySequence(Qt::Key_F11));

    QMenu* help = menuBar()->addMenu(QStringLiteral("&Help"));
    help->addAction(QStringLiteral("&About Realm Studio"), this, [this] {
        banner_->showError(QStringLiteral("Realm Studio %1 — inspect and run GGUF language models.").arg(QApplication::applicationVersion()), {});
    });
}

void MainWindow::askOpen() {
    const QString path = QFileDialog::getOpenFileName(this, QStringLiteral("Open model"), {}, QStringLiteral("GGUF models (*.gguf);;All files (*)"));
    if (!path.isEmpty()) openFile(path);
}

void MainWindow::openFile(const QString& path) {
    // A load in flight is replaced; the open model stays until the new one succeeds.
    delete pending_.data();
    auto* session = new ModelSession(this);
    pending_ = session;
    connect(session, &ModelSession::loaded, this, [this, session] {
        if (pending_ != session) return;
        pending_ = nullptr;
        adopt(session);
    });
    connect(session, &ModelSession::loadFailed, this, [this, session](const QString& failedPath, const QString& error) {
        if (pending_ != session) return;
        pending_ = nullptr;
        session->deleteLater();
        banner_->showError(QStringLiteral("Could not open %1").arg(QFileInfo(failedPath).fileName()), error);
        updateHeader();
        Q_EMIT loadFailed(failedPath, error);
    });
    progress_->setRange(0, 0); // busy until the metadata arrives
    updateHeader();
    session->load(path);
}

void MainWindow::adopt(ModelSession* session) {
    ModelSession* old = session_;
    session_ = session;
    tensors_->setSession(session); // first: the inspector must let go of the old session
    chat_->setEngine(nullptr);
    detachStepper();
    delete engine_.data(); // cancels a running reply and joins its thread
    delete old;
    banner_->hide();
    checkMemory(); // before the engines allocate their KV caches
    startEngines(session);
    const ModelSummary& s = session->summary();
    sampler_->setFile(session->file());
    watcher_->watch(session->file());
    reload_->setEnabled(true);
    // Pages fill in separate event-loop turns so that UI timers keep ticking in between.
    QPointer<ModelSession> guard(session);
    QTimer::singleShot(0, this, [this, guard] { if (guard && guard == session_) overview_->setSummary(guard->summary()); });
    QTimer::singleShot(0, this, [this, guard] { if (guard && guard == session_) metadata_->setEntries(guard->summary().metadata); });
    sidebar_->setEnabled(true);
    if (stack_->currentWidget() == start_) sidebar_->setCurrentRow(0);
    stack_->setCurrentIndex(std::max(0, sidebar_->currentRow()) + 1);
    memory_->addEvent(QStringLiteral("loaded %1").arg(s.fileName));
    QTimer::singleShot(0, this, [this, path = s.path] { addRecent(path); });
    updateHeader();
    setWindowTitle(QStringLiteral("%1 — Realm Studio").arg(s.fileName));
    Q_EMIT modelLoaded(s.path);
}

void MainWindow::startEngines(ModelSession* session) {
    engine_ = new ChatEngine(session->file(), sampler_, this, contextLength_);
    chat_->setEngine(engine_, session->summary().path);
    stepper_ = new LayerStepper(session->file(), this, contextLength_);
    connect(stepper_, &LayerStepper::ready, logits_, [this](const ModelShape& shape) { logits_->setVocabulary(shape.pieces); });
    tokenizer_->setStepper(stepper_);
    layers_->setStepper(stepper_);
}

void MainWindow::checkMemory() {
    const MemoryCheck c = checkModelMemory(*session_->file(), contextSetting(), availableOverride_);
    contextLength_ = c.known ? c.estimate.contextLength : contextSetting();
    chat_->setContextLimits(contextLength_, c.modelContext);
    if (c.fits) return;
    if (c.offeredContext > 0) {
        banner_->showAction(c.summary, c.details, QStringLiteral("Use context %1").arg(c.offeredContext));
        bannerAction_ = [this, ctx = c.offeredContext] { setContextLength(ctx); };
    } else {
        banner_->showError(c.summary, c.details);
    }
    memory_->addEvent(QStringLiteral("memory warning: needs %1").arg(formatBytes(c.estimate.total())));
}

void MainWindow::setContextLength(qint64 tokens) {
    if (tokens <= 0) return;
    QSettings().setValue(QStringLiteral("engine/contextLength"), tokens);
    if (!session_ || tokens == contextLength_) return;
    chat_->setEngine(nullptr);
    detachStepper();
    delete engine_.data();
    banner_->hide(); // a warning about the old context no longer applies
    checkMemory();
    startEngines(session_);
}

void MainWindow::detachStepper() {
    // Pages let go first, then the stepper's thread is joined.
    tokenizer_->setStepper(nullptr);
    layers_->setStepper(nullptr);
    logits_->clear();
    delete stepper_.data();
}

void MainWindow::closeModel() {
    delete pending_.data();
    tensors_->setSession(nullptr);
    chat_->setEngine(nullptr);
    detachStepper();
    delete engine_.data();
    delete session_.data();
    sampler_->setFile(nullptr);
    watcher_->watch(nullptr);
    reload_->setEnabled(false);
    overview_->clear();
    metadata_->setEntries({});
    sidebar_->setEnabled(false);
    stack_->setCurrentWidget(start_);
    setWindowTitle(QStringLiteral("Realm Studio"));
    refreshRecent();
    updateHeader();
}

void MainWindow::cancelWork() {
    if (pending_) {
        // Stops the parse where it is; the model that was open stays open.
        pending_->cancelLoad();
        pending_->deleteLater();
        pending_ = nullptr;
    }
    if (session_) session_->cancelTensorJobs();
    updateHeader();
}

void MainWindow::reload() {
    if (session_) openFile(session_->summary().path);
}

void MainWindow::onFileChanged(const QString& what, bool truncated) {
    if (!session_) return;
    if (truncated) {
        // Running work would read pages that no longer exist; every job also checks the
        // file before it reads, so later requests fail with this message instead.
        session_->cancelTensorJobs();
        if (engine_) engine_->stop();
    }
    banner_->showAction(QStringLiteral("%1 changed on disk — Reload").arg(session_->summary().fileName), what,
                        QStringLiteral("Reload"));
    bannerAction_ = [this] { reload(); };
    memory_->addEvent(QStringLiteral("%1 changed on disk").arg(session_->summary().fileName));
}

void MainWindow::showPage(Page page) {
    if (!session_) return;
    for (int i = 0; i < int(std::size(Pages)); ++i)
        if (Pages[i].page == page) {
            sidebar_->setCurrentRow(i);
            stack_->setCurrentIndex(i + 1);
        }
}

MainWindow::Page MainWindow::currentPage() const {
    const int row = std::max(0, sidebar_->currentRow());
    return Pages[row].page;
}

QString MainWindow::headerText() const { return header_->text(); }

void MainWindow::updateHeader() {
    QString text;
    if (session_) {
        const ModelSummary& s = session_->summary();
        text = QStringLiteral("<b>%1</b> · %2 · %3 params · %4 · %5")
                   .arg(s.fileName.toHtmlEscaped(), s.architecture.isEmpty() ? QStringLiteral("?") : s.architecture,
                        formatParams(s.parameters), s.fileType, formatBytes(s.fileSize));
    } else {
        text = QStringLiteral("No model open");
    }
    if (pending_) text += QStringLiteral("   —   loading…");
    header_->setText(text);
}

void MainWindow::addRecent(const QString& path) {
    QSettings settings;
    QStringList recent = settings.value(QStringLiteral("recentFiles")).toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > MaxRecent) recent.removeLast();
    settings.setValue(QStringLiteral("recentFiles"), recent);
    refreshRecent();
}

void MainWindow::refreshRecent() {
    const QStringList recent = QSettings().value(QStringLiteral("recentFiles")).toStringList();
    start_->setRecentFiles(recent);
    recentMenu_->clear();
    for (const QString& path : recent) recentMenu_->addAction(path, this, [this, path] { openFile(path); });
    recentMenu_->setEnabled(!recent.isEmpty());
}

QString MainWindow::droppedPath(const QMimeData* mime, QString* why) {
    const QList<QUrl> urls = mime ? mime->urls() : QList<QUrl>{};
    if (urls.size() != 1 || !urls.first().isLocalFile()) {
        *why = QStringLiteral("Drop one local .gguf file");
        return {};
    }
    const QString path = urls.first().toLocalFile();
    if (!path.endsWith(QStringLiteral(".gguf"), Qt::CaseInsensitive)) {
        *why = QStringLiteral("%1 is not a .gguf").arg(QFileInfo(path).fileName());
        return {};
    }
    return path;
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    QString why;
    const QString path = droppedPath(event->mimeData(), &why);
    overlay_->showMessage(path.isEmpty() ? why : QStringLiteral("Drop to open %1").arg(QFileInfo(path).fileName()), !path.isEmpty());
    // Accept even a wrong file so the overlay can say why it will not open.
    event->acceptProposedAction();
}

void MainWindow::dragMoveEvent(QDragMoveEvent* event) { event->acceptProposedAction(); }

void MainWindow::dragLeaveEvent(QDragLeaveEvent*) { overlay_->hide(); }

void MainWindow::dropEvent(QDropEvent* event) {
    overlay_->hide();
    QString why;
    const QString path = droppedPath(event->mimeData(), &why);
    if (path.isEmpty()) {
        banner_->showError(why, {});
        event->ignore();
        return;
    }
    event->acceptProposedAction();
    openFile(path);
}

void MainWindow::closeEvent(QCloseEvent* event) {
    QSettings().setValue(QStringLiteral("window/geometry"), saveGeometry());
    // Cancel and join running work now, while the window still exists.
    delete pending_.data();
    tensors_->setSession(nullptr);
    chat_->setEngine(nullptr);
    detachStepper();
    delete engine_.data();
    delete session_.data();
    QMainWindow::closeEvent(event);
}

void MainWindow::resizeEvent(QResizeEvent* event) {
    QMainWindow::resizeEvent(event);
    if (overlay_->isVisible()) overlay_->setGeometry(centralWidget()->rect());
}

} // namespace realm::ui

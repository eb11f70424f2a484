#include "pages/chat_page.h"

#include "document/model_document.h"
#include "document/save_file.h"
#include "document/settings_writer.h"
#include "jobs/remote_chat.h"
#include "widgets/chat_backend_panel.h"
#include "widgets/chat_transcript.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QShortcut>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QSplitter>
#include <QTimer>
#include <QVBoxLayout>

namespace realm::ui {

namespace {
// Stop strings as one line: separated by "|", "\n" for a line break.
QStringList stopStrings(const QString& line) {
    QStringList out;
    for (QString s : line.split(QLatin1Char('|'), Qt::SkipEmptyParts))
        out.append(s.replace(QLatin1String("\\n"), QLatin1String("\n")));
    return out;
}
QString stopLine(QStringList stop) {
    for (QString& s : stop)
        s.replace(QLatin1Char('\n'), QLatin1String("\\n"));
    return stop.join(QLatin1Char('|'));
}
} // namespace

// The remote backend goes first, while the page its signals reach is whole: as a child it
// would die in ~QWidget, and its destroyed() would call into a page already taken apart.
ChatPage::~ChatPage() {
    delete remote_;
}

ChatPage::ChatPage(QWidget* parent) : Page(parent), remote_(new RemoteChat(this)) {
    auto* layout = new QHBoxLayout(this);
    auto* split = new QSplitter(Qt::Horizontal);
    layout->addWidget(split);
    auto* left = new QWidget;
    auto* col = new QVBoxLayout(left);
    col->setContentsMargins(0, 0, 0, 0);
    transcript_ = new ChatTranscript;
    col->addWidget(transcript_, 1);
    input_ = new QPlainTextEdit;
    input_->setPlaceholderText(tr("Message (Enter sends, Shift+Enter for a new line, Esc stops)"));
    input_->setMaximumHeight(80);
    input_->installEventFilter(this);
    col->addWidget(input_);
    auto* buttons = new QHBoxLayout;
    send_ = new QPushButton(tr("Send"));
    stop_ = new QPushButton(tr("Stop"));
    stop_->setEnabled(false);
    regenerate_ = new QPushButton(tr("Regenerate"));
    regenerate_->setToolTip(tr("Answer the last message again; the old reply stays as a branch (Ctrl+R)"));
    regenerate_->setEnabled(false);
    auto* fresh = new QPushButton(tr("New chat"));
    auto* exportMd = new QPushButton(tr("Export Markdown…"));
    buttons->addWidget(send_);
    buttons->addWidget(stop_);
    buttons->addWidget(regenerate_);
    buttons->addWidget(fresh);
    buttons->addWidget(exportMd);
    colour_ = new QCheckBox(tr("Colour by probability"));
    colour_->setToolTip(tr("Colour each reply token by its probability before sampling: blue likely, red "
                           "unlikely. Hover a token for its alternatives; click it to continue from one."));
    buttons->addWidget(colour_);
    buttons->addStretch();
    gauge_ = new QProgressBar;
    gauge_->setFormat(tr("context %v / %m"));
    gauge_->setMaximumWidth(240);
    buttons->addWidget(gauge_);
    col->addLayout(buttons);
    status_ = new QLabel;
    col->addWidget(status_);
    split->addWidget(left);

    auto* panel = new QWidget;
    auto* panelLayout = new QVBoxLayout(panel);
    backendPanel_ = new ChatBackendPanel(remote_);
    panelLayout->addWidget(backendPanel_);
    auto* form = new QFormLayout;
    panelLayout->addLayout(form);
    panelLayout->addStretch(); // settings stay together at the top
    system_ = new QPlainTextEdit;
    system_->setMaximumHeight(90);
    form->addRow(tr("System prompt"), system_);
    auto dbl = [](double lo, double hi, double step, int decimals) {
        auto* s = new QDoubleSpinBox;
        s->setRange(lo, hi);
        s->setSingleStep(step);
        s->setDecimals(decimals);
        return s;
    };
    temperature_ = dbl(0, 2, 0.05, 2);
    topK_ = new QSpinBox;
    topK_->setRange(0, 1000);
    topP_ = dbl(0, 1, 0.01, 2);
    minP_ = dbl(0, 1, 0.01, 2);
    repeat_ = dbl(0.5, 2, 0.05, 2);
    seed_ = new QSpinBox;
    seed_->setRange(0, INT32_MAX);
    maxTokens_ = new QSpinBox;
    maxTokens_->setRange(1, 8192);
    form->addRow(tr("Temperature"), temperature_);
    form->addRow(tr("Top-k"), topK_);
    form->addRow(tr("Top-p"), topP_);
    form->addRow(tr("Min-p"), minP_);
    form->addRow(tr("Repeat penalty"), repeat_);
    form->addRow(tr("Seed"), seed_);
    form->addRow(tr("Max tokens"), maxTokens_);
    stopAt_ = new QLineEdit;
    stopAt_->setPlaceholderText(tr("none"));
    stopAt_->setToolTip(tr("The reply ends before the first of these strings; separate them with |, "
                           "write \\n for a line break"));
    form->addRow(tr("Stop at"), stopAt_);
    context_ = new QSpinBox;
    context_->setRange(256, 256);
    context_->setSingleStep(256);
    context_->setKeyboardTracking(false);
    context_->setToolTip(QStringLiteral("Tokens the conversation can hold; a longer context needs a larger "
                                        "KV cache. Changing it restarts the model."));
    form->addRow(tr("Context"), context_);
    steering_ = new QLabel(tr("none (see the Steering page)"));
    steering_->setWordWrap(true);
    form->addRow(tr("Steering"), steering_);
    split->addWidget(panel);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);

    // Sampling settings are remembered between runs.
    QSettings st;
    ChatSettings s;
    s.sampler.temperature = st.value(QStringLiteral("chat/temperature"), s.sampler.temperature).toFloat();
    s.sampler.topK = st.value(QStringLiteral("chat/topK"), s.sampler.topK).toInt();
    s.sampler.topP = st.value(QStringLiteral("chat/topP"), s.sampler.topP).toFloat();
    s.sampler.minP = st.value(QStringLiteral("chat/minP"), s.sampler.minP).toFloat();
    s.sampler.repeatPenalty =
        st.value(QStringLiteral("chat/repeatPenalty"), s.sampler.repeatPenalty).toFloat();
    s.sampler.seed = st.value(QStringLiteral("chat/seed"), quint64(s.sampler.seed)).toULongLong();
    s.maxTokens = st.value(QStringLiteral("chat/maxTokens"), s.maxTokens).toInt();
    s.systemPrompt = st.value(QStringLiteral("chat/system")).toString();
    s.stop = st.value(QStringLiteral("chat/stop")).toStringList();
    setSettings(s);
    colour_->setChecked(st.value(QStringLiteral("chat/colourByProbability"), false).toBool());
    transcript_->setColouredByProbability(colour_->isChecked());
    connect(colour_, &QCheckBox::toggled, this, &ChatPage::setColouredByProbability);
    connect(transcript_, &ChatTranscript::alternativeChosen, this, &ChatPage::branch);
    connect(transcript_, &ChatTranscript::siblingRequested, this, &ChatPage::showSibling);
    connect(transcript_, &ChatTranscript::editRequested, this, &ChatPage::startEditing);
    connect(&saver_, &ChatSaver::failed, this, &ChatPage::couldNotSave);
    connect(backendPanel_, &ChatBackendPanel::backendChanged, this, &ChatPage::useChosenBackend);
    connect(backendPanel_, &ChatBackendPanel::backendChanged, this, &Page::needsLocalWeightsChanged);

    connect(send_, &QPushButton::clicked, this, [this] {
        const QString text = input_->toPlainText().trimmed();
        if (text.isEmpty()) return;
        input_->clear();
        sendMessage(text);
    });
    connect(stop_, &QPushButton::clicked, this, &ChatPage::stop);
    connect(fresh, &QPushButton::clicked, this, &ChatPage::newChat);
    connect(regenerate_, &QPushButton::clicked, this, &ChatPage::regenerate);
    auto* regen = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_R), this);
    connect(regen, &QShortcut::activated, this, &ChatPage::regenerate);
    connect(exportMd, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export chat"), {}, tr("Markdown (*.md)"));
        if (path.isEmpty()) return;
        QString error;
        if (!exportMarkdown(path, &error)) status_->setText(tr("Could not write %1: %2").arg(path, error));
    });
    connect(context_, &QSpinBox::valueChanged, this, [this](int tokens) {
        if (!generating_) Q_EMIT contextLengthChosen(tokens);
    });
    auto* esc = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    connect(esc, &QShortcut::activated, this, [this] {
        if (editing_ >= 0 && !generating_) {
            editing_ = -1;
            input_->clear();
            status_->clear();
        }
        stop();
    });
    connect(this, &ChatPage::speedChanged, this, &Page::statusText);
    connect(this, &ChatPage::generatingChanged, this, [this](bool on) {
        Q_EMIT timelineMark(on ? tr("generation started") : tr("generation stopped"));
    });
    setEngine(nullptr);
}

void ChatPage::setEngine(ChatEngine* engine, const QString& modelPath) {
    local_ = engine;
    localPath_ = engine ? modelPath : QString();
    steering_->setText(tr("none (see the Steering page)")); // a new engine starts unsteered
    if (engine)
        connect(engine, &ChatEngine::steeringApplied, this,
                [this](const QString& applied, const QString& error) {
                    if (error.isEmpty())
                        steering_->setText(applied.isEmpty() ? tr("none (see the Steering page)") : applied);
                });
    useChosenBackend();
}

void ChatPage::useChosenBackend() {
    const bool remote = backendPanel_->isRemote();
    // A remote conversation is kept per server and model.
    if (remote)
        attach(remote_, remote_->isReady() ? QStringLiteral("remote:") + remote_->describe() : QString());
    else
        attach(local_, localPath_);
    if (document()) document()->setRemoteChat(remote ? remote_->describe() : QString());
}

void ChatPage::attach(ChatBackend* engine, const QString& storeKey) {
    if (engine && engine == backend_ && storeKey == storeKey_) return;
    if (generating_ && backend_) backend_->stop();
    if (backend_) disconnect(backend_, nullptr, this, nullptr);
    if (savePending_) save(); // the last streamed piece of the old conversation
    backend_ = engine;
    storeKey_ = engine ? storeKey : QString();
    if (engine && !storeKey_.isEmpty()) {
        const ChatTree saved = chat_store::load(storeKey_);
        if (!saved.isEmpty() || engine == remote_) engine->restore(saved);
    }
    if (generating_) Q_EMIT speedChanged({});
    generating_ = false;
    editing_ = -1;
    const bool local = engine && engine == local_;
    transcript_->setInteractive(true);
    transcript_->setBranching(!engine || engine->canBranch());
    context_->setEnabled(local);
    gauge_->setVisible(!engine || local);
    repeat_->setEnabled(!engine || local); // OpenAI's API has no repetition penalty
    regenerate_->setEnabled(engine && engine->isReady() && !turns().isEmpty());
    render();
    send_->setEnabled(engine && engine->isReady());
    stop_->setEnabled(false);
    status_->setText(engine                      ? (engine->isReady() ? QString()
                                                    : local           ? tr("Preparing the model…")
                                                                      : tr("Choose the server and its model"))
                     : backendPanel_->isRemote() ? tr("Choose the server and its model")
                                                 : tr("No model open"));
    if (!engine) return;
    // The transcript reads the engine's conversation: never after the engine is gone.
    connect(engine, &QObject::destroyed, this, [this] { transcript_->render(nullptr); });
    connect(engine, &ChatBackend::ready, this, [this](qint64 ctx) {
        send_->setEnabled(true);
        regenerate_->setEnabled(!turns().isEmpty());
        gauge_->setRange(0, int(std::max<qint64>(1, ctx)));
        gauge_->setValue(0);
        status_->clear();
    });
    connect(engine, &ChatBackend::failed, this,
            [this](const QString& error) { status_->setText(tr("Chat unavailable: ") + error); });
    connect(engine, &ChatBackend::streamed, this,
            [this](const QString& piece, int index, const ChatToken& token, int node) {
                if (!generating_) return; // a reply of a conversation replaced since
                ++streamedPieces_;
                transcript_->append(piece, token, node, index);
                saveSoon();
                // Rate over the tokens after the first, like the final figure (prompt time excluded).
                if (index == 0 || !sinceFirstToken_.isValid()) sinceFirstToken_.start();
                const double s = sinceFirstToken_.nsecsElapsed() / 1e9;
                Q_EMIT speedChanged(
                    index > 0 && s > 0
                        ? tr("Generating · %1 tokens · %2 tok/s").arg(index + 1).arg(index / s, 0, 'f', 1)
                        : tr("Generating…"));
            });
    connect(engine, &ChatBackend::replyFinished, this, [this](const ChatReply& r) {
        generating_ = false;
        lastReply_ = r.text;
        gauge_->setRange(0, int(std::max<qint64>(1, r.contextLength)));
        gauge_->setValue(int(r.contextUsed));
        send_->setEnabled(true);
        stop_->setEnabled(false);
        regenerate_->setEnabled(!turns().isEmpty());
        transcript_->setInteractive(true);
        render();
        save();
        if (!r.error.isEmpty()) status_->setText(tr("The reply broke off: %1").arg(r.error));
        Q_EMIT speedChanged(
            tr("Last reply: %1 tokens · %2 tok/s").arg(r.tokens).arg(r.tokensPerSecond, 0, 'f', 1));
        context_->setEnabled(backend_ == local_); // a server's context is its own
        Q_EMIT generatingChanged(false);
        Q_EMIT replyDone(r);
    });
}

void ChatPage::setContextLimits(qint64 current, qint64 modelMax) {
    const QSignalBlocker block(context_);
    const int top = int(std::clamp<qint64>(modelMax > 0 ? modelMax : current, 1, INT32_MAX));
    context_->setRange(std::min(256, top), top);
    context_->setValue(int(std::clamp<qint64>(current, context_->minimum(), top)));
}

qint64 ChatPage::contextShown() const {
    return context_->value();
}

ChatSettings ChatPage::settings() const {
    ChatSettings s;
    s.systemPrompt = system_->toPlainText();
    s.sampler.temperature = float(temperature_->value());
    s.sampler.topK = topK_->value();
    s.sampler.topP = float(topP_->value());
    s.sampler.minP = float(minP_->value());
    s.sampler.repeatPenalty = float(repeat_->value());
    s.sampler.seed = quint64(seed_->value());
    s.maxTokens = maxTokens_->value();
    s.stop = stopStrings(stopAt_->text());
    return s;
}

void ChatPage::setSettings(const ChatSettings& s) {
    system_->setPlainText(s.systemPrompt);
    temperature_->setValue(s.sampler.temperature);
    topK_->setValue(s.sampler.topK);
    topP_->setValue(s.sampler.topP);
    minP_->setValue(s.sampler.minP);
    repeat_->setValue(s.sampler.repeatPenalty);
    seed_->setValue(int(s.sampler.seed));
    maxTokens_->setValue(s.maxTokens);
    stopAt_->setText(stopLine(s.stop));
}

void ChatPage::sendMessage(const QString& text) {
    if (!backend_ || !backend_->isReady() || generating_) return;
    const ChatSettings s = settings();
    writeSettingsInBackground({{QStringLiteral("chat/temperature"), s.sampler.temperature},
                               {QStringLiteral("chat/topK"), s.sampler.topK},
                               {QStringLiteral("chat/topP"), s.sampler.topP},
                               {QStringLiteral("chat/minP"), s.sampler.minP},
                               {QStringLiteral("chat/repeatPenalty"), s.sampler.repeatPenalty},
                               {QStringLiteral("chat/seed"), quint64(s.sampler.seed)},
                               {QStringLiteral("chat/maxTokens"), s.maxTokens},
                               {QStringLiteral("chat/system"), s.systemPrompt},
                               {QStringLiteral("chat/stop"), s.stop}});
    const int edited = std::exchange(editing_, -1);
    if (edited >= 0 ? backend_->edit(edited, text, s) < 0 : backend_->send(text, s) < 0) return;
    begin();
}

void ChatPage::branch(int node, int tokenIndex, qint32 alternative) {
    if (!backend_ || !backend_->isReady() || generating_) return;
    if (backend_->branch(node, tokenIndex, alternative, settings()) < 0) return;
    begin();
}

void ChatPage::showSibling(int node, int step) {
    if (!backend_ || generating_ || !backend_->showSibling(node, step)) return;
    render();
    save();
}

void ChatPage::startEditing(int node) {
    if (!backend_ || generating_ || node <= 0 || node >= backend_->conversation().size()) return;
    const ChatNode& message = backend_->conversation().node(node);
    if (!message.fromUser) return;
    editing_ = node;
    input_->setPlainText(message.text);
    input_->setFocus();
    status_->setText(tr("Editing a message: Send answers it as a new branch, Esc cancels."));
}

void ChatPage::setColouredByProbability(bool on) {
    if (colour_->isChecked() != on) colour_->setChecked(on); // comes back here through toggled
    QSettings().setValue(QStringLiteral("chat/colourByProbability"), on);
    transcript_->setColouredByProbability(on);
}

void ChatPage::begin() {
    streamedPieces_ = 0;
    generating_ = true;
    sinceFirstToken_.invalidate();
    send_->setEnabled(false);
    stop_->setEnabled(true);
    regenerate_->setEnabled(false);
    transcript_->setInteractive(false);
    status_->clear();
    render();
    save(); // the user's message is kept even if the app dies before the first token
    Q_EMIT speedChanged(tr("Generating…"));
    context_->setEnabled(false); // a new context restarts the engine: not mid-reply
    Q_EMIT generatingChanged(true);
}

void ChatPage::regenerate() {
    if (!backend_ || !backend_->isReady() || generating_ || backend_->regenerate(settings()) < 0) return;
    begin();
}

void ChatPage::save() {
    savePending_ = false;
    sinceSave_.start();
    if (!storeKey_.isEmpty())
        saver_.saveLater(storeKey_, system_->toPlainText(), backend_ ? backend_->conversation() : ChatTree());
}

void ChatPage::couldNotSave(const QString& modelPath) {
    status_->setText(tr("Could not save the conversation to %1").arg(chat_store::fileFor(modelPath)));
}

void ChatPage::saveSoon() {
    if (savePending_) return;
    if (!sinceSave_.isValid() || sinceSave_.elapsed() >= 500) {
        save();
        return;
    }
    savePending_ = true;
    QTimer::singleShot(500 - int(sinceSave_.elapsed()), this, [this] {
        if (savePending_) save();
    });
}

void ChatPage::stop() {
    if (backend_ && generating_) backend_->stop();
}

void ChatPage::newChat() {
    if (generating_) return;
    editing_ = -1;
    if (backend_) backend_->newChat();
    gauge_->setValue(0);
    regenerate_->setEnabled(false);
    render();
    save();
}

bool ChatPage::exportMarkdown(const QString& path, QString* error) const {
    return saveFileAtomically(path, markdown().toUtf8(), error);
}

QString ChatPage::markdown() const {
    QString md;
    const QString system = system_->toPlainText();
    if (!system.isEmpty()) md += tr("**System:** %1\n\n").arg(system);
    for (const ChatTurn& t : turns())
        md += tr("**User:** %1\n\n**Assistant:** %2\n\n_%3_\n\n").arg(t.user, t.reply, t.stats);
    return md;
}

void ChatPage::render() {
    transcript_->render(backend_ ? &backend_->conversation() : nullptr);
}

const QTextDocument* ChatPage::transcript() const {
    return transcript_->document();
}

bool ChatPage::eventFilter(QObject* watched, QEvent* event) {
    if (watched == input_ && event->type() == QEvent::KeyPress) {
        auto* key = static_cast<QKeyEvent*>(event);
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) &&
            !(key->modifiers() & Qt::ShiftModifier)) {
            send_->click();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

QString ChatPage::statusLine() const {
    return status_->text();
}

bool ChatPage::needsLocalWeights() const {
    return !backendPanel_->isRemote();
}

QString ChatPage::withoutLocalWeights() const {
    return tr("Chat with a Server Instead");
}

void ChatPage::useWithoutLocalWeights() {
    backendPanel_->setRemote(true);
    backendPanel_->urlEdit()->setFocus();
}

void ChatPage::onDocumentChanged() {
    if (document()) document()->setRemoteChat(backendPanel_->isRemote() ? remote_->describe() : QString());
}

void ChatPage::onEnginesStarted() {
    setContextLimits(document()->contextLength(), document()->modelContextLength());
    setEngine(document()->chatEngine(), document()->summary().path);
    connect(this, &ChatPage::contextLengthChosen, document(), &ModelDocument::contextLengthRequested,
            Qt::UniqueConnection);
}

void ChatPage::onEnginesStopping() {
    setEngine(nullptr);
}

} // namespace realm::ui

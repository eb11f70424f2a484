#include "pages/chat_page.h"

#include "document/model_document.h"
#include "document/save_file.h"

#include <QDoubleSpinBox>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QShortcut>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QSplitter>
#include <QTextBrowser>
#include <QTextCursor>
#include <QTimer>
#include <QVBoxLayout>

namespace realm::ui {

ChatPage::ChatPage(QWidget* parent) : Page(parent) {
    auto* layout = new QHBoxLayout(this);
    auto* split = new QSplitter(Qt::Horizontal);
    layout->addWidget(split);
    auto* left = new QWidget;
    auto* col = new QVBoxLayout(left);
    col->setContentsMargins(0, 0, 0, 0);
    transcript_ = new QTextBrowser;
    col->addWidget(transcript_, 1);
    input_ = new QPlainTextEdit;
    input_->setPlaceholderText(
        QStringLiteral("Message (Enter sends, Shift+Enter for a new line, Esc stops)"));
    input_->setMaximumHeight(80);
    input_->installEventFilter(this);
    col->addWidget(input_);
    auto* buttons = new QHBoxLayout;
    send_ = new QPushButton(QStringLiteral("Send"));
    stop_ = new QPushButton(QStringLiteral("Stop"));
    stop_->setEnabled(false);
    regenerate_ = new QPushButton(QStringLiteral("Regenerate"));
    regenerate_->setToolTip(QStringLiteral("Drop the last reply and generate it again (Ctrl+R)"));
    regenerate_->setEnabled(false);
    auto* fresh = new QPushButton(QStringLiteral("New chat"));
    auto* exportMd = new QPushButton(QStringLiteral("Export Markdown…"));
    buttons->addWidget(send_);
    buttons->addWidget(stop_);
    buttons->addWidget(regenerate_);
    buttons->addWidget(fresh);
    buttons->addWidget(exportMd);
    buttons->addStretch();
    gauge_ = new QProgressBar;
    gauge_->setFormat(QStringLiteral("context %v / %m"));
    gauge_->setMaximumWidth(240);
    buttons->addWidget(gauge_);
    col->addLayout(buttons);
    status_ = new QLabel;
    col->addWidget(status_);
    split->addWidget(left);

    auto* panel = new QWidget;
    auto* panelLayout = new QVBoxLayout(panel);
    auto* form = new QFormLayout;
    panelLayout->addLayout(form);
    panelLayout->addStretch(); // settings stay together at the top
    system_ = new QPlainTextEdit;
    system_->setMaximumHeight(90);
    form->addRow(QStringLiteral("System prompt"), system_);
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
    form->addRow(QStringLiteral("Temperature"), temperature_);
    form->addRow(QStringLiteral("Top-k"), topK_);
    form->addRow(QStringLiteral("Top-p"), topP_);
    form->addRow(QStringLiteral("Min-p"), minP_);
    form->addRow(QStringLiteral("Repeat penalty"), repeat_);
    form->addRow(QStringLiteral("Seed"), seed_);
    form->addRow(QStringLiteral("Max tokens"), maxTokens_);
    context_ = new QSpinBox;
    context_->setRange(256, 256);
    context_->setSingleStep(256);
    context_->setKeyboardTracking(false);
    context_->setToolTip(QStringLiteral("Tokens the conversation can hold; a longer context needs a larger "
                                        "KV cache. Changing it restarts the model."));
    form->addRow(QStringLiteral("Context"), context_);
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
    setSettings(s);

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
        const QString path = QFileDialog::getSaveFileName(this, QStringLiteral("Export chat"), {},
                                                          QStringLiteral("Markdown (*.md)"));
        if (path.isEmpty()) return;
        QString error;
        if (!exportMarkdown(path, &error))
            status_->setText(QStringLiteral("Could not write %1: %2").arg(path, error));
    });
    connect(context_, &QSpinBox::valueChanged, this, [this](int tokens) {
        if (!generating_) Q_EMIT contextLengthChosen(tokens);
    });
    auto* esc = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    connect(esc, &QShortcut::activated, this, &ChatPage::stop);
    connect(this, &ChatPage::speedChanged, this, &Page::statusText);
    connect(this, &ChatPage::generatingChanged, this, [this](bool on) {
        Q_EMIT timelineMark(on ? QStringLiteral("generation started") : QStringLiteral("generation stopped"));
    });
    setEngine(nullptr);
}

void ChatPage::setEngine(ChatEngine* engine, const QString& modelPath) {
    if (engine_) disconnect(engine_, nullptr, this, nullptr);
    if (savePending_) save(); // the last streamed piece of the old conversation
    engine_ = engine;
    modelPath_ = engine ? modelPath : QString();
    turns_.clear();
    if (engine && !modelPath_.isEmpty()) {
        turns_ = chat_store::load(modelPath_);
        QList<QPair<QString, QString>> pairs;
        for (const ChatTurn& t : std::as_const(turns_))
            pairs.append({t.user, t.reply});
        if (!pairs.isEmpty()) engine->restore(pairs);
    }
    if (generating_) Q_EMIT speedChanged({});
    generating_ = false;
    context_->setEnabled(engine != nullptr);
    regenerate_->setEnabled(engine && engine->isReady() && !turns_.isEmpty());
    render();
    send_->setEnabled(engine && engine->isReady());
    stop_->setEnabled(false);
    status_->setText(engine ? (engine->isReady() ? QString() : QStringLiteral("Preparing the model…"))
                            : QStringLiteral("No model open"));
    if (!engine) return;
    connect(engine, &ChatEngine::ready, this, [this](qint64 ctx) {
        send_->setEnabled(true);
        regenerate_->setEnabled(!turns_.isEmpty());
        gauge_->setRange(0, int(ctx));
        gauge_->setValue(0);
        status_->clear();
    });
    connect(engine, &ChatEngine::failed, this,
            [this](const QString& error) { status_->setText(QStringLiteral("Chat unavailable: ") + error); });
    connect(engine, &ChatEngine::streamed, this, [this](const QString& piece, int index) {
        if (turns_.isEmpty()) return;
        ++streamedPieces_;
        turns_.last().reply += piece;
        appendToReply(piece);
        saveSoon();
        // Rate over the tokens after the first, like the final figure (prompt time excluded).
        if (index == 0 || !sinceFirstToken_.isValid()) sinceFirstToken_.start();
        const double s = sinceFirstToken_.nsecsElapsed() / 1e9;
        Q_EMIT speedChanged(
            index > 0 && s > 0
                ? QStringLiteral("Generating · %1 tokens · %2 tok/s").arg(index + 1).arg(index / s, 0, 'f', 1)
                : QStringLiteral("Generating…"));
    });
    connect(engine, &ChatEngine::replyFinished, this, [this](const ChatReply& r) {
        generating_ = false;
        if (!turns_.isEmpty()) {
            turns_.last().reply = r.text;
            turns_.last().stats = QStringLiteral("%1 tokens · %2 tok/s · first token %3 s · %4")
                                      .arg(r.tokens)
                                      .arg(r.tokensPerSecond, 0, 'f', 1)
                                      .arg(r.timeToFirstToken, 0, 'f', 2)
                                      .arg(r.stopReason);
        }
        lastReply_ = r.text;
        gauge_->setRange(0, int(std::max<qint64>(1, r.contextLength)));
        gauge_->setValue(int(r.contextUsed));
        send_->setEnabled(true);
        stop_->setEnabled(false);
        regenerate_->setEnabled(!turns_.isEmpty());
        render();
        save();
        Q_EMIT speedChanged(QStringLiteral("Last reply: %1 tokens · %2 tok/s")
                                .arg(r.tokens)
                                .arg(r.tokensPerSecond, 0, 'f', 1));
        context_->setEnabled(true);
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
}

void ChatPage::sendMessage(const QString& text) {
    if (!engine_ || !engine_->isReady() || generating_) return;
    const ChatSettings s = settings();
    QSettings st;
    st.setValue(QStringLiteral("chat/temperature"), s.sampler.temperature);
    st.setValue(QStringLiteral("chat/topK"), s.sampler.topK);
    st.setValue(QStringLiteral("chat/topP"), s.sampler.topP);
    st.setValue(QStringLiteral("chat/minP"), s.sampler.minP);
    st.setValue(QStringLiteral("chat/repeatPenalty"), s.sampler.repeatPenalty);
    st.setValue(QStringLiteral("chat/seed"), quint64(s.sampler.seed));
    st.setValue(QStringLiteral("chat/maxTokens"), s.maxTokens);
    st.setValue(QStringLiteral("chat/system"), s.systemPrompt);
    turns_.append({text, {}, {}});
    begin();
    engine_->send(text, s);
}

void ChatPage::begin() {
    streamedPieces_ = 0;
    generating_ = true;
    sinceFirstToken_.invalidate();
    send_->setEnabled(false);
    stop_->setEnabled(true);
    regenerate_->setEnabled(false);
    render();
    save(); // the user's message is kept even if the app dies before the first token
    Q_EMIT speedChanged(QStringLiteral("Generating…"));
    context_->setEnabled(false); // a new context restarts the engine: not mid-reply
    Q_EMIT generatingChanged(true);
}

void ChatPage::regenerate() {
    if (!engine_ || !engine_->isReady() || generating_ || turns_.isEmpty()) return;
    turns_.last().reply.clear();
    turns_.last().stats.clear();
    begin();
    engine_->regenerate(settings());
}

void ChatPage::save() {
    savePending_ = false;
    sinceSave_.start();
    if (modelPath_.isEmpty()) return;
    if (!chat_store::save(modelPath_, system_->toPlainText(), turns_))
        status_->setText(
            QStringLiteral("Could not save the conversation to %1").arg(chat_store::fileFor(modelPath_)));
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
    if (engine_ && generating_) engine_->stop();
}

void ChatPage::newChat() {
    if (generating_) return;
    turns_.clear();
    if (engine_) engine_->newChat();
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
    if (!system.isEmpty()) md += QStringLiteral("**System:** %1\n\n").arg(system);
    for (const ChatTurn& t : turns_)
        md += QStringLiteral("**User:** %1\n\n**Assistant:** %2\n\n_%3_\n\n").arg(t.user, t.reply, t.stats);
    return md;
}

void ChatPage::render() {
    QString html;
    for (const ChatTurn& t : turns_) {
        html += QStringLiteral("<p style='background:#e8eef7; padding:6px'><b>You</b><br>%1</p>")
                    .arg(t.user.toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>")));
        html += QStringLiteral("<p style='white-space:pre-wrap'><b>Model</b><br>%1</p>")
                    .arg(t.reply.toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>")));
        if (!t.stats.isEmpty())
            html += QStringLiteral("<p style='color:#777'><small>%1</small></p>").arg(t.stats);
    }
    transcript_->setHtml(html);
    transcript_->moveCursor(QTextCursor::End);
}

void ChatPage::appendToReply(const QString& piece) {
    // While a reply streams, the document ends with its paragraph: the piece goes there, so a
    // token costs its own length, not the whole conversation's. render() writes a line break as
    // <br> (a line separator) and keeps spaces (pre-wrap), so both give the same text.
    QTextCursor end(transcript_->document());
    end.movePosition(QTextCursor::End);
    end.insertText(QString(piece).replace(QLatin1Char('\n'), QChar::LineSeparator), QTextCharFormat());
    transcript_->moveCursor(QTextCursor::End);
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

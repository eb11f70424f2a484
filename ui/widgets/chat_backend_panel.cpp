#include "widgets/chat_backend_panel.h"

#include "document/api_key_store.h"
#include "jobs/remote_chat.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QToolButton>
#include <QVBoxLayout>

namespace realm::ui {

namespace {
const QString BackendKey = QStringLiteral("chat/backend");
const QString UrlKey = QStringLiteral("chat/remoteUrl");
const QString ModelKey = QStringLiteral("chat/remoteModel");
} // namespace

ChatBackendPanel::ChatBackendPanel(RemoteChat* remote, QWidget* parent)
    : QWidget(parent), remote_(remote), keys_(new ApiKeyStore(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    kind_ = new QComboBox;
    kind_->addItem(tr("Local model"));
    kind_->addItem(tr("OpenAI-compatible server"));
    kind_->setToolTip(tr("Chat with the open model on this computer, or with a model served elsewhere "
                         "(realm-cli serve, llama-server, vLLM, Ollama…) over the OpenAI API"));
    layout->addWidget(kind_);
    serverRows_ = new QWidget;
    auto* form = new QFormLayout(serverRows_);
    form->setContentsMargins(0, 0, 0, 0);
    url_ = new QLineEdit;
    // untranslated: an address
    url_->setPlaceholderText(QStringLiteral("http://127.0.0.1:8080"));
    url_->setToolTip(tr("The server's address, with or without /v1"));
    form->addRow(tr("Server"), url_);
    model_ = new QComboBox;
    model_->setEditable(true);
    model_->setToolTip(tr("A model the server lists under /v1/models, or a name typed in"));
    refresh_ = new QToolButton;
    refresh_->setText(tr("List"));
    refresh_->setToolTip(tr("Ask the server for its models again"));
    auto* modelRow = new QHBoxLayout;
    modelRow->addWidget(model_, 1);
    modelRow->addWidget(refresh_);
    form->addRow(tr("Model"), modelRow);
    key_ = new QLineEdit;
    key_->setEchoMode(QLineEdit::Password);
    key_->setPlaceholderText(tr("none"));
    key_->setToolTip(tr("Sent as “Authorization: Bearer …”; kept in the system keychain, never in the "
                        "settings file"));
    form->addRow(tr("API key"), key_);
    note_ = new QLabel;
    note_->setWordWrap(true);
    note_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(note_);
    layout->addWidget(serverRows_);

    QSettings st;
    url_->setText(st.value(UrlKey).toString());
    const QString model = st.value(ModelKey).toString();
    if (!model.isEmpty()) model_->addItem(model);
    kind_->setCurrentIndex(st.value(BackendKey).toString() == QLatin1String("remote") ? 1 : 0);
    showRows();

    connect(kind_, &QComboBox::currentIndexChanged, this, [this] {
        QSettings().setValue(BackendKey, isRemote() ? QStringLiteral("remote") : QStringLiteral("local"));
        showRows();
        if (isRemote() && model_->currentText().isEmpty() && !url_->text().isEmpty()) listModels();
        Q_EMIT backendChanged();
    });
    connect(url_, &QLineEdit::editingFinished, this, [this] {
        if (url_->text().trimmed() != QSettings().value(UrlKey).toString()) serverChosen();
    });
    connect(key_, &QLineEdit::editingFinished, this, [this] { setApiKey(key_->text()); });
    connect(refresh_, &QToolButton::clicked, this, &ChatBackendPanel::listModels);
    connect(model_, &QComboBox::currentTextChanged, this, [this] {
        if (filling_) return;
        QSettings().setValue(ModelKey, model_->currentText());
        configure();
    });
    connect(keys_, &ApiKeyStore::loaded, this,
            [this](const QString& url, const QString& key, const QString& problem) {
                if (url != url_->text().trimmed()) return; // an older server's
                key_->setText(key);
                keyNote_ = problem;
                configure();
                listModels();
            });
    connect(keys_, &ApiKeyStore::saved, this, [this](const QString&, const QString& problem) {
        keyNote_ = problem;
        note_->setText(keyNote_);
        listModels();
    });
    connect(remote_, &RemoteChat::modelsListed, this, [this](const QStringList& ids, const QString& error) {
        if (error.isEmpty()) {
            const QString kept = model_->currentText();
            filling_ = true;
            model_->clear();
            model_->addItems(ids);
            model_->setCurrentIndex(ids.contains(kept) ? int(ids.indexOf(kept)) : 0);
            filling_ = false;
            QSettings().setValue(ModelKey, model_->currentText());
            configure();
            note_->setText(tr("Models listed: %1.").arg(ids.size()) +
                           (keyNote_.isEmpty() ? QString() : QStringLiteral("\n") + keyNote_));
        } else {
            note_->setText(error + (keyNote_.isEmpty() ? QString() : QStringLiteral("\n") + keyNote_));
        }
        Q_EMIT modelsListed(ids, error);
    });
    // The remembered server: its key from the keychain, then its models.
    if (!url_->text().isEmpty()) keys_->load(url_->text().trimmed());
}

bool ChatBackendPanel::isRemote() const {
    return kind_->currentIndex() == 1;
}

void ChatBackendPanel::setRemote(bool remote) {
    kind_->setCurrentIndex(remote ? 1 : 0);
}

void ChatBackendPanel::setServer(const QString& url) {
    url_->setText(url);
    serverChosen();
}

void ChatBackendPanel::setApiKey(const QString& key) {
    key_->setText(key);
    configure();
    keys_->save(url_->text().trimmed(), key); // then the models again, with the key
}

QString ChatBackendPanel::note() const {
    return note_->text();
}

void ChatBackendPanel::serverChosen() {
    const QString url = url_->text().trimmed();
    QSettings().setValue(UrlKey, url);
    key_->clear();
    configure();
    note_->setText(tr("Asking %1 for its models…").arg(url));
    keys_->load(url); // then the models
}

void ChatBackendPanel::listModels() {
    const QUrl url = QUrl::fromUserInput(url_->text().trimmed());
    if (url_->text().trimmed().isEmpty() || !url.isValid()) {
        note_->setText(tr("Enter the server's address, e.g. http://127.0.0.1:8080"));
        return;
    }
    remote_->listModels(url, key_->text());
}

void ChatBackendPanel::configure() {
    const QString url = url_->text().trimmed();
    remote_->configure(url.isEmpty() ? QUrl() : QUrl::fromUserInput(url), model_->currentText().trimmed(),
                       key_->text());
    Q_EMIT backendChanged();
}

void ChatBackendPanel::showRows() {
    serverRows_->setVisible(isRemote());
}

} // namespace realm::ui

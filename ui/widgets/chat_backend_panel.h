#pragma once
#include <QWidget>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QToolButton;

namespace realm::ui {

class ApiKeyStore;
class RemoteChat;

// Where the chat's replies come from: the open model (the default) or a server that speaks the
// OpenAI API: its URL, one of the models its /v1/models lists (or a name typed in) and an API
// key, which goes to the system keychain and never to the settings file. It configures the
// RemoteChat it is given; the URL, model and choice are remembered.
class ChatBackendPanel : public QWidget {
    Q_OBJECT
  public:
    explicit ChatBackendPanel(RemoteChat* remote, QWidget* parent = nullptr);
    bool isRemote() const;
    void setRemote(bool remote);
    // Takes a server URL as if typed: loads its key from the keychain, then lists its models.
    void setServer(const QString& url);
    // Takes an API key as if typed: stored, then the models listed again.
    void setApiKey(const QString& key);
    QComboBox* modelBox() const { return model_; }
    QLineEdit* urlEdit() const { return url_; }
    QLineEdit* keyEdit() const { return key_; }
    // What the panel last had to say (models listed, keychain missing, server unreachable).
    QString note() const;

  Q_SIGNALS:
    // The choice changed, or the server or model of the remote backend did.
    void backendChanged();
    void modelsListed(const QStringList& ids, const QString& error);

  private:
    void serverChosen();
    void listModels();
    void configure();
    void showRows();

    RemoteChat* remote_;
    ApiKeyStore* keys_;
    QComboBox* kind_;
    QWidget* serverRows_;
    QLineEdit* url_;
    QComboBox* model_;
    QToolButton* refresh_;
    QLineEdit* key_;
    QLabel* note_;
    QString keyNote_; // what the keychain said, kept under the model list's news
    bool filling_ = false;
};

} // namespace realm::ui

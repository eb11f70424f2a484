#pragma once
#include "jobs/chat_backend.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QUrl>

#include <memory>

class QNetworkAccessManager;
class QNetworkReply;

namespace realm::ui {

// The chat backend of a server that speaks the OpenAI HTTP API (realm-cli serve, llama.cpp's
// llama-server, vLLM, Ollama…): each reply is one POST /v1/chat/completions with the whole
// conversation, streamed as server-sent events with the token probabilities when the server
// gives them (logprobs). Stop aborts the request. Everything runs on the UI thread's event
// loop (Qt Network), so a slow or stuck server never blocks the window.
class RemoteChat : public ChatBackend {
    Q_OBJECT
  public:
    explicit RemoteChat(QObject* parent = nullptr);
    ~RemoteChat() override;

    // Replies come from `model` on the server at `baseUrl` (with or without its /v1); ready
    // once both are set. An empty key sends no Authorization header.
    void configure(const QUrl& baseUrl, const QString& model, const QString& apiKey);
    QUrl baseUrl() const { return base_; }
    QString model() const { return model_; }
    // "http://host:8080 · model", for people.
    QString describe() const;
    // Asks the server at `baseUrl` for its models; modelsListed answers.
    void listModels(const QUrl& baseUrl, const QString& apiKey);
    void stop() override;
    // A request that receives no byte for this long is given up (a server that hangs).
    void setIdleTimeout(int milliseconds) { idleTimeoutMs_ = milliseconds; }

    // The URL of an API path ("/chat/completions") under a base URL given with or without /v1.
    static QUrl endpoint(const QUrl& baseUrl, const QString& path);

  Q_SIGNALS:
    void modelsListed(const QStringList& ids, const QString& error);

  protected:
    int startReply(int node, const ChatSettings& settings) override;

  private:
    struct Stream;
    void readStream();
    void handleEvent(const QByteArray& data);
    void handleChoice(const QJsonObject& choice, const QString& contentKey);
    void emitTokens(const QString& content, const QJsonArray& logprobs);
    void breakOff(const QString& error); // ends the reply with an error, keeping its text
    void finishStream();

    QNetworkAccessManager* net_;
    QUrl base_;
    QString model_, key_;
    int idleTimeoutMs_ = 120000;
    std::unique_ptr<Stream> stream_;
    QNetworkReply* listing_ = nullptr;
};

} // namespace realm::ui

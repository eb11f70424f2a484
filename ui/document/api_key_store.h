#pragma once
#include <QHash>
#include <QObject>

namespace realm::ui {

// API keys of chat servers, one per server URL, in the system keychain (Secret Service,
// KWallet, macOS Keychain, Windows Credential Store, through qtkeychain), never in the
// settings file. Without a keychain service (a headless machine) a key is kept in memory for
// this session only, and `problem` says so.
class ApiKeyStore : public QObject {
    Q_OBJECT
  public:
    using QObject::QObject;
    // Answers with `loaded`; a key not stored is an empty key, not a problem.
    void load(const QString& serverUrl);
    // Answers with `saved`; an empty key deletes the stored one.
    void save(const QString& serverUrl, const QString& key);

  Q_SIGNALS:
    void loaded(const QString& serverUrl, const QString& key, const QString& problem);
    void saved(const QString& serverUrl, const QString& problem);

  private:
    QHash<QString, QString> sessionOnly_; // keys the keychain could not take
};

} // namespace realm::ui

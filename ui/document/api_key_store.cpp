#include "document/api_key_store.h"

#include <qt6keychain/keychain.h>

namespace realm::ui {

namespace {
const QString Service = QStringLiteral(REALM_APP_ID);

QString entryFor(const QString& serverUrl) {
    // untranslated: the keychain entry's name
    return QStringLiteral("chat server ") + serverUrl;
}

// The keychain could not be used at all (as opposed to: the key is not there).
bool unavailable(QKeychain::Error e) {
    return e != QKeychain::NoError && e != QKeychain::EntryNotFound;
}

QString sessionOnlyNote(const QKeychain::Job& job) {
    // qtkeychain's reason, unless it has none ("Unknown error" when no Secret Service or KWallet runs).
    // untranslated: qtkeychain's own text
    const QString why = job.errorString() == QLatin1String("Unknown error") ? QString() : job.errorString();
    if (why.isEmpty())
        return ApiKeyStore::tr("No system keychain service is running: the API key is kept for this session "
                               "only and is not saved.");
    return ApiKeyStore::tr("The system keychain could not be used (%1): the API key is kept for this session "
                           "only and is not saved.")
        .arg(why);
}
} // namespace

void ApiKeyStore::load(const QString& serverUrl) {
    auto* job = new QKeychain::ReadPasswordJob(Service, this);
    job->setKey(entryFor(serverUrl));
    job->setInsecureFallback(false); // never a plain-text file
    connect(job, &QKeychain::Job::finished, this, [this, job, serverUrl] {
        if (unavailable(job->error()))
            Q_EMIT loaded(serverUrl, sessionOnly_.value(serverUrl), sessionOnlyNote(*job));
        else
            Q_EMIT loaded(serverUrl, job->textData(), {});
    });
    job->start();
}

void ApiKeyStore::save(const QString& serverUrl, const QString& key) {
    QKeychain::Job* job;
    if (key.isEmpty()) {
        job = new QKeychain::DeletePasswordJob(Service, this);
    } else {
        auto* write = new QKeychain::WritePasswordJob(Service, this);
        write->setTextData(key);
        job = write;
    }
    job->setKey(entryFor(serverUrl));
    job->setInsecureFallback(false);
    connect(job, &QKeychain::Job::finished, this, [this, job, serverUrl, key] {
        if (unavailable(job->error())) {
            sessionOnly_.insert(serverUrl, key);
            Q_EMIT saved(serverUrl, sessionOnlyNote(*job));
        } else {
            sessionOnly_.remove(serverUrl);
            Q_EMIT saved(serverUrl, {});
        }
    });
    job->start();
}

} // namespace realm::ui

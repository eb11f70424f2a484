#include "jobs/background_pool.h"

#include <QCoreApplication>
#include <QPointer>
#include <QThreadPool>

#ifdef __linux__
#include <sys/resource.h>
#include <unistd.h>
#endif

namespace realm::ui {

void runBelowTheUiThread() {
#ifdef __linux__
    constexpr int BackgroundNice = 15;
    setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), BackgroundNice);
#endif
}

QThreadPool* backgroundPool() {
    static QPointer<QThreadPool> pool;
    if (!pool) {
        pool = new QThreadPool(QCoreApplication::instance()); // deleted (after waiting) with it
        pool->setMaxThreadCount(2);
    }
    return pool;
}

} // namespace realm::ui

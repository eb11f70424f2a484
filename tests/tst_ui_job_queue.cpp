// The one background-job design (ui/jobs/job_queue.h): an interactive request overtakes long
// work, a cancel reaches into a core loop, progress arrives as throttled signals on the UI
// thread, stale requests are replaced, a strand runs one job at a time in order, and results
// for a receiver that is gone (a closed document) are dropped without harm.
#include "document/model_session.h"
#include "jobs/job_queue.h"
#include "jobs/next_turn.h"
#include "jobs/release_in_background.h"

#include "gguf/gguf_file.h"
#include "gguf/gguf_writer.h"
#include "gguf/tensor_stats.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <memory>
#include <vector>

using namespace realm::ui;
using realm::JobControl;

namespace {
// A job that holds its worker until released (or cancelled).
struct Gate {
    std::atomic<bool> open{false};
    std::atomic<int> entered{0};
    void pass(const JobControl& control) {
        ++entered;
        while (!open.load() && !control.cancelled())
            QThread::msleep(1);
    }
};

JobSpec spec(JobPriority priority, const void* strand = nullptr, QString replaces = {}) {
    JobSpec s;
    s.priority = priority;
    s.strand = strand;
    s.replaces = std::move(replaces);
    return s;
}
} // namespace

class TestJobQueue : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString big_;
    static constexpr int64_t Rows = 8192, Cols = 4096;

  private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        // 128 MiB of F32 zeros, left as a hole: statistics over it take a while, disk none.
        realm::GgufWriter w;
        w.addString("general.architecture", "llama");
        w.declareTensor("big.weight", realm::GgmlType::F32, {Cols, Rows});
        big_ = dir_.filePath(QStringLiteral("big.gguf"));
        w.write(big_.toStdString());
    }

    void interactiveOvertakesLong() {
        JobQueue queue(2); // one worker may run long jobs, the other is kept for interactive ones
        Gate gate;
        QStringList order;
        queue.run(
            spec(JobPriority::Long), this, [&](const JobControl& c) { gate.pass(c); },
            [&] { order << QStringLiteral("long 1"); });
        QTRY_COMPARE(gate.entered.load(), 1);
        queue.run(
            spec(JobPriority::Long), this, [](const JobControl&) {},
            [&] { order << QStringLiteral("long 2"); });
        queue.run(
            spec(JobPriority::Interactive), this, [](const JobControl&) { return 7; },
            [&](int v) { order << QStringLiteral("row %1").arg(v); });
        // The row comes back while the first long job still holds its worker and the second waits.
        QTRY_COMPARE(order, QStringList{QStringLiteral("row 7")});
        QTest::qWait(50);
        QCOMPARE(order, QStringList{QStringLiteral("row 7")});
        gate.open = true;
        QTRY_COMPARE(order.size(), 3);
        QCOMPARE(order.at(1), QStringLiteral("long 1"));
        QCOMPARE(order.at(2), QStringLiteral("long 2"));
        QTRY_COMPARE(queue.pending(), 0);
    }

    void cancelReachesTheStatisticsLoop() {
        const auto file = realm::GgufFile::open(big_.toStdString());
        const realm::GgufTensorInfo& t = file->tensors().at(0);
        JobQueue queue(2);
        JobSpec s = spec(JobPriority::Long);
        s.deliverCancelled = true; // to see how far the loop got
        std::optional<realm::TensorStats> stats;
        JobHandle handle;
        int progressCalls = 0;
        handle = queue.run(
            s, this, [&t](const JobControl& c) { return realm::computeTensorStats(t, &c); },
            [&](const realm::TensorStats& r) { stats = r; }, {},
            [&](double fraction) {
                ++progressCalls;
                QVERIFY(fraction > 0 && fraction < 1);
                handle->cancel(); // from the UI thread, at the first report
            });
        QTRY_VERIFY_WITH_TIMEOUT(stats.has_value(), 20000);
        QCOMPARE(progressCalls, 1);
        // It stopped inside the loop: the first pass had not counted every value.
        QVERIFY2(stats->count < uint64_t(Rows * Cols), qPrintable(QString::number(stats->count)));
    }

    void progressArrivesThrottledOnTheUiThread() {
        ModelSession session;
        QSignalSpy loaded(&session, &ModelSession::loaded);
        session.load(big_);
        QVERIFY(loaded.wait(20000));
        QList<double> fractions;
        bool onUiThread = true;
        connect(&session, &ModelSession::statsProgress, this, [&](double f) {
            fractions << f;
            onUiThread = onUiThread && QThread::currentThread() == thread();
        });
        QSignalSpy running(&session, &ModelSession::statsRunningChanged);
        QSignalSpy ready(&session, &ModelSession::statsReady);
        session.requestStats(0);
        QVERIFY(session.statsRunning());
        QVERIFY(ready.wait(60000));
        QVERIFY(!session.statsRunning());
        QCOMPARE(running.count(), 2); // true, then false
        QVERIFY(onUiThread);
        QVERIFY(!fractions.isEmpty());
        // One report per 64 rows of 2 × 8192 would be 256; at most one per 50 ms arrives.
        QVERIFY2(fractions.size() < 100, qPrintable(QString::number(fractions.size())));
        QVERIFY(std::is_sorted(fractions.begin(), fractions.end()));
        QCOMPARE(ready.first().first().value<TensorStatsResult>().count, quint64(Rows * Cols));
    }

    void staleRequestsAreReplaced() {
        JobQueue queue(2);
        Gate gate;
        // Both workers busy, so the row requests wait in the queue.
        for (int i = 0; i < 2; ++i)
            queue.run(
                spec(JobPriority::Interactive), this, [&](const JobControl& c) { gate.pass(c); }, [] {});
        QTRY_COMPARE(gate.entered.load(), 2);
        QList<int> shown;
        for (int row = 0; row < 5; ++row)
            queue.run(
                spec(JobPriority::Interactive, nullptr, QStringLiteral("row")), this,
                [row](const JobControl&) { return row; }, [&](int r) { shown << r; });
        QCOMPARE(queue.pending(), 3); // two running, the newest row request
        gate.open = true;
        QTRY_COMPARE(queue.pending(), 0);
        QTest::qWait(20);
        QCOMPARE(shown, QList<int>{4});
    }

    void aStrandRunsOneJobAtATimeInOrder() {
        JobQueue queue(4);
        int strand = 0;
        std::atomic<int> inside{0}, most{0};
        QList<int> order;
        for (int i = 0; i < 12; ++i)
            queue.run(
                spec(i % 3 ? JobPriority::Long : JobPriority::Interactive, &strand), this,
                [&, i](const JobControl&) {
                    most = std::max(most.load(), ++inside);
                    QThread::msleep(2);
                    --inside;
                    return i;
                },
                [&](int v) { order << v; });
        QTRY_COMPARE(order.size(), 12);
        QCOMPARE(most.load(), 1);
        for (int i = 0; i < 12; ++i)
            QCOMPARE(order.at(i), i);
    }

    void resultsForAGoneReceiverAreDropped() {
        JobQueue queue(2);
        Gate gate;
        bool delivered = false;
        auto receiver = std::make_unique<QObject>();
        queue.run(
            spec(JobPriority::Interactive), receiver.get(),
            [&](const JobControl& c) {
                gate.pass(c);
                return 1;
            },
            [&](int) { delivered = true; });
        QTRY_COMPARE(gate.entered.load(), 1);
        receiver.reset(); // the page or document closes while its job runs
        gate.open = true;
        QTRY_COMPARE(queue.pending(), 0);
        QTest::qWait(20);
        QVERIFY(!delivered);
    }

    void closingADocumentWithJobsRunning() {
        // The document's queue goes with the session: running statistics are cancelled inside
        // their loop, queued ones dropped, and nothing arrives afterwards.
        int results = 0;
        {
            auto session = std::make_unique<ModelSession>();
            QSignalSpy loaded(session.get(), &ModelSession::loaded);
            session->load(big_);
            QVERIFY(loaded.wait(20000));
            connect(session.get(), &ModelSession::statsReady, this, [&] { ++results; });
            QSignalSpy progress(session.get(), &ModelSession::statsProgress);
            session->requestStats(0);
            session->requestRow(0, 5);
            session->requestBlockScales(0);
            QVERIFY(progress.wait(20000));
            QElapsedTimer closing;
            closing.start();
            session.reset();
            QVERIFY2(closing.elapsed() < 2000, "closing waited for the statistics to finish");
        }
        QTest::qWait(50);
        QCOMPARE(results, 0);
    }

    // Deleting a queue waits for its running jobs only: the idle workers wind down on their own
    // (joining them made the UI thread wait for four threads to be scheduled), and do go.
    void idleWorkersLeaveAfterTheQueue() {
        const auto threads = [] {
            QFile status(QStringLiteral("/proc/self/status"));
            if (!status.open(QIODevice::ReadOnly)) return -1;
            for (const QByteArray& line : status.readAll().split('\n'))
                if (line.startsWith("Threads:")) return line.mid(8).trimmed().toInt();
            return -1;
        };
        const int before = threads();
        if (before < 0) QSKIP("no /proc/self/status to count threads");
        {
            JobQueue queue(4);
            QSignalSpy done(this, &QObject::objectNameChanged);
            queue.run(
                {}, this, [](const JobControl&) { return 1; },
                [this](int) { setObjectName(QStringLiteral("ran")); });
            QVERIFY(done.wait(5000));
        }
        QTRY_VERIFY_WITH_TIMEOUT(threads() <= before, 5000);
    }

    // What a closed model leaves behind is freed on a pool thread, not the UI thread's.
    void closedModelIsReleasedOffTheUiThread() {
        struct Probe {
            std::shared_ptr<std::atomic<bool>> onUiThread;
            explicit Probe(std::shared_ptr<std::atomic<bool>> flag) : onUiThread(std::move(flag)) {}
            Probe(Probe&& other) = default;
            ~Probe() {
                if (onUiThread) *onUiThread = QThread::currentThread() == qApp->thread();
            }
        };
        auto flag = std::make_shared<std::atomic<bool>>(true);
        releaseInBackground(Probe(flag));
        QTRY_VERIFY(flag.use_count() == 1); // the probe has gone
        QVERIFY(!*flag);

        // A session's file: once the session is gone, the pool thread lets go of it last.
        std::weak_ptr<const realm::GgufFile> file;
        {
            auto session = std::make_unique<ModelSession>();
            QSignalSpy loaded(session.get(), &ModelSession::loaded);
            session->load(big_);
            QVERIFY(loaded.wait(20000));
            file = session->file();
            std::shared_ptr<const realm::GgufFile> closedFile = session->file();
            session.reset();
            QVERIFY(!file.expired());
            releaseInBackground(std::move(closedFile));
        }
        QTRY_VERIFY(file.expired());
    }

    // Steps queued together run one per event-loop turn, in order, with a due timer firing
    // between each two (QTimer::singleShot(0) ran them back to back); a step whose context is
    // gone is skipped.
    void nextTurnStepsLetTimersIn() {
        std::vector<QString> events;
        QTimer ticker;
        ticker.setInterval(0);
        connect(&ticker, &QTimer::timeout, this, [&] {
            if (events.empty() || events.back() != QStringLiteral("tick"))
                events.push_back(QStringLiteral("tick"));
        });
        auto* gone = new QObject;
        for (const QString& name : {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")})
            runNextTurn(this, [&events, name] {
                events.push_back(name);
                QThread::msleep(2);
            });
        runNextTurn(gone, [&events] { events.push_back(QStringLiteral("gone")); });
        runNextTurn(this, [&events] {
            events.push_back(QStringLiteral("d"));
            runNextTurn(nullptr, [&events] { events.push_back(QStringLiteral("never")); }); // no context
        });
        delete gone;
        ticker.start();
        QTRY_VERIFY(std::count(events.begin(), events.end(), QStringLiteral("d")) == 1);
        QTest::qWait(20);
        ticker.stop();
        std::vector<QString> steps;
        for (size_t i = 0; i < events.size(); ++i) {
            if (events[i] == QStringLiteral("tick")) continue;
            steps.push_back(events[i]);
            // Every step after the first has a tick right before it.
            if (steps.size() > 1) QCOMPARE(events[i - 1], QStringLiteral("tick"));
        }
        QCOMPARE(steps, (std::vector<QString>{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"),
                                              QStringLiteral("d")}));
    }
};

QTEST_MAIN(TestJobQueue)
#include "tst_ui_job_queue.moc"

// §3: while a model loads, its tensors are inspected, it generates and is replaced, the UI thread keeps
// ticking: between two 1 ms timer ticks it must not work or block for 50 ms. The model is
// $REALM_RESPONSIVENESS_MODEL (e.g. realm-cli synth --preset llama3-8b), else the largest
// conformance fixture. REALM_RESPONSIVENESS_RUNS=5 is the benchmark (median and worst of 5
// windows; at 8B on a busy machine set QTEST_FUNCTION_TIMEOUT=1800000, five runs pass Qt Test's
// 300 s); each gap is split into UI-thread CPU, waiting for a core and blocked, so a loaded
// machine does not hide or fake a stall, and set against a canary thread that only sleeps, to
// tell the UI thread's gaps from the virtual machine's own pauses.
#include "conformance.h"
#include "document/chat_store.h"
#include "document/model_session.h"
#include "jobs/chat_engine.h"
#include "models/memory_sample_model.h"
#include "pages/chat_page.h"
#include "pages/tensor_inspector.h"
#include "pages/tensors_page.h"
#include "widgets/heatmap_widget.h"
#include "window/main_window.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QPointer>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTest>
#include <QTimer>
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <ctime>
#include <fcntl.h>
#include <functional>
#include <memory>
#include <mutex>
#include <pthread.h>
#include <sched.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace realm::ui;

namespace {
double clockMs(clockid_t clock) {
    timespec t{};
    clock_gettime(clock, &t);
    return double(t.tv_sec) * 1e3 + double(t.tv_nsec) / 1e6;
}
double threadCpuMs() {
    return clockMs(CLOCK_THREAD_CPUTIME_ID);
}
double monotonicMs() {
    return clockMs(CLOCK_MONOTONIC);
}

// Time the calling thread was ready to run but waited for a core (Linux schedstat's run_delay).
class RunQueueWait {
  public:
    RunQueueWait() : fd_(open("/proc/thread-self/schedstat", O_RDONLY | O_CLOEXEC)) {}
    ~RunQueueWait() {
        if (fd_ >= 0) close(fd_);
    }
    double ms() const {
        char text[128] = {};
        if (fd_ < 0 || pread(fd_, text, sizeof text - 1, 0) <= 0) return 0;
        unsigned long long cpu = 0, waited = 0;
        return std::sscanf(text, "%llu %llu", &cpu, &waited) == 2 ? double(waited) / 1e6 : 0;
    }

  private:
    int fd_;
};

// Threads that only sleep 1 ms at a time. When one wakes more than 5 ms late without having
// waited for a core, nothing could run on its CPU: the host paused that vCPU or the whole VM
// (seen here with perf sched: 26 ms without one task switch on either core while both had work).
// A UI gap that such a pause of the UI thread's CPU covers is the machine's, not the window's.
// Where allowed (root, or an RLIMIT_RTPRIO), the canaries run real-time: a waking canary then
// takes its CPU from any task at once, so a late wake-up is the host's alone, even while a guest
// task held the CPU (a paused vCPU's current task looks to the guest as if it ran: the UI thread
// "waited for a core" 17-24 ms behind the generating thread, which a normal canary, waiting as
// well, could not tell from a busy CPU), and the threshold can be 2 ms.
class StallCanary {
  public:
    // One per CPU, pinned: a single vCPU can stall too (perf sched: the UI thread asleep on CPU 0
    // with a 1 ms timer due, no event at all on CPU 0 for 10.7 ms, CPU 1 busy as usual), and an
    // unpinned canary then simply runs on the other one.
    StallCanary() {
        cpu_set_t allowed;
        CPU_ZERO(&allowed);
        sched_getaffinity(0, sizeof(allowed), &allowed);
        for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
            if (CPU_ISSET(cpu, &allowed)) threads_.emplace_back([this, cpu] { watch(cpu); });
    }
    ~StallCanary() {
        stop_ = true;
        for (std::thread& t : threads_)
            t.join();
    }
    // How much of [from, to] (monotonic ms) the canary of `cpu` saw stalled.
    double stalledMs(double from, double to, int cpu) const {
        std::lock_guard lock(mutex_);
        double total = 0;
        for (const Stall& st : stalls_)
            if (st.cpu == cpu) total += std::max(0.0, std::min(st.to, to) - std::max(st.from, from));
        return total;
    }

  private:
    struct Stall {
        int cpu;
        double from, to;
    };
    void watch(int cpu) {
        cpu_set_t one;
        CPU_ZERO(&one);
        CPU_SET(cpu, &one);
        sched_setaffinity(0, sizeof(one), &one);
        const sched_param realTime{1};
        const double lateMs = pthread_setschedparam(pthread_self(), SCHED_FIFO, &realTime) == 0 ? 2 : 5;
        const RunQueueWait runQueue;
        while (!stop_) {
            const double before = monotonicMs(), queued = runQueue.ms();
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
            const double after = monotonicMs();
            if (after - before - (runQueue.ms() - queued) > 1 + lateMs) {
                std::lock_guard lock(mutex_);
                stalls_.push_back({cpu, before + 1, after});
            }
        }
    }
    mutable std::mutex mutex_;
    std::vector<Stall> stalls_;
    std::atomic<bool> stop_ = false;
    std::vector<std::thread> threads_;
};

// One stretch of the UI thread between two timer ticks, split by what the thread did.
struct Gap {
    double wall = 0, cpu = 0, waitedForCore = 0;
    double blocked() const { return std::max(0.0, wall - cpu - waitedForCore); }
    // What the UI thread itself took: the gap less the time other processes held the cores.
    double own() const { return cpu + blocked(); }
};

// The longest interval between ticks of a 1 ms UI-thread timer (wall clock), and where its time
// went: the UI thread's own CPU, waiting for a core (other processes on a loaded machine), or
// blocked (a lock, I/O). On a loaded machine the figure to trust is the longest "own" stretch
// (CPU + blocked between two ticks): what the UI thread did to itself, whatever the load.
// 1 ms, not more: the idle wait for the next tick counts as blocked, and a 5 ms timer added up
// to 5 ms of an idle event loop, in which a frame would have been painted, to a stretch of work.
class GapMeter : public QObject {
  public:
    GapMeter() {
        timer_.setInterval(1);
        timer_.setTimerType(Qt::PreciseTimer);
        QObject::connect(&timer_, &QTimer::timeout, this, [this] {
            const Gap now{monotonicMs(), threadCpuMs(), runQueue_.ms()};
            const int cpu = sched_getcpu();
            if (started_) {
                const Gap gap{now.wall - last_.wall, now.cpu - last_.cpu,
                              now.waitedForCore - last_.waitedForCore};
                if (gap.wall > longest_.wall) {
                    longest_ = gap;
                    longestSpan_ = {last_.wall, now.wall};
                    longestCpu_ = lastCpu_;
                }
                if (gap.wall > 4) longGaps_.push_back({lastCpu_, last_.wall, now.wall});
                maxCpu_ = std::max(maxCpu_, gap.cpu);
                maxBlocked_ = std::max(maxBlocked_, gap.blocked());
                if (gap.own() > maxOwn_) {
                    maxOwn_ = gap.own();
                    clock_gettime(CLOCK_MONOTONIC, &maxOwnEnd_);
                }
            }
            last_ = now;
            lastCpu_ = cpu;
            started_ = true;
        });
        timer_.start();
    }
    const Gap& longest() const { return longest_; }
    std::pair<double, double> longestSpan() const { return longestSpan_; } // monotonic ms
    // The CPU the UI thread was on when the longest gap began (where it slept or ran).
    int longestCpu() const { return longestCpu_; }
    // The longest gap once the parts in which `canary` saw the UI thread's CPU stalled are taken out.
    double longestApartFromStalls(const StallCanary& canary) const {
        double longest = std::min(longest_.wall, 4.0); // gaps under 4 ms are not kept
        for (const LongGap& g : longGaps_)
            longest = std::max(longest, g.to - g.from - canary.stalledMs(g.from, g.to, g.cpu));
        return longest;
    }
    double maxCpuMs() const { return maxCpu_; }
    double maxBlockedMs() const { return maxBlocked_; }
    double maxOwnMs() const { return maxOwn_; }
    // When the longest own stretch ended, to find it in a profile (perf record -k CLOCK_MONOTONIC).
    double maxOwnEndSeconds() const { return double(maxOwnEnd_.tv_sec) + double(maxOwnEnd_.tv_nsec) / 1e9; }
    void reset() {
        longest_ = {};
        longGaps_.clear();
        maxCpu_ = maxBlocked_ = maxOwn_ = 0;
        started_ = false;
    }

  private:
    QTimer timer_;
    RunQueueWait runQueue_;
    Gap last_, longest_;
    std::pair<double, double> longestSpan_;
    struct LongGap {
        int cpu; // where the UI thread was when it began
        double from, to;
    };
    std::vector<LongGap> longGaps_; // over 4 ms, monotonic ms
    int lastCpu_ = -1, longestCpu_ = -1;
    double maxCpu_ = 0, maxBlocked_ = 0, maxOwn_ = 0;
    timespec maxOwnEnd_{};
    bool started_ = false;
};

// Runs the event loop until done() or the timeout. Not QTest::qWait/qWaitFor: between two
// rounds of events they sleep 10 ms on the UI thread, a gap the meter would count.
bool waitUntil(const std::function<bool()>& done, int timeoutMs) {
    if (done()) return true;
    QEventLoop loop;
    QTimer poll;
    poll.setInterval(5);
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done()) loop.quit();
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    poll.start();
    loop.exec();
    return done();
}

// REALM_RESPONSIVENESS_TRACE=MS: prints every stretch of more than MS ms of UI-thread CPU, or
// of the UI thread blocked (asleep, not waiting for a core), between two delivered events, named
// after the event that began it (type, receiver class, its parent's class): where the UI thread
// spends its time. With the meter ticking, an idle event loop never sleeps that long.
class SliceTracer : public QObject {
  public:
    explicit SliceTracer(double thresholdMs) : thresholdMs_(thresholdMs) {
        qApp->installEventFilter(this);
        last_ = now();
    }
    bool eventFilter(QObject* receiver, QEvent* event) override {
        const Gap at = now();
        const Gap slice{at.wall - last_.wall, at.cpu - last_.cpu, at.waitedForCore - last_.waitedForCore};
        if (slice.cpu > thresholdMs_ || slice.blocked() > thresholdMs_) {
            timespec end{};
            clock_gettime(CLOCK_MONOTONIC, &end);
            qInfo("slice %.1f ms CPU, %.1f ms blocked, %.1f ms wall: after event %d to %s (%s) in %s; "
                  "ended at %ld.%06ld s monotonic (perf record -k CLOCK_MONOTONIC; perf script --time)",
                  slice.cpu, slice.blocked(), slice.wall, lastType_, lastClass_, qPrintable(lastName_),
                  lastParentClass_, long(end.tv_sec), long(end.tv_nsec / 1000));
        }
        last_ = at;
        lastType_ = int(event->type());
        lastClass_ = receiver->metaObject()->className();
        lastName_ = receiver->objectName();
        lastParentClass_ = receiver->parent() ? receiver->parent()->metaObject()->className() : "-";
        return false;
    }

  private:
    Gap now() const { return {monotonicMs(), threadCpuMs(), runQueue_.ms()}; }
    double thresholdMs_;
    RunQueueWait runQueue_;
    Gap last_;
    int lastType_ = 0;
    const char* lastClass_ = "-";
    const char* lastParentClass_ = "-";
    QString lastName_;
};
} // namespace

// One phase: the longest wall-clock gap and the longest own stretch (CPU + blocked).
struct PhaseGaps {
    double wall = 0, own = 0, apartFromStalls = 0;
};

struct Gaps {
    PhaseGaps load, inspect, generate, reopen;
    double worstOwn() const { return std::max({load.own, inspect.own, generate.own, reopen.own}); }
};

class TestResponsiveness : public QObject {
    Q_OBJECT

    QString path_;
    std::unique_ptr<StallCanary> canary_;

    // Lets the phase's aftermath (results delivered, pages refreshed) run into the measurement.
    PhaseGaps phaseGap(const char* phase, qint64 ms, const GapMeter& meter) const {
        waitUntil([] { return false; }, 300);
        const Gap& g = meter.longest();
        qInfo("%s: %lld ms; longest UI gap %.1f ms (UI-thread CPU %.1f, waiting for a core %.1f, blocked "
              "%.1f); "
              "longest own stretch (CPU + blocked) %.1f ms (ended at %.6f s monotonic), most CPU %.1f ms, "
              "longest blocked %.1f ms",
              phase, ms, g.wall, g.cpu, g.waitedForCore, g.blocked(), meter.maxOwnMs(),
              meter.maxOwnEndSeconds(), meter.maxCpuMs(), meter.maxBlockedMs());
        const double apartFromStalls = meter.longestApartFromStalls(*canary_);
        const double stalled =
            canary_->stalledMs(meter.longestSpan().first, meter.longestSpan().second, meter.longestCpu());
        if (stalled >= 0.1)
            qInfo("%s: the UI thread's CPU (%d) stalled for %.1f ms of the longest UI gap; apart from stalls "
                  "the longest gap is %.1f ms",
                  phase, meter.longestCpu(), stalled, apartFromStalls);
        return {g.wall, meter.maxOwnMs(), apartFromStalls};
    }

    // One fresh window: load, inspect the largest tensor, generate, open the file again (replacing
    // the model open); the longest UI gap of each.
    // Returns false (with the failure recorded) when a step itself fails.
    bool measure(Gaps& g) {
        // Each run chats from an empty conversation: a restored one (the chat keeps every
        // conversation) would have its whole text evaluated and drawn again, more every run.
        QFile::remove(chat_store::fileFor(path_));
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        if (!QTest::qWaitForWindowExposed(&w)) return false;
        GapMeter meter;
        QElapsedTimer phase;

        // 1. Loading (metadata, tensor list, engine objects).
        phase.start();
        meter.reset();
        w.openFile(path_);
        if (!waitUntil(
                [&] { return w.chatEngine() && (w.chatEngine()->isReady() || w.chatEngine()->hasFailed()); },
                120000)) {
            QTest::qFail("the model did not load", __FILE__, __LINE__);
            return false;
        }
        if (!w.chatEngine()->isReady()) {
            QTest::qFail(qPrintable(w.chatEngine()->error()), __FILE__, __LINE__);
            return false;
        }
        g.load = phaseGap("load", phase.elapsed(), meter);

        // 2. Inspecting the largest tensor: statistics, a row, the heatmap.
        w.showPage(QStringLiteral("tensors"));
        const ModelSummary& s = w.session()->summary();
        int largest = 0;
        for (const TensorEntry& t : s.tensors)
            if (t.dequantizable && t.elements > s.tensors.at(largest).elements) largest = t.index;
        waitUntil([] { return false; }, 100);
        phase.restart();
        meter.reset();
        TensorInspector* inspector = w.page<TensorsPage>()->inspector();
        w.page<TensorsPage>()->selectTensor(largest);
        inspector->tabs()->setCurrentIndex(1);
        if (!waitUntil(
                [&] {
                    return inspector->statsShown() && inspector->heatmap()->gridWidth() > 0 &&
                           !inspector->rowValues().isEmpty();
                },
                120000)) {
            QTest::qFail("the tensor inspector did not finish", __FILE__, __LINE__);
            return false;
        }
        g.inspect = phaseGap(qPrintable(QStringLiteral("inspect ") + s.tensors.at(largest).name),
                             phase.elapsed(), meter);

        // 3. Generating a reply, with the memory chart receiving samples meanwhile.
        w.showPage(QStringLiteral("chat"));
        ChatSettings cs;
        cs.sampler.temperature = 0;
        cs.maxTokens = 8;
        w.page<ChatPage>()->setSettings(cs);
        waitUntil([] { return false; }, 100);
        phase.restart();
        meter.reset();
        const int samples = w.memoryModel()->totalReceived();
        QSignalSpy done(w.page<ChatPage>(), &ChatPage::replyDone);
        w.page<ChatPage>()->sendMessage(QStringLiteral("Hello"));
        if (!done.wait(120000)) {
            QTest::qFail("the reply did not finish", __FILE__, __LINE__);
            return false;
        }
        const qint64 chatMs = phase.elapsed();
        g.generate = phaseGap("generate", chatMs, meter);
        const int received = w.memoryModel()->totalReceived() - samples;
        qInfo("generate: %d memory samples", received);
        if (chatMs > 1000 && received < 2) {
            QTest::qFail("the memory chart received no samples while generating", __FILE__, __LINE__);
            return false;
        }

        // 4. Opening the file again: a second model replaces the first, whose engines and
        // mapping go.
        waitUntil([] { return false; }, 100);
        phase.restart();
        meter.reset();
        const QPointer<ChatEngine> replaced = w.chatEngine();
        w.openFile(path_);
        if (!waitUntil(
                [&] {
                    return !replaced && w.chatEngine() &&
                           (w.chatEngine()->isReady() || w.chatEngine()->hasFailed());
                },
                120000) ||
            !w.chatEngine()->isReady()) {
            QTest::qFail("the model did not open again", __FILE__, __LINE__);
            return false;
        }
        g.reopen = phaseGap("open again", phase.elapsed(), meter);
        return true;
    }

  private Q_SLOTS:
    void uiThreadKeepsTicking() {
        QStandardPaths::setTestModeEnabled(true); // the saved conversation is this test's own
        QCoreApplication::setOrganizationName(QStringLiteral("realm-studio-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_ui_responsiveness"));
        path_ = qEnvironmentVariable("REALM_RESPONSIVENESS_MODEL");
        if (path_.isEmpty()) {
            REALM_NEED_CONFORMANCE("models/llama-s256-untied-Q4_K_M.gguf");
            path_ = realm::test::conformancePath("models/llama-s256-untied-Q4_K_M.gguf");
        }
        if (!QFile::exists(path_))
            QFAIL(qPrintable(QStringLiteral("REALM_RESPONSIVENESS_MODEL: no file %1").arg(path_)));
        qInfo("model: %s", qPrintable(path_));

        // Sanitizer builds (setup.sh test) run every UI-thread step several times slower.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
        const double maxGap = 250;
#else
        const double maxGap = 50;
#endif
        canary_ = std::make_unique<StallCanary>();
        std::unique_ptr<SliceTracer> tracer;
        if (qEnvironmentVariableIsSet("REALM_RESPONSIVENESS_TRACE"))
            tracer =
                std::make_unique<SliceTracer>(qEnvironmentVariable("REALM_RESPONSIVENESS_TRACE").toDouble());

        // REALM_RESPONSIVENESS_RUNS=N (the benchmark): N windows, then each phase's median and
        // worst. Otherwise up to three attempts: a UI thread that really blocks does so on each.
        const bool benchmark = qEnvironmentVariableIsSet("REALM_RESPONSIVENESS_RUNS");
        const int runs =
            benchmark ? std::max(1, qEnvironmentVariableIntValue("REALM_RESPONSIVENESS_RUNS")) : 3;
        std::vector<Gaps> all;
        for (int attempt = 1; attempt <= runs; ++attempt) {
            Gaps g;
            if (!measure(g)) return;
            all.push_back(g);
            if (benchmark) continue;
            if (g.worstOwn() < maxGap) break;
            qInfo("attempt %d: longest own stretch %.1f ms, over %.0f ms", attempt, g.worstOwn(), maxGap);
        }
        if (benchmark) {
            const auto summary = [&](const char* phase, PhaseGaps Gaps::*member) {
                const auto medianAndWorst = [&](double PhaseGaps::*figure) {
                    std::vector<double> v;
                    for (const Gaps& g : all)
                        v.push_back(g.*member.*figure);
                    std::sort(v.begin(), v.end());
                    return std::pair(v[v.size() / 2], v.back());
                };
                const auto [wall, wallWorst] = medianAndWorst(&PhaseGaps::wall);
                const auto [own, ownWorst] = medianAndWorst(&PhaseGaps::own);
                const auto [apart, apartWorst] = medianAndWorst(&PhaseGaps::apartFromStalls);
                qInfo("%s over %d runs (median / worst): longest UI gap %.1f / %.1f ms (apart from stalls of "
                      "its CPU "
                      "%.1f / %.1f ms), longest own stretch (UI-thread CPU + blocked) %.1f / %.1f ms",
                      phase, int(all.size()), wall, wallWorst, apart, apartWorst, own, ownWorst);
            };
            summary("load", &Gaps::load);
            summary("inspect", &Gaps::inspect);
            summary("generate", &Gaps::generate);
            summary("open again", &Gaps::reopen);
        }
        // Asserted on the own stretch: wall-clock gaps on a shared machine measure its load.
        const Gaps& best = *std::min_element(
            all.begin(), all.end(), [](const Gaps& a, const Gaps& b) { return a.worstOwn() < b.worstOwn(); });
        QVERIFY2(best.load.own < maxGap,
                 qPrintable(QStringLiteral("load: UI thread busy %1 ms").arg(best.load.own)));
        QVERIFY2(best.inspect.own < maxGap,
                 qPrintable(QStringLiteral("inspect: UI thread busy %1 ms").arg(best.inspect.own)));
        QVERIFY2(best.generate.own < maxGap,
                 qPrintable(QStringLiteral("generate: UI thread busy %1 ms").arg(best.generate.own)));
        QVERIFY2(best.reopen.own < maxGap,
                 qPrintable(QStringLiteral("open again: UI thread busy %1 ms").arg(best.reopen.own)));
    }
};

QTEST_MAIN(TestResponsiveness)
#include "tst_ui_responsiveness.moc"

// realm-studio: the desktop application. `realm-studio [FILE.gguf]`,
// `realm-studio --screenshot OUT.png [--page NAME] [--reference FILE] [--text-file FILE] [--chat-server URL]
// MODEL`.
#include "realm_version.h"

#include "document/imatrix_store.h"
#include "document/model_document.h"
#include "pages/chat_page.h"
#include "pages/kl_page.h"
#include "pages/page_registry.h"
#include "pages/perplexity_page.h"
#include "widgets/chat_backend_panel.h"
#include "window/app_identity.h"
#include "window/main_window.h"
#include "window/screenshot_runner.h"
#include "window/translations.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QSettings>
#include <QTemporaryDir>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>

namespace {

QString pageIds() {
    QStringList ids;
    for (const realm::ui::PageRow& row : realm::ui::pageRows())
        ids << QLatin1String(row.id);
    return ids.join(QStringLiteral(", "));
}

struct Options {
    QCommandLineOption version{{QStringLiteral("v"), QStringLiteral("version")},
                               QCoreApplication::translate("main", "Displays version information.")};
    QCommandLineOption screenshot{
        QStringLiteral("screenshot"),
        QCoreApplication::translate("main", "Render a page of MODEL to FILE.png and exit."),
        QStringLiteral("FILE.png")};
    QString firstPage = QLatin1String(realm::ui::pageRows().front().id);
    QCommandLineOption page{QStringLiteral("page"),
                            QCoreApplication::translate("main", "Page for --screenshot: %1 (default %2).")
                                .arg(pageIds(), firstPage),
                            QStringLiteral("NAME"), firstPage};
    QCommandLineOption tab{QStringLiteral("tab"),
                           QCoreApplication::translate("main",
                                                       "Tab of the page for --screenshot, by its title "
                                                       "(the Tensors page's Quantize, …)."),
                           QStringLiteral("TITLE")};
    QCommandLineOption imatrix{QStringLiteral("imatrix"),
                               QCoreApplication::translate("main",
                                                           "Open an importance matrix (llama-imatrix's GGUF "
                                                           "or .dat file) beside the model."),
                               QStringLiteral("FILE")};
    QCommandLineOption textFile{
        QStringLiteral("text-file"),
        QCoreApplication::translate(
            "main", "Text for the Perplexity and KL divergence pages (what --page perplexity and "
                    "--page kl measure)."),
        QStringLiteral("FILE")};
    QCommandLineOption reference{
        QStringLiteral("reference"),
        QCoreApplication::translate("main", "The file MODEL is measured against on the compare and kl pages "
                                            "(also for --screenshot of them)."),
        QStringLiteral("FILE.gguf")};
    QCommandLineOption chatServer{
        QStringLiteral("chat-server"),
        QCoreApplication::translate("main",
                                    "Chat with a model served over the OpenAI API at URL (realm-cli serve, "
                                    "llama-server, …) instead of the open model."),
        QStringLiteral("URL")};
};

// --help, --version and bad options are handled (and exit) in here.
void parse(QCommandLineParser& parser, const Options& options, const QCoreApplication& app) {
    parser.setApplicationDescription(
        QCoreApplication::translate("main", "Inspect and run GGUF language models."));
    parser.addHelpOption();
    parser.addOption(options.version);
    parser.addOption(options.screenshot);
    parser.addOption(options.page);
    parser.addOption(options.tab);
    parser.addOption(options.imatrix);
    parser.addOption(options.textFile);
    parser.addOption(options.reference);
    parser.addOption(options.chatServer);
    parser.addPositionalArgument(QStringLiteral("FILE.gguf"),
                                 QCoreApplication::translate("main", "The model to open."));
    parser.process(app);
    // By the program's name, not by the application name (the app id) that Qt's own option prints.
    if (parser.isSet(options.version)) {
        std::printf("realm-studio %s\n", REALM_VERSION_STRING);
        std::exit(0);
    }
}

// Without a display QApplication aborts; say what is missing instead. `-platform` on the
// command line or QT_QPA_PLATFORM chooses one explicitly (offscreen, vnc, …).
bool hasDisplay(int argc, char** argv) {
    for (const char* var : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
        if (!qEnvironmentVariableIsEmpty(var)) return true;
    for (int i = 1; i < argc; ++i)
        if (std::strcmp(argv[i], "-platform") == 0) return true;
    return false;
}

} // namespace

int main(int argc, char** argv) {
    if (!hasDisplay(argc, argv)) {
        QCoreApplication app(argc, argv);
        realm::ui::setApplicationIdentity();
        realm::ui::installTranslations(QLocale());
        const Options options; // after the translations: its help texts are translated
        QCommandLineParser parser;
        parse(parser, options, app);
        std::fprintf(stderr,
                     "realm-studio: no display (DISPLAY, WAYLAND_DISPLAY and QT_QPA_PLATFORM are unset); "
                     "use realm-cli in a terminal, or run xvfb-run -a realm-studio\n");
        return 1;
    }
    QApplication app(argc, argv);
    realm::ui::setApplicationIdentity();
    realm::ui::installTranslations(QLocale());
    const Options options;
    // The style and palette are the platform theme's (Breeze, Adwaita-Qt, a dark scheme …); where
    // there is no platform theme, Qt itself falls back to Fusion.

    QCommandLineParser parser;
    parse(parser, options, app);
    const QCommandLineOption& screenshot = options.screenshot;
    const QCommandLineOption& page = options.page;
    const QStringList files = parser.positionalArguments();

    // A screenshot starts from the defaults and leaves the user's settings, recent files and
    // saved chats alone: everything goes to a throw-away home.
    std::optional<QTemporaryDir> screenshotHome;
    if (parser.isSet(screenshot)) {
        screenshotHome.emplace();
        for (const char* var : {"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"})
            qputenv(var,
                    QString(screenshotHome->path() + QLatin1Char('/') + QLatin1String(var)).toLocal8Bit());
        // QSettings fixed its folder when setApplicationIdentity() read the settings: point it anew
        // (without this, screenshots read and wrote the person's own settings).
        for (const auto format : {QSettings::NativeFormat, QSettings::IniFormat})
            QSettings::setPath(format, QSettings::UserScope,
                               screenshotHome->path() + QStringLiteral("/XDG_CONFIG_HOME"));
    }

    // Remembered like one picked in the app (in the screenshot's throw-away settings there).
    if (parser.isSet(options.reference))
        realm::ui::ModelDocument::rememberReference(
            QFileInfo(parser.value(options.reference)).absoluteFilePath());
    realm::ui::MainWindow window;
    if (parser.isSet(options.imatrix)) window.imatrixStore()->open(parser.value(options.imatrix));
    if (parser.isSet(options.textFile)) {
        auto* perplexity = window.page<realm::ui::PerplexityPage>();
        if (!perplexity->loadTextFile(parser.value(options.textFile)) ||
            !window.page<realm::ui::KlPage>()->loadTextFile(parser.value(options.textFile))) {
            std::fprintf(stderr, "realm-studio: %s: cannot open text file\n",
                         qPrintable(parser.value(options.textFile)));
            return 1;
        }
    }
    if (parser.isSet(options.chatServer)) {
        realm::ui::ChatBackendPanel* backend = window.page<realm::ui::ChatPage>()->backendPanel();
        backend->setRemote(true);
        backend->setServer(parser.value(options.chatServer));
    }
    if (parser.isSet(screenshot)) {
        const QString which = parser.value(page);
        if (!realm::ui::findPageRow(which)) {
            std::fprintf(stderr, "realm-studio: unknown page '%s'\n", qPrintable(parser.value(page)));
            return 1;
        }
        if (files.size() != 1) {
            std::fprintf(stderr, "realm-studio: --screenshot needs exactly one MODEL\n");
            return 1;
        }
        window.resize(1280, 800);
        window.show();
        realm::ui::ScreenshotRunner runner(&window, parser.value(screenshot), which,
                                           parser.value(options.tab));
        int status = 0;
        QObject::connect(&runner, &realm::ui::ScreenshotRunner::finished, &app,
                         [&](bool ok, const QString& message) {
                             std::fprintf(ok ? stdout : stderr, "%s\n", qPrintable(message));
                             status = ok ? 0 : 1;
                             window.close();
                             app.quit();
                         });
        runner.start(files.first());
        app.exec();
        return status;
    }
    window.show();
    if (!files.isEmpty())
        window.openFile(files.first());
    else
        window.reopenLastModel();
    return app.exec();
}

// Every chat template of ../shared/conformance/chat-templates renders exactly what
// python jinja2 (set up as Hugging Face transformers does) rendered, byte for byte.
#include "chat/chat_template.h"
#include "conformance.h"
#include "util/error.h"

#include <QTest>

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

using namespace realm;

namespace {
const std::string kDir = std::string(REALM_CONFORMANCE_DIR) + "/chat-templates/";

bool exists(const std::string& path) {
    return std::ifstream(path).good();
}

std::string readAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}
} // namespace

class TestChatTemplateConformance : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void render_data();
    void render();
};

void TestChatTemplateConformance::render_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("withSystem");
    QTest::addColumn<QString>("expectedFile"); // empty: the template must raise
    if (!exists(kDir + "index.json")) {
        QTest::newRow("conformance data missing") << QString() << false << QString(); // render() says so
        return;
    }
    auto index = nlohmann::ordered_json::parse(readAll(kDir + "index.json"));
    for (auto it = index["templates"].begin(); it != index["templates"].end(); ++it) {
        const std::string name = it.key();
        if (!it.value()["file"].is_string()) continue; // listed but not shipped (python failed too)
        const QString qname = QString::fromStdString(name);
        if (exists(kDir + name + ".expected.txt"))
            QTest::newRow(qPrintable(qname))
                << qname << true << QString::fromStdString(name + ".expected.txt");
        else
            QTest::newRow(qPrintable(qname + QStringLiteral(" raises"))) << qname << true << QString();
        if (exists(kDir + name + ".nosystem.expected.txt"))
            QTest::newRow(qPrintable(qname + QStringLiteral(" nosystem")))
                << qname << false << QString::fromStdString(name + ".nosystem.expected.txt");
    }
}

void TestChatTemplateConformance::render() {
    REALM_NEED_CONFORMANCE("chat-templates/index.json");
    QFETCH(QString, name);
    QFETCH(bool, withSystem);
    QFETCH(QString, expectedFile);
    auto index = nlohmann::ordered_json::parse(readAll(kDir + "index.json"));
    const auto& t = index["templates"][name.toStdString()];
    nlohmann::ordered_json messages = nlohmann::ordered_json::array();
    for (const auto& m : index["render_variables"]["messages"])
        if (withSystem || m["role"] != "system") messages.push_back(m);
    ChatTemplateOptions options;
    options.addGenerationPrompt = true;
    options.bosToken = t.value("bos_token", "");
    options.eosToken = t.value("eos_token", "");
    options.now = "2024-07-26T12:00:00";
    const std::string source = readAll(kDir + t["file"].get<std::string>());
    if (expectedFile.isEmpty()) {
        try {
            std::string out = renderChatTemplateJson(source, messages, options, nullptr);
            QFAIL(qPrintable(QStringLiteral("expected an exception, rendered: ") +
                             QString::fromStdString(out)));
        } catch (const Error& e) {
            const QString msg = QString::fromUtf8(e.what());
            QVERIFY2(msg.contains(QStringLiteral("raised an exception at line")), qPrintable(msg));
        }
        return;
    }
    const std::string expected = readAll(kDir + expectedFile.toStdString());
    const std::string got = renderChatTemplateJson(source, messages, options, nullptr);
    if (got != expected) {
        size_t k = 0;
        while (k < got.size() && k < expected.size() && got[k] == expected[k])
            ++k;
        QFAIL(qPrintable(QStringLiteral("differs at byte %1: got '%2' want '%3'")
                             .arg(k)
                             .arg(QString::fromStdString(got.substr(k, 40)))
                             .arg(QString::fromStdString(expected.substr(k, 40)))));
    }
}

QTEST_GUILESS_MAIN(TestChatTemplateConformance)
#include "tst_chat_template_conformance.moc"

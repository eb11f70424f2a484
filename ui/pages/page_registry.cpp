#include "pages/page_registry.h"

#include "pages/chat_page.h"
#include "pages/layers_page.h"
#include "pages/logits_page.h"
#include "pages/memory_page.h"
#include "pages/metadata_page.h"
#include "pages/overview_page.h"
#include "pages/tensors_page.h"
#include "pages/tokenizer_page.h"

namespace realm::ui {

namespace {
template <typename P> Page* make(const PageServices&) {
    return new P;
}

const PageRow Rows[] = {
    {"overview", "Overview", PageIcon::Overview, make<OverviewPage>},
    {"metadata", "Metadata", PageIcon::Metadata, make<MetadataPage>},
    {"tensors", "Tensors", PageIcon::Tensors, make<TensorsPage>},
    {"tokenizer", "Tokenizer", PageIcon::Tokenizer, make<TokenizerPage>},
    {"layers", "Layers", PageIcon::Layers, make<LayersPage>},
    {"logits", "Logits", PageIcon::Logits, make<LogitsPage>},
    {"chat", "Chat", PageIcon::Chat, make<ChatPage>},
    {"memory", "Memory", PageIcon::Memory,
     [](const PageServices& s) -> Page* { return new MemoryPage(s.memory); }},
};
} // namespace

std::span<const PageRow> pageRows() {
    return Rows;
}

const PageRow* findPageRow(const QString& id) {
    for (const PageRow& row : Rows)
        if (id == QLatin1String(row.id)) return &row;
    return nullptr;
}

} // namespace realm::ui

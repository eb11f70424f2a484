#include "pages/page_registry.h"

#include "pages/ablation_page.h"
#include "pages/chat_page.h"
#include "pages/compare_page.h"
#include "pages/imatrix_page.h"
#include "pages/kl_page.h"
#include "pages/layers_page.h"
#include "pages/logits_page.h"
#include "pages/memory_page.h"
#include "pages/metadata_page.h"
#include "pages/overview_page.h"
#include "pages/patching_page.h"
#include "pages/perplexity_page.h"
#include "pages/routing_page.h"
#include "pages/steering_page.h"
#include "pages/tensor_inspector.h"
#include "pages/tensors_page.h"
#include "pages/tokenizer_page.h"

#include <QCoreApplication>

namespace realm::ui {

namespace {
template <typename P> Page* make(const PageServices&) {
    return new P;
}

const PageRow Rows[] = {
    {"overview", QT_TRANSLATE_NOOP("PageRow", "Overview"), PageIcon::Overview, make<OverviewPage>},
    {"metadata", QT_TRANSLATE_NOOP("PageRow", "Metadata"), PageIcon::Metadata, make<MetadataPage>},
    {"tensors", QT_TRANSLATE_NOOP("PageRow", "Tensors"), PageIcon::Tensors,
     [](const PageServices& s) -> Page* {
         auto* page = new TensorsPage;
         page->inspector()->setImatrix(s.imatrix);
         return page;
     }},
    {"tokenizer", QT_TRANSLATE_NOOP("PageRow", "Tokenizer"), PageIcon::Tokenizer, make<TokenizerPage>},
    {"layers", QT_TRANSLATE_NOOP("PageRow", "Layers"), PageIcon::Layers, make<LayersPage>, true},
    {"logits", QT_TRANSLATE_NOOP("PageRow", "Logits"), PageIcon::Logits, make<LogitsPage>, true},
    {"ablation", QT_TRANSLATE_NOOP("PageRow", "Ablation"), PageIcon::Ablation, make<AblationPage>, true},
    {"patching", QT_TRANSLATE_NOOP("PageRow", "Patching"), PageIcon::Patching, make<PatchingPage>, true},
    {"steering", QT_TRANSLATE_NOOP("PageRow", "Steering"), PageIcon::Steering, make<SteeringPage>, true},
    {"routing", QT_TRANSLATE_NOOP("PageRow", "MoE routing"), PageIcon::Routing, make<RoutingPage>, true},
    {"perplexity", QT_TRANSLATE_NOOP("PageRow", "Perplexity"), PageIcon::Perplexity, make<PerplexityPage>,
     true},
    {"imatrix", QT_TRANSLATE_NOOP("PageRow", "Importance matrix"), PageIcon::Importance,
     [](const PageServices& s) -> Page* { return new ImatrixPage(s.imatrix); }},
    {"compare", QT_TRANSLATE_NOOP("PageRow", "Compare"), PageIcon::Compare, make<ComparePage>, true},
    {"kl", QT_TRANSLATE_NOOP("PageRow", "KL divergence"), PageIcon::Divergence, make<KlPage>, true},
    {"chat", QT_TRANSLATE_NOOP("PageRow", "Chat"), PageIcon::Chat, make<ChatPage>, true},
    {"memory", QT_TRANSLATE_NOOP("PageRow", "Memory"), PageIcon::Memory,
     [](const PageServices& s) -> Page* { return new MemoryPage(s.memory); }},
};
} // namespace

std::span<const PageRow> pageRows() {
    return Rows;
}

QString pageTitle(const PageRow& row) {
    return QCoreApplication::translate("PageRow", row.title);
}

const PageRow* findPageRow(const QString& id) {
    for (const PageRow& row : Rows)
        if (id == QLatin1String(row.id)) return &row;
    return nullptr;
}

} // namespace realm::ui

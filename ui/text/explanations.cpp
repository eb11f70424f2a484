#include "text/explanations.h"

#include <QCoreApplication>

namespace realm::ui::explain {

QString bytesPerType() {
    return QCoreApplication::translate(
        "Explanations",
        "<p><b>Bytes per tensor type.</b> How much of the file each storage type takes. A "
        "quantized type (Q4_K, Q8_0 …) stores a block of weights as small integers plus a scale "
        "per block, so it takes a fraction of the 4 bytes per weight of F32. Files usually mix "
        "types: the large matrices quantized, norms and sometimes the embedding kept in F32 or "
        "F16. The axis unit follows the largest bar.</p>");
}

QString memoryChart() {
    return QCoreApplication::translate(
        "Explanations",
        "<p><b>Memory of this process</b>, sampled four times a second over the last two "
        "minutes.</p><p>The coloured bands are stacked: the bottom one is the part of the model "
        "file that is mapped and resident in RAM, the next the KV cache (the keys and values of "
        "every token in the context, kept so that earlier tokens are not computed again), the top "
        "one the scratch buffers of the forward pass. Each band's height is its own size. The line "
        "is the resident set size (RSS) of the whole process; the gap above the bands is "
        "everything else (the program, Qt, the heap).</p><p>Dashed vertical lines mark events: a "
        "model loaded, a generation started or stopped.</p>");
}

QString tensorRow() {
    return QCoreApplication::translate(
        "Explanations",
        "<p><b>One row of the tensor</b>, converted to 32-bit floats: the x axis is the column "
        "(the input dimension of a weight matrix), the y axis the value. Spikes are outlier "
        "weights; quantized types show steps where a block of 32 or 256 values shares one "
        "scale.</p>");
}

QString tensorHeatmap() {
    return QCoreApplication::translate(
        "Explanations",
        "<p><b>The whole tensor as a picture</b>: rows down, columns across. Each pixel pools a "
        "patch of weights and shows the one of largest magnitude: red positive, blue negative, "
        "the background colour near zero; the legend gives the scale. Stripes are rows or columns with "
        "larger "
        "weights (often outlier channels). Drag to pan, wheel to zoom, click a pixel to show its "
        "row.</p>");
}

QString tensorHistogram() {
    return QCoreApplication::translate(
        "Explanations",
        "<p><b>How the values are distributed</b>: 64 bins from the smallest to the largest "
        "value, the height is how many weights fall in each. Trained weights are usually bell-shaped "
        "around zero; long tails are outliers that quantization has to cover.</p>");
}

QString blockScales() {
    return QCoreApplication::translate(
        "Explanations",
        "<p><b>Block scales of a quantized tensor.</b> Quantized types store weights in blocks "
        "(32 or 256 values) as small integers times a per-block scale. This histogram shows "
        "those scales: a wide spread means some blocks hold much larger weights than others.</p>");
}

QString residualHeatmap() {
    return QCoreApplication::translate(
        "Explanations",
        "<p><b>The residual stream</b> after the selected stage: one row per token of the prompt, "
        "one column per dimension of the hidden state. Every layer reads this vector and adds its "
        "output to it, so it is what the model \"knows\" about each token at that depth. Red is "
        "positive, blue negative; a few very large dimensions are common (massive activations).</p>");
}

QString attentionHeatmap() {
    return QCoreApplication::translate(
        "Explanations",
        "<p><b>Attention weights</b> of one head in the selected layer: row i is the query token, "
        "column j a key token, the colour how much token i looks at token j (each row sums to 1). "
        "The upper triangle is empty because a token cannot see later tokens. Many heads put much "
        "weight on the first token (an attention sink).</p>");
}

QString logitLens() {
    return QCoreApplication::translate(
        "Explanations",
        "<p><b>The logit lens</b>: one row per stage (embedding, each layer, the final norm), one "
        "column per prompt token. Each cell takes the residual stream at that stage and token, "
        "applies the model's final norm and output matrix as if the network ended there, and "
        "shows the most likely next token and its probability. Reading down a column shows at "
        "which layer the model settles on its prediction. A stronger colour means a more confident "
        "prediction.</p>");
}

QString residualNorms() {
    return QCoreApplication::translate(
        "Explanations",
        "<p><b>Size of the residual stream</b> (its L2 norm) per token after each stage. It "
        "usually grows with depth as layers add to it; a token whose norm is far above the rest "
        "is often the first one (an attention sink).</p>");
}

QString topTokens() {
    return QCoreApplication::translate(
        "Explanations",
        "<p><b>The most likely next tokens</b> after the prompt and their probabilities under the "
        "chosen temperature, top-k, top-p and min-p: only tokens that these settings keep can be "
        "drawn, and their probabilities are renormalised among them.</p>");
}

QString sortedLogProbabilities() {
    return QCoreApplication::translate(
        "Explanations",
        "<p><b>Every token of the vocabulary</b>, sorted from most to least likely, with its "
        "log-probability (the x axis is the rank, logarithmic). The thick red part is the tokens the "
        "sampling settings keep. A steep drop means the model is sure of a few tokens; a flat "
        "curve means many tokens are about as likely.</p>");
}

QString divergingScale() {
    return QCoreApplication::translate(
        "Explanations",
        "<p>Colour scale for signed values: blue negative, the background colour at zero, red "
        "positive; the ends are the largest magnitude shown.</p>");
}

QString sequentialScale() {
    return QCoreApplication::translate(
        "Explanations",
        "<p>Colour scale for probabilities: the background colour is 0, strong blue is 1. The "
        "stronger a cell's colour, the more probability the model puts on the token shown in it.</p>");
}

QString patchingHeatmap() {
    return QCoreApplication::translate(
        "Explanations",
        "<p><b>Activation patching.</b> The model runs on the corrupted prompt, but in one cell the "
        "activation at that layer and token position (the residual stream, or one attention head's "
        "output) is replaced by the clean prompt's. The colour is how much of the clean answer's "
        "lead comes back: logit(clean answer) − logit(corrupted answer), scaled so 1 is the clean "
        "run's margin and 0 the corrupted run's. Cells near 1 carry the information that decides "
        "the answer; a bright diagonal moving right with depth shows where it travels between "
        "tokens.</p>");
}

QString expertLoad() {
    return QCoreApplication::translate(
        "Explanations",
        "<p><b>Expert load.</b> In a mixture-of-experts layer a router picks a few experts (small "
        "feed-forward networks) for each token. One row per layer, one column per expert: the "
        "colour is the share of the prompt's tokens routed to that expert. An even spread means "
        "balanced experts; a bright column an expert most tokens use. Click a row to see that "
        "layer's choices per token.</p>");
}

QString expertWeights() {
    return QCoreApplication::translate(
        "Explanations",
        "<p><b>Chosen experts per token</b> in the selected layer: one row per token, one column "
        "per expert. The colour is the router weight the token gives that expert (the weights of a "
        "token's chosen experts add up to 1); cells at zero are experts the router did not "
        "choose for that token.</p>");
}

} // namespace realm::ui::explain

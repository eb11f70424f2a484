<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1">
<context>
    <name>Charts</name>
    <message>
        <source>count</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Explanations</name>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Bytes per tensor type.&lt;/b&gt; How much of the file each storage type takes. A quantized type (Q4_K, Q8_0 …) stores a block of weights as small integers plus a scale per block, so it takes a fraction of the 4 bytes per weight of F32. Files usually mix types: the large matrices quantized, norms and sometimes the embedding kept in F32 or F16. The axis unit follows the largest bar.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Memory of this process&lt;/b&gt;, sampled four times a second over the last two minutes.&lt;/p&gt;&lt;p&gt;The coloured bands are stacked: the bottom one is the part of the model file that is mapped and resident in RAM, the next the KV cache (the keys and values of every token in the context, kept so that earlier tokens are not computed again), the top one the scratch buffers of the forward pass. Each band&apos;s height is its own size. The line is the resident set size (RSS) of the whole process; the gap above the bands is everything else (the program, Qt, the heap).&lt;/p&gt;&lt;p&gt;Dashed vertical lines mark events: a model loaded, a generation started or stopped.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;One row of the tensor&lt;/b&gt;, converted to 32-bit floats: the x axis is the column (the input dimension of a weight matrix), the y axis the value. Spikes are outlier weights; quantized types show steps where a block of 32 or 256 values shares one scale.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;The whole tensor as a picture&lt;/b&gt;: rows down, columns across. Each pixel pools a patch of weights and shows the one of largest magnitude: red positive, blue negative, the background colour near zero; the legend gives the scale. Stripes are rows or columns with larger weights (often outlier channels). Drag to pan, wheel to zoom, click a pixel to show its row.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;How the values are distributed&lt;/b&gt;: 64 bins from the smallest to the largest value, the height is how many weights fall in each. Trained weights are usually bell-shaped around zero; long tails are outliers that quantization has to cover.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Block scales of a quantized tensor.&lt;/b&gt; Quantized types store weights in blocks (32 or 256 values) as small integers times a per-block scale. This histogram shows those scales: a wide spread means some blocks hold much larger weights than others.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;The residual stream&lt;/b&gt; after the selected stage: one row per token of the prompt, one column per dimension of the hidden state. Every layer reads this vector and adds its output to it, so it is what the model &quot;knows&quot; about each token at that depth. Red is positive, blue negative; a few very large dimensions are common (massive activations).&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Attention weights&lt;/b&gt; of one head in the selected layer: row i is the query token, column j a key token, the colour how much token i looks at token j (each row sums to 1). The upper triangle is empty because a token cannot see later tokens. Many heads put much weight on the first token (an attention sink).&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Size of the residual stream&lt;/b&gt; (its L2 norm) per token after each stage. It usually grows with depth as layers add to it; a token whose norm is far above the rest is often the first one (an attention sink).&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;The most likely next tokens&lt;/b&gt; after the prompt and their probabilities under the chosen temperature, top-k, top-p and min-p: only tokens that these settings keep can be drawn, and their probabilities are renormalised among them.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Every token of the vocabulary&lt;/b&gt;, sorted from most to least likely, with its log-probability (the x axis is the rank, logarithmic). The thick red part is the tokens the sampling settings keep. A steep drop means the model is sure of a few tokens; a flat curve means many tokens are about as likely.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Colour scale for signed values: blue negative, the background colour at zero, red positive; the ends are the largest magnitude shown.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Colour scale for probabilities: the background colour is 0, strong blue is 1. The stronger a cell&apos;s colour, the more probability the model puts on the token shown in it.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;The logit lens&lt;/b&gt;: one row per stage (embedding, each layer, the final norm), one column per prompt token. Each cell takes the residual stream at that stage and token, applies the model&apos;s final norm and output matrix as if the network ended there, and shows the most likely next token and its probability. Reading down a column shows at which layer the model settles on its prediction. A stronger colour means a more confident prediction.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Activation patching.&lt;/b&gt; The model runs on the corrupted prompt, but in one cell the activation at that layer and token position (the residual stream, or one attention head&apos;s output) is replaced by the clean prompt&apos;s. The colour is how much of the clean answer&apos;s lead comes back: logit(clean answer) − logit(corrupted answer), scaled so 1 is the clean run&apos;s margin and 0 the corrupted run&apos;s. Cells near 1 carry the information that decides the answer; a bright diagonal moving right with depth shows where it travels between tokens.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Expert load.&lt;/b&gt; In a mixture-of-experts layer a router picks a few experts (small feed-forward networks) for each token. One row per layer, one column per expert: the colour is the share of the prompt&apos;s tokens routed to that expert. An even spread means balanced experts; a bright column an expert most tokens use. Click a row to see that layer&apos;s choices per token.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Chosen experts per token&lt;/b&gt; in the selected layer: one row per token, one column per expert. The colour is the router weight the token gives that expert (the weights of a token&apos;s chosen experts add up to 1); cells at zero are experts the router did not choose for that token.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MemoryCheck</name>
    <message>
        <source>%1 needs about %2 at context %3, but only %4 is available</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> — context %1 fits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> — not even a short context fits: expect heavy swapping</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PageRow</name>
    <message>
        <source>Overview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Metadata</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tensors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokenizer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ablation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patching</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Steering</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MoE routing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Perplexity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Importance matrix</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KL divergence</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RemoteFile</name>
    <message>
        <source>unexpected HTTP status %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the download ended after %1 of %2 bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server does not answer range requests (it sent the whole file, HTTP 200, instead of 206 Partial Content): download the file and open it from disk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unexpected HTTP status %1 to a range request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server&apos;s Content-Range &apos;%1&apos; gives no file size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>asked for bytes from %1, the server sent them from %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the file changed on the server: it had %1 bytes, now %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SteeringSlot</name>
    <message>
        <source>%1 × %2 on layers %3…%4 (%5 with a direction)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TensorJobs</name>
    <message>
        <source>%1 is not a block-quantized type: no per-block scales.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per-block scales are not shown for %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No finite block scales.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 items</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Vocabulary</name>
    <message>
        <source>end of generation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>undefined</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>normal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>control</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>user-defined</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>byte</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Displays version information.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Render a page of MODEL to FILE.png and exit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Page for --screenshot: %1 (default %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inspect and run GGUF language models.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model to open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tab of the page for --screenshot, by its title (the Tensors page&apos;s Quantize, …).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open an importance matrix (llama-imatrix&apos;s GGUF or .dat file) beside the model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text for the Perplexity and KL divergence pages (what --page perplexity and --page kl measure).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file MODEL is measured against on the compare and kl pages (also for --screenshot of them).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat with a model served over the OpenAI API at URL (realm-cli serve, llama-server, …) instead of the open model.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>realm::ui::AblationPage</name>
    <message>
        <source>Prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run ablation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attention head</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Whole attention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Feed-forward</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MoE expert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>layer </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zero</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mean over the prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Switched off together in one run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Baseline logit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ablated logit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Δlogit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The baseline&apos;s top tokens at the last position (and the ablated run&apos;s top token when it is not among them)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>After layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Baseline top</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ablated top</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KL (nats)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logit lens of the last position: the top token if the model stopped after each layer, in both runs, and how far the two distributions are apart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Next-token logits&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Logit lens, last position&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>head %1.%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>attention %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FFN %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expert %1.%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expert </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>head </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 layers, %2 heads, %3 experts (%4 per token)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 layers, %2 heads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add at least one head, attention, feed-forward or expert to switch off.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running the prompt twice (baseline and ablated)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ablation failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Switched off %1 · %2 tokens · %3 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KL(baseline ‖ ablated) = &lt;b&gt;%1&lt;/b&gt; nats · next token &lt;b&gt;%2&lt;/b&gt; → &lt;b&gt;%3&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zero: the part&apos;s output becomes 0. Mean: at every position it becomes its average over the prompt (an expert&apos;s, over the tokens that chose it).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>realm::ui::ApiKeyStore</name>
    <message>
        <source>No system keychain service is running: the API key is kept for this session only and is not saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The system keychain could not be used (%1): the API key is kept for this session only and is not saved.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>realm::ui::ArrayItemsModel</name>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>realm::ui::ChatBackend</name>
    <message>
        <source>%1 tokens · %2 tok/s · first token %3 s · %4</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>realm::ui::ChatBackendPanel</name>
    <message>
        <source>Local model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OpenAI-compatible server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat with the open model on this computer, or with a model served elsewhere (realm-cli serve, llama-server, vLLM, Ollama…) over the OpenAI API</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s address, with or without /v1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A model the server lists under /v1/models, or a name typed in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>List</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask the server for its models again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent as “Authorization: Bearer …”; kept in the system keychain, never in the settings file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Models listed: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asking %1 for its models…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the server&apos;s address, e.g. http://127.0.0.1:8080</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>realm::ui::ChatEngine</name>
    <message>
        <source>error: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the chat has not loaded the model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this model has no experts</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>realm::ui::ChatPage</name>
    <message>
        <source>Message (Enter sends, Shift+Enter for a new line, Esc stops)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Markdown…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>context %v / %m</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top-k</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top-p</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Min-p</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Repeat penalty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Max tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Context</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>generation started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>generation stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preparing the model…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No model open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat unavailable: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generating · %1 tokens · %2 tok/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generating…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last reply: %1 tokens · %2 tok/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save the conversation to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>**System:** %1

</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>**User:** %1

**Assistant:** %2

_%3_

</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer the last message again; the old reply stays as a branch (Ctrl+R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Colour by probability</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Colour each reply token by its probability before sampling: blue likely, red unlikely. Hover a token for its alternatives; click it to continue from one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Editing a message: Send answers it as a new branch, Esc cancels.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none (see the Steering page)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Steering</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The reply ends before the first of these strings; separate them with |, write \n for a line break</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the server and its model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The reply broke off: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat with a Server Instead</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>realm::ui::ChatTranscript</name>
    <message>
        <source>You</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; &amp;nbsp; %2 before sampling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> [end]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;i&gt;Probabilities as the server reported them.&lt;/i&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;i&gt;“kept”: left by the sampling chain. Click the token (or Shift+F10 at the caret) to continue from another one.&lt;/i&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>realm::ui::ComparePage</name>
    <message>
        <source>Compare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare every tensor with the reference&apos;s (Ctrl+Return)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every tensor of the open file against the reference file&apos;s tensor of the same name. Click a header to sort; select a tensor to see where its error lies.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Relative error per layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For each kind of tensor, its relative error ‖this − reference‖ / ‖reference‖ in every layer. Kinds stored identically in both files (zero error everywhere) are left out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>column</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a tensor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The selected tensor&apos;s error |this − reference|: each cell is the root mean square of the error over the rows and columns it covers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RMSE per row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The selected tensor&apos;s RMSE of every row (the largest of each group of rows when there are more rows than points).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RMSE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a reference file to measure the open model against</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Comparing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Comparing every tensor with %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No comparison</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot compare: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled after %1 s: the tensors compared so far (%2) are shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tensors compared: %1 · reference %2 · %3 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>relative error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Computing %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: RMS error per cell, up to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RMSE per row of %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>realm::ui::DownloadPanel</name>
    <message>
        <source>Download…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;%1 needs the model on this computer&lt;/h3&gt;&lt;p&gt;%2 is read over HTTP: the metadata, tensors and tokenizer pages read its header, and the tensor inspector fetches only the bytes of the rows and statistics it shows (kept in a cache of at most %3). Running the model needs every weight in memory: download the file (%4) first, and the downloaded copy opens in its place.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GGUF models (*.gguf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Downloading to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download cancelled; nothing was written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Downloaded to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>realm::ui::ErrorBanner</name>
    <message>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>realm::ui::FileChangeWatcher</name>
    <message>
        <source>%1 was removed or renamed; the open model still shows the old contents.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>realm::ui::HeatmapWidget</name>
    <message>
        <source>No data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>
(max-abs of the pooled cell)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>realm::ui::ImatrixPage</name>
    <message>
        <source>Open Importance Matrix…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter entries (e.g. ffn_down, blk.3)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select an entry to see the importance of each of its input columns.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 was not opened; still showing %2 · %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the importance matrix…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open importance matrix</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Importance matrices (*.gguf *.dat *.imatrix);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No importance matrix open. llama-imatrix writes one (GGUF, or the legacy .dat) from a model run over a calibration text; realm-cli quantize --imatrix uses it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open an importance matrix to see its entries.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 chunks of %2 tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dataset %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2 format · %3 entries%4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>legacy .dat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GGUF</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>realm::ui::ImatrixStatsModel</name>
    <message>
        <source>Columns counted: the input width times the matrices that saw activations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Matrices of the entry (experts of an MoE tensor)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sum of the mean squared activation of every column</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Columns whose importance is above 1e-5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entropy in bits of the columns&apos; shares of the sum: high when importance is spread</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Columns more than one standard deviation above the mean</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tensor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>N</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Matrices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Σ act²</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Max</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mean</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Std</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Active %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entropy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ZD %</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>realm::ui::ImportanceView</name>
    <message>
        <source>Importance of each input column of the weight matrix: the mean squared activation that column saw while llama-imatrix ran the model over its calibration text. Quantizing with the matrix (realm-cli quantize --imatrix) spends the precision of each block where these values are high. A few tall spikes are typical: some channels carry much larger activations.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>input column</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>importance (mean act²)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · %1 matrices of %2 columns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: N %2%3 · Σ act² %4 · min %5 · max %6 · mean %7 · std %8 · active %9 % · entropy %10 bits · ZD %11 %</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>realm::ui::InterventionEngine</name>
    <message>
        <source>the model did not load</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the clean prompt is %1 tokens (%2) and the corrupted one %3 (%4): patching compares the same positions, so both must have the same number of tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 positive and %2 negative prompts: they must pair up, one of each per line</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>realm::ui::InterventionPage</name>
    <message>
        <source>The model cannot run: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>realm::ui::KlPage</name>
    <message>
        <source>Run Both Models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run the reference and the open model over the text (Ctrl+Return)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste a text here, or load one from a file: at least two contexts&apos; worth of tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load Text…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens per chunk; each chunk starts from an empty cache and its second half is scored (llama-perplexity&apos;s -c, 512 by default)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At most this many chunks (llama-perplexity&apos;s --chunks)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Context</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chunks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KL(reference ‖ this) in nats; the colour saturates at the 99th percentile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Figure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>±</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The figures llama-perplexity --kl-divergence prints, defined as it defines them: Q is the open model, base the reference; ± is the standard error of the mean; Δp is p(Q) − p(base) of the text&apos;s next token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load Text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text files (*.txt *.md);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running both models over the text…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot measure: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled: the figures cover the chunks done (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text tokens: %1 · chunks: %2 of %3 tokens · scored: %4 · %5 s</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>realm::ui::LayersPage</name>
    <message>
        <source>Prompt (Enter to tokenize)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run the next stage (F10)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run to end</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dim</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>query</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>head </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each cell: the top next-token prediction if the model stopped at this stage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Residual stream (tokens × dims)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attention (query × key)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logit lens (top token · probability)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Residual norm per token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model cannot run: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step to run the embedding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attention appears once a layer has run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;span style=&apos;background:%1&apos;&gt;&amp;nbsp;%2&amp;nbsp;&lt;sub&gt;%3&lt;/sub&gt;&lt;/span&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 tokens: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#b2182b&apos;&gt;%1 failed: %2&lt;/span&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 ms · total %3 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>layer %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The embedding has no attention; step a layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>after stage (0 = embedding)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>‖residual‖</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the prompt&apos;s activations as .npy files and index.json (the format of realm-cli activations)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export activations to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to export: enter a prompt the model can run first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exporting %1 of %2 tokens to %3…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export to %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Wrote %n file(s) and index.json to %1</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Steering: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>realm::ui::LogitLensModel</name>
    <message>
        <source>%1 after %2: top token %3 (id %4), p = %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>layer %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>realm::ui::LogitsPage</name>
    <message>
        <source>Prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run the prompt through every layer and show the next-token distribution (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stage %v of %m</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top-k</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top-p</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Min-p</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Most likely next tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sorted log-probability over the vocabulary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next token after: &lt;b&gt;%1&lt;/b&gt; (%2 logits)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>greedy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>probability</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rank</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>log₁₀ p</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running &lt;b&gt;%1&lt;/b&gt; through the model…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>realm::ui::MainWindow</name>
    <message>
        <source>Realm Studio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No model open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RSS %1 · mapped %2 · KV %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Demo Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No demo model is installed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;load Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Close Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reopen Last Model at Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Full Screen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Realm Studio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Realm Studio %1 — inspect and run GGUF language models.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not open %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loaded %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — Realm Studio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use context %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>memory warning: needs %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 changed on disk — Reload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 changed on disk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; · %2 · %3 params · %4 · %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>   —   loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a .gguf</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop to open %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not open the importance matrix %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Importance Matrix…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;URL…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>URL of a GGUF file (http:// or https://). Its header is read with range requests; tensor rows and statistics fetch only their bytes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not an http:// or https:// URL: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · over HTTP from %1 (cache up to %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop one .gguf file or its http(s) URL</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>realm::ui::MemoryPage</name>
    <message>
        <source>Process memory, last 2 minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stacked bands: model resident, KV cache, scratch; line: process RSS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>model mapped &amp; resident</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KV cache</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>activations / scratch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RSS (whole process)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RSS &lt;b&gt;%1&lt;/b&gt; · model mapped %2, resident &lt;b&gt;%3&lt;/b&gt; · KV cache &lt;b&gt;%4&lt;/b&gt; · scratch &lt;b&gt;%5&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The chat&apos;s model runs elsewhere: &lt;b&gt;%1&lt;/b&gt;. Its memory is the server&apos;s; this chart shows only this computer&apos;s process.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>realm::ui::MetadataModel</name>
    <message>
        <source>Double-click to browse the %1 items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Double-click to read the whole text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>key at byte offset %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>realm::ui::MetadataPage</name>
    <message>
        <source>Filter keys and values…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select an array or a long string to see all of it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter items (text or index)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 matching items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; · %2 · %3 items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; · %2 characters</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>realm::ui::OverviewPage</name>
    <message>
        <source>Bytes per tensor type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How much of the file each storage type takes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bits per weight</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tensors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Context length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vocabulary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Heads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KV heads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Embedding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; as stored vs &lt;b&gt;%2&lt;/b&gt; as f32 (%3× smaller)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>realm::ui::PatchingPage</name>
    <message>
        <source>The clean prompt&apos;s answer: exactly one token (&quot;Rome&quot; for SentencePiece vocabularies, &quot; Rome&quot; with its space for byte-level BPE ones)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The corrupted prompt&apos;s answer: exactly one token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clean prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Corrupted prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Residual stream</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One attention head</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>head </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run sweep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>position</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recovered logit difference when the clean run&apos;s activation is patched in at this layer and position: 1 = the clean answer&apos;s margin, 0 = the corrupted one&apos;s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run a sweep to fill the map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sweeping… %1 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running both prompts…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patching failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No sweep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled after %1 s: the cells reached are shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 layers × %2 positions · %3 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logit difference (answer − wrong answer): clean %1, corrupted %2 · positions (clean|corrupted): %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>realm::ui::PerplexityPage</name>
    <message>
        <source>Load Text File…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pasted text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste a text here or load one from a file. It is cut into chunks of the context size and needs at least two chunks&apos; worth of tokens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens per chunk (-c): each chunk starts from an empty cache and only its second half is scored, as llama-perplexity does</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Score only the first chunks (--chunks); &quot;all&quot; scores every whole chunk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Measure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Measure the perplexity (Ctrl+Return)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Context</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chunks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Perplexity of each chunk (points) and of every scored token so far (line). Perplexity is exp of the mean negative log-probability the model gave each next token of the text: how many tokens it was choosing between, on average. A chunk far above the others holds text the model finds unusual.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>chunk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>perplexity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text files (*.txt *.raw *.md);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: cannot open text file (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste a text or load a text file first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokenizing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pasted text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 tokens, %2 chunks of %3 (the second half of each scored)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PPL %1 after %2 of %3 chunks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Perplexity failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PPL = %1 ± %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled after %1 of %2 chunks: the figures cover those</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 tokens of text, %2 chunks of %3, %4 tokens scored</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>realm::ui::QuantizePreview</name>
    <message>
        <source>Quantize to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The tensor types realm-cli quantize writes; the tensor is quantized to it and read back, and nothing is written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How far each value moves when the tensor is stored in the chosen type: the histogram of (value after quantizing and reading back) − (value in the file). A narrow peak means the type keeps the values well; wide shoulders show blocks whose scale cannot fit all their values.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rows of %1 values do not split into %2 blocks of %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type %1 cannot be converted to f32, so it cannot be quantized again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is already quantized: its values are dequantized, then quantized to %2. The error is what this second quantization adds to the %1 values, not the distance from the original weights.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantizing %1 values to %2 and reading them back…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 → %2: RMSE %3 · max |error| %4 · relative error %5 % · %6 → %7 (%8 bits per weight)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>quantized − original</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>with the importance matrix</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantize as realm-cli quantize --imatrix (and llama-quantize --imatrix) do, weighing each column by the open importance matrix</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has no quantizer that takes an importance matrix</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>quantized with %1: importance-weighted RMSE %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>importance-weighted RMSE %2 (by %1)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>realm::ui::ReferencePage</name>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Press %1 (Ctrl+Return) to measure the open model against the reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a reference file to measure the open model against</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>realm::ui::ReferencePicker</name>
    <message>
        <source>Open Reference…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file to measure the open model against, usually the unquantized one (same architecture and tensor shapes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reference:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none: open one to compare with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Reference Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>realm::ui::RemoteChat</name>
    <message>
        <source>%1 refused the API key (HTTP %2): %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 answered HTTP %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the connection to %1 broke off in the middle of the reply: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>could not reach %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 lists no models (expected {&quot;data&quot;: [{&quot;id&quot;: …}]}, got: %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server sent a malformed event stream: event %1 (ending at byte %2) is not a JSON object (%3): %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not an object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server reported an error mid-reply: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server sent a malformed event stream: event %1 has neither &quot;choices&quot; nor &quot;usage&quot;: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 sent nothing for %2 s; gave up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server&apos;s reply is neither an event stream nor a chat completion: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the event stream ended in the middle of an event (byte %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the event stream ended before the reply was complete (no finish_reason, no [DONE])</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>error: </source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>realm::ui::RoutingPage</name>
    <message>
        <source>Show routing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share of the prompt&apos;s tokens each layer sends to each expert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run a prompt through a mixture-of-experts model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The router weight of each chosen expert for each token (0: not chosen)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>layer </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Chosen experts and weights per token&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Expert load per layer&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This model has no experts: routing exists only in mixture-of-experts models (expert_count in the metadata).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 experts, %2 chosen per token, %3 layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running the prompt…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No routing: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 tokens · %2 experts, %3 chosen per token · %4 layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Chosen experts and weights per token, layer %1&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat&apos;s load</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expert load over everything the chat has run (prompts and replies)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asking the chat (after its running reply)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The chat so far: %1 tokens · %2 experts, %3 chosen per token · %4 layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per-token weights are shown for a prompt (Show routing)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>realm::ui::ScreenshotRunner</name>
    <message>
        <source>timed out waiting for the page to finish its work</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot write %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>wrote %1 (%2×%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--page perplexity needs a text: --text-file FILE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>page %1 has no tab &apos;%2&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--page imatrix needs an importance matrix: --imatrix FILE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--page %1 needs the file to compare with: --reference FILE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--page kl needs a text: --text-file FILE</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>realm::ui::StartPage</name>
    <message>
        <source>Realm Studio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop a .gguf file anywhere on this window, or:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open model…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open demo model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recent files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none yet)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No demo model is installed (share/realm-studio/demo.gguf)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>realm::ui::SteeringPage</name>
    <message>
        <source>Apply a control vector (llama.cpp --control-vector-scaled)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A control-vector GGUF (llama-cvector-generator or made below)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each layer&apos;s output gets strength × direction added (negative: steer away)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layer stepper</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layer stepper: not steered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat: not steered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Strength</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make one from prompt pairs (llama-cvector-generator --method mean)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One prompt per line, e.g. &quot;I love this&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The same number of lines, e.g. &quot;I hate this&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make and save…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs every pair and saves the mean residual difference per layer as a control vector llama.cpp loads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Positive prompts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Negative prompts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a control vector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GGUF files (*.gguf);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the control vector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GGUF files (*.gguf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a control-vector file first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: not steered: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: not steered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: steered by %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running %1 prompt pairs…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No control vector made: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved %1: %2 pairs, %3 layers with a direction · %4 s</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>realm::ui::TensorErrorModel</name>
    <message>
        <source>The tensor&apos;s type in the reference file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The tensor&apos;s type in the open file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Root mean square of (this − reference) over every element</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Largest |this − reference| of any element</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cosine similarity of the two tensors as vectors (1: same direction)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>‖this − reference‖ / ‖reference‖ (Euclidean norms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tensor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shape</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reference type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RMSE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Max |error|</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cosine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Relative error</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>realm::ui::TensorInspector</name>
    <message>
        <source>Select a tensor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export .npy…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>column</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>col</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Heatmap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Histogram</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Blocks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export row as CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export row as .npy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NumPy (*.npy)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type %1 cannot be converted to f32: no statistics or pictures.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Computing statistics…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pooling %1 × %2 values…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>min %1 · max %2 · mean %3 · std %4 · abs-max %5 · zeros %6 · NaN %7 · Inf %8</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scale d of each of the %1 blocks: min %2, max %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>block scale d</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantize</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Importance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a tensor to see its entry in %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has no entry for %2: llama-imatrix records the inputs of weight matrices only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The entry has %1 × %2 columns but this tensor&apos;s rows have %3 values (%4 matrices): the matrix was made for another model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Statistics read the whole tensor (%1) from the server: &lt;a href=&quot;stats&quot;&gt;compute statistics&lt;/a&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>realm::ui::TensorTreeModel</name>
    <message>
        <source>%1 tensors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2 bytes</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>realm::ui::TensorsPage</name>
    <message>
        <source>Filter tensors (e.g. attn_q, blk.3, ffn)…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>realm::ui::TokenDamageView</name>
    <message>
        <source>The text as both models read it, one token at a time. Each scored token&apos;s background shows its KL divergence KL(reference ‖ this) of the next-token distributions at the position before it: the stronger the colour, the more the quantization changed what the model expected there. Dimmed tokens are context only (the first half of each chunk, as llama-perplexity scores). Hover a token for its figures.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: context only (not scored)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top token: %1 in both models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top token: %1 in the reference, %2 in this model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1
KL(reference ‖ this): %2 nats
Δp of this token: %3 %
%4
Δp of the reference&apos;s top token: %5 %</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>realm::ui::TokenizerPage</name>
    <message>
        <source>Add BOS/EOS (as the vocabulary asks)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parse special tokens (&lt;s&gt;, &lt;|im_start|&gt; …)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type text to tokenize</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Text&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Tokens over the text&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text to tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vocabulary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 tokens&lt;/b&gt; · %2 characters · %3 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Double-click a token to find it in the vocabulary</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>realm::ui::VocabularyBrowser</name>
    <message>
        <source>Search by text or id…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Normal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Special (control, user-defined, BOS/EOS …)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Control</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User-defined</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Byte fallback (&lt;0xNN&gt;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Made by a BPE merge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Every token of the model&apos;s vocabulary. &lt;b&gt;Token&lt;/b&gt; is the text the token stands for (␣ is a space, \n a new line, \xNN a byte that is not text on its own); &lt;b&gt;Stored as&lt;/b&gt; is the entry as the file stores it (byte-level BPE writes a space as Ġ, SentencePiece as ▁). &lt;b&gt;Type&lt;/b&gt;: normal, control (BOS, EOS, chat markers), user-defined, byte (the byte-fallback pieces &amp;lt;0xNN&amp;gt; that spell out text no other token covers), unused. &lt;b&gt;Score&lt;/b&gt;: SentencePiece&apos;s log-probability of the piece. &lt;b&gt;Merge rank&lt;/b&gt;: the place of the BPE merge that makes the token; the tokenizer applies lower ranks first, and &lt;b&gt;Merge of&lt;/b&gt; names the two tokens it joins.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the vocabulary…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 tokens</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>realm::ui::VocabularyModel</name>
    <message>
        <source>Id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stored as</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merge rank</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merge of</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>

// tst_cli_serve: the official OpenAI client streams a chat with logprobs from realm-cli serve
// and prints what it received as one JSON line.
import OpenAI from "openai";

const [baseURL, apiKey] = process.argv.slice(2);
const client = new OpenAI({ baseURL, apiKey, maxRetries: 0, timeout: 60000 });
const models = await client.models.list();
const model = models.data[0].id;
const stream = await client.chat.completions.create({
  model,
  messages: [{ role: "user", content: "What is the capital of France?" }],
  stream: true,
  stream_options: { include_usage: true },
  temperature: 0,
  max_tokens: 32,
  logprobs: true,
  top_logprobs: 2,
});
let text = "";
let finish = null;
let usage = null;
const logprobs = [];
for await (const chunk of stream) {
  if (chunk.usage) usage = chunk.usage;
  for (const choice of chunk.choices) {
    text += choice.delta?.content ?? "";
    logprobs.push(...(choice.logprobs?.content ?? []));
    if (choice.finish_reason) finish = choice.finish_reason;
  }
}
console.log(JSON.stringify({ model, text, finish, usage, logprobs }));

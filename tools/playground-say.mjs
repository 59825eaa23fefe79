// Says something in an Agents Playground's personal chat with the bot, as the playground's current user, and prints
// what the bot answered, the way the page would show it: the playground's HTTP API takes the message and its
// WebSocket stream carries the bot's replies.
//
//   node tools/playground-say.mjs <playground url> <text> [timeout ms] [conversation id]
//
// Without a conversation id it is the personal chat. In a channel or group chat the bot only hears an @mention, so
// there the text goes as the page sends it after "@" and picking the bot: "<at>PmoBot</at> text" with a mention.
// Prints one JSON line: {"user": "<current user's name>", "replies": [<activities the bot sent>]}. Exits 1 when
// the bot said nothing within the timeout.
import { spawnSync } from "node:child_process";

// Node 20 has WebSocket behind a flag; run again with it rather than ask every caller to remember it.
if (typeof WebSocket === "undefined") {
  const again = spawnSync(process.execPath, ["--experimental-websocket", "--no-warnings", ...process.argv.slice(1)], { stdio: "inherit" });
  process.exit(again.status ?? 1);
}

const [url, text, timeoutText, conversationId] = process.argv.slice(2);
const timeoutMs = Number(timeoutText ?? 15000);
if (!url || !text) {
  console.error("usage: node playground-say.mjs <playground url> <text> [timeout ms]");
  process.exit(2);
}

const config = await (await fetch(new URL("/_internal/v1/config", url))).json();
const settings = config.config ?? config;
const user = settings.currentUser;
const personal = settings.personalChat?.id;
const conversation = conversationId ?? personal;
if (!user || !personal) {
  console.error(`The playground at ${url} has no current user or personal chat: ${JSON.stringify(config).slice(0, 400)}`);
  process.exit(2);
}

const replies = [];
const stream = new WebSocket(new URL("/_ws_conversation/v1/conversations/stream", url).href.replace(/^http/, "ws"));
stream.addEventListener("message", async (event) => {
  const raw = typeof event.data === "string" ? event.data : await event.data.text();
  const frame = JSON.parse(raw);
  // The page is told {"action": "createMessage" | "updateMessage", "actionConversationId", "message"}.
  // A channel post starts a thread, and the bot answers in it: "<channel>;messageid=<post>".
  const here = frame.actionConversationId === conversation || frame.actionConversationId?.startsWith(`${conversation};`);
  if (here && frame.message && frame.message.from?.id !== user.id) {
    replies.push({ action: frame.action, ...frame.message });
  }
});
await new Promise((resolve, reject) => {
  stream.addEventListener("open", resolve);
  stream.addEventListener("error", reject);
});

const message = { from: { id: user.id }, text, textFormat: "plain" };
if (conversation !== personal) {
  const mention = `<at>${settings.bot.name}</at>`;
  message.text = `${mention} ${text}`;
  message.mentions = [{ mentioned: { id: settings.bot.id, name: settings.bot.name }, text: mention }];
}
const sent = await fetch(new URL(`/_conversation/v1/conversations/${encodeURIComponent(conversation)}/messages`, url), {
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(message),
});
if (!sent.ok) {
  console.error(`The playground refused the message: ${sent.status} ${await sent.text()}`);
  process.exit(2);
}

const deadline = Date.now() + timeoutMs;
while (replies.length === 0 && Date.now() < deadline) {
  await new Promise((resolve) => setTimeout(resolve, 100));
}
// The bot may answer in more than one message; give the rest a moment.
await new Promise((resolve) => setTimeout(resolve, 500));
stream.close();
console.log(JSON.stringify({ user: user.name, replies }));
process.exit(replies.length > 0 ? 0 : 1);

// Every channel's adapter, registered by importing it for its side effect.
// One line per channel (ch-chatwoot, ch-whatsapp, ch-widget each add theirs).
import "./api";
import "../chatwoot/adapter";
import "../whatsapp/register";
import "../widget/adapter";

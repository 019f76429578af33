import { registerAdapter } from "../adapters";
import { whatsappAdapter } from "./adapter";

registerAdapter(whatsappAdapter);

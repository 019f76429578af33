import { sendMessageOp } from "@/lib/chat/contract";
import { v1Routes } from "@/lib/http/operation-routes";

// A reply with tool calls can take a while; the model call has its own deadline inside.
export const maxDuration = 300;

export const { GET, POST, PUT, PATCH, DELETE } = v1Routes(sendMessageOp);

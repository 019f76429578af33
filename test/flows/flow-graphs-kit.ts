import { edges } from "./flow-run-kit";

/** Small graphs the flows API tests build on: a manual start and transform steps setting `v`. */
export const manualStart = { id: "start", type: "manual_trigger", name: "Start", config: {} };

export const setNode = (id: string, name: string, value: unknown) => ({
  id,
  type: "transform",
  name,
  config: { keepInput: false, operations: [{ op: "set", field: "v", value }] },
});

/** start → T, whose output is {v: $trigger.x}. */
export const echoGraph = () => ({
  nodes: [manualStart, setNode("t", "T", "{{ $trigger.x }}")],
  edges: edges("start>t"),
});

/** start → approval "Approve" (node ok) → Yes ({v: the approver's payload.note}) or No ({v: "rejected"}). */
export const approvalGraph = () => ({
  nodes: [
    manualStart,
    { id: "ok", type: "approval", name: "Approve", config: { message: "Ship {{ $trigger.x }}?" } },
    setNode("yes", "Yes", '{{ $node["Approve"].output.payload.note }}'),
    setNode("no", "No", "rejected"),
  ],
  edges: edges("start>ok", "ok:approved>yes", "ok:rejected>no"),
});

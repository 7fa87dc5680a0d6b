// Arbitration: exactly one of the human (neko host lock) and the agent (opencode permission gate on
// the Playwright MCP tools) drives the shared browser. See README.md in this folder.
export * from './types.js';
export * from './tools.js';
export * from './describe.js';
export * from './handoff.js';
export * from './timeline.js';
export { observe, deriveState, decide, attribute, actingCalls, REJECT_MESSAGE, type Observation, type ObserveOptions, type Local, type NekoView, type Action } from './machine.js';
export { createArbiter, type Arbiter, type ArbiterOptions, type ArbiterConnection, type ArbiterNeko } from './arbiter.js';

import type { ArbitrationStringKey, OcChatStrings } from './strings.js';

// English defaults of the shared-browser view's strings. They load with that view (an on-demand
// chunk), not with every chat; the package index joins them to the chat's in `defaultStrings`.
export const arbitrationStrings: Pick<OcChatStrings, ArbitrationStringKey> = {
  handoffLabel: 'Hand-off',
  handoffTitle: 'The agent needs you',
  handoffTakeControl: 'Take control',
  handoffTakingControl: 'Taking control…',
  handoffNote: 'Note for the agent (optional)',
  handoffDone: 'Done',
  handoffFailed: "Couldn't",
  arbitrationTookControl: (name, you) => (you ? 'You took control' : `${name ?? 'A human'} took control`),
  arbitrationHandedBack: (name, you) => (you ? 'Handed back to the agent' : `${name ?? 'The human'} handed back to the agent`),
  arbitrationAgentDriving: 'Agent is driving',
  arbitrationAgentFinished: 'Agent finished with the browser',
  arbitrationAgentWaiting: (name, you) => `Agent is waiting for ${you ? 'you' : (name ?? 'the human')} to hand back`,
  arbitrationHandoffRequested: 'The agent asked for a hand-off',
  arbitrationHandoffFinished: (answer) => (answer ? `Hand-off: ${answer}` : 'Hand-off finished'),
};

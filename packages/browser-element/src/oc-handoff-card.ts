// `<oc-handoff-card>` lives in the chat package (both `<oc-chat>` and `<oc-cobrowser>` show it); this
// entry keeps `@oc-elements/cobrowser/oc-handoff-card.js` working. The tag is defined once, there.
export { OcHandoffCard, type OcHandoffCardStrings } from '@oc-elements/chat/oc-handoff-card.js';

// Entry of the one-script build (dist/oc-elements.js): defines every oc-* tag.
import '@oc-elements/chat/oc-chat.js';
import './oc-cobrowser.js';
import './oc-workspace.js';

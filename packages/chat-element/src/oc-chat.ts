import { OcChat } from './chat/chat.component.js';

export { OcChat };

OcChat.define('oc-chat');

declare global {
  interface HTMLElementTagNameMap {
    'oc-chat': OcChat;
  }
}

export interface OcControlChangeDetail {
  /** `you`: this viewer drives; `member`: someone else (see `name`); `none`: nobody. */
  driver: 'you' | 'member' | 'none';
  /** neko session id of the host, or null. */
  hostId: string | null;
  /** Display name of the driver (member name, "You"), or null when nobody drives. */
  name: string | null;
}

export type OcControlChangeEvent = CustomEvent<OcControlChangeDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'oc-control-change': OcControlChangeEvent;
  }
}

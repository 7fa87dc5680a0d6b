import { LitElement } from 'lit';

/** Replaced at build time by rollup; falls back for source builds. */
declare const __OC_VERSION__: string | undefined;
export const OC_VERSION: string = typeof __OC_VERSION__ === 'string' ? __OC_VERSION__ : '0.1.0';

type EventDetail<K extends keyof GlobalEventHandlersEventMap> =
  GlobalEventHandlersEventMap[K] extends CustomEvent<infer D> ? D : never;

/**
 * Base class of every oc-* element: a typed `emit()` for prefixed, bubbling, composed events,
 * and a `define()` that tolerates a page loading oc-elements twice (e.g. the one-script build
 * next to an npm copy): the first definition wins and a second one only warns.
 */
export class OcElement extends LitElement {
  static version = OC_VERSION;

  static define(tag: string, ctor: CustomElementConstructor = this): void {
    const existing = customElements.get(tag) as (CustomElementConstructor & { version?: string }) | undefined;
    if (!existing) {
      customElements.define(tag, ctor);
      return;
    }
    if (existing !== ctor && existing.version !== OC_VERSION) {
      console.warn(`<${tag}> is already defined by oc-elements ${existing.version ?? 'unknown'}; ignoring ${OC_VERSION}.`);
    }
  }

  /** Dispatches a typed `CustomEvent` that bubbles and crosses shadow roots. Returns false if canceled. */
  emit<K extends keyof GlobalEventHandlersEventMap & `oc-${string}`>(
    name: K,
    detail: EventDetail<K>,
    options: { cancelable?: boolean } = {},
  ): boolean {
    const event = new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable: options.cancelable ?? false });
    return this.dispatchEvent(event);
  }
}

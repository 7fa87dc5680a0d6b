/**
 * KeyboardEvent → X11 keysym (X11/keysymdef.h, XF86keysym.h). Pure: takes a plain
 * `{ key, code, location }` so it runs in Node and tests without a DOM.
 *
 * Rules, in order:
 * 1. Numpad keys (`code` Numpad*, or location 3) → KP_* keysyms; digits/Decimal follow `key`
 *    so NumLock off gives KP_Home, KP_Left, ….
 * 2. Modifiers by `key` + `location` (left/right variants).
 * 3. Named keys (`key` is a DOM key name: Enter, ArrowLeft, F1…F35, media keys).
 * 4. A single printable code point: U+0020–U+007E and U+00A0–U+00FF map to the Latin-1 keysym
 *    with the same value, anything else to the Unicode keysym 0x01000000 + code point.
 *    Shifted symbols come out right because `key` already holds the shifted character.
 * 5. `Dead`, `Process`, `Unidentified` and IME composition return undefined: the composed text is
 *    committed separately with {@link textToKeysyms}.
 */

export interface KeyLike {
  key: string;
  code?: string;
  /** KeyboardEvent.location: 0 standard, 1 left, 2 right, 3 numpad. */
  location?: number;
  isComposing?: boolean;
  keyCode?: number;
}

export const Keysym = {
  BackSpace: 0xff08,
  Tab: 0xff09,
  Return: 0xff0d,
  Pause: 0xff13,
  Scroll_Lock: 0xff14,
  Sys_Req: 0xff15,
  Escape: 0xff1b,
  Multi_key: 0xff20,
  Kanji: 0xff21,
  Home: 0xff50,
  Left: 0xff51,
  Up: 0xff52,
  Right: 0xff53,
  Down: 0xff54,
  Page_Up: 0xff55,
  Page_Down: 0xff56,
  End: 0xff57,
  Select: 0xff60,
  Print: 0xff61,
  Execute: 0xff62,
  Insert: 0xff63,
  Undo: 0xff65,
  Redo: 0xff66,
  Menu: 0xff67,
  Find: 0xff68,
  Cancel: 0xff69,
  Help: 0xff6a,
  Mode_switch: 0xff7e,
  Num_Lock: 0xff7f,
  KP_Enter: 0xff8d,
  KP_Home: 0xff95,
  KP_Left: 0xff96,
  KP_Up: 0xff97,
  KP_Right: 0xff98,
  KP_Down: 0xff99,
  KP_Page_Up: 0xff9a,
  KP_Page_Down: 0xff9b,
  KP_End: 0xff9c,
  KP_Begin: 0xff9d,
  KP_Insert: 0xff9e,
  KP_Delete: 0xff9f,
  KP_Equal: 0xffbd,
  KP_Multiply: 0xffaa,
  KP_Add: 0xffab,
  KP_Separator: 0xffac,
  KP_Subtract: 0xffad,
  KP_Decimal: 0xffae,
  KP_Divide: 0xffaf,
  KP_0: 0xffb0,
  F1: 0xffbe,
  Shift_L: 0xffe1,
  Shift_R: 0xffe2,
  Control_L: 0xffe3,
  Control_R: 0xffe4,
  Caps_Lock: 0xffe5,
  Meta_L: 0xffe7,
  Meta_R: 0xffe8,
  Alt_L: 0xffe9,
  Alt_R: 0xffea,
  Super_L: 0xffeb,
  Super_R: 0xffec,
  Hyper_L: 0xffed,
  ISO_Level3_Shift: 0xfe03,
  ISO_Next_Group: 0xfe08,
  Delete: 0xffff,
} as const;

const NAMED: Record<string, number> = {
  Backspace: Keysym.BackSpace,
  Tab: Keysym.Tab,
  Enter: Keysym.Return,
  Pause: Keysym.Pause,
  ScrollLock: Keysym.Scroll_Lock,
  Escape: Keysym.Escape,
  Esc: Keysym.Escape,
  Home: Keysym.Home,
  ArrowLeft: Keysym.Left,
  ArrowUp: Keysym.Up,
  ArrowRight: Keysym.Right,
  ArrowDown: Keysym.Down,
  Left: Keysym.Left,
  Up: Keysym.Up,
  Right: Keysym.Right,
  Down: Keysym.Down,
  PageUp: Keysym.Page_Up,
  PageDown: Keysym.Page_Down,
  End: Keysym.End,
  Select: Keysym.Select,
  PrintScreen: Keysym.Print,
  Execute: Keysym.Execute,
  Insert: Keysym.Insert,
  Undo: Keysym.Undo,
  Redo: Keysym.Redo,
  ContextMenu: Keysym.Menu,
  Find: Keysym.Find,
  Cancel: Keysym.Cancel,
  Help: Keysym.Help,
  ModeChange: Keysym.Mode_switch,
  NumLock: Keysym.Num_Lock,
  CapsLock: Keysym.Caps_Lock,
  Delete: Keysym.Delete,
  Del: Keysym.Delete,
  Compose: Keysym.Multi_key,
  KanjiMode: Keysym.Kanji,
  AltGraph: Keysym.ISO_Level3_Shift,
  GroupNext: Keysym.ISO_Next_Group,
  Hyper: Keysym.Hyper_L,
  Clear: Keysym.KP_Begin,
  // XF86 media/browser keys
  AudioVolumeMute: 0x1008ff12,
  AudioVolumeDown: 0x1008ff11,
  AudioVolumeUp: 0x1008ff13,
  MediaPlayPause: 0x1008ff14,
  MediaStop: 0x1008ff15,
  MediaTrackPrevious: 0x1008ff16,
  MediaTrackNext: 0x1008ff17,
  BrowserHome: 0x1008ff18,
  LaunchMail: 0x1008ff19,
  BrowserSearch: 0x1008ff1b,
  BrowserBack: 0x1008ff26,
  BrowserForward: 0x1008ff27,
  BrowserStop: 0x1008ff28,
  BrowserRefresh: 0x1008ff29,
  BrowserFavorites: 0x1008ff30,
};

/** Modifiers: [left, right] keysyms; location 2 picks the right one. */
const MODIFIERS: Record<string, readonly [number, number]> = {
  Shift: [Keysym.Shift_L, Keysym.Shift_R],
  Control: [Keysym.Control_L, Keysym.Control_R],
  Alt: [Keysym.Alt_L, Keysym.Alt_R],
  // The Windows/Command key is Super in X keymaps (xkb maps Meta onto Alt).
  Meta: [Keysym.Super_L, Keysym.Super_R],
  OS: [Keysym.Super_L, Keysym.Super_R],
  Super: [Keysym.Super_L, Keysym.Super_R],
};

const NUMPAD_BY_CODE: Record<string, number> = {
  NumpadEnter: Keysym.KP_Enter,
  NumpadAdd: Keysym.KP_Add,
  NumpadSubtract: Keysym.KP_Subtract,
  NumpadMultiply: Keysym.KP_Multiply,
  NumpadDivide: Keysym.KP_Divide,
  NumpadEqual: Keysym.KP_Equal,
  NumpadComma: Keysym.KP_Separator,
};

/** NumLock-off meaning of the numpad keys, by `key`. */
const NUMPAD_NAV: Record<string, number> = {
  Home: Keysym.KP_Home,
  ArrowLeft: Keysym.KP_Left,
  ArrowUp: Keysym.KP_Up,
  ArrowRight: Keysym.KP_Right,
  ArrowDown: Keysym.KP_Down,
  PageUp: Keysym.KP_Page_Up,
  PageDown: Keysym.KP_Page_Down,
  End: Keysym.KP_End,
  Clear: Keysym.KP_Begin,
  Insert: Keysym.KP_Insert,
  Delete: Keysym.KP_Delete,
};

/** Keysym of one Unicode code point. */
export function keysymFromCodePoint(cp: number): number {
  if ((cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xff)) return cp;
  // Control characters typed as text: map the common ones onto their function keysyms.
  if (cp === 0x0a || cp === 0x0d) return Keysym.Return;
  if (cp === 0x09) return Keysym.Tab;
  if (cp === 0x08) return Keysym.BackSpace;
  if (cp === 0x1b) return Keysym.Escape;
  if (cp === 0x7f) return Keysym.Delete;
  return 0x01000000 + cp;
}

/** True when the event is part of an IME composition (the text arrives on `compositionend`). */
export function isComposingKey(e: KeyLike): boolean {
  return e.isComposing === true || e.key === 'Process' || e.keyCode === 229;
}

export function keysymFromKey(e: KeyLike): number | undefined {
  const { key, code = '', location = 0 } = e;
  if (isComposingKey(e) || key === 'Dead' || key === 'Unidentified' || key === '') return undefined;

  // 1. numpad
  if (code.startsWith('Numpad') || location === 3) {
    const byCode = NUMPAD_BY_CODE[code];
    if (byCode !== undefined) return byCode;
    if (key.length === 1 && key >= '0' && key <= '9') return Keysym.KP_0 + (key.charCodeAt(0) - 0x30);
    if (code === 'NumpadDecimal') return key === 'Delete' ? Keysym.KP_Delete : Keysym.KP_Decimal;
    const nav = NUMPAD_NAV[key];
    if (nav !== undefined) return nav;
    if (key === 'Enter') return Keysym.KP_Enter;
    if (key === '+') return Keysym.KP_Add;
    if (key === '-') return Keysym.KP_Subtract;
    if (key === '*') return Keysym.KP_Multiply;
    if (key === '/') return Keysym.KP_Divide;
    if (key === '=') return Keysym.KP_Equal;
    // NumLock etc. fall through
  }

  // 2. modifiers
  const mod = MODIFIERS[key];
  if (mod) return location === 2 || code.endsWith('Right') ? mod[1] : mod[0];

  // 3. named keys
  const named = NAMED[key];
  if (named !== undefined) return named;
  const fn = /^F(\d{1,2})$/.exec(key);
  if (fn) {
    const n = Number(fn[1]);
    if (n >= 1 && n <= 35) return Keysym.F1 + n - 1;
  }

  // 4. printable text (one code point)
  const cps = Array.from(key);
  if (cps.length === 1) return keysymFromCodePoint(cps[0]!.codePointAt(0)!);
  return undefined;
}

/** Keysyms to type a committed string (IME composition, dead-key result, paste-as-typing). */
export function textToKeysyms(text: string): number[] {
  const out: number[] = [];
  for (const ch of text.replace(/\r\n/g, '\n')) out.push(keysymFromCodePoint(ch.codePointAt(0)!));
  return out;
}

/** X11 pointer button for a DOM `MouseEvent.button`. */
export function buttonFromMouse(button: number): number | undefined {
  switch (button) {
    case 0:
      return 1; // left
    case 1:
      return 2; // middle
    case 2:
      return 3; // right
    case 3:
      return 8; // back
    case 4:
      return 9; // forward
    default:
      return undefined;
  }
}

// X11 keysym -> DOM key description, used only by the CDP input fallback
// (the Xvfb path hands keysyms to xdotool unchanged, like neko's XTest path).
// Values are X11 keysym constants (X11/keysymdef.h), not copied code.

const SPECIAL = {
  0xff08: { key: 'Backspace', code: 'Backspace', keyCode: 8 },
  0xff09: { key: 'Tab', code: 'Tab', keyCode: 9, text: '\t' },
  0xff0d: { key: 'Enter', code: 'Enter', keyCode: 13, text: '\r' },
  0xff8d: { key: 'Enter', code: 'NumpadEnter', keyCode: 13, text: '\r' },
  0xff1b: { key: 'Escape', code: 'Escape', keyCode: 27 },
  0xffff: { key: 'Delete', code: 'Delete', keyCode: 46 },
  0xff50: { key: 'Home', code: 'Home', keyCode: 36 },
  0xff51: { key: 'ArrowLeft', code: 'ArrowLeft', keyCode: 37 },
  0xff52: { key: 'ArrowUp', code: 'ArrowUp', keyCode: 38 },
  0xff53: { key: 'ArrowRight', code: 'ArrowRight', keyCode: 39 },
  0xff54: { key: 'ArrowDown', code: 'ArrowDown', keyCode: 40 },
  0xff55: { key: 'PageUp', code: 'PageUp', keyCode: 33 },
  0xff56: { key: 'PageDown', code: 'PageDown', keyCode: 34 },
  0xff57: { key: 'End', code: 'End', keyCode: 35 },
  0xff63: { key: 'Insert', code: 'Insert', keyCode: 45 },
  0xffe1: { key: 'Shift', code: 'ShiftLeft', keyCode: 16, mod: 8 },
  0xffe2: { key: 'Shift', code: 'ShiftRight', keyCode: 16, mod: 8 },
  0xffe3: { key: 'Control', code: 'ControlLeft', keyCode: 17, mod: 2 },
  0xffe4: { key: 'Control', code: 'ControlRight', keyCode: 17, mod: 2 },
  0xffe9: { key: 'Alt', code: 'AltLeft', keyCode: 18, mod: 1 },
  0xffea: { key: 'Alt', code: 'AltRight', keyCode: 18, mod: 1 },
  0xffe7: { key: 'Meta', code: 'MetaLeft', keyCode: 91, mod: 4 },
  0xffe8: { key: 'Meta', code: 'MetaRight', keyCode: 92, mod: 4 },
  0xffeb: { key: 'Meta', code: 'MetaLeft', keyCode: 91, mod: 4 },
  0xffec: { key: 'Meta', code: 'MetaRight', keyCode: 92, mod: 4 },
  0xfe03: { key: 'AltGraph', code: 'AltRight', keyCode: 225 },
  0xffe5: { key: 'CapsLock', code: 'CapsLock', keyCode: 20 },
  0xff7f: { key: 'NumLock', code: 'NumLock', keyCode: 144 },
  0xff61: { key: 'PrintScreen', code: 'PrintScreen', keyCode: 44 },
  0xff13: { key: 'Pause', code: 'Pause', keyCode: 19 },
  0xff67: { key: 'ContextMenu', code: 'ContextMenu', keyCode: 93 },
};
for (let i = 0; i < 12; i++) SPECIAL[0xffbe + i] = { key: `F${i + 1}`, code: `F${i + 1}`, keyCode: 112 + i };

const US_SHIFTED = { '!': '1', '@': '2', '#': '3', '$': '4', '%': '5', '^': '6', '&': '7', '*': '8', '(': '9', ')': '0',
  '_': '-', '+': '=', '{': '[', '}': ']', '|': '\\', ':': ';', '"': "'", '<': ',', '>': '.', '?': '/', '~': '`' };
const PUNCT_CODE = { '-': ['Minus', 189], '=': ['Equal', 187], '[': ['BracketLeft', 219], ']': ['BracketRight', 221],
  '\\': ['Backslash', 220], ';': ['Semicolon', 186], "'": ['Quote', 222], ',': ['Comma', 188], '.': ['Period', 190],
  '/': ['Slash', 191], '`': ['Backquote', 192], ' ': ['Space', 32] };

export function keysymToChar(keysym) {
  if ((keysym >= 0x20 && keysym <= 0x7e) || (keysym >= 0xa0 && keysym <= 0xff)) return String.fromCharCode(keysym);
  if (keysym >= 0x01000100 && keysym <= 0x0110ffff) return String.fromCodePoint(keysym - 0x01000000);
  return null;
}

/** @returns {{key:string, code:string, keyCode:number, text?:string, mod?:number}} */
export function keysymToDomKey(keysym) {
  if (SPECIAL[keysym]) return SPECIAL[keysym];
  const ch = keysymToChar(keysym);
  if (ch === null) return { key: 'Unidentified', code: '', keyCode: 0 };
  let base = ch;
  if (US_SHIFTED[ch]) base = US_SHIFTED[ch];
  let code = '';
  let keyCode = 0;
  if (/^[a-z]$/i.test(base)) { code = `Key${base.toUpperCase()}`; keyCode = base.toUpperCase().charCodeAt(0); }
  else if (/^[0-9]$/.test(base)) { code = `Digit${base}`; keyCode = base.charCodeAt(0); }
  else if (PUNCT_CODE[base]) { [code, keyCode] = PUNCT_CODE[base]; }
  return { key: ch, code, keyCode, text: ch };
}

export const XK = {
  Control_L: 0xffe3, Shift_L: 0xffe1, Alt_L: 0xffe9, Meta_L: 0xffe7, Super_L: 0xffeb, ISO_Level3_Shift: 0xfe03,
  Caps_Lock: 0xffe5, Num_Lock: 0xff7f, Return: 0xff0d, a: 0x61, c: 0x63, v: 0x76, x: 0x78,
};

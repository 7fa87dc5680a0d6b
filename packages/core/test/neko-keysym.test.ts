import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Keysym, buttonFromMouse, keysymFromKey, textToKeysyms, type KeyLike } from '../src/neko/index.js';

const k = (key: string, code = '', location = 0): KeyLike => ({ key, code, location });

test('printable ASCII maps to the same keysym; shifted symbols come from event.key', () => {
  assert.equal(keysymFromKey(k('a', 'KeyA')), 0x61);
  assert.equal(keysymFromKey(k('A', 'KeyA')), 0x41);
  assert.equal(keysymFromKey(k(' ', 'Space')), 0x20);
  assert.equal(keysymFromKey(k('!', 'Digit1')), 0x21);
  assert.equal(keysymFromKey(k('@', 'Digit2')), 0x40);
  assert.equal(keysymFromKey(k('~', 'Backquote')), 0x7e);
});

test('Latin-1 maps directly, other code points to 0x01000000 + cp', () => {
  assert.equal(keysymFromKey(k('é', 'KeyE')), 0xe9);
  assert.equal(keysymFromKey(k('ß', 'Minus')), 0xdf);
  assert.equal(keysymFromKey(k('\u00a0')), 0xa0);
  assert.equal(keysymFromKey(k('€', 'KeyE')), 0x010020ac);
  assert.equal(keysymFromKey(k('ж', 'Semicolon')), 0x01000436);
  assert.equal(keysymFromKey(k('😀')), 0x0101f600); // astral: one code point, two UTF-16 units
});

test('function and navigation keys', () => {
  const table: [string, number][] = [
    ['Enter', 0xff0d],
    ['Backspace', 0xff08],
    ['Tab', 0xff09],
    ['Escape', 0xff1b],
    ['Delete', 0xffff],
    ['Insert', 0xff63],
    ['Home', 0xff50],
    ['End', 0xff57],
    ['PageUp', 0xff55],
    ['PageDown', 0xff56],
    ['ArrowLeft', 0xff51],
    ['ArrowUp', 0xff52],
    ['ArrowRight', 0xff53],
    ['ArrowDown', 0xff54],
    ['F1', 0xffbe],
    ['F12', 0xffc9],
    ['F24', 0xffd5],
    ['CapsLock', 0xffe5],
    ['NumLock', 0xff7f],
    ['ContextMenu', 0xff67],
    ['PrintScreen', 0xff61],
    ['AltGraph', 0xfe03],
    ['AudioVolumeUp', 0x1008ff13],
  ];
  for (const [key, sym] of table) assert.equal(keysymFromKey(k(key)), sym, key);
});

test('modifiers distinguish left and right', () => {
  assert.equal(keysymFromKey(k('Shift', 'ShiftLeft', 1)), Keysym.Shift_L);
  assert.equal(keysymFromKey(k('Shift', 'ShiftRight', 2)), Keysym.Shift_R);
  assert.equal(keysymFromKey(k('Control', 'ControlLeft', 1)), 0xffe3);
  assert.equal(keysymFromKey(k('Control', 'ControlRight', 2)), 0xffe4);
  assert.equal(keysymFromKey(k('Alt', 'AltLeft', 1)), 0xffe9);
  assert.equal(keysymFromKey(k('Alt', 'AltRight', 2)), 0xffea);
  assert.equal(keysymFromKey(k('Meta', 'MetaLeft', 1)), 0xffeb);
  assert.equal(keysymFromKey(k('Meta', 'MetaRight', 2)), 0xffec);
});

test('numpad keys use event.code; NumLock off gives KP navigation keysyms', () => {
  assert.equal(keysymFromKey(k('7', 'Numpad7', 3)), 0xffb7);
  assert.equal(keysymFromKey(k('0', 'Numpad0', 3)), 0xffb0);
  assert.equal(keysymFromKey(k('Home', 'Numpad7', 3)), 0xff95);
  assert.equal(keysymFromKey(k('ArrowDown', 'Numpad2', 3)), 0xff99);
  assert.equal(keysymFromKey(k('Clear', 'Numpad5', 3)), 0xff9d);
  assert.equal(keysymFromKey(k('.', 'NumpadDecimal', 3)), 0xffae);
  assert.equal(keysymFromKey(k(',', 'NumpadDecimal', 3)), 0xffae);
  assert.equal(keysymFromKey(k('Delete', 'NumpadDecimal', 3)), 0xff9f);
  assert.equal(keysymFromKey(k('Enter', 'NumpadEnter', 3)), 0xff8d);
  assert.equal(keysymFromKey(k('+', 'NumpadAdd', 3)), 0xffab);
  assert.equal(keysymFromKey(k('-', 'NumpadSubtract', 3)), 0xffad);
  assert.equal(keysymFromKey(k('*', 'NumpadMultiply', 3)), 0xffaa);
  assert.equal(keysymFromKey(k('/', 'NumpadDivide', 3)), 0xffaf);
  // Main-row digits are plain ASCII.
  assert.equal(keysymFromKey(k('7', 'Digit7')), 0x37);
});

test('dead keys and IME composition produce no keysym (text is committed instead)', () => {
  assert.equal(keysymFromKey(k('Dead', 'BracketLeft')), undefined);
  assert.equal(keysymFromKey({ key: 'Process', code: 'KeyA' }), undefined);
  assert.equal(keysymFromKey({ key: 'a', code: 'KeyA', isComposing: true }), undefined);
  assert.equal(keysymFromKey({ key: 'a', code: 'KeyA', keyCode: 229 }), undefined);
  assert.equal(keysymFromKey(k('Unidentified')), undefined);
  assert.deepEqual(textToKeysyms('é'), [0xe9]);
  assert.deepEqual(textToKeysyms('日本'), [0x010065e5, 0x0100672c]);
  assert.deepEqual(textToKeysyms('a\r\nb\t'), [0x61, 0xff0d, 0x62, 0xff09]);
});

test('mouse buttons map to X11 buttons', () => {
  assert.equal(buttonFromMouse(0), 1);
  assert.equal(buttonFromMouse(1), 2);
  assert.equal(buttonFromMouse(2), 3);
  assert.equal(buttonFromMouse(3), 8);
  assert.equal(buttonFromMouse(4), 9);
  assert.equal(buttonFromMouse(7), undefined);
});

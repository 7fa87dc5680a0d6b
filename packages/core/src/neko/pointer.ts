/**
 * Scaling of the remote screen into a local container, and the exact inverse mapping of
 * pointer positions (letterboxing included). Pure functions.
 */

export type ScaleMode = 'fit' | 'fill' | '1:1';

export interface Size {
  width: number;
  height: number;
}

/** Where the remote picture is drawn, in container coordinates (CSS px); may overflow for fill/1:1. */
export interface Viewport {
  x: number;
  y: number;
  width: number;
  height: number;
  /** CSS px per remote pixel. */
  scale: number;
}

/**
 * fit: whole screen visible, centred, letterboxed. fill: covers the container, centred, cropped.
 * 1:1: one remote pixel per device pixel (scale = 1 / pixelRatio), centred when smaller than the
 * container, anchored top-left (scrollable) when larger.
 */
export function computeViewport(container: Size, remote: Size, mode: ScaleMode, pixelRatio = 1): Viewport {
  if (remote.width <= 0 || remote.height <= 0 || container.width <= 0 || container.height <= 0) {
    return { x: 0, y: 0, width: 0, height: 0, scale: 0 };
  }
  const sx = container.width / remote.width;
  const sy = container.height / remote.height;
  const scale = mode === 'fit' ? Math.min(sx, sy) : mode === 'fill' ? Math.max(sx, sy) : 1 / (pixelRatio > 0 ? pixelRatio : 1);
  const width = remote.width * scale;
  const height = remote.height * scale;
  const center = (outer: number, inner: number) => (mode === '1:1' && inner > outer ? 0 : (outer - inner) / 2);
  return { x: center(container.width, width), y: center(container.height, height), width, height, scale };
}

export interface RemotePoint {
  x: number;
  y: number;
  /** False when the local point lies in the letterbox / outside the picture (the point is clamped). */
  inside: boolean;
}

/**
 * Maps a point in container coordinates (e.g. `clientX - containerRect.left + scrollLeft`) to
 * remote screen pixels, clamped to [0, size − 1].
 */
export function containerToRemote(px: number, py: number, viewport: Viewport, remote: Size): RemotePoint {
  if (viewport.scale <= 0) return { x: 0, y: 0, inside: false };
  const rx = (px - viewport.x) / viewport.scale;
  const ry = (py - viewport.y) / viewport.scale;
  const inside = rx >= 0 && ry >= 0 && rx < remote.width && ry < remote.height;
  const clamp = (v: number, max: number) => Math.min(max - 1, Math.max(0, Math.floor(v)));
  return { x: clamp(rx, remote.width), y: clamp(ry, remote.height), inside };
}

/** Inverse of {@link containerToRemote}: the local position of a remote pixel (for drawing the cursor). */
export function remoteToContainer(rx: number, ry: number, viewport: Viewport): { x: number; y: number } {
  return { x: viewport.x + rx * viewport.scale, y: viewport.y + ry * viewport.scale };
}

/**
 * Wheel → neko scroll clicks. Pixel deltas are accumulated until `pixelsPerClick`; line deltas
 * count one click per line; page deltas 3 clicks. Returns the clicks to send and the remainder.
 */
export function wheelToClicks(
  delta: number,
  deltaMode: number,
  carry = 0,
  pixelsPerClick = 100,
): { clicks: number; carry: number } {
  const px = deltaMode === 1 ? delta * pixelsPerClick : deltaMode === 2 ? delta * pixelsPerClick * 3 : delta;
  const total = carry + px;
  const clicks = Math.trunc(total / pixelsPerClick);
  return { clicks: Math.max(-10, Math.min(10, clicks)), carry: total - clicks * pixelsPerClick };
}

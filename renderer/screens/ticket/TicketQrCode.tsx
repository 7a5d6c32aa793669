import { useMemo } from 'react';
import QRCode from 'qrcode';

/**
 * The QR code to follow the queue on a phone, drawn as one SVG path from the payload the host
 * put in the view (no canvas, no data: URL, nothing the page's CSP forbids). Error correction
 * "M" survives a glare on the glass; the quiet zone of 4 modules is inside the drawing, so a
 * phone finds it on any background.
 */
export function TicketQrCode({ payload, label }: { payload: string; label: string }) {
  const drawing = useMemo(() => qrDrawing(payload), [payload]);
  if (drawing === null) return null;
  return (
    <figure className="ticket-qr" data-testid="ticket-qr">
      <svg
        className="ticket-qr__code"
        viewBox={`0 0 ${drawing.size} ${drawing.size}`}
        role="img"
        aria-label={label}
        shapeRendering="crispEdges"
      >
        <rect width={drawing.size} height={drawing.size} fill="#fff" />
        <path d={drawing.path} fill="#000" />
      </svg>
      <figcaption className="ticket-qr__caption">{label}</figcaption>
    </figure>
  );
}

const QUIET_ZONE = 4;

/** One "M x y h1 v1 h-1 z" square per dark module; null when the payload cannot be encoded. */
export function qrDrawing(payload: string): { size: number; path: string } | null {
  if (payload === '') return null;
  let modules: { size: number; get(row: number, column: number): number | boolean };
  try {
    modules = QRCode.create(payload, { errorCorrectionLevel: 'M' }).modules;
  } catch {
    return null;
  }
  const parts: string[] = [];
  for (let row = 0; row < modules.size; row++) {
    for (let column = 0; column < modules.size; column++) {
      if (modules.get(row, column)) {
        parts.push(`M${column + QUIET_ZONE} ${row + QUIET_ZONE}h1v1h-1z`);
      }
    }
  }
  return { size: modules.size + QUIET_ZONE * 2, path: parts.join('') };
}

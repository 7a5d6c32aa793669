/** A valid `ticket.issued` payload, shared by the sync contract tests. */
export const ticket = {
  id: '01950000-0000-7000-8000-000000000001',
  number: 'A001',
  businessTypeId: 'personal',
  status: 'issued',
  delivery: 'printed',
  waitingAhead: 0,
  reservedAt: '2025-03-04T01:30:00.000Z',
  issuedAt: '2025-03-04T01:30:04.000Z',
  kioskId: 'kiosk-1',
  serviceDay: '2025-03-04',
};

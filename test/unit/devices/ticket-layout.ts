import type { TicketLayout } from '../../../devices/printer/ticket.js';

/** A realistic Chinese ticket, shared by the driver and simulator tests. */
export const layout: TicketLayout = {
  branchName: 'XX银行 朝阳支行',
  businessTypeName: '个人业务',
  number: 'A023',
  waitingAheadText: '前面还有 5 人等候',
  issuedAtText: '2025-03-01 09:30',
  qrPayload: 'https://queue.example.cn/t/0190e8a2?n=A023',
  footerLines: ['请留意叫号'],
};

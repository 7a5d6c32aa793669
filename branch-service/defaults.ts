import type { BranchConfig } from '../src/contract/sync.js';

/** What a fresh reference service hands out until a bank wires in its own configuration. */
export const DEFAULT_BRANCH: BranchConfig['branch'] = {
  id: 'branch-dev',
  name: { 'zh-CN': '示例支行', en: 'Sample Branch' },
};

export const DEFAULT_BUSINESS_TYPES: BranchConfig['businessTypes'] = [
  {
    id: 'personal',
    prefix: 'A',
    name: { 'zh-CN': '个人业务', en: 'Personal banking' },
    description: {
      'zh-CN': '存取款、开户、挂失、转账',
      en: 'Deposits, withdrawals, accounts, lost cards, transfers',
    },
  },
  {
    id: 'business',
    prefix: 'B',
    name: { 'zh-CN': '对公业务', en: 'Business banking' },
    description: {
      'zh-CN': '企业开户、对公结算',
      en: 'Company accounts and settlement',
    },
  },
  {
    id: 'wealth',
    prefix: 'V',
    name: { 'zh-CN': '贵宾理财', en: 'VIP and wealth management' },
    description: {
      'zh-CN': '理财产品、贵宾客户服务',
      en: 'Investment products, VIP customer service',
    },
  },
];

/**
 * Everything of a branch's configuration beyond its name and queues (announcements, the
 * elder-mode policy, …): what the reference service hands out with them.
 */
export type BranchContent = Omit<BranchConfig, 'branch' | 'businessTypes'>;

/** Demo content: two announcements for the attract screen; the elder-mode policy's defaults. */
export const DEFAULT_CONTENT: BranchContent = {
  announcements: [
    {
      'zh-CN': '本网点营业时间：周一至周五 9:00–17:00，周六 9:00–12:00',
      en: 'Opening hours: Monday to Friday 9:00–17:00, Saturday 9:00–12:00',
    },
    {
      'zh-CN': '年满 65 周岁的客户刷身份证可优先取号',
      en: 'Customers aged 65 or over get priority with their ID card',
    },
  ],
};

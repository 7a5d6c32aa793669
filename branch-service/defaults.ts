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
